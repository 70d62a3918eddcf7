"""What the requests add to each role's home page."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.enums import Role
from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow
from tickets.enums import OPEN_STATUSES, Outcome, Status
from tickets.mailbox.models import InboundMessage, Mailbox
from tickets.models import Ticket
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
        panel["failing"] = db.session.scalars(select(Mailbox).where(
            Mailbox.active.is_(True), Mailbox.last_error != "")).all()
    return panel
