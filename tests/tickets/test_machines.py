"""Machines versus people: receipts, out-of-office replies and the SLA pause.

Each fixture of tests/fixtures/mail/machines/ is checked by test_manifest.py.
"""

from sqlalchemy import select

from tests.tickets_factories import FIXTURES
from tickets.enums import Outcome, Status
from tickets.models import SlaSpan

MACHINES = FIXTURES / "machines"


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
