"""Read side of the committees: lists, choices and the plan-of-action filter."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from committees.enums import (
    OPEN_ACTION_STATUSES,
    ActionPriority,
    ActionStatus,
    MeetingStatus,
)
from committees.models import Action, Committee, Meeting, committee_entities
from committees.permissions import visible_actions, visible_committees
from portal.extensions import db
from portal.models import STAFF_ROLES, Contact, User
from portal.queries import parse_id, user_choices


def staff_choices(blank: str | None = None) -> list[tuple[int, str]]:
    """Active DSI staff, who can own actions and sit in committees."""
    return user_choices(*STAFF_ROLES, blank=blank)


def person_choices(entity_ids: set[int], dsi_label: str) -> list[tuple[str, str]]:
    """DSI staff ('u:<id>') then the contacts of the given entities ('c:<id>')."""
    contacts = db.session.scalars(select(Contact).where(Contact.entity_id.in_(entity_ids))
                                  .order_by(Contact.last_name, Contact.first_name))
    return ([("", "—")] + [(f"u:{uid}", f"{name} ({dsi_label})")
                           for uid, name in staff_choices()]
            + [(f"c:{c.id}", f"{c.full_name} ({c.entity.name})") for c in contacts])


def resolve_person(value: str, entity_ids: set[int]) -> tuple[User | None, Contact | None]:
    """The user or contact a person choice names; (None, None) if it names nobody allowed."""
    kind, _, raw = (value or "").partition(":")
    if not raw.isdigit():
        return None, None
    if kind == "u":
        user = db.session.get(User, int(raw))
        return (user, None) if user is not None and user.is_staff else (None, None)
    contact = db.session.get(Contact, int(raw)) if kind == "c" else None
    return (None, contact) if contact is not None and contact.entity_id in entity_ids else (
        None, None)


def list_committees(user: User, level: str = "", entity_id: int | None = None) -> list[Committee]:
    query = visible_committees(user).order_by(Committee.is_active.desc(), Committee.name)
    if level:
        query = query.where(Committee.level == level)
    if entity_id:
        query = query.where(Committee.id.in_(select(committee_entities.c.committee_id).where(
            committee_entities.c.entity_id == entity_id)))
    return list(db.session.scalars(query))


def next_meetings(committee_ids: list[int]) -> dict[int, Meeting]:
    """The next planned sitting of each committee."""
    rows = db.session.scalars(select(Meeting).where(
        Meeting.committee_id.in_(committee_ids), Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.starts_at.desc()))
    return {meeting.committee_id: meeting for meeting in rows}


@dataclass
class PlanFilter:
    """The plan-of-action filters, from the query string; bad values are ignored."""

    entity_id: int | None = None
    owner_id: int | None = None
    status: str = "open"
    priority: str = ""
    overdue: bool = False

    @classmethod
    def from_args(cls, args) -> "PlanFilter":
        return cls(entity_id=parse_id(args.get("entite")),
                   owner_id=parse_id(args.get("responsable")),
                   status=args.get("etat", "open"), priority=args.get("priorite", ""),
                   overdue=args.get("retard") == "1")


def plan_query(user: User, filters: PlanFilter, today: date) -> Select:
    """The actions the user may see, filtered, soonest due first."""
    query = visible_actions(user)
    if filters.entity_id:
        query = query.where(Action.entity_id == filters.entity_id)
    if filters.owner_id:
        query = query.where(Action.owner_id == filters.owner_id)
    if filters.status == "open" or filters.overdue:
        query = query.where(Action.status.in_(OPEN_ACTION_STATUSES))
    elif filters.status in set(ActionStatus):
        query = query.where(Action.status == filters.status)
    if filters.priority in set(ActionPriority):
        query = query.where(Action.priority == filters.priority)
    if filters.overdue:
        query = query.where(Action.due_on < today)
    return query.order_by(Action.due_on.is_(None), Action.due_on, Action.id)


def published_meetings(user: User) -> list[Meeting]:
    """Held sittings whose minutes were published to the user's entity (or one above it)."""
    own = [user.entity_id, *(parent.id for parent in user.entity.ancestors())]
    return list(db.session.scalars(select(Meeting).where(
        Meeting.minutes_published.is_(True), Meeting.minutes_at.is_not(None),
        Meeting.committee_id.in_(select(committee_entities.c.committee_id).where(
            committee_entities.c.entity_id.in_(own)))).order_by(Meeting.starts_at.desc())))
