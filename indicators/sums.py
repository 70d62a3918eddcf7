"""Sum the request facts into the daily and monthly rollups, in SQL, for chosen days or all.

Every statement here is an INSERT … SELECT over the facts (or over the rollups themselves for
the coarser levels and the months), after deleting the rows it replaces: running it twice
gives the same rows.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import and_, case, delete, func, insert, literal, select, union_all

from indicators.models import (
    ALL_IDS,
    ALL_TYPES,
    CHANNELS,
    LEVELS,
    MEASURES,
    RESOLVE_BUCKETS,
    RESPONSES,
    TAKE_BUCKETS,
    client_firsts,
    facts,
    rollups,
)
from indicators.surveys.results import SATISFIED_FROM
from portal.extensions import db

COLUMNS = ("scale", "level", "period", "month", "entity_id", "service_id", "type", *MEASURES)
CHUNK = 500  # days or months per statement


def _count_if(condition):
    return func.sum(case((condition, 1), else_=0))


def _received(days: Collection | None):
    f = facts.c
    measures = {
        "received": func.count(),
        **{f"ch_{c}": _count_if(f.channel == c) for c in CHANNELS},
        "take_met": _count_if(f.take_met.is_(True)),
        "take_missed": _count_if(f.take_met.is_(False)),
        **{name: _count_if(f.take_bucket == i) for i, name in enumerate(TAKE_BUCKETS)},
    }
    query = select(f.created_day.label("period"), f.created_month.label("month"), f.entity_id,
                   f.service_id, f.type,
                   *(measures.get(name, literal(0)).label(name) for name in MEASURES))
    if days is not None:
        query = query.where(f.created_day.in_(days))
    return query.group_by(f.created_day, f.created_month, f.entity_id, f.service_id, f.type)


def _resolved(days: Collection | None):
    f = facts.c
    measures = {
        "resolved": func.count(),
        "resolve_met": _count_if(f.resolve_met.is_(True)),
        "resolve_missed": _count_if(f.resolve_met.is_(False)),
        "reopened": _count_if(f.reopened.is_(True)),
        "first_contact": _count_if(f.first_contact.is_(True)),
        **{f"resp_{r}": _count_if(f.response_type == r) for r in RESPONSES},
        "rated": _count_if(f.rating.is_not(None)),
        "rated_sum": func.coalesce(func.sum(f.rating), 0),
        "rated_satisfied": _count_if(f.rating >= SATISFIED_FROM),
        **{name: _count_if(f.resolve_bucket == i) for i, name in enumerate(RESOLVE_BUCKETS)},
    }
    query = select(f.resolved_day.label("period"), f.resolved_month.label("month"),
                   f.entity_id, f.service_id, f.type,
                   *(measures.get(name, literal(0)).label(name) for name in MEASURES))
    condition = f.resolved_day.is_not(None) if days is None else f.resolved_day.in_(days)
    return query.where(condition).group_by(f.resolved_day, f.resolved_month, f.entity_id,
                                           f.service_id, f.type)


def _sum_facts(days: Collection | None) -> None:
    parts = union_all(_received(days), _resolved(days)).subquery()
    keys = (parts.c.period, parts.c.month, parts.c.entity_id, parts.c.service_id, parts.c.type)
    grouped = select(literal("day"), literal("full"), *keys,
                     *(func.sum(parts.c[name]) for name in MEASURES)).group_by(*keys)
    db.session.execute(insert(rollups).from_select(COLUMNS, grouped))


def _kept(level: str, name: str):
    """The column as a level keeps it, or its summed-away value."""
    if name in LEVELS[level]:
        return rollups.c[name]
    return literal(ALL_TYPES if name == "type" else ALL_IDS)


def _sum_levels(scale: str, level_from: str, period, condition) -> None:
    """Insert, for each level, the rows of `level_from` matching the condition, summed."""
    r = rollups.c
    levels = [level_from] if scale == "month" else [lv for lv in LEVELS if lv != "full"]
    for level in levels:
        dims = [_kept(level, name) for name in ("entity_id", "service_id", "type")]
        source_level = level if scale == "month" else "full"
        grouped = (select(literal(scale), literal(level), period, r.month, *dims,
                          *(func.sum(r[name]) for name in MEASURES))
                   .where(r.scale == "day", r.level == source_level, condition)
                   .group_by(period, r.month, *(r[name] for name in LEVELS[level])))
        db.session.execute(insert(rollups).from_select(COLUMNS, grouped))


def sum_days(days: Collection | None = None) -> None:
    """Recompute the daily rows of these days (all days when None), every level."""
    r = rollups.c
    chunks = [None] if days is None else [
        sorted(days)[i:i + CHUNK] for i in range(0, len(days), CHUNK)]
    for chunk in chunks:
        old = r.scale == "day" if chunk is None else and_(r.scale == "day", r.period.in_(chunk))
        db.session.execute(delete(rollups).where(old))
        _sum_facts(chunk)
        _sum_levels("day", "full", r.period, literal(True) if chunk is None
                    else r.period.in_(chunk))


def sum_months(months: Collection | None = None) -> None:
    """Recompute the monthly rows of these months (all when None) from the daily rows."""
    r = rollups.c
    chunks = [None] if months is None else [
        sorted(months)[i:i + CHUNK] for i in range(0, len(months), CHUNK)]
    for chunk in chunks:
        old = r.scale == "month" if chunk is None else and_(r.scale == "month",
                                                            r.period.in_(chunk))
        db.session.execute(delete(rollups).where(old))
        for level in LEVELS:
            _sum_levels("month", level, r.month, literal(True) if chunk is None
                        else r.month.in_(chunk))


def record_firsts(entity_ids: Collection[int] | None = None) -> None:
    """Recompute the day each entity first asked anything, and first asked each service."""
    f = facts.c
    old = delete(client_firsts)
    per_service = select(f.entity_id, f.service_id, func.min(f.created_day)).where(
        f.entity_id != 0).group_by(f.entity_id, f.service_id)
    overall = select(f.entity_id, literal(0), func.min(f.created_day)).where(
        f.entity_id != 0).group_by(f.entity_id)
    if entity_ids is not None:
        ids = list(entity_ids)
        old = old.where(client_firsts.c.entity_id.in_(ids))
        per_service = per_service.where(f.entity_id.in_(ids))
        overall = overall.where(f.entity_id.in_(ids))
    db.session.execute(old)
    columns = ["entity_id", "service_id", "first_day"]
    db.session.execute(insert(client_firsts).from_select(
        columns, per_service.where(f.service_id != 0)))
    db.session.execute(insert(client_firsts).from_select(columns, overall))
