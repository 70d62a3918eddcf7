"""Each request's measures, worked out once: the row the rollups are summed from.

``fact_of`` is pure (the request as plain values, its calendar, the time zone and now);
``load_facts`` reads a batch of requests with their SLA spans, requester messages and
post-request rating in four queries and turns them into rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from indicators.maths import bucket_of
from indicators.surveys.enums import SurveyKind
from indicators.surveys.models import Answer, Question, Response, Survey
from portal.businesshours import BusinessCalendar
from portal.calendars import OFFICE_HOURS, Calendar, business_calendar
from portal.extensions import db
from tickets.enums import MessageKind
from tickets.models import SlaSpan, Ticket, TicketMessage
from tickets.sla import Span, measure

RATING_CODE = "satisfaction"  # the post-request survey's overall rating


@dataclass
class RequestRecord:
    """What the measures of one request are worked out from."""

    id: int
    entity_id: int | None
    service_id: int | None
    type: str
    channel: str
    response_type: str | None
    created_at: datetime
    taken_at: datetime | None
    resolved_at: datetime | None
    reopen_count: int
    take_target: int | None
    resolve_target: int | None
    calendar_id: int | None = None
    resolve_due_at: datetime | None = None
    spans: list[Span] = field(default_factory=list)
    inbound: int = 1
    rating: int | None = None


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day of an instant where the DSI works (midnight is Paris midnight)."""
    return moment.astimezone(tz).date()


def _met(calendar: BusinessCalendar, spans: list[Span], target: int | None, now: datetime,
         stop: datetime | None) -> tuple[int, bool | None]:
    """Business minutes used, and whether the target was met (None: no target, still running).

    A running timer that has used its whole target is missed: its deadline has come, even when
    it came at closing time and no business minute has passed since.
    """
    timer = measure(calendar, spans, target or 1, now, stop=stop)
    if target is None:
        return timer.used, None
    if stop is not None:
        return timer.used, timer.used <= target
    return timer.used, (False if timer.used >= target else None)


def fact_of(record: RequestRecord, calendar: BusinessCalendar, tz: ZoneInfo,
            now: datetime) -> dict:
    """The row of measures of one request."""
    spans = record.spans or [Span(record.created_at, None, False)]
    take_minutes, take_met = _met(calendar, spans, record.take_target, now, record.taken_at)
    resolved = record.resolved_at
    resolve_minutes, resolve_met = (_met(calendar, spans, record.resolve_target, now, resolved)
                                    if resolved else (None, None))
    created_day = local_day(record.created_at, tz)
    resolved_day = local_day(resolved, tz) if resolved else None
    waited = any(span.paused for span in spans)
    return {
        "ticket_id": record.id, "entity_id": record.entity_id or 0,
        "service_id": record.service_id or 0, "type": record.type, "channel": record.channel,
        "response_type": record.response_type or "",
        "created_day": created_day, "created_month": created_day.replace(day=1),
        "resolved_day": resolved_day,
        "resolved_month": resolved_day.replace(day=1) if resolved_day else None,
        "take_minutes": take_minutes if record.taken_at else None,
        "resolve_minutes": resolve_minutes,
        "take_bucket": bucket_of(take_minutes) if record.taken_at else None,
        "resolve_bucket": bucket_of(resolve_minutes),
        "take_met": take_met, "resolve_met": resolve_met,
        "reopened": bool(resolved) and record.reopen_count > 0,
        "first_contact": bool(resolved) and record.reopen_count == 0 and record.inbound <= 1
        and not waited,
        "rating": record.rating if resolved else None,
        "resolve_due_at": None if resolved else record.resolve_due_at,
    }


def _among(column, ids: set[int]):
    """The condition selecting these ids: a range when they are dense (a rebuild walks the
    requests in order), which the database reads faster than a long IN list."""
    low, high = min(ids), max(ids)
    return column.between(low, high) if high - low < 2 * len(ids) else column.in_(ids)


def _records(ids: Iterable[int]) -> list[RequestRecord]:
    ids = set(ids)
    if not ids:
        return []
    rows = db.session.execute(select(
        Ticket.id, Ticket.entity_id, Ticket.service_id, Ticket.type, Ticket.channel,
        Ticket.response_type, Ticket.created_at, Ticket.taken_at, Ticket.resolved_at,
        Ticket.reopen_count, Ticket.take_charge_target, Ticket.resolve_target,
        Ticket.calendar_id, Ticket.resolve_due_at).where(
        _among(Ticket.id, ids), Ticket.merged_into_id.is_(None)))
    records = {row.id: RequestRecord(
        row.id, row.entity_id, row.service_id, row.type.value, row.channel.value,
        row.response_type.value if row.response_type else None, row.created_at, row.taken_at,
        row.resolved_at, row.reopen_count, row.take_charge_target, row.resolve_target,
        row.calendar_id, row.resolve_due_at) for row in rows if row.id in ids}
    if not records:
        return []
    spans = defaultdict(list)
    for row in db.session.execute(
            select(SlaSpan.ticket_id, SlaSpan.started_at, SlaSpan.ended_at, SlaSpan.paused)
            .where(_among(SlaSpan.ticket_id, ids)).order_by(SlaSpan.started_at, SlaSpan.id)):
        spans[row.ticket_id].append(Span(row.started_at, row.ended_at, row.paused))
    inbound = dict(db.session.execute(
        select(TicketMessage.ticket_id, func.count()).where(
            _among(TicketMessage.ticket_id, ids), TicketMessage.kind == MessageKind.INBOUND)
        .group_by(TicketMessage.ticket_id)).all())
    ratings = dict(db.session.execute(
        select(Response.ticket_id, Answer.score).join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .join(Survey, Survey.id == Response.survey_id)
        .where(_among(Response.ticket_id, ids), Survey.kind == SurveyKind.POST_REQUEST,
               Question.code == RATING_CODE, Answer.score.is_not(None))).all())
    for record in records.values():
        record.spans = spans.get(record.id, [])
        record.inbound = inbound.get(record.id, 1)
        record.rating = ratings.get(record.id)
    return list(records.values())


class Calendars:
    """The business calendar of each request, each stored calendar built once per run."""

    def __init__(self) -> None:
        self._built: dict[int | None, BusinessCalendar] = {None: OFFICE_HOURS}

    def __call__(self, calendar_id: int | None) -> BusinessCalendar:
        if calendar_id not in self._built:
            stored = db.session.get(Calendar, calendar_id)
            self._built[calendar_id] = business_calendar(stored) if stored else OFFICE_HOURS
        return self._built[calendar_id]


def load_facts(ids: Iterable[int], now: datetime,
               calendars: Calendars | None = None) -> list[dict]:
    """The fact rows of these requests (merged duplicates have none)."""
    calendars = calendars or Calendars()
    tz = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return [fact_of(record, calendars(record.calendar_id), tz, now)
            for record in _records(ids)]
