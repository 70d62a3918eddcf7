"""Celery tasks of the directory: the scheduled sync and the sync asked for from the page."""

from celery import shared_task

from directory.models import DirectorySync, SyncStatus, get_settings
from directory.runs import execute_run, is_sync_due, queue_run
from portal.extensions import db
from portal.timeutil import utcnow


@shared_task(name="directory.sync", ignore_result=True, soft_time_limit=3300, time_limit=3600)
def sync_directory_task(run_id: int) -> None:
    """Run a queued sync; safe to run twice (a run already started is left alone)."""
    run = db.session.get(DirectorySync, run_id)
    if run is not None and run.status == SyncStatus.QUEUED:
        execute_run(run, utcnow)


@shared_task(name="directory.scheduled_sync", ignore_result=True, soft_time_limit=3300,
             time_limit=3600)
def scheduled_sync() -> None:
    """Sync when the configured interval has passed; nothing when no directory is configured."""
    if not is_sync_due(get_settings(), utcnow()):
        return
    run = queue_run(None, utcnow())
    db.session.commit()
    execute_run(run, utcnow)
