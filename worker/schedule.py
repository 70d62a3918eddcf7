"""The one beat schedule of the portal: every periodic job, safe to run twice."""

from celery.schedules import crontab

from portal.config import load_config

CONFIG = load_config()

SCHEDULE = {
    "poll-mailboxes": {"task": "tickets.poll_mailboxes",
                       "schedule": float(CONFIG["MAILBOX_POLL_SECONDS"])},
    "send-outbox": {"task": "portal.send_outbox",
                    "schedule": float(CONFIG["OUTBOX_SEND_SECONDS"])},
    "sla-sweep": {"task": "tickets.sla_sweep", "schedule": float(CONFIG["SLA_SWEEP_SECONDS"])},
    "close-resolved": {"task": "tickets.close_resolved", "schedule": crontab(minute=20)},
    "remind-waiting": {"task": "tickets.remind_waiting", "schedule": crontab(minute="*/15")},
    "agent-digests": {"task": "tickets.send_digests",
                      "schedule": crontab(minute=0, hour=8, day_of_week="1-5")},
    "send-outbox-hourly-catch-up": {"task": "portal.send_outbox", "schedule": crontab(minute=7)},
    "purge-raw-mail": {"task": "tickets.purge_raw_mail", "schedule": crontab(minute=30, hour=3)},
    "purge-exports": {"task": "portal.purge_exports", "schedule": crontab(minute=45, hour=3)},
    "purge-sessions": {"task": "portal.purge_sessions", "schedule": crontab(minute=50, hour=3)},
    "catalog-record-coverage": {"task": "catalog.record_coverage",
                                "schedule": crontab(minute=15, hour=2)},
    "committees-remind-actions": {"task": "committees.remind_actions",
                                  "schedule": crontab(minute="*/30")},
    "committees-remind-meetings": {"task": "committees.remind_meetings",
                                   "schedule": crontab(minute=40)},
    "surveys-plan-post-request": {"task": "surveys.plan_post_request",
                                  "schedule": crontab(minute="*/10")},
    "surveys-run-invitations": {"task": "surveys.run_invitations",
                                "schedule": crontab(minute="*/5")},
    "indicators-refresh": {"task": "indicators.refresh",
                           "schedule": float(CONFIG["INDICATORS_REFRESH_SECONDS"])},
    "indicators-flow-alerts": {"task": "indicators.flow_alerts",
                               "schedule": crontab(minute=50, hour=6)},
    "indicators-monthly-report": {"task": "indicators.monthly_report",
                                  "schedule": crontab(minute=15, hour=8, day_of_week="1-5")},
    # Runs only when a directory is configured with an interval (Administration › Annuaire).
    "directory-sync": {"task": "directory.scheduled_sync",
                       "schedule": float(CONFIG["DIRECTORY_CHECK_SECONDS"])},
    "catalog-remind-stale-sheets": {"task": "catalog.remind_stale_sheets",
                                    "schedule": crontab(minute=30, hour=8, day_of_week="1-5")},
}
