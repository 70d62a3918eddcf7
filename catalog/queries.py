"""Read-only queries of the catalogue."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import abort
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from catalog.enums import Lifecycle
from catalog.models import Family, NewsItem, Service, Subscription
from catalog.permissions import can_see_drafts, visible_services
from portal.enums import Role
from portal.extensions import db
from portal.models import Entity, User
from portal.queries import collation_key, escape_like, user_choices


def list_families() -> list[Family]:
    return list(db.session.scalars(select(Family).order_by(Family.position, Family.name)))


def list_visible_services(user, family: Family | None = None) -> list[Service]:
    query = visible_services(user).order_by(Service.name).options(
        selectinload(Service.family), selectinload(Service.published_revision))
    if family is not None:
        query = query.where(Service.family_id == family.id)
    return list(db.session.scalars(query))


def services_by_family(user) -> list[tuple[Family, list[Service]]]:
    """The offer as the user may see it, family by family (empty families left out)."""
    grouped = defaultdict(list)
    for service in list_visible_services(user):
        grouped[service.family_id].append(service)
    return [(family, grouped[family.id]) for family in list_families() if grouped[family.id]]


def search_services(user, term: str) -> list[Service]:
    """Services whose name, benefits or keywords hold every word typed, accents ignored."""
    words = [w for w in collation_key(term).split() if len(w) > 1][:8]
    if not words:
        return []
    column = Service.draft_search if can_see_drafts(user) else Service.published_search
    query = visible_services(user).where(
        and_(*(column.like(f"%{word}%", escape="\\") for word in map(escape_like, words))))
    return sorted(db.session.scalars(query), key=lambda s: collation_key(s.name))


def get_visible_service(user, code: str) -> Service:
    """The service with this code if the user may see it, else 404."""
    service = db.session.scalar(visible_services(user).where(Service.code == code))
    if service is None:
        abort(404)
    return service


def list_owned_services(user: User) -> list[Service]:
    query = select(Service).where(or_(Service.owner_id == user.id,
                                      Service.backup_id == user.id)).order_by(Service.name)
    return list(db.session.scalars(query))


def product_lead_choices(blank: str | None = None) -> list[tuple[int, str]]:
    return user_choices(Role.PRODUCT_LEAD, blank=blank)


def service_choices(exclude: Service | None = None) -> list[tuple[int, str]]:
    services = db.session.scalars(select(Service).order_by(Service.name))
    return [(s.id, s.name) for s in services if s is not exclude]


def list_published_news(limit: int = 5) -> list[NewsItem]:
    query = (select(NewsItem).where(NewsItem.published_at.is_not(None))
             .order_by(NewsItem.published_at.desc()).limit(limit))
    return list(db.session.scalars(query))


def coverage_by_service(services: list[Service], day: date) -> dict[int, tuple[int, int]]:
    """For each service, (subscribed target entities, target entities) on that day."""
    active_entities = set(db.session.scalars(select(Entity.id).where(Entity.is_active)))
    subscribed = defaultdict(set)
    rows = db.session.execute(
        select(Subscription.service_id, Subscription.entity_id)
        .where(Subscription.service_id.in_([s.id for s in services]), Subscription.since <= day,
               or_(Subscription.until.is_(None), Subscription.until >= day)))
    for service_id, entity_id in rows:
        subscribed[service_id].add(entity_id)
    figures = {}
    for service in services:
        targets = active_entities if service.target_all else {
            e.id for e in service.targets if e.is_active}
        figures[service.id] = (len(subscribed[service.id] & targets), len(targets))
    return figures


def list_entity_subscriptions(entity_ids: set[int], day: date) -> list[Subscription]:
    """The subscriptions of these entities running on that day, by service name."""
    return list(db.session.scalars(
        select(Subscription).join(Service).where(
            Subscription.entity_id.in_(entity_ids), Subscription.since <= day,
            (Subscription.until.is_(None)) | (Subscription.until >= day))
        .order_by(Service.name)))


def list_services_targeting(entity: Entity) -> list[Service]:
    """Published services on offer (live or mature) aimed at this entity or at everyone."""
    services = db.session.scalars(select(Service).options(selectinload(Service.targets)).where(
        Service.published_revision_id.is_not(None),
        Service.lifecycle.in_((Lifecycle.LIVE, Lifecycle.MATURE))).order_by(Service.name))
    return [s for s in services if s.target_all or entity.id in {e.id for e in s.targets}]
