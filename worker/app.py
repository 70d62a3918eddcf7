"""Celery entry point: ``celery -A worker.app worker`` and ``celery -A worker.app beat``."""

import catalog.tasks  # noqa: F401  (registers the catalogue's tasks)
import committees.tasks  # noqa: F401  (registers the committees' tasks)
import directory.tasks  # noqa: F401  (registers the directory's tasks)
import indicators.surveys.tasks  # noqa: F401  (registers the surveys' tasks)
import indicators.tasks  # noqa: F401  (registers the indicators' tasks)
import portal.tasks  # noqa: F401  (registers the core tasks)
import tickets.tasks  # noqa: F401  (registers the mailbox tasks)
from portal import create_app
from worker.schedule import SCHEDULE

flask_app = create_app()
celery = flask_app.extensions["celery"]
celery.conf.beat_schedule = SCHEDULE
