"""Celery tasks of the committees: reminders of actions and meetings."""

from celery import shared_task

from committees import jobs
from portal.calendars import default_business_calendar
from portal.extensions import db
from portal.timeutil import utcnow


@shared_task(name="committees.remind_actions", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def remind_actions() -> int:
    """Remind owners of actions due soon or overdue."""
    sent = jobs.remind_actions(utcnow(), default_business_calendar())
    db.session.commit()
    return sent


@shared_task(name="committees.remind_meetings", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def remind_meetings() -> int:
    """Remind participants of coming sittings and managers of missing minutes."""
    sent = jobs.remind_meetings(utcnow(), default_business_calendar())
    db.session.commit()
    return sent
