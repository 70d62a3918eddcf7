"""Record a response once, and open a follow-up for the relations manager when it is unhappy."""

from datetime import datetime, timedelta

from sqlalchemy import select

from committees.actions import raise_action
from committees.enums import ActionOrigin, ActionPriority
from indicators.surveys.enums import InvitationStatus
from indicators.surveys.forms import Reading
from indicators.surveys.models import Answer, Invitation, Response
from indicators.surveys.result_queries import shows_entity
from indicators.surveys.tokens import invitation_key
from portal.calendars import default_business_calendar
from portal.enums import Role
from portal.extensions import db
from portal.models import User
from portal.queries import users_with_roles

FOLLOW_UP_DAYS = 5
FOLLOW_UP_DESCRIPTION = ("Une réponse à l'enquête de satisfaction est insatisfaite. Ouvrez la "
                         "réponse par le lien « Réponse à l'enquête » pour la lire.")


class AlreadyAnswered(Exception):
    """The link was used already: the first response stands."""


def link_state(invitation: Invitation | None, now: datetime) -> str:
    """'open', or why the link cannot be used: 'invalid', 'answered', 'expired'."""
    if invitation is None or invitation.status is InvitationStatus.SKIPPED:
        return "invalid"
    if invitation.answered_at is not None:
        return "answered"
    if (invitation.status is InvitationStatus.EXPIRED or invitation.sent_at is None
            or (invitation.expires_at is not None and invitation.expires_at <= now)):
        return "expired"
    return "open"


def submit_response(invitation: Invitation, reading: Reading, now: datetime) -> Response:
    """Store the answers under the invitation's key; a second submission raises AlreadyAnswered."""
    locked = db.session.scalar(select(Invitation).where(Invitation.id == invitation.id)
                               .with_for_update())
    if locked.answered_at is not None:
        raise AlreadyAnswered
    survey, ticket, entity = locked.survey, locked.ticket, locked.entity
    response = Response(
        survey_id=survey.id, invitation_key=invitation_key(locked), submitted_at=now,
        user_id=None if survey.anonymous else locked.user_id,
        entity_id=locked.entity_id, segment=entity.segment if entity else None,
        client_type=entity.client_type if entity else None,
        ticket_id=ticket.id if ticket else None,
        service_id=ticket.service_id if ticket else None,
        family_id=ticket.service.family_id if ticket and ticket.service else None,
        dissatisfied=reading.is_low(survey),
        answers=[Answer(question_id=qid, score=score) for qid, score in reading.scores.items()]
        + [Answer(question_id=qid, text=text) for qid, text in reading.texts.items()]
        + [Answer(question_id=qid, choices=picked) for qid, picked in reading.choices.items()])
    db.session.add(response)
    locked.answered_at, locked.status, locked.due_at = now, InvitationStatus.ANSWERED, None
    db.session.flush()
    if response.dissatisfied:
        open_follow_up(response, now)
    return response


def _relations_manager() -> User | None:
    return db.session.scalar(users_with_roles(Role.RELATIONS_MANAGER).order_by(None)
                             .order_by(User.id).limit(1))


def open_follow_up(response: Response, now: datetime):
    """Put the unhappy answer in front of the relations manager as an action of the plan.

    The action links to the answer and copies none of it: the answer's page checks who may
    read it. An anonymous respondent's entity is named only once enough of its people answered.
    """
    manager = _relations_manager()
    if manager is None:
        return None
    calendar = default_business_calendar()
    due = calendar.add_minutes(now, FOLLOW_UP_DAYS * 8 * 60).astimezone(calendar.tz).date()
    return raise_action({
        **follow_up_texts(response), **follow_up_links(response), "owner_id": manager.id,
        "due_on": due if due > now.date() else now.date() + timedelta(days=1),
        "priority": ActionPriority.HIGH, "survey_response_id": response.id,
    }, manager, now, calendar, origin=ActionOrigin.SURVEY)


def follow_up_texts(response: Response) -> dict:
    """A neutral title and description: the request's number at most, never an answer."""
    ticket = None if response.survey.anonymous else response.ticket
    title = (f"Rappeler un client mécontent : demande {ticket.number}" if ticket else
             f"Donner suite à une réponse à l'enquête « {response.survey.title} »")
    return {"title": title[:200], "description": FOLLOW_UP_DESCRIPTION}


def follow_up_links(response: Response) -> dict:
    """The entity, request and service of the action; an anonymous survey's hide the person."""
    if response.survey.anonymous:
        return {"entity_id": response.entity_id if shows_entity(response) else None,
                "ticket_id": None, "service_id": None}
    return {"entity_id": response.entity_id, "ticket_id": response.ticket_id,
            "service_id": response.service_id}
