"""The worker's committee jobs: action reminders, meeting reminders, missing minutes."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from committees.actions import schedule_reminder
from committees.enums import MeetingStatus
from committees.models import Action, Meeting
from committees.notifications import (
    notify_action_reminder,
    notify_meeting_reminder,
    notify_minutes_missing,
)
from portal.businesshours import BusinessCalendar
from portal.extensions import db

BATCH = 500
MEETING_NOTICE = timedelta(days=2)
MINUTES_GRACE = timedelta(days=2)
MINUTES_REPEAT = timedelta(days=7)
MINUTES_GIVE_UP = timedelta(days=60)


def remind_actions(now: datetime, calendar: BusinessCalendar) -> int:
    """Remind the owners of actions due soon or overdue; outside business hours, later."""
    query = (select(Action).where(Action.next_reminder_at <= now)
             .order_by(Action.next_reminder_at).limit(BATCH).with_for_update(skip_locked=True))
    sent = 0
    today = now.astimezone(calendar.tz).date()
    for action in db.session.scalars(query).all():
        if action.is_open and not calendar.is_open(now):
            action.next_reminder_at = calendar.next_opening(now)
            continue
        if action.is_open:
            notify_action_reminder(action, action.is_overdue(today), now)
            action.reminders_sent += 1
            sent += 1
        schedule_reminder(action, calendar, now)
    return sent


def remind_meetings(now: datetime, calendar: BusinessCalendar) -> int:
    """Remind participants two days before a sitting, and ask for minutes after it."""
    if not calendar.is_open(now):
        return 0
    sent = 0
    upcoming = select(Meeting).where(
        Meeting.status == MeetingStatus.PLANNED, Meeting.starts_at > now,
        Meeting.starts_at <= now + MEETING_NOTICE, Meeting.reminded_at.is_(None))
    for meeting in db.session.scalars(upcoming.with_for_update(skip_locked=True)).all():
        sent += notify_meeting_reminder(meeting, now)
        meeting.reminded_at = now
    missing = select(Meeting).where(
        Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.HELD)),
        Meeting.starts_at <= now - MINUTES_GRACE, Meeting.starts_at > now - MINUTES_GIVE_UP,
        Meeting.minutes_at.is_(None),
        or_(Meeting.minutes_reminded_at.is_(None),
            Meeting.minutes_reminded_at <= now - MINUTES_REPEAT))
    for meeting in db.session.scalars(missing.with_for_update(skip_locked=True)).all():
        sent += notify_minutes_missing(meeting, now)
        meeting.minutes_reminded_at = now
    return sent
