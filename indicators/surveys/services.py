"""Set up the post-request survey and the campaigns; count where each one stands."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from indicators.surveys.engine import add_default_questions
from indicators.surveys.enums import InvitationStatus, SurveyKind, SurveyStatus
from indicators.surveys.models import Invitation, Survey
from portal.extensions import db
from portal.models import Entity, User

SETTINGS = ("title", "delay_hours", "sampling_percent", "cooldown_days", "reminder_days",
            "lifetime_days", "low_score")
CAMPAIGN = ("title", "edition", "intro", "anonymous", "segments", "roles", "opens_at",
            "closes_at", "reminder_days", "lifetime_days")


def get_post_request_settings() -> Survey | None:
    """The post-request survey, open or not (its settings are kept when it is paused)."""
    return db.session.scalar(select(Survey).where(Survey.kind == SurveyKind.POST_REQUEST)
                             .order_by(Survey.id.desc()).limit(1))


def save_post_request(values: dict, active: bool, user: User, now: datetime) -> Survey:
    """Create or change the survey sent after requests; turning it on starts from now."""
    survey = get_post_request_settings()
    if survey is None:
        survey = Survey(kind=SurveyKind.POST_REQUEST, created_at=now, created_by_id=user.id,
                        status=SurveyStatus.DRAFT)
        add_default_questions(survey)
        db.session.add(survey)
    for field in SETTINGS:
        setattr(survey, field, values[field])
    if active and survey.status is not SurveyStatus.OPEN:
        survey.status, survey.opens_at = SurveyStatus.OPEN, now
    elif not active:
        survey.status = SurveyStatus.CLOSED
    db.session.flush()
    return survey


def save_campaign(survey: Survey | None, kind: SurveyKind, values: dict, entity_ids: list[int],
                  user: User, now: datetime) -> Survey:
    """Create a campaign with its kind's questions, or change one not sent yet."""
    if survey is None:
        survey = Survey(kind=kind, created_at=now, created_by_id=user.id,
                        status=SurveyStatus.DRAFT)
        add_default_questions(survey)
        db.session.add(survey)
    for field in CAMPAIGN:
        setattr(survey, field, values[field])
    survey.entities = list(db.session.scalars(select(Entity).where(Entity.id.in_(entity_ids))))
    db.session.flush()
    return survey


@dataclass
class Standing:
    """Where a survey stands: invitations sent, answered, expired, still to send."""

    planned: int = 0
    sent: int = 0
    answered: int = 0
    expired: int = 0

    @property
    def delivered(self) -> int:
        return self.sent + self.answered + self.expired

    @property
    def rate(self) -> float | None:
        return self.answered / self.delivered if self.delivered else None


def standings(survey_ids: list[int]) -> dict[int, Standing]:
    """The live figures of each survey, in one grouped query."""
    result = {survey_id: Standing() for survey_id in survey_ids}
    rows = db.session.execute(select(Invitation.survey_id, Invitation.status, func.count())
                              .where(Invitation.survey_id.in_(survey_ids),
                                     Invitation.status != InvitationStatus.SKIPPED)
                              .group_by(Invitation.survey_id, Invitation.status))
    for survey_id, status, count in rows:
        setattr(result[survey_id], status.value, count)
    return result
