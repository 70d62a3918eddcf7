"""Set up the post-request survey and the campaigns; count where each one stands."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from indicators.surveys.engine import add_default_questions
from indicators.surveys.enums import InvitationStatus, SurveyKind, SurveyStatus
from indicators.surveys.models import Invitation, Question, Survey
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


def question_code(text: str, taken: set[str]) -> str:
    """A barometer code from the question's words, unique within its survey."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = "_".join(re.findall(r"[a-z0-9]+", plain)[:5])[:50] or "question"
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def save_question(survey: Survey, question: Question | None, values: dict) -> Question:
    """Add or change a question of a campaign being prepared."""
    taken = {q.code for q in survey.questions if q is not question}
    if question is None:
        question = Question(position=max((q.position for q in survey.questions), default=-1) + 1)
        survey.questions.append(question)
    for field in ("text", "help", "kind", "required", "choices", "low_label", "high_label",
                  "expectation"):
        setattr(question, field, values[field])
    wanted = values.get("code") or question.code or question_code(values["text"], taken)
    question.code = wanted if wanted not in taken else question_code(wanted, taken)
    db.session.flush()
    return question


def move_question(survey: Survey, question: Question, step: int) -> None:
    """Move a question one place up (-1) or down (+1)."""
    ordered = list(survey.questions)
    index = ordered.index(question)
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            item.position = position
    db.session.flush()
