"""The requests' demo data: six months of believable requests behind two years of history,
seeded once, mailing no one."""

from sqlalchemy import func, select

from portal.outbox import OutboxMessage
from portal.timeutil import utcnow
from tickets.demo import REQUESTS
from tickets.demo_history import MARKER, history_total
from tickets.enums import Status
from tickets.mailbox.models import Mailbox
from tickets.models import ReplyTemplate, Team, Ticket, TicketEvent, TicketMessage

SEEDED = (Ticket, TicketMessage, TicketEvent, Team, ReplyTemplate, Mailbox)


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_tells_six_months_of_requests_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert _count(db, Ticket) == len(REQUESTS) + history_total()
    history = _count(db, TicketMessage, TicketMessage.message_id.like(MARKER.format("%")))
    assert history == history_total() > 900
    assert set(db.session.scalars(select(Ticket.status).distinct())) == set(Status)
    assert _count(db, Ticket, Ticket.reopen_count > 0) >= 2
    assert _count(db, Ticket, Ticket.merged_into_id.is_not(None)) == 1
    claire = db.session.scalars(select(Ticket).where(
        Ticket.requester_email == "claire.martin@exemple.fr")).all()
    assert len(claire) >= 6
    assert Status.RESOLVED in {ticket.status for ticket in claire}
    assert (_count(db, Team), _count(db, ReplyTemplate), _count(db, Mailbox)) == (2, 6, 2)
    seeded = [_count(db, model) for model in SEEDED]

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 créés, 0 mis à jour" in second.output
    assert [_count(db, model) for model in SEEDED] == seeded


def test_demo_history_is_in_the_past_and_mails_no_one(app, db):
    app.test_cli_runner().invoke(args=["seed-demo"])
    now = utcnow()
    events = db.session.execute(select(TicketEvent.at, Ticket.created_at).join(
        Ticket, Ticket.id == TicketEvent.ticket_id)).all()
    assert events
    assert all(created <= at < now for at, created in events)
    assert _count(db, OutboxMessage, OutboxMessage.category.in_(("ack", "reply", "resolved"))) == 0
    assert _count(db, TicketMessage, TicketMessage.outbox_id.is_not(None)) == 0
