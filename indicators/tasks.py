"""Periodic jobs of the indicators."""

from celery import shared_task

from indicators.alerts import detect_flow_alerts
from indicators.board import local_today
from indicators.refresh import refresh
from indicators.report import send_monthly_report
from portal.extensions import db
from portal.timeutil import utcnow


@shared_task(name="indicators.refresh", ignore_result=True, acks_late=True,
             soft_time_limit=1700, time_limit=1800)
def refresh_indicators() -> int:
    """Count what changed since the last run into the rollups; safe to run twice."""
    counts = refresh(utcnow())
    db.session.commit()
    return counts["requests"]


@shared_task(name="indicators.flow_alerts", ignore_result=True, acks_late=True,
             soft_time_limit=540, time_limit=600)
def flow_alerts() -> int:
    """Flag last month's flows that moved beyond the threshold, and its new clients."""
    added = detect_flow_alerts(local_today(utcnow()))
    db.session.commit()
    return added


@shared_task(name="indicators.monthly_report", ignore_result=True, acks_late=True,
             soft_time_limit=840, time_limit=900)
def monthly_report() -> int:
    """Mail last month's report once, on the first open day it can; safe to run daily."""
    now = utcnow()
    sent = send_monthly_report(now, local_today(now))
    db.session.commit()
    return sent
