"""The worker's SLA jobs: warn, escalate, close; each selects only due rows, safe to rerun."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from portal.enums import Priority
from portal.extensions import db
from portal.outbox import OutboxMessage
from tickets.actions import apply_status
from tickets.enums import OPEN_STATUSES, Status
from tickets.models import Ticket
from tickets.notifications import notify_breach, notify_digest, notify_reminder, notify_warning
from tickets.services import record, set_status
from tickets.timers import calendar_of, pending_checks, refresh, schedule_reminder

BATCH = 500


def sweep(now: datetime) -> int:
    """Send the SLA warnings and escalations that have come due; return how many."""
    query = (select(Ticket).where(Ticket.next_sla_check_at <= now)
             .order_by(Ticket.next_sla_check_at).limit(BATCH).with_for_update(skip_locked=True))
    return sum(check(ticket, now) for ticket in db.session.scalars(query).all())


def check(ticket: Ticket, now: datetime) -> int:
    """Notify what is due for one request; outside business hours, only if it is urgent."""
    calendar = calendar_of(ticket)
    if ticket.priority is not Priority.CRITICAL and not calendar.is_open(now):
        ticket.next_sla_check_at = calendar.next_opening(now)
        return 0
    done = set(filter(None, (ticket.sla_notified or "").split(",")))
    sent = 0
    due = {flag for flag, at in pending_checks(ticket, now) if at is not None and at <= now}
    for kind in ("take_charge", "resolve"):
        if f"{kind}-breach" in due:
            notify_breach(ticket, kind, now)
            ticket.sla_breached = True
            record(ticket, None, now, "sla_breach", "", kind)
            done |= {f"{kind}-breach", f"{kind}-warning"}
            sent += 1
        elif f"{kind}-warning" in due:
            notify_warning(ticket, kind, now)
            done.add(f"{kind}-warning")
            sent += 1
    ticket.sla_notified = ",".join(sorted(done))
    refresh(ticket, now)
    return sent


def close_resolved(now: datetime) -> int:
    """Close the requests resolved N days ago that nobody reopened."""
    limit = now - timedelta(days=current_app.config["AUTO_CLOSE_DAYS"])
    query = (select(Ticket).where(Ticket.status == Status.RESOLVED, Ticket.resolved_at <= limit)
             .limit(BATCH).with_for_update(skip_locked=True))
    tickets = db.session.scalars(query).all()
    for ticket in tickets:
        record(ticket, None, now, "auto_closed")
        set_status(ticket, Status.CLOSED, None, now)
    return len(tickets)


def remind_waiting(now: datetime) -> int:
    """Remind requesters of the requests waiting on them; resolve after the last reminder."""
    query = (select(Ticket).where(Ticket.status == Status.WAITING,
                                  Ticket.next_reminder_at <= now)
             .limit(BATCH).with_for_update(skip_locked=True))
    handled = 0
    for ticket in db.session.scalars(query).all():
        calendar = calendar_of(ticket)
        if not calendar.is_open(now):
            ticket.next_reminder_at = calendar.next_opening(now)
            continue
        if (ticket.reminders_sent or 0) >= current_app.config["REMINDERS_BEFORE_RESOLVING"]:
            record(ticket, None, now, "auto_resolved")
            apply_status(ticket, Status.RESOLVED, None, now)
        else:
            ticket.reminders_sent = (ticket.reminders_sent or 0) + 1
            notify_reminder(ticket, now)
            schedule_reminder(ticket, now)
        handled += 1
    return handled


def send_digests(now: datetime) -> int:
    """Send each agent the list of their open requests, most urgent first, once a day."""
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    already = set(db.session.scalars(select(OutboxMessage.to_addr).where(
        OutboxMessage.category == "digest", OutboxMessage.created_at >= start_of_day)))
    open_tickets = db.session.scalars(select(Ticket).where(
        Ticket.assignee_id.is_not(None), Ticket.status.in_(OPEN_STATUSES))).all()
    by_agent: dict = {}
    for ticket in open_tickets:
        by_agent.setdefault(ticket.assignee, []).append(ticket)
    sent = 0
    for agent, tickets in by_agent.items():
        if agent.email in already or not agent.active:
            continue
        tickets.sort(key=lambda t: (not t.sla_breached, t.resolve_due_at or t.created_at))
        notify_digest(agent, tickets, now)
        sent += 1
    return sent
