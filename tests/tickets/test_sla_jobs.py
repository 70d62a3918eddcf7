"""The worker's SLA jobs with an injected clock: warnings, escalations, quiet nights, closure."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal.enums import Role
from portal.outbox import OutboxMessage
from tickets.enums import Level, Status
from tickets.services import assign, set_status
from tickets.sla_jobs import close_resolved, remind_waiting, sweep
from tickets.timers import refresh

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def sla_mail(db) -> list[tuple[str, str]]:
    return [(m.to_addr, m.subject) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.category == "sla").order_by(OutboxMessage.id))]


def test_the_assignee_is_warned_at_three_quarters_then_managers_on_breach(
        db, make_ticket, make_service, make_user):
    agent = make_user(Role.AGENT, email="agent@exemple.fr")
    make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr")
    ticket = make_ticket(service_id=make_service().id, now=paris(2026, 11, 23, 9, 0))
    assign(ticket, agent, None, agent, paris(2026, 11, 23, 9, 5))
    db.session.commit()
    # Take charge within 4 h: 75 % at 12:00 would fall in the lunch break, so 13:30 + 30 min.
    assert sweep(paris(2026, 11, 23, 13, 0)) == 0
    assert sweep(paris(2026, 11, 23, 14, 5)) == 1
    assert sla_mail(db) == [("agent@exemple.fr", f"[{ticket.number}] Échéance de prise en "
                                                 f"charge proche : {ticket.subject}")]
    assert sweep(paris(2026, 11, 23, 14, 6)) == 0, "a second run sends nothing more"
    assert sweep(paris(2026, 11, 23, 15, 5)) == 1
    assert sla_mail(db)[-1][0] == "rrc@exemple.fr"
    assert ticket.sla_breached
    assert [e.new_value for e in ticket.events if e.field == "sla_breach"] == ["take_charge"]


def test_nobody_is_woken_up_for_a_normal_request_but_for_a_critical_one(
        db, make_ticket, make_service, make_user):
    make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr")
    service = make_service()
    # Warned at 16:30 and due at 17:30 on Friday, but the worker only runs on Saturday night.
    normal = make_ticket(service_id=service.id, now=paris(2026, 11, 20, 13, 30))
    assert sweep(paris(2026, 11, 21, 3, 0)) == 0
    assert normal.next_sla_check_at == paris(2026, 11, 23, 8, 30)
    assert sweep(paris(2026, 11, 23, 8, 30)) == 1
    assert sla_mail(db)[-1][1].startswith(f"[{normal.number}] Délai de prise en charge dépassé")
    critical = make_ticket(service_id=service.id, urgency=Level.HIGH, impact=Level.HIGH,
                           now=paris(2026, 11, 20, 16, 0))
    critical.take_charge_target = 15
    refresh(critical, paris(2026, 11, 20, 16, 0))
    db.session.commit()
    assert sweep(paris(2026, 11, 21, 3, 0)) >= 1


def test_waiting_requests_are_not_warned(db, make_ticket, make_service, make_user):
    agent = make_user(Role.AGENT)
    ticket = make_ticket(service_id=make_service().id, now=paris(2026, 11, 23, 9, 0))
    set_status(ticket, Status.WAITING, agent, paris(2026, 11, 23, 9, 30))
    db.session.commit()
    assert ticket.next_sla_check_at is None
    assert sweep(paris(2026, 11, 30, 10, 0)) == 0


def test_resolved_requests_close_after_a_week(db, make_ticket, make_user):
    agent = make_user(Role.AGENT)
    ticket = make_ticket(now=paris(2026, 11, 2, 9, 0))
    set_status(ticket, Status.RESOLVED, agent, paris(2026, 11, 3, 9, 0))
    db.session.commit()
    assert close_resolved(paris(2026, 11, 9, 9, 0)) == 0
    assert close_resolved(paris(2026, 11, 10, 9, 1)) == 1
    assert ticket.status is Status.CLOSED
    assert close_resolved(paris(2026, 11, 11, 9, 0)) == 0


def test_a_waiting_requester_is_reminded_twice_then_the_request_resolves(
        db, make_ticket, make_service, make_user):
    agent = make_user(Role.AGENT)
    requester = make_user(email="claire.martin@exemple.fr")
    ticket = make_ticket(requester=requester, service_id=make_service().id,
                         now=paris(2026, 11, 23, 9, 0))
    set_status(ticket, Status.WAITING, agent, paris(2026, 11, 23, 10, 0))
    db.session.commit()
    # 15 business hours later: Monday gives 6 h, Tuesday 7 h 30, so Wednesday 10:00.
    assert ticket.next_reminder_at == paris(2026, 11, 25, 10, 0)
    assert remind_waiting(paris(2026, 11, 25, 9, 59)) == 0
    assert remind_waiting(paris(2026, 11, 25, 10, 0)) == 1
    assert remind_waiting(paris(2026, 11, 25, 10, 1)) == 0, "a second run sends nothing more"
    reminders = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.category == "reminder")).all()
    assert [m.to_addr for m in reminders] == ["claire.martin@exemple.fr"]
    assert remind_waiting(paris(2026, 11, 27, 10, 0)) == 1
    assert ticket.reminders_sent == 2
    assert remind_waiting(paris(2026, 12, 1, 10, 0)) == 1
    assert ticket.status is Status.RESOLVED
    assert [e.field for e in ticket.events][:2] == ["status", "auto_resolved"]


def test_an_answer_stops_the_reminders(db, make_ticket, make_user):
    from tickets.actions import requester_reply

    requester = make_user()
    ticket = make_ticket(requester=requester, now=paris(2026, 11, 23, 9, 0))
    set_status(ticket, Status.WAITING, make_user(Role.AGENT), paris(2026, 11, 23, 10, 0))
    requester_reply(ticket, requester, "Voici la capture.", [], paris(2026, 11, 24, 9, 0))
    db.session.commit()
    assert ticket.status is Status.IN_PROGRESS
    assert ticket.next_reminder_at is None
    assert remind_waiting(paris(2026, 12, 1, 9, 0)) == 0


def test_each_agent_gets_one_morning_digest_late_requests_first(db, make_ticket, make_user):
    from tickets.sla_jobs import send_digests

    agent = make_user(Role.AGENT, email="agent@exemple.fr", first_name="Julien")
    calm = make_ticket(subject="Souris à changer", now=paris(2026, 11, 20, 9, 0))
    late = make_ticket(subject="Serveur arrêté", now=paris(2026, 11, 20, 9, 0))
    for ticket in (calm, late):
        assign(ticket, agent, None, agent, paris(2026, 11, 20, 9, 5))
    late.sla_breached = True
    db.session.commit()
    assert send_digests(paris(2026, 11, 23, 8, 0)) == 1
    assert send_digests(paris(2026, 11, 23, 8, 5)) == 0, "once a day"
    digest = db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "digest"))
    assert digest.to_addr == "agent@exemple.fr"
    assert digest.subject == "Vos demandes en cours (2)"
    body = digest.body_text
    assert body.index("Serveur arrêté") < body.index("Souris à changer")
    assert "[DÉLAI DÉPASSÉ]" in body
