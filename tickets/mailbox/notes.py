"""Receipts and invitations about a known request: a line in its history, never a message."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from flask import current_app

from portal.extensions import db
from tickets.mailbox import rules
from tickets.mailbox.models import Mailbox
from tickets.mailbox.parse import ParsedMail
from tickets.models import Ticket
from tickets.services import find_ticket_by_number, find_ticket_by_references, record

NOTED = ("receipt", "calendar")


def addressed_to_us(mail: ParsedMail, mailbox: Mailbox) -> bool:
    """The functional mailbox (or the portal's own address) is in the mail's To or Cc."""
    ours = {mailbox.address.lower(), parseaddr(current_app.config["MAIL_FROM"])[1].lower()}
    ours.discard("")
    return any(address in ours for _name, address in mail.to + mail.cc)


def find_request(mail: ParsedMail) -> Ticket | None:
    """The request a machine's mail is about: by the Message-IDs it answers, else by the
    subject's number when the sender takes part in that request."""
    if db.session.new:
        db.session.flush()  # it may be about a request opened earlier in this batch
    ticket = find_ticket_by_references(mail.in_reply_to + mail.references)
    if ticket is not None:
        return ticket
    tag = rules.find_tag(mail.subject, current_app.config["TICKET_PREFIX"])
    ticket = find_ticket_by_number(tag) if tag else None
    return ticket if ticket is not None and ticket.is_participant(mail.from_addr) else None


def note_on_request(mail: ParsedMail, reason: str, now: datetime) -> Ticket | None:
    """Record a receipt or an invitation on the request it is about; the request is unchanged."""
    ticket = find_request(mail)
    if ticket is not None:
        sender = mail.from_name or mail.from_addr or "?"
        record(ticket, None, now, reason, new=f"{mail.subject or '—'} ({sender})")
    return ticket
