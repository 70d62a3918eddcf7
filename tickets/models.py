"""Request models: tickets, their messages, attachments, participants and history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models import Service
from portal.enums import Priority, Role, db_enum
from portal.extensions import db
from portal.models import Contact, Entity, User
from portal.outbox import OutboxMessage
from portal.timeutil import UTCDateTime, utcnow
from tickets.enums import Channel, Level, MessageKind, ResponseType, Status, TicketType

team_members = Table(
    "ticket_team_members",
    db.metadata,
    Column("team_id", ForeignKey("ticket_teams.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class Team(db.Model):
    """A group of agents requests can be assigned to, with its lead."""

    __tablename__ = "ticket_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    lead: Mapped[User | None] = relationship()
    members: Mapped[list[User]] = relationship(secondary=team_members,
                                               order_by="User.last_name")


class TicketCounter(db.Model):
    """The last request number given in a year."""

    __tablename__ = "ticket_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Ticket(db.Model):
    """A request made to the DSI, by mail, on the portal, by phone or in person."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_priority", "status", "priority"),
        Index("ix_tickets_entity_created", "entity_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    subject: Mapped[str] = mapped_column(String(255))
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    requester_email: Mapped[str] = mapped_column(String(254), default="")
    requester_name: Mapped[str] = mapped_column(String(160), default="")
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    channel: Mapped[Channel] = mapped_column(db_enum(Channel, "channel"), default=Channel.EMAIL)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_services.id"),
                                                   index=True)
    type: Mapped[TicketType] = mapped_column(db_enum(TicketType, "ticket_type"),
                                             default=TicketType.SIMPLE)
    urgency: Mapped[Level] = mapped_column(db_enum(Level, "level"), default=Level.MEDIUM)
    impact: Mapped[Level] = mapped_column(db_enum(Level, "level"), default=Level.MEDIUM)
    priority: Mapped[Priority] = mapped_column(db_enum(Priority, "priority"),
                                               default=Priority.NORMAL)
    response_type: Mapped[ResponseType | None] = mapped_column(
        db_enum(ResponseType, "response_type"))
    status: Mapped[Status] = mapped_column(db_enum(Status, "ticket_status"), default=Status.NEW)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_teams.id"), index=True)
    mailbox_id: Mapped[int | None] = mapped_column(ForeignKey("mailboxes.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_count: Mapped[int] = mapped_column(default=0)
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("business_calendars.id"))
    take_charge_target: Mapped[int | None]
    resolve_target: Mapped[int | None]
    take_charge_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolve_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    next_sla_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    sla_notified: Mapped[str] = mapped_column(String(120), default="")
    sla_breached: Mapped[bool] = mapped_column(default=False)
    next_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reminders_sent: Mapped[int] = mapped_column(default=0)

    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id])
    contact: Mapped[Contact | None] = relationship()
    entity: Mapped[Entity | None] = relationship()
    service: Mapped[Service | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    team: Mapped[Team | None] = relationship()
    parent: Mapped[Ticket | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    merged_into: Mapped[Ticket | None] = relationship(remote_side=[id],
                                                      foreign_keys=[merged_into_id])
    messages: Mapped[list[TicketMessage]] = relationship(
        back_populates="ticket", order_by="TicketMessage.created_at, TicketMessage.id")
    participants: Mapped[list[Participant]] = relationship(
        cascade="all, delete-orphan", order_by="Participant.email")
    sla_spans: Mapped[list[SlaSpan]] = relationship(
        cascade="all, delete-orphan", order_by="SlaSpan.started_at, SlaSpan.id")
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.at.desc(), TicketEvent.id.desc()")

    def __repr__(self) -> str:
        return f"<Ticket {self.number}>"

    @property
    def requester_label(self) -> str:
        if self.requester is not None:
            return self.requester.full_name
        return self.requester_name or self.requester_email

    def is_requester(self, user: User) -> bool:
        return self.requester_id == user.id or (
            bool(self.requester_email) and self.requester_email == user.email)

    def is_participant(self, address: str) -> bool:
        address = address.lower()
        return address == self.requester_email.lower() or any(
            p.email == address for p in self.participants)

    @staticmethod
    def visible_to(user: User):
        """The one filter every query of requests shown to a user goes through."""
        if user.has_role(Role.AGENT, Role.RELATIONS_MANAGER, Role.ADMIN):
            return Ticket.id.is_not(None)
        mine = or_(Ticket.requester_id == user.id, Ticket.id.in_(
            select(Participant.ticket_id).where(Participant.email == user.email)))
        entity = (Ticket.entity_id == user.entity_id) & (Ticket.type != TicketType.COMPLAINT)
        led = false()
        if user.has_role(Role.PRODUCT_LEAD):
            led = Ticket.service_id.in_(select(Service.id).where(
                or_(Service.owner_id == user.id, Service.backup_id == user.id)))
        return or_(mine, entity, led)


class TicketMessage(db.Model):
    """One message of a request's conversation: inbound mail, public reply or internal note."""

    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[MessageKind] = mapped_column(db_enum(MessageKind, "message_kind"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_addr: Mapped[str] = mapped_column(String(254), default="")
    from_name: Mapped[str] = mapped_column(String(160), default="")
    to_addrs: Mapped[str] = mapped_column(Text, default="")
    cc_addrs: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(String(255), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(255), index=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()
    outbox: Mapped[OutboxMessage | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(back_populates="message",
                                                         order_by="Attachment.id")

    @property
    def is_public(self) -> bool:
        # A third party's mail is for the desk only: its sender is neither the requester nor
        # someone they put in copy, and may be forging an address.
        return self.kind not in (MessageKind.NOTE, MessageKind.THIRD_PARTY)


class Attachment(db.Model):
    """A file of a message, stored by content hash, never under the sender's name."""

    __tablename__ = "ticket_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("ticket_messages.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content_id: Mapped[str | None] = mapped_column(String(255))
    inline: Mapped[bool] = mapped_column(default=False)

    message: Mapped[TicketMessage] = relationship(back_populates="attachments")


class Participant(db.Model):
    """A person in copy of a request, who receives its public replies."""

    __tablename__ = "ticket_participants"
    __table_args__ = (UniqueConstraint("ticket_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(160), default="")


class SlaSpan(db.Model):
    """A stretch of a request's SLA clock: running, or paused while waiting on the requester."""

    __tablename__ = "ticket_sla_spans"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(String(40), default="")


class TicketEvent(db.Model):
    """One change of a request: who, when, which field, old and new value."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(String(255), default="")
    new_value: Mapped[str] = mapped_column(String(255), default="")

    actor: Mapped[User | None] = relationship()
    ticket: Mapped[Ticket] = relationship(back_populates="events")


class ReplyTemplate(db.Model):
    """A canned answer with fields such as {numero} or {demandeur}, filled per request."""

    __tablename__ = "ticket_reply_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    body: Mapped[str] = mapped_column(Text)


class DefaultCommitment(db.Model):
    """The commitment given to a request whose service has none for its priority."""

    __tablename__ = "ticket_default_commitments"

    priority: Mapped[Priority] = mapped_column(db_enum(Priority, "priority"), primary_key=True)
    take_charge_minutes: Mapped[int]
    resolve_minutes: Mapped[int]


class PriorityRule(db.Model):
    """One cell of the urgency × impact → priority matrix."""

    __tablename__ = "ticket_priority_rules"

    urgency: Mapped[Level] = mapped_column(db_enum(Level, "level"), primary_key=True)
    impact: Mapped[Level] = mapped_column(db_enum(Level, "level"), primary_key=True)
    priority: Mapped[Priority] = mapped_column(db_enum(Priority, "priority"))
