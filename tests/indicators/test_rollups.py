"""The indicator rollups on requests lived through the real services, with known answers.

Each test builds a few requests with injected instants, rebuilds the rollups as the worker
does, and reads them back as the dashboards do.
"""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from catalog import demo as catalog_demo
from indicators import board
from indicators.facts import local_day
from indicators.models import client_firsts, rollups
from indicators.periods import Period
from indicators.queries import Filters, Scope, scope_of, totals
from indicators.refresh import get_freshness, rebuild
from portal import demo as portal_demo
from portal.demo import SeedCounts
from portal.enums import Segment
from portal.timeutil import utcnow
from tests.indicators.indicator_helpers import (
    PARIS,
    as_the_worker,
    figures,
    fresh,
    line,
    move,
    open_request,
    paris,
    reopen,
    resolve,
    sums_by_period,
    table_rows,
    utc,
)
from tickets import demo as tickets_demo
from tickets import demo_history, services
from tickets.enums import MessageKind, Status
from tickets.models import Ticket
from tickets.services import NewMessage

FEBRUARY = Period.of("mois", date(2026, 2, 1))


@pytest.fixture
def requester_in(make_user):
    """One requester per entity, made on first use."""
    made = {}

    def get(entity):
        if entity.id not in made:
            made[entity.id] = make_user(entity=entity)
        return made[entity.id]

    return get


def received(period: Period, scope: Scope | None = None) -> dict[str, int]:
    """The requests received in the period, the one before and the same a year earlier."""
    result = totals(period, scope or Scope(), measures=("received",))
    return {tag: figures(result, tag)["received"] for tag in result}


def test_a_request_received_at_half_past_midnight_in_paris_counts_in_february(app, db, make_user):
    requester = make_user()
    open_request(requester, utc(2026, 1, 31, 23, 30))  # 00:30 on 1 February in Paris
    open_request(requester, utc(2026, 1, 31, 22, 59))  # 23:59 on 31 January in Paris
    as_the_worker(app, rebuild, paris(2026, 3, 2, 9))
    assert received(FEBRUARY) == {"current": 1, "previous": 1, "year": 0}
    assert sums_by_period("day", "received") == {date(2026, 1, 31): 1, date(2026, 2, 1): 1}
    first_day = Period("libre", date(2026, 2, 1), date(2026, 2, 1))
    assert received(first_day)["current"] == 1
    summary = board.mailbox_board(FEBRUARY, Scope())
    assert line(summary, "received").values == {"current": 1, "previous": 1, "year": 0}


def test_a_request_solved_reopened_and_solved_again_counts_once_on_its_last_resolution(
        app, db, make_user, make_service, agent):
    requester, service = make_user(), make_service()
    twice = open_request(requester, paris(2026, 2, 2, 9), service=service)
    resolve(twice, agent, paris(2026, 2, 3, 10))
    reopen(twice, agent, paris(2026, 2, 5, 9))
    resolve(twice, agent, paris(2026, 2, 10, 11))
    once = open_request(requester, paris(2026, 2, 4, 9), service=service)
    resolve(once, agent, paris(2026, 2, 4, 10))
    open_request(requester, paris(2026, 2, 6, 9), service=service)  # still open
    as_the_worker(app, rebuild, paris(2026, 3, 2, 9))

    assert sums_by_period("day", "resolved") == {date(2026, 2, 4): 1, date(2026, 2, 10): 1}
    assert sums_by_period("day", "reopened") == {date(2026, 2, 10): 1}
    february = figures(totals(FEBRUARY, Scope()))
    assert (february["resolved"], february["reopened"], february["first_contact"]) == (2, 1, 1)
    before_the_last = Period("libre", date(2026, 2, 1), date(2026, 2, 9))
    assert figures(totals(before_the_last, Scope()))["resolved"] == 1
    sections = board.mailbox_board(FEBRUARY, Scope())
    assert line(sections, "resolved").values["current"] == 2
    assert line(sections, "reopen_rate").values["current"] == 0.5
    assert line(sections, "first_contact_rate").values["current"] == 0.5


def test_a_request_whose_requester_had_to_write_again_or_answer_is_not_solved_at_first_contact(
        app, db, make_user, make_service, agent):
    requester, service = make_user(), make_service()
    plain, chased, asked = (open_request(requester, paris(2026, 2, 2, 9 + n), service=service)
                            for n in range(3))
    services.add_message(fresh(chased), MessageKind.INBOUND, NewMessage(
        body_text="Des nouvelles ?", from_addr=requester.email), paris(2026, 2, 3, 9),
        author=requester)
    db.session.commit()
    move(asked, Status.WAITING, agent, paris(2026, 2, 2, 14))
    move(asked, Status.IN_PROGRESS, agent, paris(2026, 2, 3, 10))
    for ticket in (plain, chased, asked):
        resolve(ticket, agent, paris(2026, 2, 4, 10))
    as_the_worker(app, rebuild, paris(2026, 3, 2, 9))
    february = figures(totals(FEBRUARY, Scope()))
    assert (february["resolved"], february["first_contact"]) == (3, 1)
    sections = board.mailbox_board(FEBRUARY, Scope())
    assert line(sections, "first_contact_rate").values["current"] == pytest.approx(1 / 3)


def test_an_entity_whose_first_request_falls_in_the_period_is_a_new_client(
        app, db, make_entity, make_service, requester_in):
    newcomer, regular = make_entity("Direction des Achats"), make_entity("Direction Export")
    vpn = make_service("Accès VPN")
    open_request(requester_in(regular), paris(2025, 6, 10, 9))
    open_request(requester_in(regular), paris(2026, 2, 9, 9), service=vpn)
    open_request(requester_in(newcomer), paris(2026, 2, 12, 9), service=vpn)
    open_request(requester_in(newcomer), paris(2026, 2, 20, 9))
    open_request(requester_in(newcomer), paris(2026, 2, 25, 9), service=vpn)
    newcomer, regular, vpn = newcomer.id, regular.id, vpn.id
    as_the_worker(app, rebuild, paris(2026, 3, 2, 9))

    firsts = {(entity, service): day for entity, service, day in table_rows(client_firsts)}
    assert firsts == {(newcomer, 0): date(2026, 2, 12), (newcomer, vpn): date(2026, 2, 12),
                      (regular, 0): date(2025, 6, 10), (regular, vpn): date(2026, 2, 9)}
    new_in_february = set(db.session.scalars(select(client_firsts.c.entity_id).where(
        client_firsts.c.service_id == 0, client_firsts.c.first_day >= FEBRUARY.start,
        client_firsts.c.first_day <= FEBRUARY.end)))
    assert new_in_february == {newcomer}


@pytest.fixture
def group(app, db, make_entity, make_service, make_family, requester_in):
    """A direction and its department, another direction; two services in two families.

    Their ids and names, read before the rebuild (which leaves the session's objects detached).
    """
    finance = make_entity("Direction Financière", segment=Segment.CORE)
    accounting = make_entity("Service Comptabilité", parent=finance, segment=Segment.SENSITIVE)
    export = make_entity("Direction Export", segment=Segment.SENSITIVE)
    mail = make_service("Messagerie Outlook")
    vpn = make_service("Accès VPN", family=make_family("Réseaux et sécurité"))
    for entity, service, count in ((finance, mail, 1), (accounting, vpn, 2), (export, mail, 3)):
        for number in range(count):
            open_request(requester_in(entity), paris(2026, 2, 3 + number, 10), service=service)
    ids = {"finance": finance.id, "accounting": accounting.id, "export": export.id,
           "mail": mail.id, "vpn": vpn.id, "vpn_family": vpn.family_id,
           "export_path": export.path, "accounting_path": accounting.path}
    as_the_worker(app, rebuild, paris(2026, 3, 2, 9))
    return ids


def test_an_entity_filter_counts_the_entities_below_it(group):
    def count(entity):
        return received(FEBRUARY, scope_of(Filters(entity_id=group[entity])))["current"]

    assert (count("finance"), count("accounting"), count("export")) == (3, 2, 3)
    assert received(FEBRUARY)["current"] == 6


def test_the_service_family_and_segment_filters_count_their_slice_only(group):
    def count(**filters):
        return received(FEBRUARY, scope_of(Filters(**filters)))["current"]

    assert count(service_id=group["mail"]) == 4
    assert count(service_id=group["vpn"]) == 2
    assert count(family_id=group["vpn_family"]) == 2
    assert count(segment=Segment.SENSITIVE) == 5
    assert count(segment=Segment.CORE) == 1
    assert count(segment=Segment.ADVOCATE) == 0
    assert count(entity_id=group["finance"], service_id=group["mail"]) == 1
    assert count(entity_id=group["finance"], segment=Segment.SENSITIVE) == 2


def test_the_board_breaks_the_requests_down_by_entity_and_service(group):
    sections = board.mailbox_board(FEBRUARY, Scope())
    by_entity = {line.label: line.values["current"]
                 for line in next(s for s in sections if s.key == "entities").lines}
    assert sorted(by_entity.values()) == [1, 2, 3]
    assert by_entity[group["export_path"]] == 3
    assert by_entity[group["accounting_path"]] == 2
    assert group["accounting_path"] == "Direction Financière › Service Comptabilité"
    by_service = {line.label: line.values["current"]
                  for line in next(s for s in sections if s.key == "services").lines}
    assert by_service == {"Messagerie Outlook": 4, "Accès VPN": 2}


def test_the_previous_month_and_the_same_month_a_year_before_get_their_own_counts(
        app, db, make_user):
    requester = make_user()
    for day in (paris(2026, 2, 2, 9), paris(2026, 2, 14, 9), paris(2026, 2, 28, 23)):
        open_request(requester, day)
    for day in (paris(2026, 1, 1, 0, 5), paris(2026, 1, 31, 18)):
        open_request(requester, day)
    open_request(requester, paris(2025, 2, 11, 9))
    for elsewhere in (paris(2026, 3, 1, 0, 1), paris(2025, 12, 31, 23, 59), paris(2025, 3, 1)):
        open_request(requester, elsewhere)
    as_the_worker(app, rebuild, paris(2026, 3, 2, 9))

    assert received(FEBRUARY) == {"current": 3, "previous": 2, "year": 1}
    summary = line(board.mailbox_board(FEBRUARY, Scope()), "received")
    assert (summary.change("previous"), summary.change("year")) == (0.5, 2.0)
    first_quarter = Period.of("trimestre", date(2026, 2, 1))
    assert received(first_quarter) == {"current": 6, "previous": 1, "year": 2}


def test_overlapping_compared_periods_each_count_every_request_they_hold(app, db, make_user):
    requester = make_user()
    for day in (paris(2025, 1, 10, 9), paris(2025, 6, 10, 9), paris(2025, 11, 10, 9),
                paris(2026, 1, 10, 9), paris(2026, 2, 10, 9), paris(2026, 8, 10, 9)):
        open_request(requester, day)
    as_the_worker(app, rebuild, paris(2026, 12, 1, 9))
    year = Period.of("annee", date(2026, 1, 1))
    assert received(year) == {"current": 3, "previous": 3, "year": 3}
    # Ten months: the ten before (Mar-Dec 2025) and the same a year earlier (Dec 2024-Sep 2025)
    # share six months.
    ten_months = Period("libre", date(2025, 12, 1), date(2026, 9, 30))
    assert received(ten_months) == {"current": 3, "previous": 2, "year": 2}


def test_chosen_days_add_their_whole_months_and_their_loose_days(app, db, make_user):
    requester = make_user()
    for day in (paris(2026, 1, 14, 9), paris(2026, 1, 15, 9), paris(2026, 2, 5, 9),
                paris(2026, 2, 27, 9), paris(2026, 3, 10, 17), paris(2026, 3, 11, 9)):
        open_request(requester, day)
    as_the_worker(app, rebuild, paris(2026, 4, 1, 9))
    chosen = Period("libre", date(2026, 1, 15), date(2026, 3, 10))
    assert received(chosen)["current"] == 4

def test_the_rollups_count_the_demo_requests_as_a_live_count_does(app, db):
    # The demo's people, catalogue and requests (two years of history, then six months of
    # detailed stories), as `flask seed-demo` seeds them (its committees and survey answers,
    # which these counts ignore, are left out), then counted by the worker.
    now, counts = utcnow(), SeedCounts()
    for seeder in (portal_demo.SEEDER, catalog_demo.SEEDER, demo_history.SEEDER,
                   tickets_demo.SEEDER):
        for _step in seeder.run(now, counts):
            pass
    as_the_worker(app, rebuild, now)
    assert get_freshness().rebuilt_at == now
    live = db.session.execute(select(
        Ticket.created_at, Ticket.resolved_at, Ticket.entity_id, Ticket.reopen_count).where(
        Ticket.merged_into_id.is_(None))).all()
    assert len(live) >= 1000
    received_on = Counter(local_day(row.created_at, PARIS) for row in live)
    resolved_on = Counter(local_day(row.resolved_at, PARIS) for row in live if row.resolved_at)
    reopened_on = Counter(local_day(row.resolved_at, PARIS) for row in live
                          if row.resolved_at and row.reopen_count)
    assert reopened_on, "the demo has requests solved, some of them solved again"

    assert sums_by_period("day", "received") == dict(received_on)
    assert sums_by_period("day", "resolved") == dict(resolved_on)
    assert sums_by_period("day", "reopened") == dict(reopened_on)
    assert sums_by_period("month", "received") == dict(_by_month(received_on))
    assert sums_by_period("month", "resolved") == dict(_by_month(resolved_on))
    entity_months = Counter((local_day(row.created_at, PARIS).replace(day=1), row.entity_id or 0)
                            for row in live)
    rolled = {(month, entity): int(count) for month, entity, count in db.session.execute(
        select(rollups.c.period, rollups.c.entity_id, func.sum(rollups.c.received))
        .where(rollups.c.scale == "month", rollups.c.level == "full")
        .group_by(rollups.c.period, rollups.c.entity_id)
        .having(func.sum(rollups.c.received) > 0))}
    assert rolled == dict(entity_months)
    for month in sorted(_by_month(received_on)):
        period = Period.of("mois", month)
        result = figures(totals(period, Scope()))
        assert (result["received"], result["resolved"]) == (
            _by_month(received_on)[month], _by_month(resolved_on).get(month, 0)), month


def _by_month(per_day: Counter) -> Counter:
    months = Counter()
    for day, count in per_day.items():
        months[day.replace(day=1)] += count
    return months
