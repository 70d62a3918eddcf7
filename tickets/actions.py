"""What people do to a request on the portal; the same services the mailbox uses."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select

from catalog.models import Service
from portal.extensions import db
from portal.models import Contact, User, get_user_by_email
from tickets import timers
from tickets.enums import Channel, Level, MessageKind, ResponseType, Status, TicketType
from tickets.models import ReplyTemplate, Team, Ticket, TicketMessage
from tickets.notifications import acknowledge, notify_resolved, send_reply
from tickets.services import (
    NewMessage,
    add_message,
    add_participant,
    assign,
    change,
    open_ticket,
    record,
    reopen,
    set_status,
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def submit_request(user: User, service: Service | None, subject: str, description: str,
                   urgency: Level, impact: Level, copies: list[str], attachments: list,
                   now: datetime) -> Ticket:
    """Open a request from the portal's form and acknowledge it by mail."""
    ticket = open_ticket(
        subject=subject, now=now, channel=Channel.PORTAL, requester=user,
        service_id=service.id if service else None, urgency=urgency, impact=impact,
        message=NewMessage(body_text=description, from_addr=user.email,
                           from_name=user.full_name, subject=subject,
                           attachments=attachments))
    for address in copies:
        add_participant(ticket, address)
    acknowledge(ticket, now)
    return ticket


def record_request(agent: User, *, email: str, name: str, entity_id: int | None,
                   channel: Channel, service: Service | None, type_: TicketType, subject: str,
                   description: str, urgency: Level, impact: Level, acknowledge_it: bool,
                   now: datetime) -> Ticket:
    """A request taken by the desk on the phone or at a visit, for a user or a contact."""
    user = get_user_by_email(email)
    contact = None if user else db.session.scalar(
        select(Contact).where(func.lower(Contact.email) == email.lower()).limit(1))
    ticket = open_ticket(
        subject=subject, now=now, channel=channel, requester=user, contact=contact,
        entity_id=entity_id, service_id=service.id if service else None, type_=type_,
        urgency=urgency, impact=impact, actor=agent,
        message=NewMessage(body_text=description, from_addr=email.lower(),
                           from_name=name or (contact.full_name if contact else ""),
                           subject=subject))
    if acknowledge_it:
        acknowledge(ticket, now)
    return ticket


def post_reply(ticket: Ticket, author: User, body: str, internal: bool,
               next_status: Status | None, attachments: list, now: datetime) -> TicketMessage:
    """An agent's public reply (mailed, threaded) or internal note."""
    kind = MessageKind.NOTE if internal else MessageKind.REPLY
    message = add_message(ticket, kind, NewMessage(
        body_text=body, from_addr=author.email, from_name=author.full_name,
        attachments=attachments), now, author=author)
    if not internal:
        if ticket.taken_at is None:
            ticket.taken_at = now
            timers.refresh(ticket, now)
        send_reply(ticket, message, now)
        if ticket.response_type is None:
            change(ticket, author, now, response_type=ResponseType.EMAIL)
    if next_status is not None:
        apply_status(ticket, next_status, author, now)
    elif not internal and ticket.status in (Status.NEW, Status.ASSIGNED):
        set_status(ticket, Status.IN_PROGRESS, author, now)
    return message


def apply_status(ticket: Ticket, status: Status, actor: User, now: datetime) -> None:
    """Change the status, telling the requester when the request is resolved."""
    if ticket.status == status:
        return
    set_status(ticket, status, actor, now)
    if status is Status.RESOLVED:
        notify_resolved(ticket, now)


def requester_reply(ticket: Ticket, user: User, body: str, attachments: list,
                    now: datetime) -> TicketMessage:
    """The requester adds to the conversation; a resolved request is reopened."""
    message = add_message(ticket, MessageKind.INBOUND, NewMessage(
        body_text=body, from_addr=user.email, from_name=user.full_name,
        attachments=attachments), now, author=user)
    if not ticket.status.is_open:
        reopen(ticket, user, now)
    elif ticket.status is Status.WAITING:
        set_status(ticket, Status.IN_PROGRESS, user, now)
    return message


def accept_resolution(ticket: Ticket, user: User, now: datetime) -> None:
    record(ticket, user, now, "accepted")
    set_status(ticket, Status.CLOSED, user, now)


def refuse_resolution(ticket: Ticket, user: User, reason: str, now: datetime) -> None:
    """The solution does not fit: say why and the request goes back to the desk."""
    record(ticket, user, now, "refused")
    requester_reply(ticket, user, reason, [], now)


def update_work(ticket: Ticket, actor: User, now: datetime, *, service: Service | None,
                type_: TicketType, urgency: Level, impact: Level,
                response_type: ResponseType | None, status: Status,
                assignee: User | None, team: Team | None) -> None:
    """Classify, assign and move a request, each change in the history."""
    shown_status = ticket.status
    old_service = ticket.service
    change(ticket, actor, now, type=type_, urgency=urgency, impact=impact,
           response_type=response_type)
    if service is not old_service:
        # The key too, at once: the new targets are read from it.
        ticket.service_id = service.id if service else None
        change(ticket, actor, now, service=service)
    assign(ticket, assignee, team, actor, now)
    if status != shown_status:
        apply_status(ticket, status, actor, now)


def fill_template(template: ReplyTemplate, ticket: Ticket, agent: User) -> str:
    """Replace {numero}, {demandeur}, {objet}, {service}, {agent} in a canned answer."""
    values = {
        "numero": ticket.number, "demandeur": ticket.requester_label, "objet": ticket.subject,
        "service": service.name if (service := ticket.service or db.session.get(
            Service, ticket.service_id or 0)) else "", "agent": agent.full_name,
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)


def save_reply_template(template: ReplyTemplate | None, name: str, body: str) -> ReplyTemplate:
    template = template or ReplyTemplate()
    template.name, template.body = name, body
    db.session.add(template)
    db.session.flush()
    return template
