"""The request lifecycle: open, classify, assign, answer, resolve, reopen, merge."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, g
from sqlalchemy import select, update

from portal.enums import Priority
from portal.extensions import db
from portal.models import Contact, User
from tickets import timers
from tickets.enums import Channel, Level, MessageKind, Status, TicketType
from tickets.models import (
    DefaultCommitment,
    Participant,
    PriorityRule,
    Team,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketMessage,
)
from tickets.threading import number_from_notices

DEFAULT_MATRIX = {
    (Level.HIGH, Level.HIGH): Priority.CRITICAL,
    (Level.HIGH, Level.MEDIUM): Priority.HIGH,
    (Level.MEDIUM, Level.HIGH): Priority.HIGH,
    (Level.HIGH, Level.LOW): Priority.NORMAL,
    (Level.MEDIUM, Level.MEDIUM): Priority.NORMAL,
    (Level.LOW, Level.HIGH): Priority.NORMAL,
    (Level.MEDIUM, Level.LOW): Priority.LOW,
    (Level.LOW, Level.MEDIUM): Priority.LOW,
    (Level.LOW, Level.LOW): Priority.LOW,
}
TRACKED_FIELDS = ("status", "assignee", "team", "service", "type", "urgency", "impact",
                  "priority", "response_type", "entity", "subject")


@dataclass
class NewMessage:
    """What a new message of a conversation carries, whatever its channel."""

    body_text: str
    body_html: str | None = None
    from_addr: str = ""
    from_name: str = ""
    subject: str = ""
    to_addrs: str = ""
    cc_addrs: str = ""
    message_id: str | None = None
    inbound_id: int | None = None
    attachments: list = field(default_factory=list)


def next_number(now: datetime) -> str:
    """Give the next request number of the year, e.g. DSI-2026-00042 (row-locked counter)."""
    year = now.year
    bumped = db.session.execute(
        update(TicketCounter).where(TicketCounter.year == year)
        .values(last=TicketCounter.last + 1).returning(TicketCounter.last)).scalar()
    if bumped is None:
        try:
            with db.session.begin_nested():
                db.session.add(TicketCounter(year=year, last=1))
            bumped = 1
        except Exception:  # noqa: BLE001  (another process created the year's row)
            return next_number(now)
    return f"{current_app.config['TICKET_PREFIX']}-{year}-{bumped:05d}"


def compute_priority(urgency: Level, impact: Level) -> Priority:
    """The priority of the configured urgency × impact matrix (read once per app context)."""
    if "priority_matrix" not in g:
        g.priority_matrix = DEFAULT_MATRIX | {
            (rule.urgency, rule.impact): rule.priority
            for rule in db.session.scalars(select(PriorityRule))}
    return g.priority_matrix[(urgency, impact)]


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    for attribute in ("full_name", "number", "name"):
        if hasattr(value, attribute):
            return str(getattr(value, attribute))[:255]
    return str(getattr(value, "value", value))[:255]


def record(ticket: Ticket, actor: User | None, now: datetime, name: str,
           old="", new="") -> None:
    """Append one line to the request's history."""
    db.session.add(TicketEvent(ticket=ticket, actor=actor, at=now, field=name,
                               old_value=_display(old), new_value=_display(new)))


def open_ticket(*, subject: str, message: NewMessage, now: datetime, channel: Channel,
                requester: User | None = None, contact: Contact | None = None,
                entity_id: int | None = None, service_id: int | None = None,
                type_: TicketType = TicketType.SIMPLE, urgency: Level = Level.MEDIUM,
                impact: Level = Level.MEDIUM, actor: User | None = None,
                mailbox_id: int | None = None, parent: Ticket | None = None) -> Ticket:
    """Create a request with its first message; the requester is a user or a contact."""
    ticket = Ticket(
        number=next_number(now), subject=subject[:255] or "(sans objet)",
        requester=requester, contact=contact,
        requester_email=(requester.email if requester else message.from_addr).lower(),
        requester_name=requester.full_name if requester else message.from_name,
        entity_id=entity_id or (requester.entity_id if requester else None)
        or (contact.entity_id if contact else None),
        channel=channel, service_id=service_id, type=type_, urgency=urgency, impact=impact,
        priority=compute_priority(urgency, impact), status=Status.NEW,
        mailbox_id=mailbox_id, parent=parent, created_at=now, updated_at=now, reopen_count=0)
    db.session.add(ticket)
    timers.start(ticket, now)
    if actor is not None and actor is not requester:
        record(ticket, actor, now, "recorded", "", channel)
    if parent is not None:
        record(parent, None, now, "linked", "", ticket.number)
    add_message(ticket, MessageKind.INBOUND, message, now, author=requester)
    return ticket


def add_message(ticket: Ticket, kind: MessageKind, message: NewMessage, now: datetime,
                author: User | None = None) -> TicketMessage:
    """Store a message of the conversation and remember its Message-ID for threading."""
    from tickets.attachments import store_attachments

    row = TicketMessage(
        ticket=ticket, kind=kind, author=author, from_addr=message.from_addr[:254],
        from_name=message.from_name[:160], to_addrs=message.to_addrs,
        cc_addrs=message.cc_addrs, subject=message.subject[:255],
        body_text=message.body_text.replace("\r\n", "\n").replace("\r", "\n"),
        body_html=message.body_html,
        message_id=message.message_id, inbound_id=message.inbound_id, created_at=now)
    db.session.add(row)
    store_attachments(row, message.attachments)
    ticket.updated_at = now
    return row


def add_participant(ticket: Ticket, address: str, name: str = "") -> bool:
    """Put someone in copy of the request; False if already there or the requester."""
    address = address.strip().lower()
    if not address or ticket.is_participant(address):
        return False
    ticket.participants.append(Participant(email=address[:254], name=name[:160]))
    return True


def put_in_copy(ticket: Ticket, address: str, actor: User, now: datetime) -> bool:
    """The requester or an agent gives someone access to the request; False if already there."""
    if not add_participant(ticket, address):
        return False
    record(ticket, actor, now, "participant", "", address.strip().lower())
    ticket.updated_at = now
    return True


def change(ticket: Ticket, actor: User | None, now: datetime, **values) -> list[str]:
    """Set fields of a request, recording each real change in the history."""
    changed = []
    for name, value in values.items():
        old = getattr(ticket, name)
        if old == value:
            continue
        setattr(ticket, name, value)
        changed.append(name)
        record(ticket, actor, now, name, old, value)
    if {"urgency", "impact"} & set(changed):
        change(ticket, actor, now, priority=compute_priority(ticket.urgency, ticket.impact))
    if {"priority", "service", "type"} & set(changed):
        timers.retarget(ticket, now)
    if changed:
        ticket.updated_at = now
    return changed


def set_status(ticket: Ticket, status: Status, actor: User | None, now: datetime) -> None:
    """Move a request along its lifecycle, keeping the milestone timestamps."""
    if ticket.status == status:
        return
    if status is Status.RESOLVED:
        ticket.resolved_at = now
    elif status is Status.CLOSED:
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
    elif not ticket.status.is_open:
        ticket.reopen_count += 1
        ticket.resolved_at = ticket.closed_at = None
    if status in (Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED) and not ticket.taken_at:
        ticket.taken_at = now
    old = ticket.status
    change(ticket, actor, now, status=status)
    timers.on_status(ticket, old, status, now)


def assign(ticket: Ticket, assignee: User | None, team, actor: User | None,
           now: datetime) -> None:
    """Give the request to an agent and/or a group."""
    change(ticket, actor, now, assignee=assignee, team=team)
    if ticket.status is Status.NEW and (assignee is not None or team is not None):
        set_status(ticket, Status.ASSIGNED, actor, now)


def reopen(ticket: Ticket, actor: User | None, now: datetime) -> None:
    set_status(ticket, Status.IN_PROGRESS if ticket.assignee_id else Status.NEW, actor, now)


def merge(source: Ticket, target: Ticket, actor: User, now: datetime) -> None:
    """Fold a duplicate into another request: its messages and people move, it closes."""
    for message in list(source.messages):
        message.ticket = target
    for participant in list(source.participants):
        add_participant(target, participant.email, participant.name)
    add_participant(target, source.requester_email, source.requester_name)
    source.merged_into = target
    record(source, actor, now, "merged", "", target.number)
    record(target, actor, now, "merged_from", "", source.number)
    set_status(source, Status.CLOSED, actor, now)
    target.updated_at = now


def _surviving(ticket: Ticket | None) -> Ticket | None:
    """The request a merged duplicate now lives in (itself when it was not merged)."""
    while ticket is not None and ticket.merged_into is not None:
        ticket = ticket.merged_into
    return ticket


def find_ticket_by_number(number: str) -> Ticket | None:
    return _surviving(db.session.scalar(select(Ticket).where(Ticket.number == number)))


def find_ticket_by_references(message_ids: list[str]) -> Ticket | None:
    """The request a reply belongs to, from the Message-IDs it quotes (newest first)."""
    if not message_ids:
        return None
    number = number_from_notices(message_ids)
    if number is not None:
        return find_ticket_by_number(number)
    ticket_id = db.session.scalar(
        select(TicketMessage.ticket_id).where(TicketMessage.message_id.in_(message_ids))
        .order_by(TicketMessage.id.desc()).limit(1))
    return _surviving(db.session.get(Ticket, ticket_id) if ticket_id else None)
def save_matrix(cells: dict) -> None:
    """Store the urgency × impact → priority matrix."""
    for (urgency, impact), priority in cells.items():
        rule = db.session.get(PriorityRule, (urgency, impact))
        if rule is None:
            db.session.add(PriorityRule(urgency=urgency, impact=impact, priority=priority))
        else:
            rule.priority = priority
    db.session.flush()
    g.pop("priority_matrix", None)


def save_default_commitments(values: dict[Priority, tuple[int, int]]) -> None:
    """Store the global default commitments (business minutes to take charge, to resolve)."""
    for priority, (take_charge, resolve) in values.items():
        row = db.session.get(DefaultCommitment, priority)
        if row is None:
            db.session.add(DefaultCommitment(priority=priority, take_charge_minutes=take_charge,
                                             resolve_minutes=resolve))
        else:
            row.take_charge_minutes, row.resolve_minutes = take_charge, resolve
    db.session.flush()
    g.pop("default_commitments", None)


def save_team(team, name: str, lead_id: int | None, member_ids: list[int]):
    """Create or update a group of agents."""
    team = team or Team()
    team.name, team.lead_id = name, lead_id
    team.members = list(db.session.scalars(select(User).where(User.id.in_(member_ids))))
    db.session.add(team)
    db.session.flush()
    return team
