"""Hostile MIME from hypothesis through the real import: kept, one outcome, idempotent, bounded.

Each example is written to a file and imported as `flask mailbox import` does (FileSource,
ingest_items), into a mailbox of its own so that examples do not share unique keys. Examples
are derandomized: CI runs the same few hundred every time.
"""

import hashlib
import time
from email import message_from_bytes
from email.policy import compat32
from itertools import count

import pytest
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.outbox import OutboxMessage, build_email
from tests.tickets.mime_strategies import UNIQUE, hostile_mail, hostile_request
from tickets.blobs import read_blob
from tickets.enums import Outcome
from tickets.mailbox.collect import ingest_items
from tickets.mailbox.fetch import FileSource
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.parse import parse_message, read_message_id
from tickets.models import Attachment, Ticket, TicketMessage

# Per import of one example, which takes well under a second. CPU time catches a parser gone
# quadratic; the wall clock only a hang, as it also counts fsync waits on a busy machine.
CPU_SECONDS, WALL_SECONDS = 5.0, 60.0
REASONS = {
    Outcome.CREATED: {"", "linked"},
    Outcome.FOLLOWUP: {"", "reopened", "third-party"},
    Outcome.IGNORED: {"auto-reply", "receipt", "calendar", "bounce", "bulk", "loop", "duplicate"},
}
OUTGOING_HEADERS = {"from", "to", "cc", "reply-to", "in-reply-to", "references", "subject",
                    "message-id", "date", "auto-submitted", "x-loop", "x-auto-response-suppress",
                    "mime-version", "content-type", "content-transfer-encoding"}
FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])
_example = count(1)


@pytest.fixture
def fuzz_box(app, db, make_mailbox, monkeypatch, tmp_path):
    """A fresh mailbox and file per example; caps low enough for the examples to reach them.

    Returns the mailbox, the file and the raw as written (with its unique Message-ID, if any).
    """
    monkeypatch.setitem(app.config, "MAIL_MAX_BYTES", 256 * 1024)
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 64 * 1024)
    monkeypatch.setitem(app.config, "SENDER_BURST_LIMIT", 10_000)
    monkeypatch.setitem(app.config, "ACK_LIMIT_PER_HOUR", 10_000)
    monkeypatch.setitem(app.config, "ACK_OUTSIDERS_PER_HOUR", 10_000)  # every ack is checked

    def make(raw: bytes):
        number = next(_example)
        raw = raw.replace(UNIQUE, b"%d" % number)
        path = tmp_path / f"{number}.eml"
        path.write_bytes(raw)
        return make_mailbox(f"Fuzz {number}"), path, raw

    return make


def counts(db) -> dict[str, int]:
    db.session.expire_all()
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (InboundMessage, Ticket, TicketMessage, Attachment, OutboxMessage)}


def timed_import(mailbox, paths):
    wall, cpu = time.perf_counter(), time.process_time()
    result = ingest_items(mailbox, FileSource(paths))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert cpu < CPU_SECONDS, f"one import took {cpu:.1f} s of CPU"
    assert wall < WALL_SECONDS, f"one import took {wall:.1f} s"
    return result


def the_row(db, mailbox, raw: bytes) -> InboundMessage:
    """The one row of this raw: stored under its hash, byte-identical, with a final outcome."""
    rows = db.session.scalars(select(InboundMessage).where(
        InboundMessage.mailbox_id == mailbox.id)).all()
    assert len(rows) == 1
    row = rows[0]
    assert row.sha256 == hashlib.sha256(raw).hexdigest()
    assert read_blob(row.sha256) == raw
    assert row.outcome is not Outcome.FAILED, f"processing crashed: {row.error}"
    assert row.outcome is not Outcome.RECEIVED
    if row.outcome is Outcome.QUARANTINED:
        assert row.reason
    else:
        assert row.reason in REASONS[row.outcome]
    assert (row.ticket_id is not None) == (row.outcome in (Outcome.CREATED, Outcome.FOLLOWUP)
                                           or row.reason == "duplicate")
    return row


def assert_one_outcome_made(before: dict, after: dict, row: InboundMessage) -> None:
    """A created request is one request and one message; a follow-up one message; else none."""
    made = {name: after[name] - before[name] for name in before}
    assert made["InboundMessage"] == 1
    assert made["Ticket"] == (row.outcome is Outcome.CREATED)
    assert made["TicketMessage"] == (row.outcome in (Outcome.CREATED, Outcome.FOLLOWUP))
    assert made["OutboxMessage"] <= (row.outcome is Outcome.CREATED)


def assert_no_header_injected(db, first_id: int) -> None:
    """The acknowledgment built from hostile values has only the headers we write."""
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > first_id)):
        config = current_app.config
        sent = bytes(build_email(message, config["MAIL_FROM"], config["MAIL_LOOP_TAG"]))
        head = message_from_bytes(sent.split(b"\n\n", 1)[0] + b"\n\n", policy=compat32)
        assert {name.lower() for name in head.keys()} <= OUTGOING_HEADERS
        assert not any(char in message.subject + message.to_addr for char in "\r\n\x00")


def assert_kept_once_with_one_outcome(db, fuzz_box, raw: bytes) -> None:
    mailbox, path, raw = fuzz_box(raw)
    before = counts(db)
    last_outbox = db.session.scalar(select(func.max(OutboxMessage.id))) or 0

    first = timed_import(mailbox, [path])

    assert (first.received, first.known, first.errors) == (1, 0, 0)
    row = the_row(db, mailbox, raw)
    outcome = (row.outcome, row.reason, row.ticket_id)
    after = counts(db)
    assert_one_outcome_made(before, after, row)
    assert_no_header_injected(db, last_outbox)

    again = timed_import(mailbox, [path])

    assert (again.received, again.known, again.errors) == (0, 1, 0)
    assert counts(db) == after
    row = the_row(db, mailbox, raw)
    assert (row.outcome, row.reason, row.ticket_id) == outcome


@settings(FUZZ, max_examples=120)
@given(raw=hostile_mail())
def test_hostile_mail_is_kept_once_with_one_outcome_and_a_second_import_changes_nothing(
        db, fuzz_box, raw):
    assert_kept_once_with_one_outcome(db, fuzz_box, raw)


@settings(FUZZ, max_examples=120)
@given(raw=hostile_request())
def test_a_hostile_body_from_a_known_sender_is_kept_once_with_one_outcome(db, fuzz_box, raw):
    assert_kept_once_with_one_outcome(db, fuzz_box, raw)


@settings(FUZZ, max_examples=30)
@given(raw=st.one_of(hostile_mail(), hostile_request()))
def test_the_same_hostile_raw_twice_in_one_import_is_one_row_processed_once(db, fuzz_box, raw):
    mailbox, path, raw = fuzz_box(raw)
    before = counts(db)

    result = timed_import(mailbox, [path, path])

    assert (result.received, result.known, result.errors) == (1, 1, 0)
    row = the_row(db, mailbox, raw)
    assert_one_outcome_made(before, counts(db), row)


@settings(FUZZ, max_examples=30)
@given(raw=hostile_mail())
def test_parsing_hostile_mail_never_raises_and_yields_bounded_one_line_values(raw):
    start = time.process_time()
    message_id = read_message_id(raw, hashlib.sha256(raw).hexdigest())
    mail = parse_message(raw, 64 * 1024)
    assert time.process_time() - start < CPU_SECONDS
    assert message_id.startswith("<")
    assert len(message_id) <= 255  # the longest ids are cut, the same way every time
    assert mail.message_id == message_id, "the unique key's id is the parsed one"
    for value in (mail.subject, mail.from_addr, mail.from_name, *(a.filename for a in
                                                                  mail.attachments)):
        assert not any(ord(char) < 32 or char in "\u202e\u2066" for char in value)
    assert len(mail.subject) <= 255
    assert len(mail.from_addr) <= 254
    assert all(len(attachment.data) <= 64 * 1024 for attachment in mail.attachments)
