"""Coverage of services: current figures and the monthly snapshots of their history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from catalog.models import CoverageSnapshot, Service
from catalog.queries import coverage_by_service
from portal.extensions import db


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_months(day: date, count: int) -> list[date]:
    """The first days of the `count` months ending with day's month, oldest first."""
    months, current = [], month_start(day)
    for _ in range(count):
        months.append(current)
        current = (current.replace(year=current.year - 1, month=12) if current.month == 1
                   else current.replace(month=current.month - 1))
    return list(reversed(months))


def record_snapshots(month: date) -> int:
    """Store (or refresh) every service's coverage at the start of that month; idempotent."""
    services = list(db.session.scalars(select(Service)))
    figures = coverage_by_service(services, month)
    existing = {s.service_id: s for s in db.session.scalars(
        select(CoverageSnapshot).where(CoverageSnapshot.month == month))}
    for service in services:
        subscribed, target = figures[service.id]
        snapshot = existing.get(service.id) or CoverageSnapshot(service_id=service.id, month=month)
        snapshot.subscribed, snapshot.target = subscribed, target
        db.session.add(snapshot)
    db.session.flush()
    return len(services)


def coverage_history(service: Service, months: int = 12) -> list[CoverageSnapshot]:
    query = (select(CoverageSnapshot).where(CoverageSnapshot.service_id == service.id)
             .order_by(CoverageSnapshot.month.desc()).limit(months))
    return list(reversed(db.session.scalars(query).all()))


def rate_percent(subscribed: int, target: int) -> float | None:
    return round(100 * subscribed / target, 1) if target else None
