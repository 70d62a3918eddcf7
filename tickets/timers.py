"""A request's SLA clock: started with the request, paused while it waits on the requester,
stopped at resolution, re-targeted when its priority, service or type changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g
from sqlalchemy import select

from catalog.models import Commitment, Service
from portal.businesshours import BusinessCalendar
from portal.calendars import OFFICE_HOURS, Calendar, business_calendar, get_default_calendar
from portal.extensions import db
from portal.models import Entity
from tickets.enums import Status
from tickets.models import DefaultCommitment, SlaSpan, Ticket
from tickets.sla import Promise, Span, Timer, default_promise, measure, scaled


@dataclass
class Clocks:
    """Both timers of a request and the spans that explain them."""

    take_charge: Timer | None
    resolve: Timer | None
    spans: list[SlaSpan]
    paused: bool


def calendar_of(ticket: Ticket) -> BusinessCalendar:
    """The request's calendar, else the default one, else office hours with French holidays."""
    if ticket.calendar_id is not None:
        stored = db.session.get(Calendar, ticket.calendar_id)
        if stored is not None:
            return business_calendar(stored)
    return OFFICE_HOURS


def _default_calendar_id() -> int | None:
    if "default_calendar_id" not in g:
        default = get_default_calendar()
        g.default_calendar_id = default.id if default else None
    return g.default_calendar_id


def default_commitments() -> dict[str, tuple[int, int]]:
    """The global default commitments stored by the relations manager (read once per context)."""
    if "default_commitments" not in g:
        g.default_commitments = {
            row.priority.value: (row.take_charge_minutes, row.resolve_minutes)
            for row in db.session.scalars(select(DefaultCommitment))}
    return g.default_commitments


def commitment_of(ticket: Ticket) -> Commitment | Promise | None:
    """The service's commitment for the request's priority; the global default without service.

    Every request gets a commitment from the start, so its acknowledgment always gives a date;
    once a service is set, its own commitments rule (None: it commits to nothing there).
    """
    if ticket.service_id is None:
        return default_promise(ticket.priority.value, default_commitments())
    cache = g.setdefault("commitments", {})
    key = (ticket.service_id, ticket.priority)
    if key not in cache:
        cache[key] = db.session.scalar(select(Commitment).where(
            Commitment.service_id == ticket.service_id, Commitment.priority == ticket.priority))
    return cache[key]


def choose_calendar(ticket: Ticket) -> int | None:
    """The service's calendar, else the entity's, else the default one."""
    for model, key in ((Service, ticket.service_id), (Entity, ticket.entity_id)):
        owner = db.session.get(model, key) if key else None
        if owner is not None and owner.calendar_id:
            return owner.calendar_id
    return _default_calendar_id()


def start(ticket: Ticket, now: datetime) -> None:
    """Start the clock of a new request."""
    ticket.calendar_id = choose_calendar(ticket)
    ticket.sla_spans.append(SlaSpan(started_at=ticket.created_at or now, paused=False))
    retarget(ticket, now)


def retarget(ticket: Ticket, now: datetime) -> None:
    """Take the targets of the commitment for the priority, scaled by type.

    The spans are kept: the business time already used counts against the new targets.
    """
    commitment = commitment_of(ticket)
    ticket.calendar_id = choose_calendar(ticket)
    ticket.take_charge_target = commitment.take_charge_minutes if commitment else None
    ticket.resolve_target = scaled(commitment.resolve_minutes if commitment else None,
                                   ticket.type.value)
    ticket.sla_notified = ""  # new targets, new warnings
    refresh(ticket, now)


def on_status(ticket: Ticket, old: Status, new: Status, now: datetime) -> None:
    """Pause while waiting on the requester, stop when resolved, run again on reopening."""
    current = ticket.sla_spans[-1] if ticket.sla_spans else None
    wanted = (new is Status.WAITING) if new.is_open else None  # paused, running or stopped
    state = None if current is None or current.ended_at is not None else current.paused
    if state != wanted:
        if current is not None and current.ended_at is None:
            current.ended_at = now
        if wanted is not None:
            reason = "waiting" if wanted else ("reopened" if not old.is_open else "resumed")
            ticket.sla_spans.append(SlaSpan(started_at=now, paused=wanted, reason=reason))
    schedule_reminder(ticket, now, first=new is Status.WAITING and old is not Status.WAITING)
    refresh(ticket, now)


def schedule_reminder(ticket: Ticket, now: datetime, first: bool = False) -> None:
    """While a request waits on its requester, the next reminder comes N business hours on."""
    if ticket.status is not Status.WAITING:
        ticket.next_reminder_at = None
        return
    if first:
        ticket.reminders_sent = 0
    hours = current_app.config["REMINDER_BUSINESS_HOURS"]
    ticket.next_reminder_at = calendar_of(ticket).add_minutes(now, hours * 60)


def clocks(ticket: Ticket, now: datetime) -> Clocks:
    """Where both timers stand now."""
    calendar = calendar_of(ticket)
    spans = [Span(s.started_at, s.ended_at, s.paused) for s in ticket.sla_spans]
    take_charge = resolve = None
    if ticket.take_charge_target is not None and spans:
        take_charge = measure(calendar, spans, ticket.take_charge_target, now,
                              stop=ticket.taken_at)
    if ticket.resolve_target is not None and spans:
        resolve = measure(calendar, spans, ticket.resolve_target, now, stop=ticket.resolved_at)
    last = ticket.sla_spans[-1] if ticket.sla_spans else None
    paused = last is not None and last.paused and last.ended_at is None
    return Clocks(take_charge, resolve, list(ticket.sla_spans), paused)


def refresh(ticket: Ticket, now: datetime) -> None:
    """Store the due instants of the running timers and when the sweep must look again."""
    state = clocks(ticket, now)
    ticket.take_charge_due_at = (state.take_charge.due_at if state.take_charge
                                 and ticket.taken_at is None else None)
    ticket.resolve_due_at = (state.resolve.due_at if state.resolve
                             and ticket.resolved_at is None else None)
    ticket.next_sla_check_at = min(
        (at for _flag, at in pending_checks(ticket, now) if at is not None), default=None)


def pending_checks(ticket: Ticket, now: datetime) -> list[tuple[str, datetime | None]]:
    """The warnings and breaches not yet notified, with the instant each one comes due."""
    calendar = calendar_of(ticket)
    spans = [Span(s.started_at, s.ended_at, s.paused) for s in ticket.sla_spans]
    done = set(filter(None, (ticket.sla_notified or "").split(",")))
    share = current_app.config["SLA_WARNING_SHARE"]
    checks = []
    for kind, target, due in (("take_charge", ticket.take_charge_target,
                               ticket.take_charge_due_at),
                              ("resolve", ticket.resolve_target, ticket.resolve_due_at)):
        if target is None or due is None or not spans:
            continue
        if f"{kind}-warning" not in done:
            warning = measure(calendar, spans, max(1, int(target * share)), now)
            checks.append((f"{kind}-warning", warning.due_at))
        if f"{kind}-breach" not in done:
            checks.append((f"{kind}-breach", due))
    return checks
