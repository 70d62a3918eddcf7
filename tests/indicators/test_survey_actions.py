"""A survey-born action is seen by those who may read the answer, and copies none of it."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from catalog import services as catalog
from catalog.models import Service
from committees.models import Action
from indicators.surveys.answers import open_follow_up
from indicators.surveys.enums import SurveyKind, SurveyStatus
from indicators.surveys.models import Answer, Response, Survey
from indicators.surveys.results import MIN_ANONYMOUS_GROUP
from portal.enums import Role
from portal.models import Entity
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.security_world import SURVEY_COMMENT, build_world

PRIVATE = "Orion: the technician was rude"  # a second comment only the answer's readers see


@pytest.fixture
def world(app, db):
    """The security world, where the other lead also serves requester A's entity (FIN)."""
    built = build_world()
    fin = db.session.get(Entity, built.ids["entity_id"])
    printing = db.session.scalar(select(Service).where(Service.code == "PRINT"))
    catalog.add_subscription(printing, fin, date(2025, 1, 1))
    response = db.session.get(Response, built.ids["response_id"])
    response.answers[-1].text = f"{SURVEY_COMMENT} {PRIVATE}"
    db.session.commit()
    return built


def signed_in(app, world, role: str):
    client = app.test_client()
    assert client.post("/connexion", data={"email": world.emails[role],
                                           "password": PASSWORD}).status_code == 302
    return client


def test_a_lead_serving_the_entity_but_not_the_service_never_meets_the_follow_up(app, world):
    client = signed_in(app, world, "other_lead")
    action_id, entity_id = world.ids["survey_action_id"], world.ids["entity_id"]
    assert client.get(f"/comites/actions/{action_id}").status_code == 403
    assert client.get(f"/enquetes/reponses/{world.ids['response_id']}").status_code == 403
    pages = [client.get(url) for url in ("/comites/plan-d-action?etat=",
                                         f"/comites/plan-d-action?entite={entity_id}",
                                         f"/entites/{entity_id}", "/")]
    assert all(page.status_code == 200 for page in pages)
    for page in pages:
        assert PRIVATE not in page.text
        assert f"/comites/actions/{action_id}\"" not in page.text, page.request.path
    plan = pages[0].text
    assert "/comites/actions/" in plan, "the other lead still sees the actions of FIN"


def test_the_lead_of_the_service_reads_the_answer_through_the_link_only(app, world):
    client = signed_in(app, world, "lead")
    page = client.get(f"/comites/actions/{world.ids['survey_action_id']}")
    assert page.status_code == 200
    assert PRIVATE not in page.text, "the action copies no answer"
    link = f"/enquetes/reponses/{world.ids['response_id']}"
    assert link in page.text
    assert PRIVATE in client.get(link).text
    assert f"/comites/actions/{world.ids['survey_action_id']}" in client.get(
        "/comites/plan-d-action?etat=").text


def test_the_manager_cannot_hand_the_follow_up_to_someone_who_may_not_read_it(app, db, world):
    client = signed_in(app, world, "manager")
    action = db.session.get(Action, world.ids["survey_action_id"])
    form = {"title": action.title, "owner_id": world.ids["other_lead_id"], "entity_id": 0,
            "service_id": 0, "priority": action.priority.value, "due_on": "2030-01-01"}
    page = client.post(f"/comites/actions/{action.id}/modifier", data=form)
    assert "ne peut pas lire la réponse" in page.text
    db.session.expire_all()
    assert db.session.get(Action, action.id).owner_id == world.ids["manager_id"]
    form["owner_id"] = world.ids["lead_id"]
    assert client.post(f"/comites/actions/{action.id}/modifier", data=form).status_code == 302


def anonymous_answer(db, survey: Survey, entity: Entity) -> Response:
    question = next(q for q in survey.questions if q.code == "relation_globale")
    response = Response(survey_id=survey.id, invitation_key=f"k{utcnow().timestamp()}{id(entity)}"
                        f"{db.session.query(Response).count()}", entity_id=entity.id,
                        submitted_at=utcnow(), dissatisfied=True,
                        answers=[Answer(question_id=question.id, score=1)])
    db.session.add(response)
    db.session.flush()
    return response


def test_an_anonymous_follow_up_names_no_entity_until_the_group_is_large_enough(
        app, db, make_survey, make_entity, make_user):
    make_user(Role.RELATIONS_MANAGER)
    entity = make_entity("Direction Financière")
    survey = make_survey(SurveyKind.ANNUAL, title="Enquête annuelle", anonymous=True,
                         status=SurveyStatus.OPEN)
    actions = []
    with app.test_request_context():
        for _ in range(MIN_ANONYMOUS_GROUP):
            actions.append(open_follow_up(anonymous_answer(db, survey, entity), utcnow()))
    first, *_, last = actions
    assert (first.entity_id, first.ticket_id, first.service_id) == (None, None, None)
    assert "Direction" not in first.title + first.description
    assert last.entity_id == entity.id, "enough answers from the entity hide who answered"
    assert last.due_on > utcnow().date() - timedelta(days=1)
