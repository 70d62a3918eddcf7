"""Celery tasks of the core."""

from celery import shared_task

from portal.exports import ExportJob, purge_old_exports, run_export
from portal.extensions import db
from portal.login_sessions import purge_ended
from portal.outbox import claim_next_message, commit_sent, send_message
from portal.services import request_password_reset
from portal.timeutil import utcnow

BATCH = 200


@shared_task(name="portal.send_outbox", ignore_result=True, soft_time_limit=240, time_limit=300)
def send_outbox() -> int:
    """Send the due outbox messages one by one; safe to run twice and on several workers."""
    sent = 0
    for _ in range(BATCH):
        message = claim_next_message(utcnow())
        if message is None:
            break
        if send_message(message, utcnow()):
            commit_sent(message)
            sent += 1
        else:
            db.session.commit()
    return sent


@shared_task(name="portal.run_export", ignore_result=True, soft_time_limit=840, time_limit=900)
def run_export_task(job_id: int) -> None:
    """Build an export file; safe to run twice (a finished job is left alone)."""
    job = db.session.get(ExportJob, job_id)
    if job is not None:
        run_export(job, db.session.commit)


@shared_task(name="portal.purge_exports", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def purge_exports() -> int:
    """Remove export files older than a week."""
    count = purge_old_exports(utcnow())
    db.session.commit()
    return count


@shared_task(name="portal.purge_sessions", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def purge_sessions() -> int:
    """Delete the sign-in sessions that ended over a day ago; safe to run twice."""
    count = purge_ended(utcnow())
    db.session.commit()
    return count


@shared_task(name="portal.send_password_reset", ignore_result=True, soft_time_limit=60,
             time_limit=90)
def send_password_reset(email: str) -> None:
    """Look the address up and queue a reset link if it is an active account's; else nothing.

    The web form only queues this task, so known and unknown addresses cost it the same.
    """
    request_password_reset(email, utcnow())
    db.session.commit()
