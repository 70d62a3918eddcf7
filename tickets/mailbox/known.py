"""What a batch of mail needs to know about its senders, read in a handful of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select

from portal.extensions import db
from portal.models import Contact, User
from tickets.enums import Outcome
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.parse import ParsedMail
from tickets.notifications import acks_to_outsiders_recently

ACTED = (Outcome.CREATED, Outcome.FOLLOWUP)
ACK_WINDOW = timedelta(hours=1)


@dataclass
class Known:
    """Directory entries, earlier mails and earlier copies for the senders of a batch.

    Earlier mails are kept by their own dates (not by import time), so a backlog of one
    person's mails is read as it was written. They are kept up to date while the batch is
    processed, so a limit holds across the messages of one batch as it does across batches.
    """

    users: dict[str, User] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    recent_acks: Counter = field(default_factory=Counter)
    copies: dict[tuple[str, str, str], int] = field(default_factory=dict)
    outsider_acks: int = 0
    repeats: dict[tuple[str, str], list[datetime]] = field(
        default_factory=lambda: defaultdict(list))
    acked: dict[str, list[datetime]] = field(default_factory=lambda: defaultdict(list))

    def is_person(self, address: str) -> bool:
        """The sender is a portal user or a contact of the directory."""
        return address in self.users or address in self.contacts

    def repeats_near(self, sender: str, fingerprint: str, dated: datetime,
                     window: timedelta) -> int:
        """Earlier mails of this sender with the same content, dated within the window."""
        return sum(abs(other - dated) <= window
                   for other in self.repeats.get((sender, fingerprint), ()))

    def acks_near(self, sender: str, dated: datetime) -> int:
        """Acknowledgments sent for this sender's mails dated within an hour of this one."""
        return sum(abs(other - dated) < ACK_WINDOW for other in self.acked.get(sender, ()))


def load_known(mails: list[tuple[InboundMessage, ParsedMail]], now: datetime,
               dates: dict[int, datetime] | None = None,
               fingerprints: dict[int, str] | None = None) -> Known:
    """Read, for every sender of the batch at once, what the rules and routing need.

    ``dates`` and ``fingerprints`` give each row's own date and content hash, by row id.
    """
    known = Known()
    senders = sorted({mail.from_addr for _row, mail in mails if mail.from_addr})
    if not senders:
        return known
    known.users = {user.email: user for user in db.session.scalars(
        select(User).where(User.email.in_(senders)))}
    for contact in db.session.scalars(select(Contact).where(
            func.lower(Contact.email).in_(senders)).order_by(Contact.id)):
        known.contacts.setdefault(contact.email.lower(), contact)
    known.outsider_acks = acks_to_outsiders_recently(now)
    dates = dates or {row.id: now for row, _mail in mails}
    fingerprints = fingerprints or {}
    burst = timedelta(minutes=current_app.config["SENDER_BURST_MINUTES"])
    _load_repeats(known, senders, sorted(set(fingerprints.values())), dates, burst)
    _load_acked(known, senders, dates)
    _load_copies(known, sorted({row.message_id for row, mail in mails if mail.has_message_id}))
    return known


def _dated():
    return func.coalesce(InboundMessage.dated_at, InboundMessage.received_at)


def _load_repeats(known: Known, senders: list[str], fingerprints: list[str],
                  dates: dict[int, datetime], window: timedelta) -> None:
    if not fingerprints:
        return
    handled = or_(InboundMessage.outcome.in_(ACTED),
                  (InboundMessage.outcome == Outcome.QUARANTINED)
                  & (InboundMessage.reason == "burst"))
    for sender, fingerprint, dated in db.session.execute(
            select(InboundMessage.from_addr, InboundMessage.fingerprint, _dated())
            .where(InboundMessage.from_addr.in_(senders),
                   InboundMessage.fingerprint.in_(fingerprints), handled,
                   InboundMessage.id.not_in(list(dates)),  # a mail replayed is no repeat of itself
                   _dated() >= min(dates.values()) - window,
                   _dated() <= max(dates.values()) + window)):
        known.repeats[(sender, fingerprint)].append(dated)


def _load_acked(known: Known, senders: list[str], dates: dict[int, datetime]) -> None:
    # A mail that opened a request got its acknowledgment unless a limit held it back: count
    # the requests opened from this sender's mails dated within an hour, as the limit does.
    for sender, dated in db.session.execute(
            select(InboundMessage.from_addr, _dated())
            .where(InboundMessage.from_addr.in_(senders),
                   InboundMessage.outcome == Outcome.CREATED,
                   _dated() > min(dates.values()) - ACK_WINDOW,
                   _dated() < max(dates.values()) + ACK_WINDOW)):
        known.acked[sender].append(dated)


def _load_copies(known: Known, message_ids: list[str]) -> None:
    if not message_ids:
        return
    for message_id, sender, fingerprint, ticket_id in db.session.execute(
            select(InboundMessage.message_id, InboundMessage.from_addr,
                   InboundMessage.fingerprint, InboundMessage.ticket_id)
            .where(InboundMessage.message_id.in_(message_ids),
                   InboundMessage.ticket_id.is_not(None),
                   InboundMessage.outcome.in_(ACTED))):
        known.copies.setdefault((message_id, sender, fingerprint), ticket_id)
