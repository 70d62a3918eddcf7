"""Periodic jobs of the catalogue."""

from celery import shared_task

from catalog.coverage import month_start, record_snapshots
from catalog.exports import build_synopsis
from catalog.notifications import remind_stale_sheets
from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow


@shared_task(name="catalog.record_coverage", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def record_coverage() -> int:
    """Record this month's coverage of every service; running it again refreshes the same row."""
    count = record_snapshots(month_start(utcnow().date()))
    db.session.commit()
    return count


@shared_task(name="catalog.remind_stale_sheets", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def remind_stale_sheets_task() -> int:
    """Remind owners of sheets not reviewed for too long (at most once a month each)."""
    sent = remind_stale_sheets(utcnow())
    db.session.commit()
    return sent


@shared_task(name="catalog.build_synopsis", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def build_synopsis_task(user_id: int, locale: str) -> None:
    """Render the synopsis PDF as this user sees it into the shared cache."""
    user = db.session.get(User, user_id)
    if user is not None:
        build_synopsis(user, locale)
