"""Celery tasks of the surveys: plan the post-request ones, send, remind and expire."""

from celery import shared_task

from indicators.surveys import engine
from portal.calendars import default_business_calendar
from portal.extensions import db
from portal.timeutil import utcnow


@shared_task(name="surveys.plan_post_request", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def plan_post_request() -> int:
    """Give the requests resolved long enough ago their survey invitation."""
    planned = engine.plan_post_request(utcnow())
    db.session.commit()
    return planned


@shared_task(name="surveys.run_invitations", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def run_invitations() -> int:
    """Close the campaigns past their date; send, remind or expire the invitations due."""
    engine.close_due_campaigns(utcnow())
    mailed = engine.run_invitations(utcnow(), default_business_calendar())
    db.session.commit()
    return mailed
