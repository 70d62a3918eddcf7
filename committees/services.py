"""Committees and their meetings: plan, invite, hold, write the minutes."""

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from committees.enums import Attendance, Cadence, MeetingStatus
from committees.ics import meeting_ics
from committees.models import Committee, CommitteeMember, Meeting, MeetingParticipant
from portal.businesshours import BusinessCalendar
from portal.extensions import db
from portal.models import Contact, Entity, User
from portal.outbox import external_url, message_id_domain, queue_mail
from portal.services import assign_fields

COMMITTEE_FIELDS = ("name", "level", "cadence", "purpose", "default_location", "is_active")
MEETING_FIELDS = ("starts_at", "duration_minutes", "location", "agenda")


def save_committee(committee: Committee | None, values: dict, entity_ids: list[int]) -> Committee:
    """Create or update a committee and the entities it gathers."""
    committee = committee or Committee()
    assign_fields(committee, values, COMMITTEE_FIELDS)
    committee.entities = list(db.session.scalars(select(Entity).where(Entity.id.in_(entity_ids))))
    db.session.add(committee)
    db.session.flush()
    return committee


def add_member(committee: Committee, *, user: User | None = None, contact: Contact | None = None,
               role: str = "") -> CommitteeMember | None:
    """Add a DSI member (a user) or a client member (a contact) unless already there."""
    if any((user and member.user_id == user.id) or (contact and member.contact_id == contact.id)
           for member in committee.members):
        return None
    member = CommitteeMember(user=user, contact=contact, role=(role or "").strip())
    committee.members.append(member)
    db.session.flush()
    return member


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, kept inside shorter months (31 January -> 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def propose_next_start(committee: Committee, calendar: BusinessCalendar,
                       now: datetime) -> datetime | None:
    """The next sitting from the cadence: the last one plus the period, on an open day.

    A committee that never sat is proposed two weeks from now at 10:00.
    """
    months = Cadence(committee.cadence).months
    if months is None:
        return None
    sittings = [m for m in committee.meetings if m.status is not MeetingStatus.CANCELLED]
    if not sittings:
        local = (now + timedelta(days=14)).astimezone(calendar.tz).replace(
            hour=10, minute=0, second=0, microsecond=0)
    else:
        last = max(m.starts_at for m in sittings).astimezone(calendar.tz)
        local = datetime.combine(add_months(last.date(), months), last.time(), calendar.tz)
    day = local.date()
    while calendar.is_closed_day(day) or not calendar.week[day.weekday()]:
        day += timedelta(days=1)
    return datetime.combine(day, local.time(), calendar.tz).astimezone(UTC)


def plan_meeting(committee: Committee, values: dict) -> Meeting:
    """Plan a sitting and invite the committee's members to it."""
    participants = [MeetingParticipant(user_id=member.user_id, contact_id=member.contact_id,
                                       attendance=Attendance.INVITED)
                    for member in committee.members]
    meeting = Meeting(committee_id=committee.id, status=MeetingStatus.PLANNED, sequence=0,
                      participants=participants,
                      **{field: values[field] for field in MEETING_FIELDS})
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, values: dict) -> bool:
    """Change the date, place or agenda; a new time or place makes a new invitation version."""
    moved = any(getattr(meeting, field) != values[field]
                for field in ("starts_at", "duration_minutes", "location"))
    for field in MEETING_FIELDS:
        setattr(meeting, field, values[field])
    if moved:
        meeting.sequence += 1
        meeting.reminded_at = None
    db.session.flush()
    return moved


def add_participant(meeting: Meeting, *, user: User | None = None,
                    contact: Contact | None = None) -> MeetingParticipant | None:
    """Invite one more person to this sitting only."""
    if any((user and p.user_id == user.id) or (contact and p.contact_id == contact.id)
           for p in meeting.participants):
        return None
    participant = MeetingParticipant(user=user, contact=contact, attendance=Attendance.INVITED)
    meeting.participants.append(participant)
    db.session.flush()
    return participant


def record_minutes(meeting: Meeting, *, minutes: str, decisions: str, published: bool,
                   attendance: dict[int, Attendance], now: datetime) -> None:
    """Record who came, the minutes and the decisions; the meeting is then held."""
    for participant in meeting.participants:
        if participant.id in attendance:
            participant.attendance = attendance[participant.id]
    meeting.minutes, meeting.decisions = minutes.strip(), decisions.strip()
    meeting.minutes_published = published
    meeting.status = MeetingStatus.HELD
    if meeting.has_minutes and meeting.minutes_at is None:
        meeting.minutes_at = now
    db.session.flush()


def cancel_meeting(meeting: Meeting, now: datetime) -> int:
    """Cancel a planned sitting and tell those invited (an iCalendar CANCEL)."""
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    sent = send_invitations(meeting, now) if meeting.invited_at else 0
    db.session.flush()
    return sent


def invitation(meeting: Meeting, now: datetime) -> str:
    """The meeting's current iCalendar invitation (or cancellation)."""
    sender = current_app.config["MAIL_FROM"]
    name, _, address = sender.rpartition("<")
    organiser = (address.rstrip(">") or sender, name.strip() or sender)
    link = external_url("committees.meeting", meeting_id=meeting.id)
    return meeting_ics(meeting, organiser, message_id_domain(), now,
                       description=f"{meeting.agenda}\n\n{link}".strip())


def send_invitations(meeting: Meeting, now: datetime) -> int:
    """Send every participant with an address the invitation, as mail and .ics."""
    ics = invitation(meeting, now)
    cancelled = meeting.status is MeetingStatus.CANCELLED
    template = "committees/cancellation" if cancelled else "committees/invitation"
    prefix = "Annulé : " if cancelled else "Invitation : "
    sent = 0
    for participant in meeting.participants:
        if participant.email:
            queue_mail(participant.email, f"{prefix}{meeting.committee.name}", template, now,
                       headers={"category": "committee"}, ics=ics, meeting=meeting,
                       participant=participant,
                       link=external_url("committees.meeting", meeting_id=meeting.id))
            sent += 1
    meeting.invited_at = now
    db.session.flush()
    return sent
