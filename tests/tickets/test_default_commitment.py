"""Every request gets a commitment from the start; setting the service keeps the time used."""

from sqlalchemy import select

from portal.calendars import OFFICE_HOURS
from portal.enums import Priority, Role
from portal.outbox import OutboxMessage
from tests.tickets.test_timers import paris
from tests.tickets_factories import make_mail
from tickets.history import plain_due
from tickets.services import change
from tickets.timers import clocks


def ack(db) -> OutboxMessage:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "ack"))


def test_mail_to_a_mailbox_without_service_is_acknowledged_with_a_date(
        db, make_mailbox, deliver):
    row = deliver(make_mailbox(), make_mail(), now=paris(2026, 11, 23, 9, 0))
    ticket = row.ticket
    assert ticket.service_id is None
    # P3 by default: taken in charge within 8 business hours, resolved within 40.
    assert ticket.take_charge_due_at == OFFICE_HOURS.add_minutes(paris(2026, 11, 23, 9, 0), 480)
    assert ticket.resolve_due_at == OFFICE_HOURS.add_minutes(paris(2026, 11, 23, 9, 0), 2400)
    body = ack(db).body_text
    assert "meilleurs délais" not in body
    assert f"au plus tard {plain_due(ticket.take_charge_due_at)}" in body
    assert f"au plus tard {plain_due(ticket.resolve_due_at)}" in body
    assert "pour ce service" not in body


def test_a_portal_request_without_service_gets_a_date_too(db, client, login_as):
    login_as(Role.REQUESTER)
    from tickets.actions import submit_request
    from tickets.enums import Level

    user = login_as(Role.REQUESTER)
    ticket = submit_request(user, None, "Écran noir", "Plus rien ne s'affiche.", Level.MEDIUM,
                            Level.MEDIUM, [], [], paris(2026, 11, 23, 9, 0))
    db.session.commit()
    assert ticket.resolve_due_at is not None
    assert f"au plus tard {plain_due(ticket.take_charge_due_at)}" in ack(db).body_text


def test_setting_the_service_recomputes_the_due_dates_keeping_the_time_used(
        db, make_mailbox, make_service, make_user, deliver):
    agent = make_user(Role.AGENT)
    service = make_service()  # P3: take charge within 4 h, resolve within 16 h
    row = deliver(make_mailbox(), make_mail(), now=paris(2026, 11, 23, 9, 0))
    ticket = row.ticket
    change(ticket, agent, paris(2026, 11, 23, 11, 0), service=service)
    db.session.commit()
    assert (ticket.take_charge_target, ticket.resolve_target) == (240, 960)
    # Two business hours already used count against the service's four: two are left.
    assert ticket.take_charge_due_at == OFFICE_HOURS.add_minutes(paris(2026, 11, 23, 11, 0), 120)
    assert ticket.resolve_due_at == OFFICE_HOURS.add_minutes(paris(2026, 11, 23, 11, 0), 840)
    assert clocks(ticket, paris(2026, 11, 23, 11, 0)).take_charge.used == 120


def test_the_relations_manager_edits_the_global_default(db, client, login_as, make_mailbox,
                                                        deliver):
    login_as(Role.RELATIONS_MANAGER)
    page = client.get("/demandes/engagements")
    assert page.status_code == 200
    assert "Engagements par défaut" in page.get_data(as_text=True)
    form = {f"{p.value}-take": "8" for p in Priority} | {
        f"{p.value}-resolve": "40" for p in Priority}
    form["p3-take"], form["p3-resolve"] = "2", "4"
    assert client.post("/demandes/engagements", data=form).status_code == 302
    row = deliver(make_mailbox(), make_mail(), now=paris(2026, 11, 23, 9, 0))
    assert (row.ticket.take_charge_target, row.ticket.resolve_target) == (120, 240)
    assert row.ticket.take_charge_due_at == OFFICE_HOURS.add_minutes(
        paris(2026, 11, 23, 9, 0), 120)


def test_a_requester_cannot_edit_the_default_commitments(db, client, login_as):
    login_as(Role.REQUESTER)
    assert client.post("/demandes/engagements", data={"p3-take": "1"}).status_code in (403,
                                                                                        404)
