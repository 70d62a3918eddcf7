"""A week in the life of three requests: a weekend, 11 November, lunch breaks, a pause and a
priority change; every due date, warning and escalation checked with an injected clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal.enums import Role
from portal.outbox import OutboxMessage
from tickets.actions import post_reply, requester_reply
from tickets.enums import Level, Status
from tickets.services import assign, change, set_status
from tickets.sla_jobs import remind_waiting, sweep

PARIS = ZoneInfo("Europe/Paris")


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def mails(db, category: str) -> list[tuple[str, str]]:
    return [(m.to_addr, m.subject.split(" ", 1)[0]) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.category == category)
        .order_by(OutboxMessage.id))]


def test_a_week_of_three_requests(db, make_service, make_ticket, make_user):
    service = make_service()  # P3: take charge 4 h, resolve 16 h, in business hours
    agent = make_user(Role.AGENT, email="agent@exemple.fr")
    make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr")
    requester = make_user(email="claire.martin@exemple.fr")

    # A arrives on Friday 6 November at 17:00, half an hour before closing.
    a = make_ticket(requester=requester, service_id=service.id, subject="A", now=paris(6, 17))
    assert a.take_charge_due_at == paris(9, 12)
    assert a.resolve_due_at == paris(12, 9)  # Tuesday evening, then 11 November is off
    assert sweep(paris(7, 10)) == 0  # Saturday: nothing due, nothing sent
    assign(a, agent, None, agent, paris(9, 8, 45))
    assert sweep(paris(9, 11)) == 1  # 75 % of the take-charge time: the assignee
    assert sweep(paris(9, 11, 30)) == 0
    assert sweep(paris(9, 12)) == 0  # missed at 12:00 sharp, but the desk is at lunch
    assert sweep(paris(9, 13, 30)) == 1  # so escalated when it opens again
    assert a.sla_breached
    post_reply(a, agent, "Je regarde.", False, None, [], paris(9, 14))
    assert a.take_charge_due_at is None
    assert a.status is Status.IN_PROGRESS

    # B arrives on Monday at 11:00 and waits on Claire from 11:30 to Thursday 10:00.
    b = make_ticket(requester=requester, service_id=service.id, subject="B", now=paris(9, 11))
    set_status(b, Status.WAITING, agent, paris(9, 11, 30))
    assert b.resolve_due_at is None
    assert b.next_reminder_at == paris(12, 11, 30)  # 15 business hours, 11 November skipped

    # C arrives on Tuesday at 16:00; it is made critical at 16:30, then normal again.
    c = make_ticket(requester=requester, service_id=service.id, subject="C", now=paris(10, 16))
    change(c, agent, paris(10, 16, 30), urgency=Level.HIGH, impact=Level.HIGH)
    assert c.resolve_target is None  # the service commits to nothing in P1

    assert sweep(paris(10, 14)) == 1  # A: 75 % of the resolution time
    assert sweep(paris(11, 10)) == 0  # 11 November: nobody is disturbed

    requester_reply(b, requester, "Voici la capture demandée.", [], paris(12, 10))
    assert b.status is Status.IN_PROGRESS
    assert b.next_reminder_at is None
    assert b.resolve_due_at == paris(16, 10, 30)  # 30 min used before the pause
    assert remind_waiting(paris(12, 12)) == 0

    change(c, agent, paris(12, 9), urgency=Level.MEDIUM, impact=Level.MEDIUM)
    assert c.take_charge_due_at == paris(12, 11)  # 1 h 30 on Tuesday, 30 min on Thursday

    assert sweep(paris(12, 9)) == 1  # A: resolution missed at 9:00 on Thursday
    assert mails(db, "sla") == [
        ("agent@exemple.fr", f"[{a.number}]"), ("rrc@exemple.fr", f"[{a.number}]"),
        ("agent@exemple.fr", f"[{a.number}]"), ("rrc@exemple.fr", f"[{a.number}]")]
    assert sweep(paris(12, 9, 1)) == 0, "nothing is sent twice"
