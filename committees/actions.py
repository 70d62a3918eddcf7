"""Action plans: raise an action, follow it, close it, and when to remind its owner."""

from datetime import date, datetime, time, timedelta

from committees.enums import ActionOrigin, ActionStatus
from committees.models import Action, Meeting
from committees.notifications import notify_action_assigned
from portal.businesshours import BusinessCalendar
from portal.extensions import db
from portal.models import User

ACTION_FIELDS = ("title", "description", "entity_id", "owner_id", "due_on", "priority",
                 "ticket_id", "service_id")
RAISED_FIELDS = (*ACTION_FIELDS, "survey_response_id")
DUE_SOON_BUSINESS_DAYS = 2
OVERDUE_REPEAT_DAYS = 7


def raise_action(values: dict, creator: User, now: datetime, calendar: BusinessCalendar,
                 meeting: Meeting | None = None,
                 origin: ActionOrigin = ActionOrigin.MANUAL) -> Action:
    """Create an action, from a meeting (its entity by default), a survey or by hand."""
    values = {field: values.get(field) for field in RAISED_FIELDS}
    if meeting is not None and values["entity_id"] is None and len(meeting.committee.entities) == 1:
        values["entity_id"] = meeting.committee.entities[0].id
    action = Action(status=ActionStatus.OPEN, created_by_id=creator.id, created_at=now,
                    reminders_sent=0, origin=ActionOrigin.MEETING if meeting else origin,
                    meeting_id=meeting.id if meeting else None, **values)
    schedule_reminder(action, calendar, now)
    db.session.add(action)
    db.session.flush()
    if meeting is not None:
        db.session.expire(meeting, ["actions"])
    if action.owner_id != creator.id:
        notify_action_assigned(action, now)
    return action


def update_action(action: Action, values: dict, now: datetime,
                  calendar: BusinessCalendar) -> None:
    """Change what, who, when; a new due date or owner restarts the reminders."""
    new_owner = values["owner_id"] != action.owner_id
    if new_owner or values["due_on"] != action.due_on:
        action.reminders_sent = 0
    for field in ACTION_FIELDS:
        setattr(action, field, values.get(field))
    schedule_reminder(action, calendar, now)
    db.session.flush()
    if new_owner:
        db.session.refresh(action, ["owner"])
        notify_action_assigned(action, now)


def set_action_status(action: Action, status: ActionStatus, outcome: str, now: datetime,
                      calendar: BusinessCalendar) -> None:
    """Move an action along; done or abandoned closes it and stops the reminders."""
    action.status = status
    if outcome.strip():
        action.outcome = outcome.strip()
    action.closed_at = None if action.is_open else (action.closed_at or now)
    schedule_reminder(action, calendar, now)
    db.session.flush()


def opening_of(day: date, calendar: BusinessCalendar) -> datetime:
    """The first business instant of ``day`` (or of the next open day)."""
    return calendar.next_opening(datetime.combine(day, time(0), calendar.tz))


def business_days_before(day: date, count: int, calendar: BusinessCalendar) -> date:
    """The open day ``count`` open days before ``day``."""
    while count:
        day -= timedelta(days=1)
        if calendar.week[day.weekday()] and not calendar.is_closed_day(day):
            count -= 1
    return day


def schedule_reminder(action: Action, calendar: BusinessCalendar, now: datetime) -> None:
    """Set when the owner is next reminded: shortly before the due date, then when overdue.

    The first reminder falls two open days before the due date, the next on the first open
    day after it, then once a week while the action stays open; always in business hours.
    The clock is ``now``: called after a reminder went out, it plans the following one.
    """
    if not action.is_open or action.due_on is None:
        action.next_reminder_at = None
        return
    soon = opening_of(business_days_before(action.due_on, DUE_SOON_BUSINESS_DAYS, calendar),
                      calendar)
    overdue = opening_of(action.due_on + timedelta(days=1), calendar)
    if action.reminders_sent == 0 and soon > now:
        action.next_reminder_at = soon
    elif overdue > now:
        action.next_reminder_at = overdue
    elif action.reminders_sent == 0:
        action.next_reminder_at = calendar.next_opening(now)
    else:
        action.next_reminder_at = calendar.next_opening(now + timedelta(days=OVERDUE_REPEAT_DAYS))
