"""Keep the indicator tables in step with the requests: a full rebuild, or only what changed.

The incremental refresh takes the requests changed since the last run (their ``updated_at``,
with an overlap for transactions that committed late), those whose take-charge deadline has
passed since (a deadline passing changes no row), and those rated since; it rewrites their
facts, then the days and months their old and new facts fall on. Running it twice is harmless.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, func, insert, or_, select

from indicators import sums
from indicators.facts import Calendars, load_facts, local_day
from indicators.models import BACKLOG_MEASURES, RollupState, backlog, client_firsts, facts, rollups
from indicators.surveys.models import Response
from portal.extensions import db
from tickets.enums import OPEN_STATUSES
from tickets.models import Ticket

logger = logging.getLogger(__name__)
STATE = "requests"
OVERLAP = timedelta(minutes=15)
BATCH = 2000
AGE_LIMITS = ((2, "age_2"), (7, "age_7"), (30, "age_30"))

Progress = Callable[[int, int, str], None]


def _quiet(done: int, total: int, step: str) -> None:
    return None


def get_state() -> RollupState:
    """The refresh's bookkeeping row, locked so that two workers never refresh at once."""
    state = db.session.get(RollupState, STATE, with_for_update=True)
    if state is None:
        state = RollupState(name=STATE)
        db.session.add(state)
    return state


def get_freshness() -> RollupState | None:
    """When the rollups were last brought up to date (None: never built)."""
    return db.session.get(RollupState, STATE)


def _tz() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _write_facts(ids: list[int], now: datetime, calendars: Calendars) -> list[dict]:
    rows = load_facts(ids, now, calendars)
    db.session.execute(delete(facts).where(facts.c.ticket_id.in_(ids)))
    if rows:
        db.session.execute(insert(facts), rows)
    return rows


def rebuild(now: datetime, progress: Progress = _quiet) -> dict:
    """Recompute every indicator table from the requests; return what was counted."""
    for table in (facts, rollups, backlog, client_firsts):
        db.session.execute(delete(table))
    total = db.session.scalar(select(func.count()).select_from(Ticket)) or 0
    done, last_id, calendars, written = 0, 0, Calendars(), 0
    progress(0, total, "facts")
    while True:
        ids = list(db.session.scalars(select(Ticket.id).where(Ticket.id > last_id)
                                      .order_by(Ticket.id).limit(BATCH)))
        if not ids:
            break
        written += len(_write_facts(ids, now, calendars))
        done, last_id = done + len(ids), ids[-1]
        progress(done, total, "facts")
    progress(done, total, "rollups")
    sums.sum_days()
    sums.sum_months()
    sums.record_firsts()
    months = snapshot_history(now)
    record_backlog(now)
    state = get_state()
    state.rebuilt_at = state.refreshed_at = now
    state.facts = written
    db.session.flush()
    progress(done, total, "done")
    return {"requests": done, "facts": written, "months": months}


def _changed_ids(since: datetime, now: datetime) -> set[int]:
    start = since - OVERLAP
    changed = set(db.session.scalars(select(Ticket.id).where(Ticket.updated_at >= start)))
    changed |= set(db.session.scalars(select(Ticket.id).where(
        Ticket.take_charge_due_at >= start, Ticket.take_charge_due_at < now,
        Ticket.taken_at.is_(None))))
    changed |= set(db.session.scalars(select(Response.ticket_id).where(
        Response.submitted_at >= start, Response.ticket_id.is_not(None))))
    return changed


def _touched(rows) -> tuple[set[date], set[int]]:
    days, entities = set(), set()
    for row in rows:
        days.add(row["created_day"])
        if row["resolved_day"] is not None:
            days.add(row["resolved_day"])
        entities.add(row["entity_id"])
    return days, entities


def refresh(now: datetime) -> dict:
    """Bring the indicator tables up to now; the first run rebuilds everything."""
    state = get_state()
    if state.refreshed_at is None:
        return rebuild(now)
    ids = sorted(_changed_ids(state.refreshed_at, now))
    days, entities, calendars = set(), set(), Calendars()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        old = [dict(row._mapping) for row in db.session.execute(
            select(facts.c.created_day, facts.c.resolved_day, facts.c.entity_id)
            .where(facts.c.ticket_id.in_(chunk)))]
        new = _write_facts(chunk, now, calendars)
        for rows in (old, new):
            touched_days, touched_entities = _touched(rows)
            days |= touched_days
            entities |= touched_entities
    if days:
        sums.sum_days(days)
        sums.sum_months({day.replace(day=1) for day in days})
        sums.record_firsts(entities)
    record_backlog(now)
    state.refreshed_at = now
    db.session.flush()
    return {"requests": len(ids), "days": len(days)}


def _age_column(age_days: int) -> str:
    return next((name for limit, name in AGE_LIMITS if age_days < limit), "age_older")


def _store_backlog(month: date, at: datetime, counts: dict) -> None:
    db.session.execute(delete(backlog).where(backlog.c.month == month))
    rows = [{"month": month, "entity_id": key[0], "service_id": key[1], "type": key[2],
             "taken_at": at, **dict.fromkeys(BACKLOG_MEASURES, 0), **measures}
            for key, measures in counts.items()]
    if rows:
        db.session.execute(insert(backlog), rows)


def record_backlog(now: datetime) -> int:
    """Count the open requests now, by age and lateness, as this month's backlog."""
    counts = defaultdict(lambda: defaultdict(int))
    query = select(Ticket.entity_id, Ticket.service_id, Ticket.type, Ticket.created_at,
                   Ticket.assignee_id, Ticket.take_charge_due_at, Ticket.resolve_due_at).where(
        Ticket.status.in_(OPEN_STATUSES), Ticket.merged_into_id.is_(None))
    for row in db.session.execute(query):
        key = (row.entity_id or 0, row.service_id or 0, row.type.value)
        line = counts[key]
        line["open"] += 1
        line[_age_column((now - row.created_at).days)] += 1
        line["unassigned"] += row.assignee_id is None
        line["overdue"] += any(due is not None and due < now
                               for due in (row.take_charge_due_at, row.resolve_due_at))
    _store_backlog(local_day(now, _tz()).replace(day=1), now, counts)
    return sum(line["open"] for line in counts.values())


def _next_month(month: date) -> date:
    return (month.replace(year=month.year + 1, month=1) if month.month == 12
            else month.replace(month=month.month + 1))


def snapshot_history(now: datetime) -> int:
    """Rebuild the month-end backlog of every past month from the facts.

    A request counts as open at a month's end when received before it and not resolved by
    then (reopenings in between are not known to the facts); late when it ended, or is still,
    out of its deadline.
    """
    first = db.session.scalar(select(func.min(facts.c.created_month)))
    current = local_day(now, _tz()).replace(day=1)
    if first is None:
        return 0
    month, count, tz, f = first, 0, _tz(), facts.c
    while month < current:
        end = _next_month(month)
        at = datetime.combine(end, time(), tz)
        counts = defaultdict(lambda: defaultdict(int))
        query = select(f.entity_id, f.service_id, f.type, f.created_day, f.resolve_met,
                       f.take_met, f.resolve_due_at).where(
            f.created_day < end, or_(f.resolved_day.is_(None), f.resolved_day >= end))
        for row in db.session.execute(query):
            line = counts[(row.entity_id, row.service_id, row.type)]
            line["open"] += 1
            line[_age_column((end - row.created_day).days)] += 1
            line["overdue"] += (row.resolve_met is False or row.take_met is False or (
                row.resolve_due_at is not None and row.resolve_due_at < at))
        _store_backlog(month, at, counts)
        month, count = end, count + 1
    return count
