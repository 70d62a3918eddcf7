"""Mail about committees and actions, all through the outbox."""

from datetime import datetime

from committees.models import Action, Meeting
from portal.enums import Role
from portal.extensions import db
from portal.outbox import external_url, queue_mail
from portal.queries import users_with_roles

HEADERS = {"category": "committee"}


def manager_addresses() -> list[str]:
    """The active relations managers, who run the committees."""
    return [user.email for user in db.session.scalars(users_with_roles(Role.RELATIONS_MANAGER))]


def notify_action_assigned(action: Action, now: datetime) -> None:
    """Tell the owner an action was given to them."""
    queue_mail(action.owner.email, f"Action confiée : {action.title}",
               "committees/action_assigned", now, headers=HEADERS, action=action,
               link=external_url("committees.action", action_id=action.id))


def notify_action_reminder(action: Action, overdue: bool, now: datetime) -> None:
    """Remind the owner of an action due soon or overdue."""
    prefix = "Action en retard" if overdue else "Action à échéance proche"
    queue_mail(action.owner.email, f"{prefix} : {action.title}", "committees/action_reminder",
               now, headers=HEADERS, action=action, overdue=overdue,
               link=external_url("committees.action", action_id=action.id))


def notify_meeting_reminder(meeting: Meeting, now: datetime) -> int:
    """Remind every participant with an address of the coming sitting."""
    link = external_url("committees.meeting", meeting_id=meeting.id)
    addresses = [p for p in meeting.participants if p.email]
    for participant in addresses:
        queue_mail(participant.email, f"Rappel : {meeting.committee.name}",
                   "committees/meeting_reminder", now, headers=HEADERS, meeting=meeting,
                   participant=participant, link=link)
    return len(addresses)


def notify_minutes_missing(meeting: Meeting, now: datetime) -> int:
    """Ask the relations managers for the minutes of a past sitting."""
    addresses = manager_addresses()
    for address in addresses:
        queue_mail(address, f"Compte rendu attendu : {meeting.committee.name}",
                   "committees/minutes_missing", now, headers=HEADERS, meeting=meeting,
                   link=external_url("committees.minutes", meeting_id=meeting.id))
    return len(addresses)
