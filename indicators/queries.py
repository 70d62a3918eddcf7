"""Read the rollups for periods and slices: whole months from the monthly rows, the rest daily.

Three periods (the one chosen, the one before, the same a year earlier) are read by one query,
each row tagged with the period it belongs to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import and_, func, literal, or_, select, union_all

from catalog.models import Family, Service
from indicators.models import LEVELS, MEASURES, backlog, client_firsts, rollups
from indicators.periods import Period, add_months
from portal.enums import Segment
from portal.extensions import db
from portal.models import Entity

TAGS = ("current", "previous", "year")


@dataclass
class Scope:
    """The slice of requests read: entity and service ids (None: no restriction)."""

    entity_ids: set[int] | None = None
    service_ids: set[int] | None = None

    def conditions(self, table) -> list:
        conditions = []
        if self.entity_ids is not None:
            conditions.append(table.c.entity_id.in_(self.entity_ids or {-1}))
        if self.service_ids is not None:
            conditions.append(table.c.service_id.in_(self.service_ids or {-1}))
        return conditions


@dataclass
class Filters:
    """What the dashboard filters on; every value optional."""

    entity_id: int | None = None
    segment: Segment | None = None
    family_id: int | None = None
    service_id: int | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.entity_id, self.segment, self.family_id,
                                           self.service_id))

    def args(self) -> dict:
        values = {"entite": self.entity_id, "segment": self.segment.value if self.segment
                  else None, "famille": self.family_id, "service": self.service_id}
        return {key: value for key, value in values.items() if value is not None}


def _intersect(first: set[int] | None, second: set[int] | None) -> set[int] | None:
    if first is None:
        return second
    return first if second is None else first & second


def scope_of(filters: Filters, services: set[int] | None = None) -> Scope:
    """The entity and service ids the filters (and the user's own services) leave."""
    entities = None
    if filters.entity_id is not None:
        entity = db.session.get(Entity, filters.entity_id)
        if entity is None:
            abort(404)
        entities = entity.descendant_ids()
    if filters.segment is not None:
        entities = _intersect(entities, set(db.session.scalars(
            select(Entity.id).where(Entity.segment == filters.segment))))
    if filters.family_id is not None:
        services = _intersect(services, set(db.session.scalars(
            select(Service.id).where(Service.family_id == filters.family_id))))
    if filters.service_id is not None:
        services = _intersect(services, {filters.service_id})
    return Scope(entities, services)


def level_for(scope: Scope, by: Sequence[str] = ()) -> str:
    """The coarsest rollup level that keeps every dimension grouped on or filtered."""
    needed = set(by) | {name for name, ids in (("entity_id", scope.entity_ids),
                                               ("service_id", scope.service_ids))
                        if ids is not None}
    return next(level for level, kept in LEVELS.items() if needed <= set(kept))


def _within(period: Period):
    """The rollup rows that make up the period: its whole months, then its loose days."""
    r = rollups.c
    parts = []
    if months := period.whole_months():
        parts.append(and_(r.scale == "month", r.period.in_(months)))
    for start, end in period.loose_days():
        parts.append(and_(r.scale == "day", r.period >= start, r.period <= end))
    return or_(*parts)


@dataclass
class Figures:
    """Measures summed over a period (and a group, when grouped)."""

    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        return self.values.get(name, 0)

    def add(self, other: Figures) -> None:
        for name, value in other.values.items():
            self.values[name] = self.values.get(name, 0) + value

    def series(self, names: Sequence[str]) -> list[int]:
        return [self[name] for name in names]


def read(periods: dict[str, Period], scope: Scope, by: Sequence[str] = (),
         measures: Iterable[str] = MEASURES) -> dict[str, dict[tuple, Figures]]:
    """Sum the measures per period and per group of the `by` columns, in one statement.

    Each distinct period is summed by its own SELECT (periods may overlap: a long chosen range
    and the same range a year earlier, or a year whose previous period is the year before).
    """
    r = rollups.c
    measures = list(measures)
    distinct = list(dict.fromkeys(periods.values()))
    groups = [r[name] for name in by]
    level = level_for(scope, by)
    parts = [select(literal(index).label("slot"), *groups,
                    *(func.sum(r[m]).label(m) for m in measures))
             .where(r.level == level, _within(period), *scope.conditions(rollups))
             .group_by(*groups) for index, period in enumerate(distinct)]
    sums: dict[int, dict[tuple, Figures]] = {index: {} for index in range(len(distinct))}
    for row in db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
        key = tuple(row[1:1 + len(by)])
        sums[row.slot][key] = Figures({m: int(row._mapping[m] or 0) for m in measures})
    return {name: sums[distinct.index(period)] for name, period in periods.items()}


def compared(period: Period) -> dict[str, Period]:
    return {"current": period, "previous": period.previous(), "year": period.year_before()}


def totals(period: Period, scope: Scope, by: Sequence[str] = (),
           measures: Iterable[str] = MEASURES) -> dict[str, dict[tuple, Figures]]:
    """The period, the one before and the same a year earlier."""
    return read(compared(period), scope, by, measures)


def monthly_figures(end: Period, scope: Scope, months: int = 13,
                    measures: Sequence[str] = MEASURES) -> tuple[list, list[Figures]]:
    """The measures month by month, over the `months` months ending with the period's last."""
    r = rollups.c
    last = end.months()[-1]
    first = add_months(last, -(months - 1))
    query = (select(r.period, *(func.sum(r[m]).label(m) for m in measures))
             .where(r.scale == "month", r.level == level_for(scope), r.period >= first,
                    r.period <= last, *scope.conditions(rollups)).group_by(r.period))
    rows = {row.period: row for row in db.session.execute(query)}
    labels = [add_months(first, i) for i in range(months)]
    return labels, [Figures({m: int(getattr(rows[month], m) or 0) for m in measures})
                    if month in rows else Figures() for month in labels]


def backlog_at(periods: dict[str, Period], scope: Scope,
               by: Sequence[str] = ()) -> dict[str, dict[tuple, dict]]:
    """The open requests at the end of each period (the snapshot of its last month)."""
    b = backlog.c
    result = {}
    for name, period in periods.items():
        month = period.months()[-1]
        groups = [b[g] for g in by]
        query = (select(*groups, func.max(b.taken_at).label("at"),
                        *(func.sum(b[m]).label(m) for m in ("open", "age_2", "age_7",
                                                             "age_30", "age_older", "overdue",
                                                             "unassigned")))
                 .where(b.month == month, *scope.conditions(backlog)).group_by(*groups))
        result[name] = {tuple(row[:len(by)]): dict(row._mapping)
                        for row in db.session.execute(query) if row.at is not None}
    return result


def new_client_ids(period: Period, scope: Scope) -> list[int]:
    """The entities whose very first request falls in the period."""
    c = client_firsts.c
    query = select(c.entity_id).where(c.service_id == 0, c.first_day >= period.start,
                                      c.first_day <= period.end)
    if scope.entity_ids is not None:
        query = query.where(c.entity_id.in_(scope.entity_ids or {-1}))
    return list(db.session.scalars(query))


def entity_index() -> dict[int, Entity]:
    return {e.id: e for e in db.session.scalars(select(Entity))}


def service_index() -> dict[int, Service]:
    return {s.id: s for s in db.session.scalars(select(Service))}


def family_index() -> dict[int, Family]:
    return {f.id: f for f in db.session.scalars(select(Family))}


def regroup(groups: dict[tuple, Figures], key) -> dict:
    """Merge grouped figures under a coarser key (e.g. entity → segment)."""
    merged = defaultdict(Figures)
    for group, figures in groups.items():
        merged[key(group)].add(figures)
    return dict(merged)


MAX_ID = 2**31 - 1


def _id(args, name: str) -> int | None:
    value = args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def filters_from_args(args) -> Filters:
    """The filters of the query string; a value that is not one is ignored."""
    segment = args.get("segment", "")
    return Filters(entity_id=_id(args, "entite"), family_id=_id(args, "famille"),
                   service_id=_id(args, "service"),
                   segment=Segment(segment) if segment in Segment._value2member_map_ else None)
