"""Helpers of the indicator tests: requests lived through the real services, tables read back.

Each step takes its instant (the clock is injected) and commits, as the web edge would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, inspect, select

from indicators.models import LEVELS, rollups
from indicators.queries import Figures
from portal.extensions import db
from tickets import services
from tickets.enums import Channel, Status
from tickets.models import Ticket
from tickets.services import NewMessage

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def fresh(ticket: Ticket) -> Ticket:
    """The request loaded again (a rebuild leaves the session's objects detached)."""
    return db.session.get(Ticket, inspect(ticket).identity[0])


def open_request(requester, when: datetime, service=None, subject: str = "Accès VPN impossible",
                 channel: Channel = Channel.PORTAL, **values) -> Ticket:
    """A request received at `when` from the requester (to a service when given)."""
    ticket = services.open_ticket(
        subject=subject, now=when, channel=channel, requester=requester,
        service_id=service.id if service is not None else None,
        message=NewMessage(body_text="Bonjour,", from_addr=requester.email,
                           from_name=requester.full_name), **values)
    db.session.commit()
    return ticket


def move(ticket: Ticket, status: Status, agent, when: datetime) -> Ticket:
    """Set the request's status as the agent does at `when`."""
    ticket = fresh(ticket)
    services.set_status(ticket, status, agent, when)
    db.session.commit()
    return ticket


def resolve(ticket: Ticket, agent, when: datetime) -> Ticket:
    return move(ticket, Status.RESOLVED, agent, when)


def take(ticket: Ticket, agent, when: datetime) -> Ticket:
    return move(ticket, Status.IN_PROGRESS, agent, when)


def reopen(ticket: Ticket, agent, when: datetime) -> Ticket:
    ticket = fresh(ticket)
    services.reopen(ticket, agent, when)
    db.session.commit()
    return ticket


def as_the_worker(app, job, now: datetime) -> dict:
    """Run rebuild or refresh in an app context of its own and commit, as the worker does.

    The test's own session is left alone: a rebuild detaches every object of its session.
    """
    db.session.commit()
    with app.app_context():
        result = job(now)
        db.session.commit()
    return result


def table_rows(table) -> list[tuple]:
    """Every row of an indicator table, in the order of its primary key."""
    return [tuple(row) for row in db.session.execute(
        select(table).order_by(*table.primary_key.columns))]


def figures(result: dict, tag: str = "current") -> Figures:
    """The ungrouped figures of one of the compared periods (empty when nothing was counted)."""
    return result[tag].get((), Figures())


def line(sections, key: str):
    """The first line of a board with this key."""
    return next(line for section in sections for line in section.lines if line.key == key)


def sums_by_period(scale: str, measure: str) -> dict[date, int]:
    """The measure per day or per month, over every slice, as each rollup level holds it.

    Every level sums the same facts: they must agree before their common figure is returned.
    """
    column = func.sum(rollups.c[measure])
    per_level = {}
    for level in LEVELS:
        query = (select(rollups.c.period, column)
                 .where(rollups.c.scale == scale, rollups.c.level == level)
                 .group_by(rollups.c.period).having(column > 0))
        per_level[level] = {period: int(total) for period, total in db.session.execute(query)}
    assert all(sums == per_level["full"] for sums in per_level.values()), per_level
    return per_level["full"]
