"""Catalogue models: families, services and their sheets, revisions, subscriptions, news."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.enums import Lifecycle
from portal.enums import Priority, db_enum
from portal.extensions import db
from portal.models import Entity, User
from portal.timeutil import UTCDateTime, utcnow

service_relations = Table(
    "catalog_service_relations",
    db.metadata,
    Column("service_id", ForeignKey("catalog_services.id"), primary_key=True),
    Column("related_id", ForeignKey("catalog_services.id"), primary_key=True),
)

service_targets = Table(
    "catalog_service_targets",
    db.metadata,
    Column("service_id", ForeignKey("catalog_services.id"), primary_key=True),
    Column("entity_id", ForeignKey("entities.id"), primary_key=True),
)


class Family(db.Model):
    """A family of services, with the pictogram and colour every page reuses for it."""

    __tablename__ = "catalog_families"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    icon: Mapped[str] = mapped_column(String(60), default="grid")
    svg: Mapped[str | None] = mapped_column(Text)
    colour: Mapped[str] = mapped_column(String(7), default="#1f3a68")
    position: Mapped[int] = mapped_column(default=0)

    services: Mapped[list[Service]] = relationship(back_populates="family",
                                                   order_by="Service.name")


class Service(db.Model):
    """A service of the catalogue; its columns are the working copy of the sheet."""

    __tablename__ = "catalog_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("catalog_families.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(300), default="")
    benefits: Mapped[str] = mapped_column(Text, default="")
    strong_points: Mapped[str] = mapped_column(Text, default="")
    included: Mapped[str] = mapped_column(Text, default="")
    not_included: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(Text, default="")
    how_to_order: Mapped[str] = mapped_column(Text, default="")
    prerequisites: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(String(400), default="")
    lifecycle: Mapped[Lifecycle] = mapped_column(db_enum(Lifecycle, "lifecycle"),
                                                 default=Lifecycle.STUDY)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("business_calendars.id"))
    target_all: Mapped[bool] = mapped_column(default=True)
    last_reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    review_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_revisions.id", use_alter=True))
    draft_search: Mapped[str] = mapped_column(Text, default="")
    published_search: Mapped[str] = mapped_column(Text, default="")

    family: Mapped[Family] = relationship(back_populates="services")
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    backup: Mapped[User | None] = relationship(foreign_keys=[backup_id])
    commitments: Mapped[list[Commitment]] = relationship(
        cascade="all, delete-orphan", order_by="Commitment.priority")
    links: Mapped[list[ServiceLink]] = relationship(
        cascade="all, delete-orphan", order_by="ServiceLink.position")
    related: Mapped[list[Service]] = relationship(
        secondary=service_relations, primaryjoin=id == service_relations.c.service_id,
        secondaryjoin=id == service_relations.c.related_id, order_by="Service.name")
    targets: Mapped[list[Entity]] = relationship(secondary=service_targets,
                                                 order_by="Entity.name")
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="service", foreign_keys="Revision.service_id",
        order_by="Revision.number.desc()", cascade="all, delete-orphan")
    published_revision: Mapped[Revision | None] = relationship(
        foreign_keys=[published_revision_id], post_update=True)

    def __repr__(self) -> str:
        return f"<Service {self.code}>"


class Commitment(db.Model):
    """An SLA commitment of a service for one priority, in business minutes."""

    __tablename__ = "catalog_commitments"
    __table_args__ = (UniqueConstraint("service_id", "priority"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("catalog_services.id"), index=True)
    priority: Mapped[Priority] = mapped_column(db_enum(Priority, "priority"))
    take_charge_minutes: Mapped[int]
    resolve_minutes: Mapped[int]


class ServiceLink(db.Model):
    """A document or page about a service (user guide, order form, …)."""

    __tablename__ = "catalog_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("catalog_services.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    url: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(default=0)


class Revision(db.Model):
    """A saved state of a service sheet: who, when, and the whole sheet as it was."""

    __tablename__ = "catalog_revisions"
    __table_args__ = (UniqueConstraint("service_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("catalog_services.id"), index=True)
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(String(300), default="")
    data: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service: Mapped[Service] = relationship(back_populates="revisions",
                                            foreign_keys=[service_id])
    author: Mapped[User | None] = relationship()


class Subscription(db.Model):
    """An entity's use of a service over a period (until is empty while it lasts)."""

    __tablename__ = "catalog_subscriptions"
    __table_args__ = (UniqueConstraint("service_id", "entity_id", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("catalog_services.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")

    service: Mapped[Service] = relationship()
    entity: Mapped[Entity] = relationship()

    def is_active_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or self.until >= day)


class CoverageSnapshot(db.Model):
    """The coverage of a service at the start of a month, kept for its history."""

    __tablename__ = "catalog_coverage_snapshots"
    __table_args__ = (UniqueConstraint("service_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("catalog_services.id"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    subscribed: Mapped[int]
    target: Mapped[int]

    @property
    def rate(self) -> float | None:
        return self.subscribed / self.target if self.target else None


class NewsItem(db.Model):
    """A catalogue news item shown on the home page once published."""

    __tablename__ = "catalog_news"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_services.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    service: Mapped[Service | None] = relationship()
    author: Mapped[User | None] = relationship()
