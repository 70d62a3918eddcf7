"""Tables the worker maintains so that dashboards never aggregate the requests live.

- ``indicator_request_facts``: one narrow row per request, its measures worked out once
  (business delays, SLA met or missed, first-contact resolution, satisfaction given).
- ``indicator_rollups``: the facts summed per day (``scale = 'day'``) and per month
  (``'month'``), per entity, service and request type (``level = 'full'``), and again with
  dimensions summed away (``'type'``: per type only; ``'entity'``: per entity only;
  ``'entity_t'``: per entity and type; likewise for services; a summed-away id is -1, a
  summed-away type ``*``), so that a view reads a handful of rows, not the finest ones. A
  period reads whole months from the monthly rows and its ragged ends from the daily ones.
  Entity and service 0 mean "none".
- ``indicator_backlog``: the open requests at the end of each month, by age and lateness.
- ``indicator_client_firsts``: the day each entity first made a request, to any service
  (service 0) and to each service.
- ``indicator_flow_alerts``: inbound flows that moved beyond the threshold, and new clients.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from indicators.maths import BUCKETS
from portal.extensions import db
from portal.models import Entity, User
from portal.timeutil import UTCDateTime, utcnow

CHANNELS = ("email", "portal", "phone", "visit")
RESPONSES = ("email", "phone", "meeting", "onsite", "remote")
TAKE_BUCKETS = tuple(f"take_h{index}" for index in range(BUCKETS))
RESOLVE_BUCKETS = tuple(f"resolve_h{index}" for index in range(BUCKETS))

# Measures counted on the day a request was received.
RECEIVED_MEASURES = ("received", *(f"ch_{c}" for c in CHANNELS), "take_met", "take_missed",
                     *TAKE_BUCKETS)
# Measures counted on the day a request was (last) resolved.
RESOLVED_MEASURES = ("resolved", "resolve_met", "resolve_missed", "reopened", "first_contact",
                     *(f"resp_{r}" for r in RESPONSES), "rated", "rated_sum",
                     "rated_satisfied", *RESOLVE_BUCKETS)
MEASURES = RECEIVED_MEASURES + RESOLVED_MEASURES
DIMENSIONS = ("entity_id", "service_id", "type")

facts = Table(
    "indicator_request_facts", db.metadata,
    Column("ticket_id", Integer, primary_key=True, autoincrement=False),
    Column("entity_id", Integer, nullable=False),
    Column("service_id", Integer, nullable=False),
    Column("type", String(12), nullable=False),
    Column("channel", String(12), nullable=False),
    Column("response_type", String(12), nullable=False, default=""),
    Column("created_day", Date, nullable=False, index=True),
    Column("created_month", Date, nullable=False),
    Column("resolved_day", Date, index=True),
    Column("resolved_month", Date),
    Column("take_minutes", Integer),
    Column("resolve_minutes", Integer),
    Column("take_bucket", Integer),
    Column("resolve_bucket", Integer),
    Column("take_met", Boolean),
    Column("resolve_met", Boolean),
    Column("reopened", Boolean, nullable=False, default=False),
    Column("first_contact", Boolean, nullable=False, default=False),
    Column("rating", Integer),
    Column("resolve_due_at", UTCDateTime),  # of a request still open, while its clock runs
    Index("ix_indicator_request_facts_entity", "entity_id", "service_id", "created_day"),
)

# Each level of the rollups keeps these dimensions and sums the others away; a read takes the
# first (coarsest) level that keeps what it groups on and filters.
LEVELS = {"type": ("type",), "entity": ("entity_id",), "service": ("service_id",),
          "entity_t": ("entity_id", "type"), "service_t": ("service_id", "type"),
          "full": DIMENSIONS}
ALL_IDS, ALL_TYPES = -1, "*"

rollups = Table(
    "indicator_rollups", db.metadata,
    Column("scale", String(5), nullable=False),
    Column("level", String(12), nullable=False),
    Column("period", Date, nullable=False),
    Column("month", Date, nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("service_id", Integer, nullable=False),
    Column("type", String(12), nullable=False),
    *(Column(name, Integer, nullable=False, default=0) for name in MEASURES),
    PrimaryKeyConstraint("scale", "level", "period", "entity_id", "service_id", "type"),
    Index("ix_indicator_rollups_scale_month", "scale", "level", "month"),
)

BACKLOG_MEASURES = ("open", "age_2", "age_7", "age_30", "age_older", "overdue", "unassigned")
backlog = Table(
    "indicator_backlog", db.metadata,
    Column("month", Date, nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("service_id", Integer, nullable=False),
    Column("type", String(12), nullable=False),
    Column("taken_at", UTCDateTime, nullable=False),
    *(Column(name, Integer, nullable=False, default=0) for name in BACKLOG_MEASURES),
    PrimaryKeyConstraint("month", "entity_id", "service_id", "type"),
)

client_firsts = Table(
    "indicator_client_firsts", db.metadata,
    Column("entity_id", Integer, nullable=False),
    Column("service_id", Integer, nullable=False),
    Column("first_day", Date, nullable=False, index=True),
    PrimaryKeyConstraint("entity_id", "service_id"),
)


class RollupState(db.Model):
    """How far the rollups have been brought: the changes before refreshed_at are counted."""

    __tablename__ = "indicator_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rebuilt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    facts: Mapped[int] = mapped_column(default=0)


class FlowAlert(db.Model):
    """An entity × service flow that moved beyond the threshold, or a new client."""

    __tablename__ = "indicator_flow_alerts"
    __table_args__ = (UniqueConstraint("period_start", "kind", "entity_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # rise, fall, new_client
    period_start: Mapped[date] = mapped_column(Date, index=True)
    period_end: Mapped[date] = mapped_column(Date)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_services.id"))
    previous: Mapped[int] = mapped_column(default=0)
    current: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    entity: Mapped[Entity] = relationship()
    service = relationship("Service")
    dismissed_by: Mapped[User | None] = relationship()

    @property
    def change(self) -> float | None:
        return (self.current - self.previous) / self.previous if self.previous else None


class MonthlyReport(db.Model):
    """The relations manager's monthly report as sent: its PDF, when it was built and mailed."""

    __tablename__ = "indicator_monthly_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, unique=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recipients: Mapped[int] = mapped_column(default=0)
