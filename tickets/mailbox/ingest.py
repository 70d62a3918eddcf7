"""Receive a raw mail durably, then turn it into exactly one outcome."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value

from portal.enums import ContactRole
from portal.extensions import db
from portal.models import Contact
from tickets.blobs import put_blob, read_blob
from tickets.enums import Channel, MessageKind, Outcome, Status, UnknownSender
from tickets.mailbox import rules
from tickets.mailbox.known import Known, load_known
from tickets.mailbox.models import InboundMessage, Mailbox
from tickets.mailbox.notes import NOTED, addressed_to_us, note_on_request
from tickets.mailbox.oversize import left_aside_note, read_large
from tickets.mailbox.parse import ParsedMail, parse_message, read_message_id
from tickets.mailbox.senders import (
    header_values,
    is_own_domain,
    is_party,
    is_spoofed,
    split_list,
)
from tickets.models import Ticket
from tickets.notifications import acknowledge, notify_third_party
from tickets.render import html_to_text
from tickets.services import (
    NewMessage,
    add_message,
    find_ticket_by_number,
    find_ticket_by_references,
    open_ticket,
    record,
    reopen,
    set_status,
)

logger = logging.getLogger(__name__)
DONE = (Outcome.CREATED, Outcome.FOLLOWUP, Outcome.IGNORED, Outcome.QUARANTINED)
CLAIM = timedelta(minutes=5)


def find_received(mailbox: Mailbox, message_id: str, sha256: str, uid: int | None = None,
                  uidvalidity: int | None = None) -> InboundMessage | None:
    """The row of a message already received from this mailbox, by UID or by content."""
    if uid is not None:
        row = db.session.scalar(select(InboundMessage).where(
            InboundMessage.mailbox_id == mailbox.id, InboundMessage.uidvalidity == uidvalidity,
            InboundMessage.uid == uid))
        if row is not None:
            return row
    return db.session.scalar(select(InboundMessage).where(
        InboundMessage.mailbox_id == mailbox.id, InboundMessage.message_id == message_id,
        InboundMessage.sha256 == sha256))


def receive(mailbox: Mailbox, raw: bytes, now: datetime, *, uid: int | None = None,
            uidvalidity: int | None = None, source: str = "") -> tuple[InboundMessage, bool]:
    """Keep the raw bytes and insert the inbound row (the caller commits); False if known."""
    sha256 = hashlib.sha256(raw).hexdigest()
    message_id = read_message_id(raw, sha256)
    put_blob(raw)
    values = {"mailbox_id": mailbox.id, "uid": uid, "uidvalidity": uidvalidity,
              "message_id": message_id, "sha256": sha256, "size": len(raw),
              "source": source[:500], "received_at": now}
    # One statement: a key already present (same UID, or same Message-ID and bytes) inserts
    # nothing, whichever consumer stored it first.
    row = db.session.scalar(_insert()(InboundMessage).values(**values)
                            .on_conflict_do_nothing().returning(InboundMessage))
    if row is not None:
        return row, True
    return find_received(mailbox, message_id, sha256, uid, uidvalidity), False


def _insert():
    """The database's INSERT with ON CONFLICT DO NOTHING."""
    return postgresql.insert if db.session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert


def claim(rows: list[InboundMessage], now: datetime) -> list[InboundMessage]:
    """Take messages for processing (committed); skip those settled or held by another worker."""
    # The same raw twice in one batch (two UIDs, two Maildir files) is one row: process it once.
    rows = list({row.id: row for row in rows}.values())
    if not rows:
        return []
    until = now + CLAIM
    taken = dict(db.session.execute(
        update(InboundMessage)
        .where(InboundMessage.id.in_([row.id for row in rows]),
               InboundMessage.outcome.in_((Outcome.RECEIVED, Outcome.FAILED)),
               or_(InboundMessage.claimed_until.is_(None), InboundMessage.claimed_until < now))
        .values(claimed_until=until, attempts=InboundMessage.attempts + 1)
        .returning(InboundMessage.id, InboundMessage.attempts),
        execution_options={"synchronize_session": False}).all())
    db.session.commit()
    claimed = [row for row in rows if row.id in taken]
    for row in claimed:
        set_committed_value(row, "attempts", taken[row.id])
        set_committed_value(row, "claimed_until", until)
    return claimed


def process_safely(inbound: InboundMessage, now: datetime) -> None:
    """Claim one message and process it; the caller commits."""
    if inbound.outcome not in DONE and claim([inbound], now):
        process_claimed(inbound, now)


def process_batch(rows: list[InboundMessage], clock) -> None:
    """Process claimed messages in one transaction; if one fails, redo them one by one.

    The caller commits. Without a savepoint per message the batch costs far fewer round
    trips; the fallback keeps a poison message from taking the others down with it.
    """
    try:
        _process_all(rows, clock)
    except Exception:  # noqa: BLE001  (the fallback below records which one failed)
        db.session.rollback()
        logger.info("Batch of %s messages failed; processing them one by one", len(rows))
        for row in rows:
            process_claimed(row, clock())


def process_claimed(inbound: InboundMessage, now: datetime) -> None:
    """Process a claimed message; any error leaves it 'failed', visible and replayable."""
    try:
        with db.session.begin_nested():
            _process_all([inbound], lambda: now)
    except Exception as exc:  # noqa: BLE001  (a poison message must never block the others)
        logger.exception("Inbound message %s failed", inbound.id)
        _settle(inbound, Outcome.FAILED, "", now)
        inbound.error = f"{type(exc).__name__}: {exc}"[:2000]


def _process_all(rows: list[InboundMessage], clock) -> None:
    """Parse every message, read what they need in a few queries, then decide each one."""
    mails = [(row, mail) for row in rows if (mail := _read(row, clock())) is not None]
    for row, mail in mails:
        row.dated_at = rules.mail_date(mail, row.received_at)
        row.fingerprint = rules.fingerprint(mail)
    known = load_known(mails, clock(), {row.id: row.dated_at for row, _mail in mails},
                       {row.id: row.fingerprint for row, _mail in mails})
    # One flush for the whole batch lets the database take each table's rows in one go.
    with db.session.no_autoflush:
        for row, mail in mails:
            _decide(row, mail, known, clock())
    db.session.flush()


def _settle(inbound: InboundMessage, outcome: Outcome, reason: str, now: datetime,
            ticket: Ticket | None = None, mail: ParsedMail | None = None) -> None:
    """Record the one outcome, in a single write of the row."""
    inbound.outcome, inbound.reason, inbound.processed_at = outcome, reason, now
    inbound.error, inbound.claimed_until = "", None
    if mail is not None:
        inbound.from_addr, inbound.subject = mail.from_addr, mail.subject
    if ticket is not None:
        inbound.ticket = ticket


def _read(inbound: InboundMessage, now: datetime) -> ParsedMail | None:
    """The parsed mail (a large one in bounded memory), or None past the absolute cap."""
    config = current_app.config
    if inbound.size > config["MAIL_MAX_BYTES"]:
        _settle(inbound, Outcome.QUARANTINED, "too-large", now)
        return None
    raw = read_blob(inbound.sha256)
    if len(raw) > config["ATTACHMENT_MAX_BYTES"]:
        return read_large(raw, config["ATTACHMENT_MAX_BYTES"])
    return parse_message(raw, config["ATTACHMENT_MAX_BYTES"])


def _decide(inbound: InboundMessage, mail: ParsedMail, known: Known, now: datetime) -> None:
    """Apply the rules, then open a request, add a follow-up, ignore or quarantine."""
    config = current_app.config
    sender, dated, content = mail.from_addr, inbound.dated_at, inbound.fingerprint
    duplicate = (known.copies.get((inbound.message_id, sender, content))
                 or known.copies.get((inbound.message_id, sender, ""))) \
        if mail.has_message_id else None
    if duplicate is not None:
        ticket = duplicate if isinstance(duplicate, Ticket) else db.session.get(Ticket, duplicate)
        return _settle(inbound, Outcome.IGNORED, "duplicate", now, ticket, mail)
    verdict = rules.classify(mail, config["MAIL_MESSAGE_ID_DOMAIN"], config["MAIL_LOOP_TAG"],
                             sender_known=known.is_person(sender),
                             addressed_to_us=addressed_to_us(mail, inbound.mailbox))
    if verdict.reason in NOTED:
        return _settle(inbound, Outcome.IGNORED, verdict.reason, now,
                       note_on_request(mail, verdict.reason, now), mail)
    if verdict.action != rules.ACCEPT:
        outcome = Outcome.IGNORED if verdict.action == rules.IGNORE else Outcome.QUARANTINED
        return _settle(inbound, outcome, verdict.reason, now, mail=mail)
    # A per-sender circuit breaker: the same content coming back fast is a machine; it is held
    # for review, never dropped, as a person may have sent it.
    burst = timedelta(minutes=config["SENDER_BURST_MINUTES"])
    if known.repeats_near(sender, content, dated, burst) >= config["SENDER_BURST_LIMIT"]:
        known.repeats[(sender, content)].append(dated)
        return _settle(inbound, Outcome.QUARANTINED, "burst", now, mail=mail)
    known.recent_acks[sender] = known.acks_near(sender, dated)
    _route(inbound, mail, known, now)
    if inbound.outcome in (Outcome.CREATED, Outcome.FOLLOWUP):
        known.repeats[(sender, content)].append(dated)
        if inbound.outcome is Outcome.CREATED:
            known.acked[sender].append(dated)
        if mail.has_message_id:
            known.copies[(inbound.message_id, sender, content)] = inbound.ticket


def _new_message(inbound: InboundMessage, mail: ParsedMail) -> NewMessage:
    text = mail.text or (html_to_text(mail.html) if mail.html else "")
    for name, size in mail.skipped:
        text += "\n\n" + left_aside_note(name, size)
    return NewMessage(
        body_text=text, body_html=mail.html, from_addr=mail.from_addr, from_name=mail.from_name,
        subject=mail.subject, to_addrs=", ".join(addr for _n, addr in mail.to)[:2000],
        cc_addrs=", ".join(addr for _n, addr in mail.cc)[:2000],
        message_id=mail.message_id, inbound_id=inbound.id, attachments=mail.attachments)


def _route(inbound: InboundMessage, mail: ParsedMail, known: Known, now: datetime) -> None:
    if _spoofed(inbound, mail):
        return _settle(inbound, Outcome.QUARANTINED, "spoofed", now, mail=mail)
    tag = rules.find_tag(mail.subject, current_app.config["TICKET_PREFIX"])
    if (tag or mail.in_reply_to or mail.references) and db.session.new:
        db.session.flush()  # a reply may belong to a request opened earlier in this batch
    ticket = find_ticket_by_number(tag) if tag else None
    if ticket is None and not tag:
        ticket = find_ticket_by_references(mail.in_reply_to + mail.references)
    if ticket is None:
        return _open(inbound, mail, mail.subject, known, now)
    if not is_party(mail.from_addr, ticket.requester_email,
                    [p.email for p in ticket.participants]):
        # Neither the requester nor a copy they chose: whether it quotes the tag or the
        # Message-IDs, the desk sees it and the sender gets nothing back, nor any access.
        return _third_party(inbound, mail, ticket, now)
    _follow_up(inbound, mail, ticket, known, now)


def _spoofed(inbound: InboundMessage, mail: ParsedMail) -> bool:
    """Our own domain in From, and our MTA's Authentication-Results say it is not."""
    config = current_app.config
    trusted = split_list(config["MAIL_TRUSTED_AUTHSERV_IDS"])
    own = split_list(config["MAIL_OWN_DOMAINS"])
    if not trusted or not own or not is_own_domain(mail.from_addr, own):
        return False
    values = header_values(read_blob(inbound.sha256), "Authentication-Results")
    return is_spoofed(mail.from_addr, values, trusted, own)


def _third_party(inbound: InboundMessage, mail: ParsedMail, ticket: Ticket,
                 now: datetime) -> None:
    """Record a stranger's mail on the request for the desk: no status change, no answer."""
    add_message(ticket, MessageKind.THIRD_PARTY, _new_message(inbound, mail), now)
    record(ticket, None, now, "third_party", "", mail.from_addr)
    notify_third_party(ticket, mail.from_addr, now)
    _settle(inbound, Outcome.FOLLOWUP, "third-party", now, ticket, mail)


def _follow_up(inbound: InboundMessage, mail: ParsedMail, ticket: Ticket, known: Known,
               now: datetime) -> None:
    closed_long_ago = ticket.status is Status.CLOSED and ticket.closed_at is not None and (
        now - ticket.closed_at > timedelta(days=current_app.config["REOPEN_DAYS"]))
    if closed_long_ago:
        return _open(inbound, mail, mail.subject, known, now, reason="linked", parent=ticket)
    by_requester = mail.from_addr == ticket.requester_email.lower()
    add_message(ticket, MessageKind.INBOUND, _new_message(inbound, mail), now,
                author=ticket.requester if by_requester else None)
    reason = ""
    if not ticket.status.is_open:
        reopen(ticket, None, now)
        reason = "reopened"
    elif ticket.status is Status.WAITING:
        set_status(ticket, Status.IN_PROGRESS, None, now)
    _settle(inbound, Outcome.FOLLOWUP, reason, now, ticket, mail)


def _open(inbound: InboundMessage, mail: ParsedMail, subject: str, known: Known,
          now: datetime, reason: str = "", parent: Ticket | None = None,
          recovering: bool = False, acknowledge_it: bool = True) -> None:
    mailbox = inbound.mailbox
    user = known.users.get(mail.from_addr)
    contact = None if user else known.contacts.get(mail.from_addr)
    if user is None and contact is None:
        if mailbox.unknown_sender is UnknownSender.QUARANTINE and not recovering:
            return _settle(inbound, Outcome.QUARANTINED, "unknown-sender", now, mail=mail)
        contact = _external_contact(mail, mailbox)
        if contact is not None:
            known.contacts[mail.from_addr] = contact
    ticket = open_ticket(
        subject=subject, message=_new_message(inbound, mail), now=now, channel=Channel.EMAIL,
        requester=user, contact=contact,
        entity_id=None if user or contact else mailbox.default_entity_id,
        service_id=mailbox.default_service_id, mailbox_id=mailbox.id, parent=parent)
    # People in Cc are shown on the message only: a copy never grants access to a request.
    if acknowledge_it and acknowledge(
            ticket, now, sent_recently=known.recent_acks[ticket.requester_email],
            outsiders_recently=known.outsider_acks, left_aside=mail.skipped):
        known.recent_acks[ticket.requester_email] += 1
        known.outsider_acks += user is None
    _settle(inbound, Outcome.CREATED, reason, now, ticket, mail)


def _external_contact(mail: ParsedMail, mailbox: Mailbox) -> Contact | None:
    """Record an unknown sender as an external contact of the mailbox's default entity."""
    if mailbox.default_entity_id is None:
        return None
    first, _sep, last = (mail.from_name or mail.from_addr.split("@")[0]).partition(" ")
    contact = Contact(entity_id=mailbox.default_entity_id, first_name=first[:80],
                      last_name=(last or "—")[:80], email=mail.from_addr,
                      relation_role=ContactRole.OTHER, notes="Créé à la réception d'un courriel")
    db.session.add(contact)
    return contact
