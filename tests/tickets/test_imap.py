"""Collecting a real IMAP folder (Dovecot): each message stored once, let go after the commit."""

import imaplib
import threading
import time

import pytest
from sqlalchemy import func, select

from portal.enums import Role
from portal.outbox import OutboxMessage
from tests.tickets.imap_server import USER
from tests.tickets_factories import fixture_mail
from tickets.blobs import read_blob
from tickets.enums import MailboxKind, Outcome
from tickets.mailbox import ingest
from tickets.mailbox.collect import poll_mailbox
from tickets.mailbox.imap import DONE_KEYWORD, ImapSource
from tickets.mailbox.models import InboundMessage, Mailbox
from tickets.models import Ticket

MAILS = ["plain-utf8.eml", "plain-utf8-lf.eml", "date-invalid.eml"]
MODES = pytest.mark.parametrize("processed", ["", "Traites"], ids=["keep", "move"])


def counts(db) -> tuple[int, int, int]:
    """(inbound rows, requests, acknowledgments): what a double import would double."""
    db.session.expire_all()
    return (db.session.scalar(select(func.count(InboundMessage.id))),
            db.session.scalar(select(func.count(Ticket.id))),
            db.session.scalar(select(func.count(OutboxMessage.id))
                              .where(OutboxMessage.category == "ack")))


def rows(db) -> list[InboundMessage]:
    db.session.expire_all()
    return db.session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()


def waiting(imap, uid: int) -> bool:
    """The message is still in INBOX, not marked done: the next poll will pick it up."""
    inbox = imap.messages()
    return uid in inbox and DONE_KEYWORD not in inbox[uid]


def released(imap, uid: int, processed: str) -> bool:
    inbox = imap.messages()
    return uid not in inbox if processed else DONE_KEYWORD in inbox[uid]


def record_commands(monkeypatch) -> list[tuple[str, str]]:
    """Every IMAP command the client sends from now on, as (command, UID sub-command)."""
    sent, real = [], imaplib.IMAP4._command

    def spy(self, name, *args):
        sent.append((name, args[0] if name == "UID" else ""))
        return real(self, name, *args)

    monkeypatch.setattr(imaplib.IMAP4, "_command", spy)
    return sent


def test_keep_mode_stores_each_new_message_once_and_leaves_read_state_to_people(
        db, imap, make_imap_mailbox, monkeypatch):
    mailbox = make_imap_mailbox()
    # A colleague already opened the first one in their mail client: it still is a request.
    uids = [imap.append(fixture_mail(name), flags=r"\Seen" if index == 0 else "")
            for index, name in enumerate(MAILS)]
    # Someone else's message, marked for deletion in their mail client, not yet expunged.
    theirs = imap.append(fixture_mail("charset-unknown.eml"), flags=r"\Deleted")
    # The raw to keep is what the server serves: Dovecot (and imaplib's APPEND) turn bare LF
    # into CRLF, so plain-utf8-lf.eml comes back with CRLF line ends, not as the file on disk.
    served = {uid: imap.raw(uid) for uid in uids}
    assert served[uids[1]] == fixture_mail(MAILS[1]).replace(b"\n", b"\r\n")
    sent = record_commands(monkeypatch)

    result = poll_mailbox(mailbox.id)
    sent = set(sent)  # the collector's commands only, not the checks below

    assert (result.received, result.known, result.errors) == (3, 0, 0)
    stored = rows(db)
    assert [row.outcome for row in stored] == [Outcome.CREATED] * 3
    assert {row.uid: read_blob(row.sha256) for row in stored} == served
    assert {row.uidvalidity for row in stored} == {imap.uidvalidity()}
    assert counts(db) == (3, 3, 3)
    inbox = imap.messages()
    assert set(inbox) == {*uids, theirs}  # nothing moved away, nothing expunged
    assert all(DONE_KEYWORD in inbox[uid] for uid in uids)
    assert [r"\Seen" in inbox[uid] for uid in uids] == [True, False, False]
    assert DONE_KEYWORD not in inbox[theirs]
    assert r"\Deleted" in inbox[theirs]
    assert {("UID", "FETCH"), ("UID", "STORE")} <= sent
    assert not {("EXPUNGE", ""), ("UID", "EXPUNGE")} & sent

    again = poll_mailbox(mailbox.id)

    assert (again.received, again.known, again.errors) == (0, 0, 0)
    assert counts(db) == (3, 3, 3)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3
    assert imap.messages() == inbox


def test_move_mode_moves_each_stored_message_with_one_uid_move(db, imap, make_imap_mailbox,
                                                               monkeypatch):
    mailbox = make_imap_mailbox(processed_folder="Traites")
    uids = [imap.append(fixture_mail(name)) for name in MAILS[:2]]
    served = sorted(imap.raw(uid) for uid in uids)
    theirs = imap.append(fixture_mail("charset-unknown.eml"), flags=r"\Deleted")
    sent = record_commands(monkeypatch)

    result = poll_mailbox(mailbox.id)
    sent = list(sent)  # the collector's commands only, not the checks below

    assert (result.received, result.errors) == (2, 0)
    assert counts(db) == (2, 2, 2)
    assert sorted(read_blob(row.sha256) for row in rows(db)) == served
    inbox, done = imap.messages(), imap.messages("Traites")
    assert list(inbox) == [theirs]  # someone else's \Deleted message was not expunged
    assert r"\Deleted" in inbox[theirs]
    assert sorted(imap.raw(uid, "Traites") for uid in done) == served
    assert sent.count(("UID", "MOVE")) == 2
    assert not {("EXPUNGE", ""), ("UID", "EXPUNGE"), ("UID", "COPY")} & set(sent)

    again = poll_mailbox(mailbox.id)

    assert (again.received, again.known, again.errors) == (0, 0, 0)
    assert counts(db) == (2, 2, 2)
    assert (imap.messages(), imap.messages("Traites")) == (inbox, done)


@MODES
def test_crash_before_the_commit_leaves_the_message_at_the_source(db, imap, make_imap_mailbox,
                                                                  monkeypatch, processed):
    mailbox = make_imap_mailbox(processed_folder=processed)
    first, second = (imap.append(fixture_mail(name)) for name in MAILS[:2])
    real_put_blob, full = ingest.put_blob, [imap.raw(first)]

    def disk_full_for_the_first(raw: bytes, *args):
        if raw in full:
            raise OSError(28, "No space left on device")
        return real_put_blob(raw, *args)

    monkeypatch.setattr(ingest, "put_blob", disk_full_for_the_first)

    result = poll_mailbox(mailbox.id)

    assert (result.received, result.errors) == (1, 1)
    assert [row.uid for row in rows(db)] == [second]
    assert counts(db) == (1, 1, 1)
    assert waiting(imap, first)
    assert released(imap, second, processed)

    full.clear()
    again = poll_mailbox(mailbox.id)

    assert (again.received, again.errors) == (1, 0)
    assert [(row.uid, row.outcome) for row in rows(db)] == [
        (second, Outcome.CREATED), (first, Outcome.CREATED)]
    assert counts(db) == (2, 2, 2)
    assert released(imap, first, processed)


@MODES
def test_crash_after_the_commit_is_finished_by_the_next_poll(db, imap, make_imap_mailbox,
                                                             monkeypatch, processed):
    mailbox = make_imap_mailbox(processed_folder=processed)
    uid = imap.append(fixture_mail("plain-utf8.eml"))
    real_release = ImapSource.release
    calls = []

    def connection_lost_once(self, item):
        calls.append(item.uid)
        if len(calls) == 1:
            raise ConnectionResetError("connection lost before the move")
        return real_release(self, item)

    monkeypatch.setattr(ImapSource, "release", connection_lost_once)

    result = poll_mailbox(mailbox.id)

    assert result.errors == 1
    assert "ConnectionResetError" in db.session.get(Mailbox, mailbox.id).last_error
    # Stored and committed, so processed at once; the source lets go of it next time.
    assert [(row.uid, row.outcome) for row in rows(db)] == [(uid, Outcome.CREATED)]
    assert counts(db) == (1, 1, 1)
    assert waiting(imap, uid)

    again = poll_mailbox(mailbox.id)

    assert (again.received, again.known, again.errors) == (0, 1, 0)
    assert [(row.uid, row.outcome) for row in rows(db)] == [(uid, Outcome.CREATED)]
    assert counts(db) == (1, 1, 1)
    assert released(imap, uid, processed)
    assert db.session.get(Mailbox, mailbox.id).last_error == ""


def test_a_new_uidvalidity_does_not_duplicate_what_was_stored(db, imap, make_imap_mailbox):
    imap.doveadm("mailbox", "create", "-u", USER, "Demandes")
    mailbox = make_imap_mailbox(folder="Demandes")
    raw = fixture_mail("plain-utf8.eml")
    assert imap.append(raw, "Demandes") == 1
    before = imap.uidvalidity("Demandes")
    assert poll_mailbox(mailbox.id).received == 1

    # The folder is rebuilt (server migration, restored backup): new UIDVALIDITY, UIDs from 1.
    imap.doveadm("mailbox", "delete", "-u", USER, "Demandes")
    imap.doveadm("mailbox", "create", "-u", USER, "Demandes")
    fresh = imap.append(fixture_mail("date-invalid.eml"), "Demandes")
    again = imap.append(raw, "Demandes")
    after = imap.uidvalidity("Demandes")
    assert after != before
    assert fresh == 1  # the same UID as the message already stored

    result = poll_mailbox(mailbox.id)

    assert (result.received, result.known, result.errors) == (1, 1, 0)
    assert [(row.uidvalidity, row.uid, row.outcome) for row in rows(db)] == [
        (before, 1, Outcome.CREATED), (after, fresh, Outcome.CREATED)]
    assert counts(db) == (2, 2, 2)
    assert all(DONE_KEYWORD in flags for flags in imap.messages("Demandes").values())
    assert set(imap.messages("Demandes")) == {fresh, again}


@MODES
def test_two_workers_polling_at_once_store_each_message_once(app, db, imap, make_imap_mailbox,
                                                             monkeypatch, processed):
    mailbox_id = make_imap_mailbox(processed_folder=processed).id
    for name in MAILS:
        imap.append(fixture_mail(name))
    real_fetch = ImapSource._fetch

    def slow_fetch(self, uid):  # long enough for the two polls to overlap
        time.sleep(0.1)
        return real_fetch(self, uid)

    monkeypatch.setattr(ImapSource, "_fetch", slow_fetch)
    start, results, errors = threading.Barrier(2), [], []

    def worker() -> None:
        try:
            with app.app_context():
                try:
                    start.wait(timeout=10)
                    results.append(poll_mailbox(mailbox_id))
                finally:
                    db.session.remove()
        except BaseException as exc:  # noqa: BLE001  (reported by the test thread)
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(result is None for result in results) == [False, True]  # lease held
    done = next(result for result in results if result is not None)
    assert (done.received, done.errors) == (3, 0)
    assert counts(db) == (3, 3, 3)
    assert all(released(imap, row.uid, processed) for row in rows(db))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "169.254.169.254", "::1", "0.0.0.0",
                                  "::ffff:127.0.0.1", "fe80::1%eth0"])
def test_a_mailbox_cannot_point_the_worker_at_internal_addresses(app, client, login_as, db,
                                                                  monkeypatch, host):
    from tickets.mailbox.targets import RefusedTarget

    monkeypatch.setitem(app.config, "IMAP_ALLOW_LOOPBACK", False)
    login_as(Role.ADMIN)
    page = client.post("/demandes/boites/nouvelle", data={
        "name": "Sonde", "kind": "imap", "host": host, "port": "6379", "folder": "INBOX",
        "unknown_sender": "contact"}).get_data(as_text=True)
    assert "est pas autorisé : le portail ne se connecte ni à sa propre machine" in page
    assert db.session.scalar(select(Mailbox).where(Mailbox.name == "Sonde")) is None
    box = Mailbox(name="Sonde", kind=MailboxKind.IMAP, host=host, port=6379)
    with pytest.raises(RefusedTarget):
        ImapSource(box).__enter__()
