"""The one beat schedule of the portal: every periodic job, safe to run twice."""

from celery.schedules import crontab

SCHEDULE = {
    "send-outbox": {"task": "portal.send_outbox", "schedule": 30.0},
    "send-outbox-hourly-catch-up": {"task": "portal.send_outbox", "schedule": crontab(minute=7)},
}
