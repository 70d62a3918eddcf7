"""The one beat schedule of the portal: every periodic job, safe to run twice."""

from celery.schedules import crontab

SCHEDULE = {
    "send-outbox": {"task": "portal.send_outbox", "schedule": 30.0},
    "send-outbox-hourly-catch-up": {"task": "portal.send_outbox", "schedule": crontab(minute=7)},
    "purge-exports": {"task": "portal.purge_exports", "schedule": crontab(minute=45, hour=3)},
    "catalog-record-coverage": {"task": "catalog.record_coverage",
                                "schedule": crontab(minute=15, hour=2)},
    "catalog-remind-stale-sheets": {"task": "catalog.remind_stale_sheets",
                                    "schedule": crontab(minute=30, hour=8, day_of_week="1-5")},
}
