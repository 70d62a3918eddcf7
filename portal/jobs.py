"""The Celery application object, configured from the Flask configuration.

Tasks run inside a Flask application context. The worker entry point and the beat
schedule live in the ``worker`` package.
"""

from celery import Celery, Task
from flask import Flask

# The worker queues: mail in and out must never wait behind a PDF or a nightly sweep.
# Run at least one worker per queue in production (README, Procfile); beat sends to them.
MAIL, PERIODIC, EXPORTS = "mail", "periodic", "exports"
QUEUE_OF_TASK = {
    "tickets.poll_mailboxes": MAIL, "tickets.poll_one": MAIL, "tickets.process_inbound": MAIL,
    "portal.send_outbox": MAIL, "portal.send_password_reset": MAIL,
    "portal.run_export": EXPORTS, "catalog.build_synopsis": EXPORTS, "directory.sync": EXPORTS,
}
PERIODIC_TASKS = (
    "tickets.sla_sweep", "tickets.close_resolved", "tickets.remind_waiting",
    "tickets.send_digests", "tickets.purge_raw_mail", "portal.purge_exports",
    "catalog.record_coverage", "catalog.remind_stale_sheets", "committees.remind_actions",
    "committees.remind_meetings", "surveys.plan_post_request", "surveys.run_invitations",
    "indicators.refresh", "indicators.flow_alerts", "indicators.monthly_report",
    "directory.scheduled_sync", "portal.purge_sessions",
)
QUEUE_OF_TASK |= dict.fromkeys(PERIODIC_TASKS, PERIODIC)


def task_routes(prefix: str = "") -> dict[str, dict]:
    """Each task's queue; the prefix lets several portals (or tests) share one broker."""
    return {task: {"queue": f"{prefix}{queue}"} for task, queue in QUEUE_OF_TASK.items()}


def init_celery(app: Flask) -> Celery:
    """Create the Celery app bound to this Flask app and make it the default one."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.conf.update(
        broker_url=app.config["BROKER_URL"],
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        task_always_eager=app.config["CELERY_ALWAYS_EAGER"],
        task_default_queue=app.config["CELERY_QUEUE"],
        task_routes=task_routes(app.config["CELERY_QUEUE_PREFIX"]),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
        enable_utc=True,
    )
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
