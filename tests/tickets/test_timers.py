"""A request's SLA clock follows its life: pauses while waiting, stops when resolved."""

from datetime import datetime
from zoneinfo import ZoneInfo

from portal.enums import Role
from tickets.enums import Level, Status
from tickets.services import change, set_status
from tickets.timers import clocks

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_a_request_gets_its_service_commitment_as_due_dates(db, make_ticket, make_service):
    service = make_service()  # P3: take charge within 4 h, resolve within 16 h
    ticket = make_ticket(service_id=service.id, now=paris(2026, 11, 20, 17, 45))
    assert (ticket.take_charge_target, ticket.resolve_target) == (240, 960)
    assert ticket.take_charge_due_at == paris(2026, 11, 23, 14, 0)
    assert ticket.resolve_due_at == paris(2026, 11, 25, 9, 30)


def test_waiting_on_the_requester_pauses_then_the_due_date_moves(db, make_ticket, make_service,
                                                                 make_user):
    agent = make_user(Role.AGENT)
    ticket = make_ticket(service_id=make_service().id, now=paris(2026, 11, 23, 9, 0))
    set_status(ticket, Status.WAITING, agent, paris(2026, 11, 23, 10, 0))
    assert ticket.resolve_due_at is None
    assert clocks(ticket, paris(2026, 11, 24, 12, 0)).paused
    set_status(ticket, Status.IN_PROGRESS, agent, paris(2026, 11, 25, 10, 0))
    # 60 min used before the pause; 900 left from Wednesday 10:00.
    assert ticket.resolve_due_at == paris(2026, 11, 27, 10, 0)
    assert [span.reason for span in ticket.sla_spans] == ["", "waiting", "resumed"]


def test_resolving_stops_the_clock_and_reopening_restarts_it(db, make_ticket, make_service,
                                                              make_user):
    agent = make_user(Role.AGENT)
    ticket = make_ticket(service_id=make_service().id, now=paris(2026, 11, 23, 9, 0))
    set_status(ticket, Status.RESOLVED, agent, paris(2026, 11, 23, 11, 0))
    assert (ticket.take_charge_due_at, ticket.resolve_due_at) == (None, None)
    timer = clocks(ticket, paris(2026, 12, 1, 9, 0)).resolve
    assert timer.used == 120
    set_status(ticket, Status.IN_PROGRESS, agent, paris(2026, 11, 24, 9, 0))
    assert ticket.resolve_due_at == paris(2026, 11, 25, 17, 0)


def test_a_priority_change_keeps_the_time_already_used(db, make_ticket, make_service,
                                                       make_user):
    agent = make_user(Role.AGENT)
    service = make_service()
    ticket = make_ticket(service_id=service.id, now=paris(2026, 11, 23, 9, 0))
    change(ticket, agent, paris(2026, 11, 23, 11, 0), urgency=Level.HIGH, impact=Level.HIGH)
    # No P1 commitment on this service: no target, no due date.
    assert ticket.resolve_target is None
    assert ticket.resolve_due_at is None
    change(ticket, agent, paris(2026, 11, 23, 12, 0), urgency=Level.MEDIUM,
           impact=Level.MEDIUM)
    assert ticket.resolve_due_at == paris(2026, 11, 25, 10, 0)


def test_the_service_calendar_wins_over_the_entity_one_then_the_default(db, make_ticket,
                                                                        make_service,
                                                                        make_user, make_entity):
    from portal.calendars import save_calendar

    def calendar(name, hours, default=False):
        return save_calendar(None, name=name, timezone="Europe/Paris", alsace_moselle=False,
                             is_default=default, week={day: hours for day in range(7)},
                             closures=[], now=paris(2026, 1, 1, 0, 0))

    office = calendar("Bureaux", [("08:30", "12:00"), ("13:30", "17:30")], default=True)
    round_the_clock = calendar("Astreinte", [("00:00", "23:59")])
    evenings = calendar("Soirées", [("18:00", "22:00")])
    entity = make_entity(calendar_id=evenings.id)
    requester = make_user(entity=entity)
    service = make_service()
    db.session.commit()
    by_entity = make_ticket(requester=requester, service_id=service.id,
                            now=paris(2026, 11, 23, 9, 0))
    assert by_entity.calendar_id == evenings.id
    assert by_entity.take_charge_due_at == paris(2026, 11, 23, 22, 0)
    service.calendar_id = round_the_clock.id
    db.session.commit()
    by_service = make_ticket(requester=requester, service_id=service.id,
                             now=paris(2026, 11, 23, 9, 0))
    assert by_service.calendar_id == round_the_clock.id
    assert by_service.take_charge_due_at == paris(2026, 11, 23, 13, 0)
    plain = make_ticket(now=paris(2026, 11, 23, 9, 0))
    assert plain.calendar_id == office.id
