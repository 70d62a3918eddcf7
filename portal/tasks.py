"""Celery tasks of the core."""

from celery import shared_task

from portal.extensions import db
from portal.outbox import claim_next_message, send_message
from portal.timeutil import utcnow

BATCH = 200


@shared_task(name="portal.send_outbox", ignore_result=True)
def send_outbox() -> int:
    """Send the due outbox messages one by one; safe to run twice and on several workers."""
    sent = 0
    for _ in range(BATCH):
        message = claim_next_message(utcnow())
        if message is None:
            break
        sent += send_message(message, utcnow())
        db.session.commit()
    return sent
