"""The Celery application object, configured from the Flask configuration.

Tasks run inside a Flask application context. The worker entry point and the beat
schedule live in the ``worker`` package.
"""

from celery import Celery, Task
from flask import Flask


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
