"""Mail sent by the catalogue."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from catalog.models import Service
from portal.extensions import db
from portal.outbox import external_url, queue_mail

REMIND_EVERY = timedelta(days=30)


def remind_stale_sheets(now: datetime) -> int:
    """Queue one reminder per sheet unreviewed for N months; not again within 30 days."""
    limit = now - timedelta(days=30 * current_app.config["CATALOG_REVIEW_MONTHS"])
    query = select(Service).where(
        Service.last_reviewed_at < limit,
        or_(Service.review_reminded_at.is_(None), Service.review_reminded_at < now - REMIND_EVERY),
    ).with_for_update(skip_locked=True)
    sent = 0
    for service in db.session.scalars(query):
        link = external_url("catalog.sheet", code=service.code, version="brouillon")
        queue_mail(service.owner.email, f"Fiche à revoir : {service.name}",
                   "catalog/review_reminder", now, service=service, link=link)
        service.review_reminded_at = now
        sent += 1
    db.session.flush()
    return sent
