"""What the requests add to each role's home page."""

from datetime import timedelta

from sqlalchemy import func, or_, select

from catalog.models import Service
from portal.enums import Role
from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow
from tickets.enums import OPEN_STATUSES, Outcome, Status
from tickets.mailbox.models import InboundMessage, Mailbox
from tickets.mailbox.review import count_to_review_from_people
from tickets.models import Ticket
from tickets.permissions import is_desk
from tickets.queries import requester_query


def _count(*conditions) -> int:
    return db.session.scalar(select(func.count(Ticket.id)).where(*conditions)) or 0


def home_panel(user: User, role: Role) -> dict:
    """The requester's open requests; the desk's queue; the mailbox's health for the manager."""
    panel = {"template": "tickets/_home_panel.html", "role": role,
             "mine": db.session.scalars(requester_query(user, "mine").where(
                 Ticket.status != Status.CLOSED).limit(5)).all()}
    if role in (Role.AGENT, Role.RELATIONS_MANAGER):
        panel["queue"] = {
            "unassigned": _count(Ticket.status == Status.NEW, Ticket.assignee_id.is_(None)),
            "mine": _count(Ticket.assignee_id == user.id, Ticket.status.in_(OPEN_STATUSES)),
            "open": _count(Ticket.status.in_(OPEN_STATUSES)),
        }
    if role in (Role.RELATIONS_MANAGER, Role.ADMIN):
        panel["problems"] = db.session.scalar(select(func.count(InboundMessage.id)).where(
            InboundMessage.outcome.in_((Outcome.FAILED, Outcome.QUARANTINED)),
            InboundMessage.received_at >= utcnow() - timedelta(days=30))) or 0
        panel["to_review"] = count_to_review_from_people()
        panel["failing"] = db.session.scalars(select(Mailbox).where(
            Mailbox.active.is_(True), Mailbox.last_error != "")).all()
    return panel


def entity_panel(entity, user: User) -> dict | None:
    """The entity's recent requests and how their deadlines were kept, for the desk."""
    if not (is_desk(user) or user.has_role(Role.PRODUCT_LEAD)):
        return None
    mine = [Ticket.entity_id.in_(entity.descendant_ids())]
    if not is_desk(user):  # a product lead works the requests of their own services
        mine.append(Ticket.service_id.in_(select(Service.id).where(or_(
            Service.owner_id == user.id, Service.backup_id == user.id))))
    recent = [*mine, Ticket.created_at >= utcnow() - timedelta(days=90)]
    return {
        "template": "tickets/_entity_panel.html", "entity_id": entity.id, "aside": True,
        "desk": is_desk(user),
        "recent": db.session.scalars(select(Ticket).where(*mine)
                                     .order_by(Ticket.created_at.desc()).limit(8)).all(),
        "received": _count(*recent),
        "open": _count(*mine, Ticket.status.in_(OPEN_STATUSES)),
        "breached": _count(*recent, Ticket.sla_breached.is_(True)),
    }
