"""Poll a mailbox: one consumer at a time, the source released only after the commit."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import or_, select, update

from portal.extensions import db
from portal.timeutil import utcnow
from tickets.enums import MailboxKind, Outcome
from tickets.mailbox.ingest import DONE, claim, process_batch, receive
from tickets.mailbox.models import InboundMessage, Mailbox

logger = logging.getLogger(__name__)
# Short, and renewed as batches go by: a consumer that died frees the mailbox soon.
LEASE = timedelta(minutes=2)
RENEW_EVERY = timedelta(seconds=30)
BATCH = 50


@dataclass
class PollResult:
    received: int = 0
    known: int = 0
    errors: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    last_error: str = ""


def acquire(mailbox_id: int, now: datetime) -> str | None:
    """Take the mailbox's lease (one consumer at a time); None if another holds it."""
    token = secrets.token_hex(8)
    taken = db.session.execute(
        update(Mailbox).where(Mailbox.id == mailbox_id)
        .where(or_(Mailbox.locked_until.is_(None), Mailbox.locked_until < now))
        .values(locked_by=token, locked_until=now + LEASE)).rowcount
    db.session.commit()
    return token if taken else None


def renew_lease(mailbox_id: int, token: str, now: datetime) -> bool:
    """Extend the lease the consumer holds; False if it was lost to another consumer."""
    kept = db.session.execute(update(Mailbox).where(Mailbox.id == mailbox_id,
                                                    Mailbox.locked_by == token)
                              .values(locked_until=now + LEASE)).rowcount
    db.session.commit()
    return bool(kept)


def release_lease(mailbox_id: int, token: str) -> None:
    db.session.execute(update(Mailbox).where(Mailbox.id == mailbox_id,
                                             Mailbox.locked_by == token)
                       .values(locked_by=None, locked_until=None))
    db.session.commit()


def open_source(mailbox: Mailbox):
    """The I/O source for a configured mailbox."""
    from tickets.mailbox.fetch import MaildirSource

    if mailbox.kind is MailboxKind.IMAP:
        from tickets.mailbox.imap import ImapSource

        return ImapSource(mailbox)
    return MaildirSource(mailbox.path)


def ingest_each(mailbox: Mailbox, source, clock: Callable[[], datetime] = utcnow):
    """Store a batch (one commit), release it at the source, then process it (one commit).

    Yield (item, row, is_new) per message; row is None when it could not be stored.
    """
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        for chunk in _chunks(source.items(), BATCH):
            session.expire_all()
            stored = _store(mailbox, chunk, clock)
            for item, row, _new in stored:
                if row is not None:
                    _release(source, item)
            pending = [row for _item, row, _new in stored
                       if row is not None and row.outcome not in DONE]
            process_batch(claim(pending, clock()), clock)
            db.session.commit()
            yield from stored
    finally:
        session.expire_on_commit = expire


def _chunks(items, size: int):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _store(mailbox: Mailbox, chunk, clock) -> list:
    """Keep the raw bytes and insert the rows of a batch: one commit, or one per message."""
    try:
        stored = [(item, *receive(mailbox, item.raw, clock(), uid=item.uid,
                                  uidvalidity=item.uidvalidity, source=item.source))
                  for item in chunk]
        db.session.commit()
        return stored
    except Exception:  # noqa: BLE001  (retry one by one so one bad message fails alone)
        db.session.rollback()
    stored = []
    for item in chunk:
        try:
            row, new = receive(mailbox, item.raw, clock(), uid=item.uid,
                               uidvalidity=item.uidvalidity, source=item.source)
            db.session.commit()
            stored.append((item, row, new))
        except Exception:  # noqa: BLE001  (nothing was released: the next poll retries it)
            db.session.rollback()
            logger.exception("Could not store a message of mailbox %s", mailbox.name)
            stored.append((item, None, False))
    return stored


def _release(source, item) -> None:
    try:
        source.release(item)
    except Exception as exc:  # noqa: BLE001  (kept and committed: the next poll retries)
        logger.exception("Could not release message %s at the source", item.source)
        item.release_error = f"{type(exc).__name__}: {exc}"[:500]


def ingest_items(mailbox: Mailbox, source, clock: Callable[[], datetime] = utcnow,
                 token: str | None = None) -> PollResult:
    """Ingest a whole source and count what happened, renewing the lease if one is held."""
    result = PollResult()
    renewed = clock()
    for item, row, new in ingest_each(mailbox, source, clock):
        if token is not None and clock() - renewed >= RENEW_EVERY:
            renewed = clock()
            renew_lease(mailbox.id, token, renewed)
        if item.release_error:
            result.errors += 1
            result.last_error = item.release_error
        if row is None:
            result.errors += 1
            continue
        result.received += new
        result.known += not new
        result.outcomes[row.outcome.value] = result.outcomes.get(row.outcome.value, 0) + 1
    return result


def process_pending(mailbox: Mailbox, clock: Callable[[], datetime] = utcnow) -> int:
    """Finish messages stored but not processed (a crash between the two steps)."""
    rows = db.session.scalars(select(InboundMessage).where(
        InboundMessage.mailbox_id == mailbox.id, InboundMessage.outcome == Outcome.RECEIVED)
        .order_by(InboundMessage.id).limit(500)).all()
    process_batch(claim(rows, clock()), clock)
    db.session.commit()
    return len(rows)


def poll_mailbox(mailbox_id: int, clock: Callable[[], datetime] = utcnow) -> PollResult | None:
    """Collect a mailbox once; None if another consumer is on it."""
    token = acquire(mailbox_id, clock())
    if token is None:
        return None
    mailbox = db.session.get(Mailbox, mailbox_id)
    try:
        process_pending(mailbox, clock)
        with open_source(mailbox) as source:
            result = ingest_items(mailbox, source, clock, token)
        mailbox.last_success_at, mailbox.last_error = clock(), result.last_error
    except Exception as exc:  # noqa: BLE001  (shown on the mailbox page, retried next poll)
        db.session.rollback()
        logger.exception("Polling mailbox %s failed", mailbox.name)
        mailbox = db.session.get(Mailbox, mailbox_id)
        mailbox.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        result = PollResult(errors=1)
    mailbox.last_polled_at = clock()
    db.session.commit()
    release_lease(mailbox_id, token)
    return result
