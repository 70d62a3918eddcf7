"""Celery tasks of the requests: collect the mailboxes, process one message."""

from celery import shared_task

from portal import audit
from portal.audit import AuditKind
from portal.extensions import db
from portal.timeutil import utcnow
from tickets import sla_jobs
from tickets.mailbox import retention
from tickets.mailbox.collect import poll_mailbox
from tickets.mailbox.ingest import process_safely
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.services import ensure_default_mailbox, list_active_mailboxes


@shared_task(name="tickets.poll_mailboxes", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def poll_mailboxes() -> int:
    """Collect every active mailbox once; a mailbox another worker holds is skipped."""
    ensure_default_mailbox()
    db.session.commit()
    received = 0
    for mailbox_id in [mailbox.id for mailbox in list_active_mailboxes()]:
        result = poll_mailbox(mailbox_id)
        received += result.received if result else 0
    if received:
        from portal.tasks import send_outbox

        send_outbox.delay()
    return received


@shared_task(name="tickets.process_inbound", ignore_result=True, soft_time_limit=60,
             time_limit=90)
def process_inbound(inbound_id: int) -> None:
    """Process one stored message (replay); a message already settled is left alone."""
    row = db.session.get(InboundMessage, inbound_id)
    if row is not None:
        process_safely(row, utcnow())
        db.session.commit()


@shared_task(name="tickets.poll_one", ignore_result=True, soft_time_limit=240, time_limit=300)
def poll_one(mailbox_id: int) -> None:
    """Collect one mailbox now (the 'relever' button)."""
    poll_mailbox(mailbox_id)


@shared_task(name="tickets.purge_raw_mail", ignore_result=True, soft_time_limit=1800,
             time_limit=1900)
def purge_raw_mail() -> int:
    """Delete the raw mail past its retention period (PORTAL_RAW_MAIL_RETENTION_DAYS)."""
    purged = retention.purge_raw_mail(utcnow())
    if purged:
        audit.record(AuditKind.RAW_MAIL_PURGED, f"{purged} courriel(s)")
    return purged


@shared_task(name="tickets.sla_sweep", ignore_result=True, soft_time_limit=240, time_limit=300)
def sla_sweep() -> int:
    """Send the SLA warnings and escalations that have come due."""
    sent = sla_jobs.sweep(utcnow())
    db.session.commit()
    return sent


@shared_task(name="tickets.close_resolved", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def close_resolved() -> int:
    """Close the requests resolved long enough ago."""
    closed = sla_jobs.close_resolved(utcnow())
    db.session.commit()
    return closed


@shared_task(name="tickets.remind_waiting", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def remind_waiting() -> int:
    """Remind requesters of the requests waiting on them."""
    handled = sla_jobs.remind_waiting(utcnow())
    db.session.commit()
    return handled


@shared_task(name="tickets.send_digests", ignore_result=True, soft_time_limit=240,
             time_limit=300)
def send_digests() -> int:
    """Send each agent the morning list of their open requests."""
    sent = sla_jobs.send_digests(utcnow())
    db.session.commit()
    return sent
