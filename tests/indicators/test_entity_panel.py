"""An entity's page shows its satisfaction: after requests over a year and in the last campaign."""

from datetime import timedelta
from uuid import uuid4

from indicators.surveys.enums import SurveyKind, SurveyStatus
from indicators.surveys.models import Answer, Response
from portal.enums import Role
from portal.timeutil import utcnow


def respond(db, survey, entity, scores: dict[str, int], when) -> None:
    questions = {question.code: question for question in survey.questions}
    db.session.add(Response(survey_id=survey.id, invitation_key=uuid4().hex, entity_id=entity.id,
                            submitted_at=when, dissatisfied=min(scores.values()) <= 2,
                            answers=[Answer(question_id=questions[code].id, score=score)
                                     for code, score in scores.items()]))


def test_the_entity_page_sums_up_its_satisfaction(
        db, client, login_as, make_entity, make_survey):
    entity = make_entity("Direction des Achats")
    now = utcnow()
    after = make_survey(opens_at=now - timedelta(days=400))
    for number, score in enumerate((5, 4, 2, 5)):
        respond(db, after, entity, {"satisfaction": score, "delai": 3},
                now - timedelta(days=10 + number))
    respond(db, after, entity, {"satisfaction": 1, "delai": 1}, now - timedelta(days=500))
    annual = make_survey(SurveyKind.ANNUAL, title="Enquête annuelle 2025", edition="2025",
                         anonymous=True, status=SurveyStatus.CLOSED,
                         opens_at=now - timedelta(days=370))
    for score in (3, 4, 4):
        respond(db, annual, entity, {"relation_globale": score}, now - timedelta(days=360))
    db.session.commit()
    login_as(Role.RELATIONS_MANAGER)
    page = client.get(f"/entites/{entity.id}").text
    assert "75\xa0%" in page, "3 of the 4 answers of the year are 4 or 5"
    assert "satisfaits après leur demande (4 réponses sur un an)" in page
    assert "3,7 / 5" in page
    assert "relation avec la DSI, 2025" in page
    assert ">1</span><span class=\"small\">réponses mécontentes" in page
