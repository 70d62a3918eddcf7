"""Survey mail: the invitation and its one reminder, both through the outbox."""

from datetime import datetime

from indicators.surveys.models import Invitation
from indicators.surveys.tokens import make_token
from portal.outbox import external_url, queue_mail

HEADERS = {"category": "survey"}


def _link(invitation: Invitation) -> str:
    return external_url("surveys.answer", token=make_token(invitation))


def send_invitation(invitation: Invitation, now: datetime) -> None:
    """Invite the person to answer, with their personal link."""
    survey = invitation.survey
    subject = (f"[{invitation.ticket.number}] Votre avis sur le traitement de votre demande"
               if invitation.ticket else f"Votre avis compte : {survey.title}")
    queue_mail(invitation.email, subject, "surveys/invitation", now, headers=HEADERS,
               invitation=invitation, survey=survey, link=_link(invitation))


def send_reminder(invitation: Invitation, now: datetime) -> None:
    """Remind once someone who has not answered yet."""
    queue_mail(invitation.email, f"Rappel : {invitation.survey.title}", "surveys/reminder", now,
               headers=HEADERS, invitation=invitation, survey=invitation.survey,
               link=_link(invitation))
