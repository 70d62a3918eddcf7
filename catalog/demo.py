"""Demo catalogue: families, published sheets, subscriptions with their history, news."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import select

from catalog import services
from catalog.coverage import previous_months, record_snapshots
from catalog.demo_data import FAMILIES, NEWS, SERVICES, ServiceSpec
from catalog.enums import Lifecycle
from catalog.models import CoverageSnapshot, Family, NewsItem, Service, Subscription
from portal.demo import SeedCounts, Seeder
from portal.enums import Role
from portal.extensions import db
from portal.models import Entity, User, UserRole

FIRST_OWNERS = ("sophie.lefevre@exemple.fr", "marc.dubois@exemple.fr")
HISTORY_MONTHS = 24
UNPUBLISHED = (Lifecycle.STUDY,)
STALE_EVERY = 9  # every ninth sheet was last reviewed eight months ago


def demo_total() -> int:
    return len(FAMILIES) + 2 * len(SERVICES) + len(NEWS) + 1


def _tally(counts: SeedCounts, state: str) -> None:
    setattr(counts, state, getattr(counts, state) + 1)


def _owners() -> list[User]:
    leads = db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.PRODUCT_LEAD).order_by(User.email)).all()
    first = [u for email in FIRST_OWNERS for u in leads if u.email == email]
    return first + [u for u in leads if u not in first]


def _seed_family(spec, position: int) -> str:
    family = db.session.scalar(select(Family).where(Family.slug == spec.slug))
    values = {"slug": spec.slug, "name": spec.name, "description": spec.description,
              "icon": spec.icon, "colour": spec.colour, "position": position}
    if family is not None and all(getattr(family, k) == v for k, v in values.items()):
        return "unchanged"
    services.save_family(family, values, None)
    return "created" if family is None else "updated"


def _sheet_values(spec: ServiceSpec, family: Family, owner: User, backup: User | None) -> dict:
    return {
        "code": spec.code, "name": spec.name, "family_id": family.id, "summary": spec.summary,
        "benefits": "\n".join(spec.benefits), "strong_points": "\n".join(spec.strong_points),
        "included": "\n".join(spec.included), "not_included": "\n".join(spec.not_included),
        "audience": spec.audience, "how_to_order": spec.how_to_order,
        "prerequisites": spec.prerequisites, "keywords": spec.keywords,
        "lifecycle": spec.lifecycle, "owner_id": owner.id,
        "backup_id": backup.id if backup else None, "target_all": spec.target is None,
    }


def _seed_service(spec: ServiceSpec, index: int, owners: list[User], entities: dict,
                  now: datetime) -> str:
    service = db.session.scalar(select(Service).where(Service.code == spec.code))
    revisions_before = len(service.revisions) if service else 0
    family = db.session.scalar(select(Family).where(Family.slug == spec.family))
    owner = owners[index % len(owners)]
    backup = owners[(index + 1) % len(owners)] if len(owners) > 1 else None
    commitments = {priority: (round(take * 60), round(resolve * 60))
                   for priority, take, resolve in spec.commitments}
    targets = [entities[code] for code in spec.target or ()]
    service = services.save_sheet(service, _sheet_values(spec, family, owner, backup),
                                  actor=owner, now=now, commitments=commitments,
                                  links=list(spec.links), targets=targets,
                                  comment="Fiche initiale du catalogue")
    if revisions_before == 0:
        return "created"
    return "updated" if len(service.revisions) > revisions_before else "unchanged"


def _finish_service(spec: ServiceSpec, index: int, now: datetime) -> None:
    """Link the related services (all exist by now) and publish what is not in study."""
    service = db.session.scalar(select(Service).where(Service.code == spec.code))
    related = list(db.session.scalars(select(Service).where(Service.code.in_(spec.related))))
    services.save_sheet(service, {}, actor=service.owner, now=now, related=related,
                        comment="Services associés")
    if spec.lifecycle not in UNPUBLISHED and services.has_unpublished_changes(service):
        services.publish_sheet(service, service.owner, now)
        if index % STALE_EVERY == 1:
            service.last_reviewed_at = now - timedelta(days=250)


def _seed_subscriptions(spec: ServiceSpec, entities: dict, today: date) -> str:
    """Subscribe a deterministic share of the target entities, with dates over two years."""
    service = db.session.scalar(select(Service).where(Service.code == spec.code))
    rng = random.Random(f"subscriptions-{spec.code}")
    pool = sorted(entities.values(), key=lambda e: e.code) if spec.target is None else [
        entities[code] for code in spec.target]
    chosen = rng.sample(pool, round(spec.coverage * len(pool)))
    existing = {s.entity_id for s in db.session.scalars(
        select(Subscription).where(Subscription.service_id == service.id))}
    added = 0
    for entity in chosen:
        since = today - timedelta(days=rng.randint(20, 720))
        if entity.id not in existing:
            db.session.add(Subscription(service=service, entity=entity, since=since))
            added += 1
    db.session.flush()
    if not added:
        return "unchanged"
    return "updated" if existing else "created"


def _seed_news(spec, now: datetime) -> str:
    if db.session.scalar(select(NewsItem).where(NewsItem.title == spec.title)):
        return "unchanged"
    service = db.session.scalar(select(Service).where(Service.code == spec.service)) \
        if spec.service else None
    author = db.session.scalar(select(User).where(User.email == "nathalie.moreau@exemple.fr"))
    published = now - timedelta(days=spec.days_ago)
    db.session.add(NewsItem(title=spec.title, body=spec.body, service=service, author=author,
                            created_at=published, published_at=published))
    return "created"


def seed_demo(now: datetime, counts: SeedCounts) -> Iterator[str]:
    """Create or update the demo catalogue, yielding one label per item."""
    for position, spec in enumerate(FAMILIES):
        _tally(counts, _seed_family(spec, position))
        yield f"Famille {spec.slug}"
    owners = _owners()
    entities = {e.code: e for e in db.session.scalars(select(Entity))}
    for index, spec in enumerate(SERVICES):
        _tally(counts, _seed_service(spec, index, owners, entities, now))
        yield f"Service {spec.code}"
    for index, spec in enumerate(SERVICES):
        _finish_service(spec, index, now)
        _tally(counts, _seed_subscriptions(spec, entities, now.date()))
        yield f"Abonnements {spec.code}"
    for spec in NEWS:
        _tally(counts, _seed_news(spec, now))
        yield f"Actualité {spec.title[:30]}"
    first = db.session.scalar(select(CoverageSnapshot.id).limit(1)) is None
    for month in previous_months(now.date(), HISTORY_MONTHS):
        record_snapshots(month)
    _tally(counts, "created" if first else "unchanged")
    yield "Historique de couverture"


SEEDER = Seeder(demo_total, seed_demo)
