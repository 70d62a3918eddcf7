"""Client meetings, events and client projects: recording them and listing them for a user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date
from sqlalchemy import Select, distinct, false, func, select
from sqlalchemy.orm import selectinload

from catalog.models import Service
from committees.enums import Channel, ProjectStatus
from committees.models import ClientMeeting, Event, Project
from committees.permissions import is_manager, served_entity_ids
from portal.enums import Role
from portal.extensions import db
from portal.models import Contact, Entity, User
from portal.queries import entity_choices
from portal.services import assign_fields

MEETING_FIELDS = ("entity_id", "met_on", "channel", "subject", "summary", "follow_up",
                  "event_id")
EVENT_FIELDS = ("name", "kind", "held_on", "location", "description")
PROJECT_FIELDS = ("entity_id", "title", "description", "status", "raised_on", "signed_on",
                  "closed_on", "owner_id", "sponsor_id")
SIGNED_STATUSES = (ProjectStatus.SIGNED, ProjectStatus.DELIVERED)
CLOSED_STATUSES = (ProjectStatus.DELIVERED, ProjectStatus.ABANDONED)


class AlreadyAttending(ValueError):
    """The entity is already recorded as present at the event."""


@dataclass
class RelationFilter:
    """Filters of the client-relations lists; values that are not set are not applied."""

    entity_id: int | None = None
    channel: str = ""
    status: str = ""
    since: date | None = None
    until: date | None = None
    event_id: int | None = None


def scope_to_followed(query: Select, user: User, entity_column) -> Select:
    """Keep the rows of the entities the user follows: all for managers, served ones for leads."""
    if is_manager(user):
        return query
    if user.is_authenticated and user.has_role(Role.PRODUCT_LEAD):
        return query.where(entity_column.in_(served_entity_ids(user)))
    return query.where(false())


def _meetings_where(user: User, filters: RelationFilter) -> Select:
    query = scope_to_followed(select(ClientMeeting), user, ClientMeeting.entity_id)
    if filters.entity_id:
        query = query.where(ClientMeeting.entity_id == filters.entity_id)
    if filters.channel in Channel._value2member_map_:
        query = query.where(ClientMeeting.channel == Channel(filters.channel))
    if filters.since:
        query = query.where(ClientMeeting.met_on >= filters.since)
    if filters.until:
        query = query.where(ClientMeeting.met_on <= filters.until)
    if filters.event_id:
        query = query.where(ClientMeeting.event_id == filters.event_id)
    return query


def list_client_meetings(user: User, filters: RelationFilter) -> Select:
    """The meetings the user may see matching the filters, newest first (a query to paginate)."""
    return _meetings_where(user, filters).order_by(
        ClientMeeting.met_on.desc(), ClientMeeting.id.desc()).options(
        selectinload(ClientMeeting.entity), selectinload(ClientMeeting.contacts),
        selectinload(ClientMeeting.author), selectinload(ClientMeeting.event))


def count_entities_met(user: User, filters: RelationFilter) -> int:
    """How many distinct clients the visible, filtered meetings cover."""
    query = _meetings_where(user, filters).with_only_columns(
        func.count(distinct(ClientMeeting.entity_id)))
    return db.session.scalar(query) or 0


def list_projects(user: User, filters: RelationFilter) -> list[Project]:
    """The client projects the user may see matching the filters, latest raised first."""
    query = scope_to_followed(select(Project), user, Project.entity_id)
    if filters.entity_id:
        query = query.where(Project.entity_id == filters.entity_id)
    if filters.status in ProjectStatus._value2member_map_:
        query = query.where(Project.status == ProjectStatus(filters.status))
    query = query.order_by(Project.raised_on.desc(), Project.id.desc()).options(
        selectinload(Project.entity), selectinload(Project.owner),
        selectinload(Project.sponsor), selectinload(Project.services))
    return list(db.session.scalars(query))


def list_events() -> list[Event]:
    """Every event, the latest first."""
    return list(db.session.scalars(select(Event).order_by(Event.held_on.desc(), Event.id.desc())))


def count_attendees(user: User) -> dict[int, int]:
    """For each event, how many of the clients the user follows attended it."""
    query = scope_to_followed(select(ClientMeeting.event_id, func.count(ClientMeeting.id)),
                              user, ClientMeeting.entity_id)
    rows = db.session.execute(query.where(ClientMeeting.event_id.is_not(None))
                              .group_by(ClientMeeting.event_id))
    return dict(rows.all())


def followed_entity_choices(user: User, blank: str | None = None) -> list:
    """Entity choices restricted to the entities the user follows."""
    choices = entity_choices(blank)
    if is_manager(user):
        return choices
    served = served_entity_ids(user)
    return [(value, label) for value, label in choices if not value or value in served]


def contact_choices() -> dict[str, list[tuple[int, str]]]:
    """Every contact, grouped under its entity's name (for a select with option groups)."""
    contacts = db.session.scalars(select(Contact).join(Entity).order_by(
        Entity.name, Contact.last_name, Contact.first_name))
    grouped: dict[str, list[tuple[int, str]]] = {}
    for contact in contacts:
        label = f"{contact.full_name} — {contact.job_title}" if contact.job_title else (
            contact.full_name)
        grouped.setdefault(contact.entity.name, []).append((contact.id, label))
    return grouped


def contact_entities() -> dict[int, int]:
    """The entity of every contact, to check a choice of contacts against an entity."""
    return dict(db.session.execute(select(Contact.id, Contact.entity_id)).all())


def event_choices(blank: str) -> list[tuple[int, str]]:
    """Every event as a choice, labelled with its name and date."""
    return [(0, blank)] + [(event.id, f"{event.name} ({format_date(event.held_on, 'short')})")
                           for event in list_events()]


def _entity_contacts(entity_id: int, contact_ids: list[int]) -> list[Contact]:
    if not contact_ids:
        return []
    return list(db.session.scalars(select(Contact).where(
        Contact.id.in_(contact_ids), Contact.entity_id == entity_id)))


def is_attending(event_id: int, entity_id: int, meeting: ClientMeeting | None = None) -> bool:
    """Whether another meeting already records the entity at the event."""
    query = select(ClientMeeting.id).where(ClientMeeting.event_id == event_id,
                                           ClientMeeting.entity_id == entity_id)
    if meeting is not None and meeting.id:
        query = query.where(ClientMeeting.id != meeting.id)
    return db.session.scalar(query.limit(1)) is not None


def save_client_meeting(meeting: ClientMeeting | None, values: dict, contact_ids: list[int],
                        author: User | None, now: datetime) -> ClientMeeting:
    """Record or update a meeting with a client and the entity's contacts who were met."""
    event_id, entity_id = values.get("event_id"), values["entity_id"]
    if event_id and is_attending(event_id, entity_id, meeting):
        raise AlreadyAttending(entity_id)
    if meeting is None:
        meeting = ClientMeeting(created_at=now)
        db.session.add(meeting)
    assign_fields(meeting, values, MEETING_FIELDS)
    meeting.author = author
    meeting.contacts = _entity_contacts(entity_id, contact_ids)
    db.session.flush()
    return meeting


def save_event(event: Event | None, values: dict, now: datetime) -> Event:
    """Create or update an event; its attendances follow a change of date."""
    if event is None:
        event = Event(created_at=now)
        db.session.add(event)
    assign_fields(event, values, EVENT_FIELDS)
    for attendance in event.attendances:
        attendance.met_on = event.held_on
    db.session.flush()
    return event


def add_event_attendee(event: Event, entity: Entity, contact_ids: list[int],
                       author: User | None, now: datetime) -> ClientMeeting:
    """Record that a client attended the event (once per entity), with the contacts present."""
    values = {"entity_id": entity.id, "met_on": event.held_on, "channel": Channel.EVENT,
              "subject": event.name, "event_id": event.id}
    return save_client_meeting(None, values, contact_ids, author, now)


def remove_event_attendee(attendance: ClientMeeting) -> None:
    """Drop a client from the event's attendees, and the meeting that recorded it."""
    db.session.delete(attendance)
    db.session.flush()


def is_missing_signed_on(status: ProjectStatus, signed_on: date | None) -> bool:
    """Whether a project in this status lacks the signing date it needs."""
    return status in SIGNED_STATUSES and signed_on is None


def save_project(project: Project | None, values: dict, service_ids: list[int],
                 now: datetime) -> Project:
    """Create or update a client project; a signed or delivered one needs its signing date."""
    status = ProjectStatus(values["status"])
    if is_missing_signed_on(status, values.get("signed_on")):
        raise ValueError("a signed or delivered project needs its signing date")
    sponsor = db.session.get(Contact, values["sponsor_id"]) if values.get("sponsor_id") else None
    if values.get("sponsor_id") and (sponsor is None or sponsor.entity_id != values["entity_id"]):
        raise ValueError("the sponsor must be a contact of the project's entity")
    if project is None:
        project = Project(created_at=now)
        db.session.add(project)
    assign_fields(project, values, PROJECT_FIELDS)
    project.status = status
    if status not in CLOSED_STATUSES:
        project.closed_on = None
    project.services = list(db.session.scalars(select(Service).where(
        Service.id.in_(service_ids)))) if service_ids else []
    project.updated_at = now
    db.session.flush()
    return project
