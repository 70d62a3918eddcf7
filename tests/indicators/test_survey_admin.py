"""The relations manager sets the post-request survey and runs a campaign from the portal."""

from sqlalchemy import func, select

from indicators.surveys.enums import InvitationStatus, QuestionKind, SurveyKind, SurveyStatus
from indicators.surveys.models import Invitation, Survey
from portal.enums import Role


def test_the_post_request_survey_is_set_from_a_form_with_french_errors(db, client, login_as):
    login_as(Role.RELATIONS_MANAGER)
    values = {"active": "y", "title": "Votre avis", "delay_hours": "48",
              "sampling_percent": "150", "cooldown_days": "30", "reminder_days": "3",
              "lifetime_days": "10", "low_score": "2"}
    refused = client.post("/enquetes/apres-demande", data=values)
    assert "Saisissez un nombre entre 0 et 100." in refused.text
    assert db.session.scalar(select(Survey)) is None
    client.post("/enquetes/apres-demande", data=values | {"sampling_percent": "50"})
    survey = db.session.scalar(select(Survey))
    assert (survey.kind, survey.status) == (SurveyKind.POST_REQUEST, SurveyStatus.OPEN)
    assert (survey.delay_hours, survey.sampling_percent, survey.lifetime_days) == (48, 50, 10)
    assert [q.code for q in survey.questions] == ["satisfaction", "delai", "commentaire"]
    client.post("/enquetes/apres-demande", data={k: v for k, v in values.items()
                                                 if k != "active"} | {"sampling_percent": "50"})
    assert survey.status is SurveyStatus.CLOSED, "paused, settings kept"


def test_a_campaign_is_prepared_launched_followed_and_closed(
        db, client, login_as, make_user, make_entity):
    direction = make_entity("Direction Commerciale")
    export = make_entity("Export", parent=direction)
    for number in range(3):
        make_user(entity=export, email=f"vendeur{number}@exemple.fr")
    make_user(entity=make_entity("Direction Juridique"))
    login_as(Role.RELATIONS_MANAGER)
    form = {"kind": "annual", "title": "Enquête annuelle sur la relation", "edition": "2026",
            "intro": "", "anonymous": "y", "opens_at": "2026-11-24T09:00",
            "closes_at": "2026-11-10T09:00", "reminder_days": "7", "lifetime_days": "21"}
    refused = client.post("/enquetes/campagnes/nouvelle", data=form)
    assert "Choisissez au moins une entité ou un segment." in refused.text
    assert "La clôture doit suivre l'envoi." in refused.text
    response = client.post("/enquetes/campagnes/nouvelle", data=form | {
        "entity_ids": [direction.id], "closes_at": "2026-12-15T18:00"})
    survey = db.session.scalar(select(Survey))
    assert response.headers["Location"].endswith(f"/enquetes/{survey.id}")
    assert survey.status is SurveyStatus.DRAFT
    assert len(survey.questions) == 7
    client.post(f"/enquetes/{survey.id}/programmer")
    assert db.session.scalar(select(func.count(Invitation.id))) == 3, "the direction's people"
    assert survey.status in (SurveyStatus.SCHEDULED, SurveyStatus.OPEN)
    page = client.get(f"/enquetes/{survey.id}")
    assert "À envoyer" in page.text
    listing = client.get("/enquetes/")
    assert "Enquête annuelle sur la relation" in listing.text
    client.post(f"/enquetes/{survey.id}/clore")
    assert survey.status is SurveyStatus.CLOSED
    assert set(db.session.scalars(select(Invitation.status))) == {InvitationStatus.EXPIRED}


def test_only_the_relations_manager_runs_surveys(db, client, login_as):
    login_as(Role.PRODUCT_LEAD)
    assert client.get("/enquetes/").status_code == 403
    assert client.post("/enquetes/apres-demande").status_code == 403
    assert client.get("/enquetes/mes-enquetes").status_code == 200


def test_the_questions_of_a_campaign_are_edited_until_it_is_sent(
        db, client, login_as, make_survey):
    survey = make_survey(SurveyKind.CATALOGUE, title="Enquête catalogue 2027",
                         status=SurveyStatus.DRAFT)
    login_as(Role.RELATIONS_MANAGER)
    base = f"/enquetes/{survey.id}/questions"
    refused = client.post(f"{base}/nouvelle", data={
        "text": "Quel format préférez-vous ?", "kind": "single", "required": "y",
        "choices": "Portail", "expectation": ""})
    assert "Proposez au moins deux choix, un par ligne." in refused.text
    client.post(f"{base}/nouvelle", data={
        "text": "Quel format préférez-vous ?", "kind": "single", "required": "y",
        "choices": "Portail\nPDF\n\nPortail", "expectation": ""})
    db.session.refresh(survey)
    added = survey.questions[-1]
    assert (added.kind, added.choices, added.code) == (
        QuestionKind.SINGLE, ["Portail", "PDF"], "quel_format_preferez_vous")
    client.post(f"{base}/{added.id}/deplacer", data={"sens": "haut"})
    db.session.refresh(survey)
    assert [q.code for q in survey.questions][-2:] == ["quel_format_preferez_vous",
                                                       "catalogue_manque"]
    first = survey.questions[0]
    client.post(f"{base}/{first.id}", data={"text": "Le catalogue est-il clair ?",
                                             "kind": "rating", "required": "y",
                                             "expectation": "", "code": ""})
    db.session.refresh(first)
    assert (first.text, first.code) == ("Le catalogue est-il clair ?", "catalogue_clarte"), (
        "the barometer code is kept")
    client.post(f"{base}/{first.id}/supprimer")
    db.session.refresh(survey)
    assert len(survey.questions) == 4
    survey.status = SurveyStatus.OPEN
    db.session.commit()
    assert client.post(f"{base}/nouvelle", data={"text": "Trop tard", "kind": "text",
                                                   "expectation": ""}).status_code == 409
