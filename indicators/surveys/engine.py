"""Who gets a survey and when: the post-request rules, campaigns, sending, reminding, expiring."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select

from indicators.surveys.defaults import QUESTIONS
from indicators.surveys.enums import InvitationStatus, SurveyKind, SurveyStatus
from indicators.surveys.models import Invitation, Question, Survey
from indicators.surveys.notifications import send_invitation, send_reminder
from portal.businesshours import BusinessCalendar
from portal.extensions import db
from portal.models import Entity, User, UserRole
from tickets.mailbox.rules import is_no_reply_address
from tickets.models import Ticket

BATCH = 500
# A request resolved longer ago than this past its delay is no longer worth asking about;
# the bound also keeps each run on a small slice of the resolved requests.
CATCH_UP = timedelta(days=7)


def add_default_questions(survey: Survey) -> None:
    """Give a new survey the questions of its kind."""
    survey.questions = [Question(position=number, **{"required": True} | spec)
                        for number, spec in enumerate(QUESTIONS[survey.kind.value])]


def get_post_request_survey() -> Survey | None:
    """The survey sent after requests, when one is open."""
    return db.session.scalar(select(Survey).where(
        Survey.kind == SurveyKind.POST_REQUEST, Survey.status == SurveyStatus.OPEN)
        .order_by(Survey.id.desc()).limit(1))


def is_sampled(number: str, percent: int) -> bool:
    """Whether a request falls in the sample: a stable draw from its number."""
    draw = int.from_bytes(hashlib.sha256(number.encode()).digest()[:4], "big") % 100
    return draw < percent


def is_cooling_down(email: str, survey: Survey, now: datetime) -> bool:
    """Whether this person was asked (any survey) within the cooldown."""
    since = now - timedelta(days=survey.cooldown_days)
    return db.session.scalar(select(exists().where(
        func.lower(Invitation.email) == email.lower(),
        or_(Invitation.sent_at >= since, Invitation.status == InvitationStatus.PLANNED)))) or False


def _new_invitation(survey: Survey, email: str, due_at: datetime | None, **values) -> Invitation:
    invitation = Invitation(survey_id=survey.id, email=email.lower(), due_at=due_at,
                            nonce=secrets.token_hex(16), status=InvitationStatus.PLANNED,
                            **values)
    db.session.add(invitation)
    return invitation


def plan_post_request(now: datetime) -> int:
    """Give each request resolved long enough ago (within a week) its invitation, or a skip."""
    survey = get_post_request_survey()
    if survey is None:
        return 0
    ready = now - timedelta(hours=survey.delay_hours)
    since = max(survey.opens_at or survey.created_at, ready - CATCH_UP)
    query = (select(Ticket).where(
        Ticket.resolved_at <= ready, Ticket.resolved_at >= since,
        ~exists().where(Invitation.ticket_id == Ticket.id))
        .order_by(Ticket.resolved_at).limit(BATCH))
    planned = 0
    for ticket in db.session.scalars(query):
        email = (ticket.requester_email or "").strip()
        wanted = (email and not is_no_reply_address(email)
                  and is_sampled(ticket.number, survey.sampling_percent)
                  and not is_cooling_down(email, survey, now))
        invitation = _new_invitation(survey, email or "-", now if wanted else None,
                                     ticket_id=ticket.id, user_id=ticket.requester_id,
                                     entity_id=ticket.entity_id)
        if not wanted:
            invitation.status = InvitationStatus.SKIPPED
        planned += bool(wanted)
    db.session.flush()
    return planned


def audience(survey: Survey) -> list[User]:
    """The active users a campaign goes to: its entities (and below), segments and roles."""
    entity_ids = set()
    for entity in survey.entities:
        entity_ids |= entity.descendant_ids()
    if survey.segments:
        entity_ids |= set(db.session.scalars(select(Entity.id).where(
            Entity.segment.in_(survey.segments))))
    query = select(User).where(User.active.is_(True), User.entity_id.in_(entity_ids))
    if survey.roles:
        query = query.where(User.id.in_(select(UserRole.user_id).where(
            UserRole.role.in_(survey.roles))))
    return list(db.session.scalars(query.order_by(User.id)))


def launch_campaign(survey: Survey, now: datetime) -> int:
    """Invite the campaign's audience, sent at its opening date; return how many."""
    opens = survey.opens_at or now
    survey.opens_at = opens
    survey.status = SurveyStatus.OPEN if opens <= now else SurveyStatus.SCHEDULED
    invited = {email for email in db.session.scalars(select(Invitation.email).where(
        Invitation.survey_id == survey.id))}
    count = 0
    for user in audience(survey):
        if user.email.lower() not in invited:
            _new_invitation(survey, user.email, opens, user_id=user.id,
                            entity_id=user.entity_id)
            count += 1
    db.session.flush()
    return count


def close_survey(survey: Survey, now: datetime) -> int:
    """Close a campaign: its unanswered links stop working."""
    survey.status = SurveyStatus.CLOSED
    survey.closes_at = min(survey.closes_at or now, now)
    pending = db.session.scalars(select(Invitation).where(
        Invitation.survey_id == survey.id,
        Invitation.status.in_((InvitationStatus.PLANNED, InvitationStatus.SENT))))
    count = 0
    for invitation in pending:
        invitation.status, invitation.due_at = InvitationStatus.EXPIRED, None
        count += 1
    db.session.flush()
    return count


def close_due_campaigns(now: datetime) -> int:
    """Close the campaigns whose closing date has passed."""
    due = db.session.scalars(select(Survey).where(
        Survey.status.in_((SurveyStatus.SCHEDULED, SurveyStatus.OPEN)),
        Survey.closes_at <= now)).all()
    for survey in due:
        close_survey(survey, now)
    return len(due)


def run_invitations(now: datetime, calendar: BusinessCalendar) -> int:
    """Send, remind or expire every invitation that has come due; mail only in business hours."""
    query = (select(Invitation).where(Invitation.due_at <= now).order_by(Invitation.due_at)
             .limit(BATCH).with_for_update(skip_locked=True))
    mailed = 0
    for invitation in db.session.scalars(query).all():
        mailed += _advance(invitation, now, calendar)
    return mailed


def _advance(invitation: Invitation, now: datetime, calendar: BusinessCalendar) -> int:
    survey = invitation.survey
    expired = invitation.expires_at is not None and invitation.expires_at <= now
    if survey.status is SurveyStatus.CLOSED or expired or invitation.answered_at:
        invitation.due_at = None
        if invitation.status is not InvitationStatus.ANSWERED:
            invitation.status = InvitationStatus.EXPIRED
        return 0
    if not calendar.is_open(now):
        invitation.due_at = calendar.next_opening(now)
        return 0
    if invitation.status is InvitationStatus.PLANNED:
        survey.status = SurveyStatus.OPEN
        invitation.status, invitation.sent_at = InvitationStatus.SENT, now
        invitation.expires_at = _expiry(survey, now)
        send_invitation(invitation, now)
        remind_at = now + timedelta(days=survey.reminder_days) if survey.reminder_days else None
        invitation.due_at = min(filter(None, (remind_at, invitation.expires_at)))
        return 1
    if invitation.reminded_at is None:
        invitation.reminded_at = now
        send_reminder(invitation, now)
        invitation.due_at = invitation.expires_at
        return 1
    invitation.due_at = invitation.expires_at
    return 0


def _expiry(survey: Survey, now: datetime) -> datetime:
    lifetime = now + timedelta(days=survey.lifetime_days)
    return min(lifetime, survey.closes_at) if survey.closes_at else lifetime
