"""The incremental refresh: after any change it leaves exactly the rows a full rebuild gives.

Requests change through the real services with injected instants; the worker's runs are
replayed in their own app contexts, then compared row by row with a rebuild at the same instant.
"""

from datetime import date

import pytest
from sqlalchemy import select

from catalog.models import Service
from indicators import board
from indicators.models import client_firsts, facts, rollups
from indicators.periods import Period
from indicators.queries import Scope, totals
from indicators.refresh import rebuild, refresh
from portal.models import Entity
from tests.indicators.indicator_helpers import (
    as_the_worker,
    figures,
    fresh,
    line,
    open_request,
    paris,
    reopen,
    resolve,
    sums_by_period,
    table_rows,
    take,
)
from tickets import services

FEBRUARY = Period.of("mois", date(2026, 2, 1))


@pytest.fixture
def lived(app, db, make_entity, make_user, make_service, agent):
    """Requests of January and February 2026, counted by a rebuild on 16 February."""
    finance, export = make_entity("Direction Financière"), make_entity("Direction Export")
    in_finance, in_export = make_user(entity=finance), make_user(entity=export)
    mail, vpn = make_service("Messagerie Outlook"), make_service("Accès VPN")
    made = {
        "waiting": open_request(in_finance, paris(2026, 1, 12, 9), service=mail),
        "solved": open_request(in_finance, paris(2026, 1, 20, 10), service=vpn),
        "late": open_request(in_export, paris(2026, 2, 2, 14), service=mail),
        "taken": open_request(in_export, paris(2026, 2, 9, 9), service=vpn),
        "duplicate": open_request(in_export, paris(2026, 2, 9, 9, 5), service=vpn),
        "moved": open_request(in_finance, paris(2026, 2, 10, 11)),
        "fresh": open_request(in_finance, paris(2026, 2, 16, 8), service=mail),
    }
    resolve(made["solved"], agent, paris(2026, 1, 22, 16))
    take(made["taken"], agent, paris(2026, 2, 9, 10))
    ids = {"finance": finance.id, "export": export.id, "mail": mail.id, "vpn": vpn.id}
    as_the_worker(app, rebuild, paris(2026, 2, 16, 9))
    db.session.commit()
    return {**ids, **made}


INDICATOR_TABLES = (facts, rollups, client_firsts)


def test_a_refresh_after_changes_gives_exactly_the_rows_of_a_full_rebuild(
        app, db, lived, agent, make_entity, make_user):
    newcomer = make_user(entity=make_entity("Direction des Achats"))
    resolve(lived["taken"], agent, paris(2026, 2, 17, 11))
    reopen(lived["solved"], agent, paris(2026, 2, 17, 14))
    open_request(newcomer, paris(2026, 2, 18, 10),
                 service=db.session.get(Service, lived["vpn"]))
    services.change(fresh(lived["moved"]), agent, paris(2026, 2, 18, 11),
                    entity=db.session.get(Entity, lived["export"]),
                    service=db.session.get(Service, lived["mail"]))
    services.merge(fresh(lived["duplicate"]), fresh(lived["taken"]), agent,
                   paris(2026, 2, 18, 12))
    db.session.commit()

    now = paris(2026, 2, 19, 12)
    as_the_worker(app, refresh, now)
    refreshed = {table.name: table_rows(table) for table in INDICATOR_TABLES}
    as_the_worker(app, rebuild, now)
    rebuilt = {table.name: table_rows(table) for table in INDICATOR_TABLES}
    assert refreshed == rebuilt
    february = figures(totals(FEBRUARY, Scope()))
    assert (february["received"], february["resolved"]) == (5, 1)
    assert figures(totals(FEBRUARY, Scope()), "previous")["received"] == 2


def test_a_change_committed_just_after_a_count_but_stamped_before_it_is_still_counted(
        app, db, lived, agent):
    # The agent's transaction began at 8:50 and committed after the 9:00 rebuild had read.
    resolve(lived["taken"], agent, paris(2026, 2, 16, 8, 50))
    now = paris(2026, 2, 16, 9, 5)
    as_the_worker(app, refresh, now)
    assert sums_by_period("day", "resolved")[date(2026, 2, 16)] == 1
    refreshed = {table.name: table_rows(table) for table in INDICATOR_TABLES}
    as_the_worker(app, rebuild, now)
    assert refreshed == {table.name: table_rows(table) for table in INDICATOR_TABLES}


def test_a_refresh_with_nothing_changed_keeps_the_rows_and_counts_deadlines_passed_since(
        app, db, lived):
    before = {table.name: table_rows(table) for table in INDICATOR_TABLES}
    now = paris(2026, 2, 16, 15)  # "fresh" had to be taken by 14:00
    as_the_worker(app, refresh, now)
    as_the_worker(app, refresh, now)
    refreshed = {table.name: table_rows(table) for table in INDICATOR_TABLES}
    as_the_worker(app, rebuild, now)
    assert refreshed == {table.name: table_rows(table) for table in INDICATOR_TABLES}
    assert refreshed["indicator_rollups"] != before["indicator_rollups"]
    # "late", "duplicate" and "fresh", and "moved": with no service yet, it runs on the default
    # commitment (8 business hours to take charge in P3) since 10 February.
    assert figures(totals(FEBRUARY, Scope()))["take_missed"] == 4


def test_a_take_charge_deadline_at_closing_time_counts_as_missed_after_later_refreshes(
        app, db, make_user, make_service):
    # Received during the lunch break: 4 business hours to take charge end at 17:30 sharp.
    lunch = open_request(make_user(), paris(2026, 2, 16, 12, 30), service=make_service())
    assert fresh(lunch).take_charge_due_at == paris(2026, 2, 16, 17, 30)
    as_the_worker(app, rebuild, paris(2026, 2, 16, 14))
    for now in (paris(2026, 2, 16, 17, 35), paris(2026, 2, 16, 17, 45),
                paris(2026, 2, 16, 18, 0), paris(2026, 2, 17, 10, 0)):  # the beat's runs
        as_the_worker(app, refresh, now)
    refreshed = {table.name: table_rows(table) for table in INDICATOR_TABLES}
    take_met = db.session.scalar(select(facts.c.take_met))
    take_rate = line(board.mailbox_board(FEBRUARY, Scope()), "take_rate").values["current"]
    assert (take_met, take_rate) == (False, 0.0), "still untaken the next morning: late"
    as_the_worker(app, rebuild, paris(2026, 2, 17, 10, 0))
    assert refreshed == {table.name: table_rows(table) for table in INDICATOR_TABLES}
