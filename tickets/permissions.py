"""Who may see and work the requests and the mailbox."""

from datetime import datetime, timedelta

from flask import current_app

from portal.enums import Role
from portal.models import User
from tickets.enums import Status
from tickets.models import Ticket

DESK_ROLES = (Role.AGENT, Role.RELATIONS_MANAGER, Role.ADMIN)
MAILBOX_ROLES = (Role.RELATIONS_MANAGER, Role.ADMIN)


def is_desk(user: User) -> bool:
    """Service-desk staff: they see and work every request."""
    return user.is_authenticated and user.has_role(*DESK_ROLES)


def can_work(user: User, ticket: Ticket) -> bool:
    """Classify, assign, answer and add notes: the desk, and the product lead of the service."""
    if is_desk(user):
        return True
    service = ticket.service
    return user.has_role(Role.PRODUCT_LEAD) and service is not None and user.id in (
        service.owner_id, service.backup_id)


def can_answer_as_requester(user: User, ticket: Ticket) -> bool:
    """The requester (and people in copy) reply and accept or refuse the resolution."""
    return ticket.is_requester(user) or ticket.is_participant(user.email)


def can_put_in_copy(user: User, ticket: Ticket) -> bool:
    """Only the requester and the desk give someone access; a copy of a mail never does."""
    return ticket.is_requester(user) or can_work(user, ticket)


def can_add_message(user: User, ticket: Ticket, now: datetime) -> bool:
    """Requesters write while the request is open, or closed for less than the reopen window."""
    if not can_answer_as_requester(user, ticket) or ticket.merged_into_id is not None:
        return False
    if ticket.status is Status.CLOSED:
        window = timedelta(days=current_app.config["REOPEN_DAYS"])
        return ticket.closed_at is not None and now - ticket.closed_at <= window
    return ticket.status is not Status.RESOLVED


def can_manage_mailbox(user: User) -> bool:
    """The mailboxes, the quarantine, the templates and the matrix: relations manager, admins."""
    return user.is_authenticated and user.has_role(Role.RELATIONS_MANAGER, Role.ADMIN)
