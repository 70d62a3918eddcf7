"""The open requests at each month's end, by age and lateness, as the dashboards show them."""

from datetime import date

import pytest
from sqlalchemy import func, select

from indicators import board, queries
from indicators.models import backlog
from indicators.periods import Period
from indicators.queries import Scope
from indicators.refresh import rebuild
from portal.enums import Role
from tests.indicators.indicator_helpers import (
    as_the_worker,
    open_request,
    paris,
    resolve,
    take,
    utc,
)


@pytest.fixture
def agent(make_user):
    return make_user(Role.AGENT)


@pytest.fixture
def winter(app, db, make_user, make_service, agent):
    """Requests open across the new year, counted on 15 March 2026."""
    requester, service = make_user(), make_service()

    def at(*args):
        return open_request(requester, paris(*args), service=service)

    made = {"last_day": at(2026, 1, 31, 10), "mid_january": at(2026, 1, 10, 9),
            "december": at(2025, 12, 15, 9), "closed_in_january": at(2026, 1, 20, 9),
            "closed_in_february": at(2026, 1, 20, 10), "closed_at_midnight": at(2026, 1, 28, 9)}
    take(made["mid_january"], agent, paris(2026, 1, 12, 9, 30))
    resolve(made["closed_in_january"], agent, paris(2026, 1, 25, 10))
    resolve(made["closed_in_february"], agent, paris(2026, 2, 10, 10))
    resolve(made["closed_at_midnight"], agent, utc(2026, 1, 31, 23, 30))  # 1 Feb in Paris
    as_the_worker(app, rebuild, paris(2026, 3, 15, 10))
    return made


def test_requests_open_at_the_end_of_a_past_month_are_in_its_snapshot_by_age(db, winter):
    january = queries.backlog_at({"current": Period.of("mois", date(2026, 1, 1))}, Scope())
    snapshot = january["current"][()]
    ages = {name: snapshot[name] for name in ("open", "age_2", "age_7", "age_30", "age_older")}
    assert ages == {"open": 5, "age_2": 1, "age_7": 1, "age_30": 2, "age_older": 1}
    assert snapshot["at"] == paris(2026, 2, 1)
    december = queries.backlog_at({"current": Period.of("mois", date(2025, 12, 1))}, Scope())
    assert (december["current"][()]["open"], december["current"][()]["age_30"]) == (1, 1)
    by_month = dict(db.session.execute(select(backlog.c.month, func.sum(backlog.c.open))
                                       .group_by(backlog.c.month)).all())
    assert by_month == {date(2025, 12, 1): 1, date(2026, 1, 1): 5, date(2026, 2, 1): 3,
                        date(2026, 3, 1): 3}


def test_the_board_shows_the_backlog_at_the_end_of_each_compared_period(winter):
    lines = {line.key: line.values for line in board.mailbox_board(
        Period.of("mois", date(2026, 1, 1)), Scope())[-1].lines}
    assert lines["backlog:open"] == {"current": 5, "previous": 1, "year": None}
    assert lines["backlog:age_older"]["current"] == 1


def test_a_request_still_open_past_its_resolution_deadline_is_late_in_past_snapshots(winter):
    # Taken within the hour on 12 January, never solved: 16 business hours ran out on 14 January.
    january = queries.backlog_at({"current": Period.of("mois", date(2026, 1, 1))}, Scope())
    current = queries.backlog_at({"current": Period.of("mois", date(2026, 3, 1))}, Scope())
    assert current["current"][()]["overdue"] == current["current"][()]["open"] == 3
    assert january["current"][()]["overdue"] == 5
