"""What the surveys add to the home page (surveys awaiting an answer) and to entity pages."""

from datetime import timedelta

from sqlalchemy import func, select

from committees.permissions import can_follow_entity
from indicators.surveys.answers import link_state
from indicators.surveys.enums import InvitationStatus, SurveyKind, SurveyStatus
from indicators.surveys.models import Answer, Invitation, Question, Response, Survey
from indicators.surveys.results import figures, is_hidden
from portal.enums import Role
from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow


def home_panel(user: User, role: Role) -> dict | None:
    """The open invitations of the user, newest first."""
    now = utcnow()
    pending = [invitation for invitation in db.session.scalars(select(Invitation).where(
        Invitation.user_id == user.id, Invitation.status == InvitationStatus.SENT)
        .order_by(Invitation.sent_at.desc()).limit(5)) if link_state(invitation, now) == "open"]
    return {"template": "surveys/_home_panel.html", "pending": pending} if pending else None


def entity_panel(entity, user: User) -> dict | None:
    """The entity's satisfaction: post-request CSAT over a year, the latest relationship survey."""
    if not can_follow_entity(user, entity.id):
        return None
    ids = entity.descendant_ids()
    since = utcnow() - timedelta(days=365)
    recent = db.session.scalars(select(Answer.score).join(Response).join(Question).join(
        Survey, Survey.id == Response.survey_id).where(
        Survey.kind == SurveyKind.POST_REQUEST, Question.code == "satisfaction",
        Response.entity_id.in_(ids), Response.submitted_at >= since)).all()
    annual = db.session.scalar(select(Survey).where(Survey.kind == SurveyKind.ANNUAL,
                                                    Survey.status == SurveyStatus.CLOSED)
                               .order_by(Survey.opens_at.desc()).limit(1))
    relation = db.session.scalars(select(Answer.score).join(Response).join(Question).where(
        Response.survey_id == annual.id, Question.code == "relation_globale",
        Response.entity_id.in_(ids))).all() if annual else []
    return {"template": "surveys/_entity_panel.html", "entity_id": entity.id, "aside": True,
            "csat": figures("rating", recent), "annual": annual,
            "relation": None if is_hidden(len(relation), True) else figures("rating", relation),
            "unhappy": db.session.scalar(select(func.count(Response.id)).where(
                Response.entity_id.in_(ids), Response.dissatisfied.is_(True),
                Response.submitted_at >= since)) or 0}
