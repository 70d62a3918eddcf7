"""Answering a survey link on a phone, in a real Chromium: a low score asks for a comment."""

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from committees.enums import ActionOrigin
from committees.models import Action
from indicators.surveys.engine import launch_campaign, plan_post_request, run_invitations
from indicators.surveys.enums import SurveyKind
from indicators.surveys.models import Invitation, Response
from indicators.surveys.tokens import make_token
from portal.businesshours import BusinessCalendar
from portal.enums import Role
from portal.timeutil import utcnow
from tests.browser import screenshot
from tickets.enums import Status

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ALWAYS_OPEN = BusinessCalendar({day: [(time(0), time(23, 59))] for day in range(7)})
THUMB = 44  # CSS pixels: the smallest comfortable touch target


def survey_link(app, db, make_survey, make_ticket, make_user) -> str:
    """The link Claire got by mail for her resolved request, sent through the engine."""
    make_survey(delay_hours=0, opens_at=utcnow() - timedelta(days=30))
    claire = make_user(Role.REQUESTER, email="claire.martin@exemple.fr", first_name="Claire")
    ticket = make_ticket(requester=claire, subject="Imprimante du 3e étage bloquée",
                         now=utcnow() - timedelta(hours=3))
    ticket.status, ticket.resolved_at = Status.RESOLVED, utcnow() - timedelta(hours=2)
    db.session.commit()
    now = utcnow()
    with app.test_request_context():
        assert plan_post_request(now) == 1
        assert run_invitations(now, ALWAYS_OPEN) == 1
        db.session.commit()
        return f"/enquetes/r/{make_token(db.session.scalar(select(Invitation)))}"


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_requester_answers_on_a_phone_and_an_unhappy_answer_is_followed_up(
        new_context, live_server, app, db, make_survey, make_ticket, make_user):
    manager = make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr")
    link = survey_link(app, db, make_survey, make_ticket, make_user)
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                       locale="fr-FR").new_page()
    page.goto(f"{live_server}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre avis sur votre demande")
    expect(page.get_by_text("« Imprimante du 3e étage bloquée »")).to_be_visible()
    assert page_width(page) <= PHONE["width"], "no sideways scrolling on a phone"
    satisfaction = page.get_by_role("radiogroup", name=re.compile("Dans l'ensemble"))
    delay = page.get_by_role("radiogroup", name=re.compile("Le délai de traitement"))
    for value in "12345":
        box = satisfaction.get_by_text(value, exact=True).bounding_box()
        assert min(box["width"], box["height"]) >= THUMB, f"score {value} is too small a target"
    send = page.get_by_role("button", name="Envoyer mes réponses")
    assert send.bounding_box()["height"] >= THUMB
    screenshot(page, "survey-answer-phone")

    satisfaction.get_by_text("1", exact=True).tap()
    delay.get_by_text("2", exact=True).tap()
    send.tap()
    expect(page.get_by_role("alert")).to_contain_text("Quelques réponses manquent")
    comment = page.get_by_role("group", name=re.compile("Voulez-vous nous en dire plus"))
    expect(comment).to_contain_text(
        "un commentaire est demandé quand une note est basse, pour que nous puissions agir")
    expect(satisfaction.get_by_role("radio", name="1")).to_be_checked()
    expect(delay.get_by_role("radio", name="2")).to_be_checked()
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "survey-answer-phone-comment-needed")
    assert db.session.scalar(select(Response)) is None

    comment.get_by_role("textbox").fill("Trois relances avant l'intervention, et personne "
                                        "ne m'a prévenue du passage du technicien.")
    page.get_by_role("button", name="Envoyer mes réponses").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour vos réponses")
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "survey-answer-phone-thanks")

    response = db.session.scalar(select(Response))
    assert response.dissatisfied
    assert sorted(a.score for a in response.answers if a.score is not None) == [1, 2]
    follow_up = db.session.scalar(select(Action).where(
        Action.survey_response_id == response.id))
    assert follow_up.origin is ActionOrigin.SURVEY
    assert follow_up.owner_id == manager.id
    assert follow_up.survey_response_id == response.id
    assert "personne ne m'a prévenue" not in follow_up.description, "the answer stays behind"

    page.goto(f"{live_server}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous avez déjà répondu")
    screenshot(page, "survey-answer-phone-already-answered")


def test_the_annual_campaign_fits_a_phone_with_its_zero_to_ten_scale(
        new_context, live_server, app, db, make_survey, make_user, make_entity):
    direction = make_entity("Direction Financière")
    make_user(Role.REQUESTER, entity=direction, email="claire.martin@exemple.fr")
    survey = make_survey(SurveyKind.ANNUAL, title="Enquête annuelle 2026", anonymous=True,
                         opens_at=None, lifetime_days=21)
    survey.entities = [direction]
    db.session.commit()
    now = utcnow()
    with app.test_request_context():
        assert launch_campaign(survey, now - timedelta(minutes=1)) == 1
        assert run_invitations(now, ALWAYS_OPEN) == 1
        db.session.commit()
        link = f"/enquetes/r/{make_token(db.session.scalar(select(Invitation)))}"
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                       locale="fr-FR").new_page()
    page.goto(f"{live_server}{link}")
    expect(page.get_by_text("Réponses anonymes")).to_be_visible()
    assert page_width(page) <= PHONE["width"], "no sideways scrolling on a phone"
    scale = page.get_by_role("radiogroup", name=re.compile("Recommanderiez-vous"))
    boxes = [scale.get_by_text(str(value), exact=True).bounding_box() for value in range(11)]
    assert len({round(box["y"]) for box in boxes}) == 2, "0 to 10 on two rows"
    assert len({round(box["width"]) for box in boxes}) == 1, "in even columns"
    assert min(boxes[0]["width"], boxes[0]["height"]) >= THUMB
    rating = page.get_by_role("radiogroup", name=re.compile("Globalement"))
    assert rating.get_by_text("5", exact=True).bounding_box()["width"] > THUMB, "fills the row"
    choice = page.get_by_text("Mobilité", exact=True)
    assert choice.bounding_box()["height"] >= THUMB
    choice.tap()
    expect(page.get_by_role("checkbox", name="Mobilité")).to_be_checked()
    screenshot(page, "survey-annual-phone")
