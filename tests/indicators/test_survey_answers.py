"""Answering by the personal link: once, in time, with a comment under a low score, followed up."""

from datetime import time, timedelta

from sqlalchemy import func, select

from committees.enums import ActionOrigin
from committees.models import Action
from indicators.surveys.engine import launch_campaign, plan_post_request, run_invitations
from indicators.surveys.enums import SurveyKind
from indicators.surveys.models import Invitation, Response
from indicators.surveys.tokens import make_token
from portal.businesshours import BusinessCalendar
from portal.enums import Role
from portal.timeutil import utcnow
from tests.committees.conftest import paris
from tickets.enums import Status

ALWAYS_OPEN = BusinessCalendar({day: [(time(0), time(23, 59))] for day in range(7)})


def sent_invitation(app, db, make_survey, make_ticket, make_user) -> Invitation:
    """A post-request invitation sent a moment ago to Claire, for her resolved request."""
    make_survey(delay_hours=0, opens_at=utcnow() - timedelta(days=30))
    ticket = make_ticket(requester=make_user(email="claire.martin@exemple.fr"),
                         subject="Imprimante bloquée", now=utcnow() - timedelta(hours=3))
    ticket.status, ticket.resolved_at = Status.RESOLVED, utcnow() - timedelta(hours=2)
    db.session.commit()
    now = utcnow()
    with app.test_request_context():
        plan_post_request(now)
        invitation = db.session.scalar(select(Invitation))
        invitation.due_at = now
        run_invitations(now, ALWAYS_OPEN)
        db.session.commit()
        return invitation


def fields(invitation, satisfaction: str, delay: str, comment: str = "") -> dict:
    questions = {q.code: f"q{q.id}" for q in invitation.survey.questions}
    return {questions["satisfaction"]: satisfaction, questions["delai"]: delay,
            questions["commentaire"]: comment}


def test_a_low_score_needs_a_comment_and_opens_a_follow_up_for_the_relations_manager(
        app, db, client, make_survey, make_ticket, make_user):
    manager = make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr")
    invitation = sent_invitation(app, db, make_survey, make_ticket, make_user)
    with app.test_request_context():
        url = f"/enquetes/r/{make_token(invitation)}"
    page = client.get(url)
    assert "Dans l&#39;ensemble, êtes-vous satisfait(e)" in page.text
    refused = client.post(url, data=fields(invitation, "1", "2"))
    assert refused.status_code == 422
    assert "un commentaire est demandé quand une note est basse" in refused.text
    assert db.session.scalar(select(func.count(Response.id))) == 0
    comment = "Trois relances <b>sans réponse</b> avant l'intervention."
    done = client.post(url, data=fields(invitation, "1", "2", comment))
    assert "Merci pour vos réponses" in done.text
    response = db.session.scalar(select(Response))
    assert response.dissatisfied
    assert response.ticket_id == invitation.ticket_id
    follow_up = db.session.scalar(select(Action))
    assert follow_up.origin is ActionOrigin.SURVEY
    assert follow_up.owner_id == manager.id
    assert follow_up.survey_response_id == response.id
    assert follow_up.ticket_id == invitation.ticket_id
    assert "sans réponse" not in follow_up.description, "the comment stays behind its link"

    again = client.post(url, data=fields(invitation, "5", "5"))
    assert again.status_code == 410
    assert "déjà répondu" in again.text
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(func.count(Action.id))) == 1


def test_forged_and_expired_links_get_a_clear_page_and_change_nothing(
        app, db, client, make_survey, make_ticket, make_user):
    invitation = sent_invitation(app, db, make_survey, make_ticket, make_user)
    with app.test_request_context():
        token = make_token(invitation)
    assert client.get(f"/enquetes/r/{token[:-2]}xx").status_code == 404
    assert client.get("/enquetes/r/n'importe-quoi").status_code == 404
    invitation.nonce = "0" * 32
    db.session.commit()
    assert client.get(f"/enquetes/r/{token}").status_code == 404, "a token of a replaced nonce"
    with app.test_request_context():
        token = make_token(invitation)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    closed = client.post(f"/enquetes/r/{token}", data=fields(invitation, "5", "5"))
    assert closed.status_code == 410
    assert "Cette enquête est close" in closed.text
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_an_anonymous_campaign_keeps_the_entity_but_not_the_person(
        app, db, client, make_survey, make_user, make_entity):
    direction = make_entity("Direction Financière")
    department = make_entity("Comptabilité", parent=direction)
    answering = make_user(entity=department, email="claire.martin@exemple.fr")
    make_user(Role.AGENT, entity=make_entity("DSI"))
    survey = make_survey(SurveyKind.ANNUAL, title="Enquête annuelle 2026", anonymous=True,
                         opens_at=None, lifetime_days=20)
    survey.entities = [direction]
    db.session.commit()
    now = utcnow()
    with app.test_request_context():
        assert launch_campaign(survey, now - timedelta(minutes=1)) == 1, "below the direction"
        invitation = db.session.scalar(select(Invitation))
        invitation.sent_at, invitation.expires_at = now, now + timedelta(days=20)
        db.session.commit()
        url = f"/enquetes/r/{make_token(invitation)}"
    questions = {q.code: f"q{q.id}" for q in survey.questions}
    data = {questions[code]: "4" for code in ("relation_globale", "ecoute", "reactivite",
                                               "information")}
    data[questions["recommandation"]] = "9"
    data[questions["priorites"]] = ["Mobilité", "Formation", "<script>"]
    assert "Merci" in client.post(url, data=data).text
    response = db.session.scalar(select(Response))
    assert response.user_id is None
    assert response.entity_id == department.id
    assert invitation.user_id == answering.id
    assert sorted(a.choices for a in response.answers if a.choices) == [
        ["Mobilité", "Formation"]]
    assert not response.dissatisfied
    assert paris(2026, 1, 1) < response.submitted_at


def test_answers_to_a_link_are_rate_limited_with_a_clear_page(
        app, db, client, make_survey, make_ticket, make_user):
    invitation = sent_invitation(app, db, make_survey, make_ticket, make_user)
    with app.test_request_context():
        url = f"/enquetes/r/{make_token(invitation)}"
    statuses = [client.post(url, data={}).status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    assert "Trop de tentatives en peu de temps" in client.post(url, data={}).text
    assert db.session.scalar(select(func.count(Response.id))) == 0
