"""Mail the requester: acknowledgments, public replies and resolutions, all through the outbox."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from catalog.sheets import format_hours
from portal.enums import Role
from portal.extensions import db
from portal.models import User
from portal.outbox import OutboxMessage, external_url, queue_mail
from portal.queries import users_with_roles
from tickets.history import SLA_KINDS
from tickets.mailbox.oversize import human_size
from tickets.mailbox.rules import is_no_reply_address
from tickets.models import Ticket, TicketMessage
from tickets.threading import notice_id
from tickets.timers import commitment_of

logger = logging.getLogger(__name__)


def ticket_link(ticket: Ticket) -> str:
    return external_url("tickets.show", number=ticket.number)


def tagged_subject(ticket: Ticket, prefix: str = "") -> str:
    return f"[{ticket.number}] {prefix}{ticket.subject}"


def expected_delay(ticket: Ticket) -> dict | None:
    """The service's commitment for the request's priority, as displayable durations."""
    commitment = commitment_of(ticket)
    if commitment is None:
        return None
    return {"take_charge": format_hours(commitment.take_charge_minutes),
            "resolve": format_hours(commitment.resolve_minutes)}


def _thread_headers(ticket: Ticket) -> dict:
    """In-Reply-To the conversation's last message, References its first and latest ones."""
    keys = [message.message_id for message in ticket.messages if message.message_id]
    headers = {"reply_to": current_app.config["MAIL_FROM"]}
    if keys:
        headers["in_reply_to"] = keys[-1]
        headers["references"] = " ".join(dict.fromkeys(keys[:1] + keys[-9:]))
    return headers


def _acks_sent_recently(address: str, now: datetime) -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.to_addr == address, OutboxMessage.category == "ack",
        OutboxMessage.created_at >= now - timedelta(hours=1))) or 0


def acks_to_outsiders_recently(now: datetime) -> int:
    """Acknowledgments sent in the last hour to addresses that are no account of the portal."""
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.category == "ack", OutboxMessage.created_at >= now - timedelta(hours=1),
        ~select(User.id).where(User.email == OutboxMessage.to_addr).exists())) or 0


def acknowledge(ticket: Ticket, now: datetime, sent_recently: int | None = None,
                outsiders_recently: int | None = None,
                left_aside: list[tuple[str, int]] | None = None) -> OutboxMessage | None:
    """Confirm a new request with its number, link and expected delay (rate-limited).

    ``sent_recently`` is the number of acknowledgments the address got in the last hour (for
    mail, the hour around the mail's own date), and ``outsiders_recently`` the number sent to
    senders with no account, when the caller already knows them. ``left_aside`` lists the
    attachments (name, size) too large to be kept with the request.
    """
    address = ticket.requester_email
    if not address or is_no_reply_address(address):
        return None
    if sent_recently is None:
        sent_recently = _acks_sent_recently(address, now)
    if sent_recently >= current_app.config["ACK_LIMIT_PER_HOUR"]:
        logger.warning("Acknowledgment of %s not sent: sender rate limit", ticket.number)
        return None
    if ticket.requester is None and (
            acks_to_outsiders_recently(now) if outsiders_recently is None
            else outsiders_recently) >= current_app.config["ACK_OUTSIDERS_PER_HOUR"]:
        logger.warning("Acknowledgment of %s not sent: limit of acknowledgments to senders "
                       "outside the directory", ticket.number)
        return None
    headers = _thread_headers(ticket) | {"category": "ack", "auto_submitted": "auto-replied"}
    return queue_mail(address, tagged_subject(ticket, "Accusé de réception : "),
                      "tickets/ack", now, headers=headers, message_id=notice_id(ticket.number),
                      ticket=ticket, link=ticket_link(ticket), delay=expected_delay(ticket),
                      left_aside=[(name, human_size(size)) for name, size in left_aside or ()])


def send_reply(ticket: Ticket, reply: TicketMessage, now: datetime) -> OutboxMessage | None:
    """Mail a public reply to the requester, with the participants in copy, threaded."""
    if not ticket.requester_email:
        return None
    headers = _thread_headers(ticket) | {
        "category": "reply", "auto_submitted": "no",
        "cc_addrs": ", ".join(p.email for p in ticket.participants)}
    message = queue_mail(ticket.requester_email, tagged_subject(ticket, "Re : "),
                         "tickets/reply", now, headers=headers, ticket=ticket, reply=reply,
                         link=ticket_link(ticket))
    reply.message_id = message.message_id
    reply.outbox = message
    return message


def notify_resolved(ticket: Ticket, now: datetime) -> OutboxMessage | None:
    """Tell the requester the request is resolved and how to accept or refuse it."""
    if not ticket.requester_email:
        return None
    headers = _thread_headers(ticket) | {"category": "resolved"}
    return queue_mail(ticket.requester_email, tagged_subject(ticket, "Demande résolue : "),
                      "tickets/resolved", now, headers=headers,
                      message_id=notice_id(ticket.number), ticket=ticket,
                      link=ticket_link(ticket), reopen_days=current_app.config["REOPEN_DAYS"])


def _desk_recipients(ticket: Ticket, managers: bool) -> list[str]:
    """The assignee (else the group lead), and for an escalation the group lead and managers."""
    addresses = []
    if ticket.assignee is not None and not managers:
        addresses.append(ticket.assignee.email)
    if ticket.team is not None and ticket.team.lead is not None:
        addresses.append(ticket.team.lead.email)
    if managers or not addresses:
        addresses += [user.email for user in
                      db.session.scalars(users_with_roles(Role.RELATIONS_MANAGER))]
    return list(dict.fromkeys(addresses))


def notify_third_party(ticket: Ticket, sender: str, now: datetime) -> None:
    """Alert who works the request that someone outside it wrote about it."""
    for address in _desk_recipients(ticket, managers=False):
        queue_mail(address, tagged_subject(ticket, "Message d'un tiers : "),
                   "tickets/third_party", now, headers={"category": "third-party"},
                   ticket=ticket, sender=sender, link=external_url("tickets.work",
                                                                   number=ticket.number))


def notify_warning(ticket: Ticket, kind: str, now: datetime) -> None:
    """Tell who works the request that most of a target's time is used."""
    label = SLA_KINDS[kind]
    for address in _desk_recipients(ticket, managers=False):
        queue_mail(address, tagged_subject(ticket, f"Échéance de {label} proche : "),
                   "tickets/sla_warning", now, headers={"category": "sla"}, ticket=ticket,
                   kind=kind, label=label, link=ticket_link(ticket))


def notify_breach(ticket: Ticket, kind: str, now: datetime) -> None:
    """Escalate a missed target to the group lead and the relations managers."""
    label = SLA_KINDS[kind]
    for address in _desk_recipients(ticket, managers=True):
        queue_mail(address, tagged_subject(ticket, f"Délai de {label} dépassé : "),
                   "tickets/sla_breach", now, headers={"category": "sla"}, ticket=ticket,
                   kind=kind, label=label, link=ticket_link(ticket))


def notify_reminder(ticket: Ticket, now: datetime) -> OutboxMessage | None:
    """Remind the requester that the request waits on their answer."""
    if not ticket.requester_email or is_no_reply_address(ticket.requester_email):
        return None
    headers = _thread_headers(ticket) | {"category": "reminder"}
    subject = tagged_subject(ticket, "Nous attendons votre réponse : ")
    return queue_mail(ticket.requester_email, subject, "tickets/reminder", now, headers=headers,
                      message_id=notice_id(ticket.number), ticket=ticket,
                      link=ticket_link(ticket),
                      left=current_app.config["REMINDERS_BEFORE_RESOLVING"]
                      - ticket.reminders_sent)


def notify_digest(agent: User, tickets: list[Ticket], now: datetime) -> OutboxMessage:
    """The morning list of an agent's open requests, late ones first."""
    return queue_mail(agent.email, f"Vos demandes en cours ({len(tickets)})", "tickets/digest",
                      now, headers={"category": "digest"}, agent=agent,
                      items=[(ticket, ticket_link(ticket)) for ticket in tickets],
                      queue_link=external_url("tickets.queue", agent="me"))
