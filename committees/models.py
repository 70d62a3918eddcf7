"""Committees and their meetings, action plans, client meetings, events and client projects."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.enums import (
    ActionOrigin,
    ActionPriority,
    ActionStatus,
    Attendance,
    Cadence,
    Channel,
    EventKind,
    Level,
    MeetingStatus,
    ProjectStatus,
    Side,
)
from portal.enums import db_enum
from portal.extensions import db
from portal.models import Contact, Entity, User
from portal.timeutil import UTCDateTime, utcnow

committee_entities = Table(
    "committee_entities", db.metadata,
    Column("committee_id", ForeignKey("committees.id"), primary_key=True),
    Column("entity_id", ForeignKey("entities.id"), primary_key=True, index=True),
)

client_meeting_contacts = Table(
    "client_meeting_contacts", db.metadata,
    Column("client_meeting_id", ForeignKey("client_meetings.id"), primary_key=True),
    Column("contact_id", ForeignKey("contacts.id"), primary_key=True),
)

project_services = Table(
    "client_project_services", db.metadata,
    Column("project_id", ForeignKey("client_projects.id"), primary_key=True),
    Column("service_id", ForeignKey("catalog_services.id"), primary_key=True, index=True),
)


class Person:
    """A DSI member (a user) or a client-side one (a contact) of a committee or meeting."""

    @property
    def person(self) -> User | Contact:
        return self.user or self.contact

    @property
    def side(self) -> Side:
        return Side.DSI if self.user_id else Side.CLIENT

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def email(self) -> str:
        return self.person.email


class Committee(db.Model):
    """A client committee of one entity or a group of entities, at one organisational level."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    level: Mapped[Level] = mapped_column(db_enum(Level, "committee_level"))
    cadence: Mapped[Cadence] = mapped_column(db_enum(Cadence, "committee_cadence"))
    purpose: Mapped[str] = mapped_column(Text, default="")
    default_location: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entities: Mapped[list[Entity]] = relationship(secondary=committee_entities,
                                                  order_by="Entity.name")
    members: Mapped[list[CommitteeMember]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="CommitteeMember.id")
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="committee", order_by="Meeting.starts_at.desc()")

    @property
    def entity_ids(self) -> set[int]:
        return {entity.id for entity in self.entities}


class CommitteeMember(Person, db.Model):
    """A standing member of a committee, from the DSI or from the client's contacts."""

    __tablename__ = "committee_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    role: Mapped[str] = mapped_column(String(80), default="")

    committee: Mapped[Committee] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship()
    contact: Mapped[Contact | None] = relationship()


class Meeting(db.Model):
    """One sitting of a committee: when, where, who, the agenda, the minutes, the decisions."""

    __tablename__ = "committee_meetings"
    __table_args__ = (Index("ix_committee_meetings_status_starts", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=90)
    location: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MeetingStatus] = mapped_column(db_enum(MeetingStatus, "meeting_status"),
                                                  default=MeetingStatus.PLANNED)
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    minutes_published: Mapped[bool] = mapped_column(default=False)
    minutes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(default=0)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    committee: Mapped[Committee] = relationship(back_populates="meetings")
    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingParticipant.id")
    actions: Mapped[list[Action]] = relationship(back_populates="meeting",
                                                 order_by="Action.id")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes.strip())


class MeetingParticipant(Person, db.Model):
    """A person invited to a meeting and whether they attended."""

    __tablename__ = "committee_meeting_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("committee_meetings.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    attendance: Mapped[Attendance] = mapped_column(db_enum(Attendance, "attendance"),
                                                   default=Attendance.INVITED)

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship()
    contact: Mapped[Contact | None] = relationship()


class Action(db.Model):
    """One action of a plan: who does what by when, and where it came from."""

    __tablename__ = "committee_actions"
    __table_args__ = (Index("ix_committee_actions_entity_status", "entity_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(db_enum(ActionStatus, "action_status"),
                                                 default=ActionStatus.OPEN, index=True)
    priority: Mapped[ActionPriority] = mapped_column(db_enum(ActionPriority, "action_priority"),
                                                     default=ActionPriority.NORMAL)
    origin: Mapped[ActionOrigin] = mapped_column(db_enum(ActionOrigin, "action_origin"),
                                                 default=ActionOrigin.MANUAL)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("committee_meetings.id"),
                                                   index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_services.id"))
    survey_response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"),
                                                           index=True)
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reminders_sent: Mapped[int] = mapped_column(default=0)

    entity: Mapped[Entity | None] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    meeting: Mapped[Meeting | None] = relationship(back_populates="actions")
    ticket = relationship("Ticket")
    service = relationship("Service")
    survey_response = relationship("indicators.surveys.models.Response")

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today


class ClientMeeting(db.Model):
    """A meeting with a client outside committees: a visit, a call, a lunch, an event."""

    __tablename__ = "client_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    met_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[Channel] = mapped_column(db_enum(Channel, "client_meeting_channel"))
    subject: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("client_events.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entity: Mapped[Entity] = relationship()
    author: Mapped[User | None] = relationship()
    event: Mapped[Event | None] = relationship(back_populates="attendances")
    contacts: Mapped[list[Contact]] = relationship(secondary=client_meeting_contacts,
                                                   order_by="Contact.last_name")


class Event(db.Model):
    """A Techday, an internal IT fair or a workshop; each client attending is a meeting."""

    __tablename__ = "client_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[EventKind] = mapped_column(db_enum(EventKind, "client_event_kind"))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attendances: Mapped[list[ClientMeeting]] = relationship(back_populates="event",
                                                            order_by="ClientMeeting.id")


class Project(db.Model):
    """A new project raised by an entity, from the idea to its delivery or abandonment."""

    __tablename__ = "client_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ProjectStatus] = mapped_column(db_enum(ProjectStatus, "client_project_status"),
                                                  default=ProjectStatus.IDEA, index=True)
    raised_on: Mapped[date] = mapped_column(Date, index=True)
    signed_on: Mapped[date | None] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entity: Mapped[Entity] = relationship()
    owner: Mapped[User | None] = relationship()
    sponsor: Mapped[Contact | None] = relationship()
    services = relationship("Service", secondary=project_services, order_by="Service.name")
