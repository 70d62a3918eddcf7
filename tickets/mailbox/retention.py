"""Retention of raw mail: the original .eml is deleted once its retention period is over.

The row stays (hash, Message-ID, outcome, request), so a late duplicate is still recognised;
only the bytes go, unless an attachment or a younger message shares them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from tickets.blobs import blob_path
from tickets.enums import Outcome
from tickets.mailbox.models import InboundMessage
from tickets.models import Attachment

BATCH = 500
UNSETTLED = (Outcome.RECEIVED,)


def retention_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=current_app.config["RAW_MAIL_RETENTION_DAYS"])


def _still_needed(sha256: str, cutoff: datetime) -> bool:
    """Bytes an attachment or a message still in its retention period points to."""
    attachment = db.session.scalar(select(Attachment.id).where(Attachment.sha256 == sha256)
                                   .limit(1))
    younger = db.session.scalar(
        select(InboundMessage.id).where(InboundMessage.sha256 == sha256,
                                        InboundMessage.received_at >= cutoff).limit(1))
    return attachment is not None or younger is not None


def purge_raw_mail(now: datetime) -> int:
    """Delete the raw bytes of the messages received before the cutoff; return how many."""
    cutoff = retention_cutoff(now)
    purged = 0
    while True:
        rows = db.session.scalars(
            select(InboundMessage).where(InboundMessage.received_at < cutoff,
                                         InboundMessage.raw_purged_at.is_(None),
                                         InboundMessage.outcome.not_in(UNSETTLED))
            .order_by(InboundMessage.id).limit(BATCH)).all()
        if not rows:
            return purged
        for row in rows:
            row.raw_purged_at = now
        db.session.commit()  # the rows first: a crash now leaves a file, never a dangling row
        for sha256 in {row.sha256 for row in rows}:
            if not _still_needed(sha256, cutoff):
                blob_path(sha256).unlink(missing_ok=True)
        purged += len(rows)
