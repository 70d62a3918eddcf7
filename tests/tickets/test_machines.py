"""Machines versus people: each fixture of tests/fixtures/mail/machines/ gets its outcome."""

import html
import re
import tomllib

import pytest
from sqlalchemy import select

from portal.enums import Role
from portal.outbox import OutboxMessage
from tests.tickets_factories import FIXTURES
from tickets.blobs import read_blob
from tickets.enums import Outcome, Status
from tickets.models import SlaSpan, Ticket, TicketEvent

MACHINES = FIXTURES / "machines"
MANIFEST = tomllib.loads((MACHINES / "manifest.toml").read_text())
_TAGS = re.compile(r"<[^>]*>")


def visible_text(page: str) -> str:
    """The words of a page as a reader sees them, scripts and tags left out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(_TAGS.sub(" ", page)).split())


def acks(db) -> list[str]:
    return db.session.scalars(select(OutboxMessage.to_addr)
                              .where(OutboxMessage.category == "ack")).all()


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_machine_or_person_mail_gets_its_outcome_and_shows_its_text(
        db, client, login_as, make_mailbox, make_user, deliver, name):
    expected = MANIFEST[name]
    mailbox = make_mailbox()
    raw = (MACHINES / name).read_bytes()
    sender = raw.split(b"\r\nFrom: ", 1)[-1].split(b"\r\n", 1)[0].decode()
    if expected.get("sender_known"):
        make_user(Role.REQUESTER, email=re.search(r"<([^>]+)>", sender).group(1))
    earlier = None
    if "before" in expected:
        earlier = deliver(mailbox, (MACHINES / expected["before"]).read_bytes())
        if "before_status" in expected:
            earlier.ticket.status = Status(expected["before_status"])
        db.session.commit()
    acks_before = len(acks(db))
    row = deliver(mailbox, raw)
    assert (row.outcome.value, row.reason or None) == (
        expected["outcome"], expected.get("reason")), expected["case"]
    assert read_blob(row.sha256) == raw
    assert len(acks(db)) - acks_before == expected.get(
        "acks", 1 if expected["outcome"] == "created" else 0)
    if "status" in expected:
        db.session.refresh(earlier.ticket)
        assert earlier.ticket.status.value == expected["status"]
    login_as(Role.RELATIONS_MANAGER)
    shown = row.ticket if row.outcome.value in ("created", "followup") else None
    page = client.get(f"/demandes/{shown.number}/traiter" if shown
                      else f"/demandes/courriels/{row.id}").get_data(as_text=True)
    text = visible_text(page)
    for words in expected.get("page_text", []):
        assert words in text, f"{words!r} not shown for {name}"
    if row.reason in ("receipt", "calendar") and earlier is not None:
        history = visible_text(client.get(f"/demandes/{earlier.ticket.number}/traiter")
                               .get_data(as_text=True))
        assert expected["page_text"][0] in history, "recorded in the request's history"


def test_a_second_delivery_of_each_machine_fixture_changes_nothing(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    for name in sorted(MANIFEST):
        deliver(mailbox, (MACHINES / name).read_bytes())
    counted = (len(db.session.scalars(select(Ticket)).all()), len(acks(db)),
               len(db.session.scalars(select(TicketEvent)).all()))
    for name in sorted(MANIFEST):
        deliver(mailbox, (MACHINES / name).read_bytes())
    assert (len(db.session.scalars(select(Ticket)).all()), len(acks(db)),
            len(db.session.scalars(select(TicketEvent)).all())) == counted


def test_a_receipt_is_a_history_line_of_the_request_not_a_message(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    request = deliver(mailbox, (MACHINES / "request-imprimante.eml").read_bytes()).ticket
    request.status = Status.RESOLVED
    db.session.commit()
    messages = len(request.messages)
    row = deliver(mailbox, (MACHINES / "receipt-text-on-resolved.eml").read_bytes())
    db.session.refresh(request)
    assert row.ticket_id == request.id
    assert len(request.messages) == messages, "a receipt is no message of the requester"
    assert request.status is Status.RESOLVED
    assert [event.field for event in request.events].count("receipt") == 1
    assert request.reopen_count == 0


def test_an_out_of_office_by_inbox_rule_keeps_the_sla_pause(db, make_mailbox, deliver):
    from datetime import timedelta

    from portal.timeutil import utcnow
    from tickets.services import set_status

    mailbox = make_mailbox()
    now = utcnow()
    request = deliver(mailbox, (MACHINES / "request-vpn.eml").read_bytes(), now).ticket
    set_status(request, Status.WAITING, None, now + timedelta(minutes=5))
    db.session.commit()
    row = deliver(mailbox, (MACHINES / "ooo-inbox-rule-on-waiting.eml").read_bytes(),
                  now + timedelta(hours=2))
    db.session.refresh(request)
    assert (row.outcome, row.reason) == (Outcome.IGNORED, "auto-reply")
    assert request.status is Status.WAITING
    open_spans = db.session.scalars(select(SlaSpan).where(
        SlaSpan.ticket_id == request.id, SlaSpan.ended_at.is_(None))).all()
    assert [span.paused for span in open_spans] == [True], "the SLA clock stays paused"
