"""Catalogue services: saving and publishing sheets, families, reviews."""

from __future__ import annotations

from datetime import datetime

from catalog.enums import Lifecycle
from catalog.models import (
    Commitment,
    Family,
    NewsItem,
    Revision,
    Service,
    ServiceLink,
    Subscription,
)
from catalog.sheets import search_text, take_snapshot
from catalog.svg import sanitize_svg
from portal.enums import Priority
from portal.extensions import db
from portal.models import User

SHEET_FIELDS = (
    "name", "summary", "benefits", "strong_points", "included", "not_included", "audience",
    "how_to_order", "prerequisites", "keywords", "lifecycle", "family_id", "owner_id",
    "backup_id", "target_all", "calendar_id",
)
FAMILY_FIELDS = ("slug", "name", "description", "icon", "colour", "position")


def _set_commitments(service: Service, commitments: dict) -> None:
    existing = {c.priority: c for c in service.commitments}
    for priority in Priority:
        hours = commitments.get(priority)
        if hours is None:
            if priority in existing:
                service.commitments.remove(existing[priority])
            continue
        commitment = existing.get(priority) or Commitment(priority=priority)
        commitment.take_charge_minutes, commitment.resolve_minutes = hours
        if priority not in existing:
            service.commitments.append(commitment)


def _set_children(service: Service, commitments: dict | None, links: list | None,
                  related: list | None, targets: list | None) -> None:
    """Replace the lists given; None keeps what the service has."""
    if commitments is not None:
        _set_commitments(service, commitments)
    if links is not None:
        service.links = [ServiceLink(title=title, url=url, position=index)
                         for index, (title, url) in enumerate(links)]
    if related is not None:
        service.related = [other for other in related if other is not service]
    if targets is not None or service.target_all:
        service.targets = [] if service.target_all else list(targets)


def save_sheet(service: Service | None, values: dict, actor: User, now: datetime,
               commitments: dict | None = None, links: list | None = None,
               related: list | None = None, targets: list | None = None,
               comment: str = "") -> Service:
    """Save the working copy of a sheet and record a revision when anything changed."""
    if service is None:
        service = Service(code=values["code"], created_at=now)
        db.session.add(service)
    for name in SHEET_FIELDS:
        if name in values:
            setattr(service, name, values[name])
    if service.lifecycle is not None:
        service.lifecycle = Lifecycle(service.lifecycle)
    _set_children(service, commitments, links, related, targets)
    db.session.flush()
    db.session.refresh(service, ["family", "owner", "backup"])
    data = take_snapshot(service)
    latest = service.revisions[0] if service.revisions else None
    if latest is None or latest.data != data:
        number = latest.number + 1 if latest else 1
        db.session.add(Revision(service=service, number=number, author=actor, created_at=now,
                                comment=comment, data=data))
        service.updated_at = now
    service.draft_search = search_text(data)
    db.session.flush()
    return service


def latest_revision(service: Service) -> Revision | None:
    return service.revisions[0] if service.revisions else None


def has_unpublished_changes(service: Service) -> bool:
    latest = latest_revision(service)
    return latest is not None and latest.id != service.published_revision_id


def publish_sheet(service: Service, actor: User, now: datetime) -> Revision:
    """Make the latest revision the one requesters read; publishing counts as a review."""
    revision = latest_revision(service)
    revision.published_at = now
    service.published_revision = revision
    service.published_search = search_text(revision.data)
    mark_reviewed(service, now)
    db.session.flush()
    return revision


def unpublish_sheet(service: Service) -> None:
    """Withdraw the sheet from requesters (it stays visible to staff)."""
    service.published_revision = None
    service.published_search = ""
    db.session.flush()


def mark_reviewed(service: Service, now: datetime) -> None:
    """Record that the owner checked the sheet is still right."""
    service.last_reviewed_at = now
    service.review_reminded_at = None


def save_family(family: Family | None, values: dict, svg_text: str | None) -> Family:
    """Create or update a family; an uploaded SVG pictogram is sanitised first."""
    family = family or Family()
    for name in FAMILY_FIELDS:
        if name in values:
            setattr(family, name, values[name])
    if svg_text is not None:
        family.svg = sanitize_svg(svg_text) if svg_text else None
    db.session.add(family)
    db.session.flush()
    return family


def add_subscription(service: Service, entity, since, until=None, note: str = ""):
    """Record that an entity uses a service from a date (until a date, if known)."""
    subscription = Subscription(service=service, entity=entity, since=since, until=until,
                                note=note)
    db.session.add(subscription)
    db.session.flush()
    return subscription


def end_subscription(subscription, day) -> None:
    """Close a running subscription on that day."""
    subscription.until = day
    db.session.flush()


def save_news(item: NewsItem | None, values: dict, actor: User, now: datetime) -> NewsItem:
    """Create or update a news item; publishing dates it, unpublishing hides it."""
    item = item or NewsItem(author=actor, created_at=now)
    item.title, item.body = values["title"], values["body"]
    item.service_id = values.get("service_id") or None
    if values.get("publish") and item.published_at is None:
        item.published_at = now
    elif not values.get("publish"):
        item.published_at = None
    db.session.add(item)
    db.session.flush()
    return item
