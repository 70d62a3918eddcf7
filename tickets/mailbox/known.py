"""What a batch of mail needs to know about its senders, read in a handful of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Contact, User
from portal.outbox import OutboxMessage
from tickets.enums import Outcome
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.parse import ParsedMail
from tickets.notifications import acks_to_outsiders_recently

ACTED = (Outcome.CREATED, Outcome.FOLLOWUP)


@dataclass
class Known:
    """Directory entries, recent counts and earlier copies for the senders of a batch.

    The counters are kept up to date while the batch is processed, so a rate limit holds
    across the messages of one batch as it does across batches.
    """

    users: dict[str, User] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    recent_mail: Counter = field(default_factory=Counter)
    recent_acks: Counter = field(default_factory=Counter)
    copies: dict[tuple[str, str], int] = field(default_factory=dict)
    outsider_acks: int = 0


def load_known(mails: list[tuple[InboundMessage, ParsedMail]], now: datetime) -> Known:
    """Read, for every sender of the batch at once, what the rules and routing need."""
    known = Known()
    senders = sorted({mail.from_addr for _row, mail in mails if mail.from_addr})
    if not senders:
        return known
    known.users = {user.email: user for user in db.session.scalars(
        select(User).where(User.email.in_(senders)))}
    for contact in db.session.scalars(select(Contact).where(
            func.lower(Contact.email).in_(senders)).order_by(Contact.id)):
        known.contacts.setdefault(contact.email.lower(), contact)
    since = now - timedelta(minutes=current_app.config["SENDER_BURST_MINUTES"])
    known.recent_mail.update(dict(db.session.execute(
        select(InboundMessage.from_addr, func.count(InboundMessage.id))
        .where(InboundMessage.from_addr.in_(senders), InboundMessage.received_at >= since,
               InboundMessage.outcome.in_(ACTED))
        .group_by(InboundMessage.from_addr)).all()))
    known.recent_acks.update(dict(db.session.execute(
        select(OutboxMessage.to_addr, func.count(OutboxMessage.id))
        .where(OutboxMessage.to_addr.in_(senders), OutboxMessage.category == "ack",
               OutboxMessage.created_at >= now - timedelta(hours=1))
        .group_by(OutboxMessage.to_addr)).all()))
    known.outsider_acks = acks_to_outsiders_recently(now)
    message_ids = sorted({row.message_id for row, mail in mails if mail.has_message_id})
    if message_ids:
        for message_id, sender, ticket_id in db.session.execute(
                select(InboundMessage.message_id, InboundMessage.from_addr,
                       InboundMessage.ticket_id)
                .where(InboundMessage.message_id.in_(message_ids),
                       InboundMessage.ticket_id.is_not(None),
                       InboundMessage.outcome.in_(ACTED))):
            known.copies.setdefault((message_id, sender), ticket_id)
    return known
