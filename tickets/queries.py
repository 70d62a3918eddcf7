"""Read-only queries of the requests, every one scoped by Ticket.visible_to."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from catalog.models import Service
from portal.enums import Priority, Role
from portal.extensions import db
from portal.models import User, UserRole
from portal.queries import escape_like, parse_id
from tickets.enums import OPEN_STATUSES, Status
from tickets.models import ReplyTemplate, Team, Ticket

SORTS = {
    "recent": Ticket.updated_at.desc(),
    "oldest": Ticket.created_at.asc(),
    "created": Ticket.created_at.desc(),
    "priority": Ticket.priority.asc(),
    "number": Ticket.number.desc(),
}


@dataclass
class QueueFilter:
    """The agent queue's filters, as read from the query string."""

    status: str = "open"
    priority: str = ""
    service_id: int | None = None
    family_id: int | None = None
    entity_id: int | None = None
    assignee: str = ""
    text: str = ""
    sort: str = "recent"
    breached: bool = False


def get_visible_ticket(user: User, number: str) -> Ticket:
    """The request with this number if the user may see it, else 404."""
    ticket = db.session.scalar(select(Ticket).where(Ticket.number == number,
                                                    Ticket.visible_to(user)))
    if ticket is None:
        abort(404)
    return ticket


def queue_query(user: User, filters: QueueFilter) -> Select:
    """The agent queue: visible requests, filtered and sorted (unknown values are ignored)."""
    query = select(Ticket).where(Ticket.visible_to(user)).options(
        selectinload(Ticket.service), selectinload(Ticket.entity),
        selectinload(Ticket.assignee), selectinload(Ticket.requester))
    if filters.status == "open":
        query = query.where(Ticket.status.in_(OPEN_STATUSES))
    elif filters.status in Status._value2member_map_:
        query = query.where(Ticket.status == Status(filters.status))
    if filters.priority in Priority._value2member_map_:
        query = query.where(Ticket.priority == Priority(filters.priority))
    if filters.service_id:
        query = query.where(Ticket.service_id == filters.service_id)
    if filters.family_id:
        query = query.where(Ticket.service_id.in_(
            select(Service.id).where(Service.family_id == filters.family_id)))
    if filters.entity_id:
        query = query.where(Ticket.entity_id == filters.entity_id)
    if filters.assignee == "me":
        query = query.where(Ticket.assignee_id == user.id)
    elif filters.assignee == "none":
        query = query.where(Ticket.assignee_id.is_(None))
    elif parse_id(filters.assignee):
        query = query.where(Ticket.assignee_id == parse_id(filters.assignee))
    if filters.breached:
        query = query.where(Ticket.sla_breached.is_(True))
    if filters.text:
        term = f"%{escape_like(filters.text[:100])}%"
        query = query.where(or_(Ticket.number.ilike(term, escape="\\"),
                                Ticket.subject.ilike(term, escape="\\"),
                                Ticket.requester_email.ilike(term, escape="\\")))
    return query.order_by(SORTS.get(filters.sort, SORTS["recent"]), Ticket.id.desc())


def requester_query(user: User, scope: str) -> Select:
    """A requester's own requests, or those of their entity (complaints stay private)."""
    query = select(Ticket).where(Ticket.visible_to(user))
    if scope == "entity":
        query = query.where(Ticket.entity_id == user.entity_id)
    else:
        query = query.where(or_(Ticket.requester_id == user.id,
                                Ticket.requester_email == user.email))
    return query.order_by(Ticket.updated_at.desc(), Ticket.id.desc())


def agent_choices(blank: str) -> list[tuple[str, str]]:
    """Everyone who can be given a request: agents, relations managers, product leads."""
    users = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role.in_((Role.AGENT, Role.RELATIONS_MANAGER, Role.PRODUCT_LEAD)),
        User.active.is_(True)).distinct().order_by(User.last_name, User.first_name))
    return [("", blank)] + [(str(user.id), user.full_name) for user in users]


def team_choices(blank: str) -> list[tuple[str, str]]:
    teams = db.session.scalars(select(Team).order_by(Team.name))
    return [("", blank)] + [(str(team.id), team.name) for team in teams]


def list_reply_templates() -> list[ReplyTemplate]:
    return list(db.session.scalars(select(ReplyTemplate).order_by(ReplyTemplate.name)))
