"""Results, barometer and exports as each role sees them, from hand-built responses."""

import csv
import io
import json
import re
import secrets

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from indicators.surveys.enums import InvitationStatus, SurveyKind
from indicators.surveys.models import Answer, Invitation, Response
from portal.enums import Role, Segment
from portal.tabular import neutralise
from tests.browser import screenshot, sign_in
from tests.committees.conftest import paris

INJECTION = '=HYPERLINK("http://x")'


@pytest.fixture
def respond(db):
    """Record a response: {question code: score, text or list of choices}."""

    def factory(survey, values: dict, when=None, entity=None, service=None, user=None):
        codes = {question.code: question.id for question in survey.questions}
        response = Response(
            survey_id=survey.id, invitation_key=secrets.token_hex(16),
            submitted_at=when or paris(2026, 3, 10, 14), user_id=user.id if user else None,
            entity_id=entity.id if entity else None, segment=entity.segment if entity else None,
            client_type=entity.client_type if entity else None,
            service_id=service.id if service else None,
            family_id=service.family_id if service else None,
            answers=[_answer(codes[code], value) for code, value in values.items()])
        db.session.add(response)
        db.session.commit()
        return response

    return factory


def _answer(question_id: int, value) -> Answer:
    if isinstance(value, int):
        return Answer(question_id=question_id, score=value)
    if isinstance(value, list):
        return Answer(question_id=question_id, choices=value)
    return Answer(question_id=question_id, text=value)


def invite(db, survey, sent: int, answered: int) -> None:
    for number in range(sent):
        done = number < answered
        db.session.add(Invitation(
            survey_id=survey.id, email=f"invite{number}@exemple.fr", nonce=secrets.token_hex(16),
            status=InvitationStatus.ANSWERED if done else InvitationStatus.SENT,
            sent_at=paris(2026, 3, 1), answered_at=paris(2026, 3, 2) if done else None))
    db.session.commit()


def flat(text: str) -> str:
    """The page with its no-break spaces as plain ones."""
    return re.sub("[\u00a0\u202f]", " ", text)


def section(page: str, survey, code: str) -> str:
    """The card of one question on the results page."""
    question = next(q for q in survey.questions if q.code == code)
    start = page.index(f'id="q{question.id}"')
    return flat(page[start:page.index("</section>", start)])


@pytest.fixture
def annual(db, make_survey, make_entity, make_user, respond):
    """An annual survey: four responses from two entities, eight invitations sent."""
    survey = make_survey(SurveyKind.ANNUAL, title="Enquête annuelle 2026", edition="2026")
    finances = make_entity("Direction Financière", segment=Segment.CORE)
    export = make_entity("Direction Export", segment=Segment.SENSITIVE)
    claire = make_user(first_name="Claire", last_name="Martin", entity=finances)
    for score, reco, entity in ((5, 10, finances), (4, 9, finances), (4, 6, export)):
        respond(survey, {"relation_globale": score, "recommandation": reco,
                         "priorites": ["Mobilité", "Sécurité"]}, entity=entity)
    respond(survey, {"relation_globale": 2, "recommandation": 8, "priorites": ["Sécurité"],
                     "suggestion": INJECTION + " <img src=x onerror=alert(1)>"},
            entity=export, user=claire, when=paris(2026, 3, 20, 9))
    invite(db, survey, sent=8, answered=4)
    return survey


def test_a_manager_sees_each_question_s_figures_and_the_response_rate(
        client, login_as, annual):
    login_as(Role.RELATIONS_MANAGER)
    page = client.get(f"/enquetes/{annual.id}/resultats")
    assert page.status_code == 200
    text = flat(page.text)
    assert "50 %" in text
    assert "4 invitations répondues / 8 envoyées" in text
    relation = section(page.text, annual, "relation_globale")
    assert "3,8" in relation
    assert "75 %" in relation  # CSAT: 3 ratings of 4 or 5 out of 4
    reco = section(page.text, annual, "recommandation")
    assert "+25" in reco  # 2 promoters, 1 detractor out of 4
    assert "Promoteurs (9-10) : 50 %" in reco
    priorities = section(page.text, annual, "priorites")
    assert re.search(r"Sécurité</td><td class=\"text-end\">4</td>", priorities)
    assert "Aucune réponse" not in text
    assert "—" in section(page.text, annual, "ecoute")  # nobody answered it
    suggestion = section(page.text, annual, "suggestion")
    assert "&lt;img src=x onerror=alert(1)&gt;" in suggestion
    assert "<img src=x" not in page.text
    assert "Claire Martin" in suggestion  # a named survey shows who wrote


def test_the_breakdown_follows_the_chosen_dimension(client, login_as, annual):
    login_as(Role.RELATIONS_MANAGER)
    by_entity = flat(client.get(f"/enquetes/{annual.id}/resultats?par=entite").text)
    assert re.search(r"Direction Export</th>\s*<td class=\"text-end\">2</td>", by_entity)
    assert re.search(r"Direction Financière</th>\s*<td class=\"text-end\">2</td>", by_entity)
    by_segment = flat(client.get(f"/enquetes/{annual.id}/resultats?par=segment").text)
    assert "Cible sensible" in by_segment
    by_month = flat(client.get(f"/enquetes/{annual.id}/resultats?par=mois").text)
    assert "mars 2026" in by_month


def test_filters_narrow_the_responses(db, client, login_as, annual):
    login_as(Role.RELATIONS_MANAGER)
    export_id = db.session.scalar(select(Response.entity_id).where(Response.user_id.is_not(None)))
    page = flat(client.get(f"/enquetes/{annual.id}/resultats?entite={export_id}").text)
    assert re.search(r"display-6\">2</span>", page)
    late = flat(client.get(f"/enquetes/{annual.id}/resultats?du=2026-03-15&au=2026-03-31").text)
    assert re.search(r"display-6\">1</span>", late)


def chart(page: str, chart_id: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>',
                      page, re.S)
    return json.loads(found.group(1))


def test_the_barometer_shows_each_question_edition_by_edition_in_time(
        client, login_as, make_survey, respond):
    later = make_survey(SurveyKind.ANNUAL, edition="", opens_at=paris(2026, 1, 1))  # 2025 in UTC
    earlier = make_survey(SurveyKind.ANNUAL, edition="Vague 2025", opens_at=paris(2025, 2, 1))
    for score, reco in ((2, 0), (4, 10)):
        respond(earlier, {"relation_globale": score, "recommandation": reco})
    for score, reco in ((5, 10), (4, 9), (5, 7)):
        respond(later, {"relation_globale": score, "recommandation": reco})
    login_as(Role.ADMIN)
    page = client.get("/enquetes/barometre")
    assert page.status_code == 200
    ratings = chart(page.text, "chart-ratings")
    assert ratings["labels"] == ["Vague 2025", "2026"]
    relation = next(d for d in ratings["datasets"] if d["label"].startswith("Globalement"))
    assert relation["data"] == [3.0, 4.67]
    assert chart(page.text, "chart-nps")["datasets"][0]["data"] == [0, 67]
    text = flat(page.text)
    assert text.index("Vague 2025</th>") < text.index("2026</th>")
    assert "CSAT 50 %" in text
    assert "+67" in text
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in page.text
    assert "<script>" not in page.text
    assert 'aria-current="page" href="/enquetes/barometre"' in page.text


def test_the_post_request_barometer_counts_in_quarters(client, login_as, make_survey, respond):
    survey = make_survey()
    respond(survey, {"satisfaction": 2}, when=paris(2026, 3, 31, 23, 30))
    respond(survey, {"satisfaction": 4}, when=paris(2026, 4, 2))
    respond(survey, {"satisfaction": 5}, when=paris(2025, 11, 5))
    login_as(Role.RELATIONS_MANAGER)
    ratings = chart(client.get("/enquetes/barometre?type=post_request").text, "chart-ratings")
    assert ratings["labels"] == ["T4 2025", "T1 2026", "T2 2026"]
    assert ratings["datasets"][0]["data"] == [5.0, 2.0, 4.0]


@pytest.mark.browser
def test_the_barometer_draws_its_charts_in_a_browser(
        page, live_server, make_user, make_survey, respond):
    survey = make_survey(SurveyKind.ANNUAL)
    for score, reco in ((4, 9), (5, 10), (2, 3)):
        respond(survey, {"relation_globale": score, "recommandation": reco})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.emulate_media(reduced_motion="reduce")  # drawn at once, so the screenshot is final
    sign_in(page, live_server, make_user(Role.RELATIONS_MANAGER))
    page.goto(f"{live_server}/enquetes/barometre")
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-chart]')]"
                           ".every((canvas) => window.Chart && Chart.getChart(canvas))")
    drawn = page.evaluate("[...document.querySelectorAll('canvas[data-chart]')]"
                          ".map((canvas) => Chart.getChart(canvas).data.datasets[0].data)")
    assert drawn == [[3.67], [33]]
    screenshot(page, "survey-barometer")
    page.goto(f"{live_server}/enquetes/{survey.id}/resultats")
    expect(page.get_by_role("heading", name="Ventilation par entité")).to_be_visible()
    screenshot(page, "survey-results")
    assert errors == []


@pytest.fixture
def two_services(make_service, make_user, make_family):
    lead = make_user(Role.PRODUCT_LEAD, first_name="Sophie", last_name="Lefèvre")
    mine = make_service("Messagerie Outlook", owner=lead)
    other = make_service("Téléphonie fixe", family=make_family("Téléphonie et réseau"))
    return lead, mine, other


def test_a_product_lead_sees_only_the_post_request_results_of_their_services(
        db, client, login_as, make_survey, make_ticket, respond, two_services):
    lead, mine, other = two_services
    survey = make_survey()
    for service, answered in ((mine, True), (other, False), (other, False)):
        ticket = make_ticket(service_id=service.id)
        db.session.add(Invitation(
            survey_id=survey.id, email="demandeur@exemple.fr", nonce=secrets.token_hex(16),
            ticket_id=ticket.id, sent_at=paris(2026, 3, 1),
            answered_at=paris(2026, 3, 2) if answered else None))
    db.session.commit()
    respond(survey, {"satisfaction": 5, "commentaire": "Messagerie vite réparée"}, service=mine)
    respond(survey, {"satisfaction": 1, "commentaire": "Ligne coupée deux jours"}, service=other)
    campaign = make_survey(SurveyKind.ANNUAL)
    login_as(lead)
    page = client.get(f"/enquetes/{survey.id}/resultats")
    assert page.status_code == 200
    assert "Messagerie vite réparée" in page.text
    assert "Ligne coupée" not in page.text
    assert "Téléphonie fixe" not in page.text  # nor in the service filter
    assert "1 invitation répondue / 1 envoyée" in flat(page.text)
    barometer = client.get("/enquetes/barometre")
    assert chart(barometer.text, "chart-ratings")["datasets"][0]["data"] == [5.0]
    assert f'href="/enquetes/{survey.id}/resultats"' in barometer.text
    exported = client.get(f"/enquetes/{survey.id}/export.csv").data.decode("utf-8-sig")
    assert "Messagerie vite réparée" in exported
    assert "Ligne coupée" not in exported
    for url in (f"/enquetes/{campaign.id}/resultats", f"/enquetes/{campaign.id}/export.xlsx",
                "/enquetes/barometre?type=annual"):
        assert client.get(url).status_code == 403, url


def test_a_product_lead_without_services_sees_no_response(
        client, login_as, make_survey, respond, two_services):
    _, mine, _ = two_services
    survey = make_survey()
    respond(survey, {"satisfaction": 5, "commentaire": "Merci"}, service=mine)
    login_as(Role.PRODUCT_LEAD)
    page = client.get(f"/enquetes/{survey.id}/resultats")
    assert "Aucune réponse ne correspond à ces critères." in page.text
    assert "Merci" not in page.text
    assert "Aucune réponse notée" in client.get("/enquetes/barometre").text


def test_a_requester_may_not_read_results(client, login_as, make_survey):
    survey = make_survey()
    assert client.get(f"/enquetes/{survey.id}/resultats").status_code == 302  # signed out
    login_as(Role.REQUESTER)
    for url in (f"/enquetes/{survey.id}/resultats", "/enquetes/barometre",
                "/enquetes/barometre?type=post_request", f"/enquetes/{survey.id}/export.csv"):
        assert client.get(url).status_code == 403, url


@pytest.fixture
def anonymous_survey(make_survey, make_entity, make_user, respond):
    """Three responses from Finances, one from Export, all by someone called Zébulon."""
    survey = make_survey(SurveyKind.ANNUAL, anonymous=True)
    finances, export = make_entity("Direction Financière"), make_entity("Direction Export")
    zebulon = make_user(first_name="Zébulon", last_name="Indiscret", entity=export)
    for number in range(3):
        respond(survey, {"relation_globale": 4, "suggestion": f"Avis finances {number}"},
                entity=finances, user=zebulon)
    respond(survey, {"relation_globale": 1, "suggestion": INJECTION}, entity=export, user=zebulon)
    return survey, export


def test_anonymous_results_name_no_one_and_hide_groups_under_three(
        client, login_as, anonymous_survey):
    survey, export = anonymous_survey
    login_as(Role.RELATIONS_MANAGER)
    page = flat(client.get(f"/enquetes/{survey.id}/resultats?par=entite").text)
    assert "Zébulon" not in page
    assert re.search(r"Direction Export</th>\s*<td class=\"text-body-secondary\" colspan=\"\d+\">"
                     r"moins de 3 réponses", page)
    assert re.search(r"Direction Financière</th>\s*<td class=\"text-end\">3</td>", page)
    alone = flat(client.get(f"/enquetes/{survey.id}/resultats?entite={export.id}").text)
    assert "Moins de 3 réponses : les résultats de cette enquête anonyme" in alone
    assert "HYPERLINK" not in alone
    exported = client.get(f"/enquetes/{survey.id}/export.csv").data.decode("utf-8-sig")
    assert "Zébulon" not in exported
    assert "Répondant" not in exported
    assert "Direction Export" not in exported
    assert exported.count("Direction Financière") == 3


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export_opens_in_french_excel_with_formulas_neutralised(
        client, login_as, annual):
    login_as(Role.RELATIONS_MANAGER)
    response = client.get(f"/enquetes/{annual.id}/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = read_csv(response.data)
    assert header[:5] == ["Date de réponse", "Répondant", "Entité", "Segment", "Service"]
    assert len(rows) == 4
    last = rows[-1]
    assert last[:3] == ["2026-03-20", "Claire Martin", "Direction Export"]
    suggestion = header.index(next(q.text for q in annual.questions if q.code == "suggestion"))
    assert last[suggestion].startswith("'" + INJECTION)
    assert last[header.index(annual.questions[0].text)] == "2"


def test_the_xlsx_export_opens_and_keeps_formulas_as_text(client, login_as, annual):
    login_as(Role.ADMIN)
    response = client.get(f"/enquetes/{annual.id}/export.xlsx?par=mois")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Date de réponse"
    assert len(rows) == 4
    cells = [cell for line in sheet.iter_rows(min_row=2) for cell in line
             if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert [cell.data_type for cell in cells] == ["s"]
    assert cells[0].value.startswith("'" + INJECTION)
    assert rows[0][header.index(annual.questions[0].text)] == 5


@pytest.mark.parametrize("value", [
    "=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tcmd", "\rcmd", INJECTION])
def test_neutralise_prefixes_what_a_spreadsheet_would_run(value):
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_plain_text_and_numbers_alone():
    assert neutralise("Très bien = parfait") == "Très bien = parfait"
    assert neutralise(-2) == -2
    assert neutralise(None) is None


JUNK = ("entite=abc&segment=zz&service=99999999999999999999&famille=-1&du=2026-13-45&au=x"
        "&par=%3Cscript%3E", "du=0001-01-01&au=9999-12-31&entite=0", "entite=2147483648",
        "service=1&famille=1&entite=999999&segment=core&du=2026-01-01&au=2026-12-31")


@pytest.mark.parametrize("query", JUNK)
def test_junk_filters_are_ignored_rather_than_failing(client, login_as, annual, query):
    login_as(Role.RELATIONS_MANAGER)
    assert client.get(f"/enquetes/{annual.id}/resultats?{query}").status_code == 200
    assert client.get(f"/enquetes/{annual.id}/export.xlsx?{query}").status_code == 200
    assert client.get(f"/enquetes/barometre?type=x&{query}").status_code == 200


def test_unknown_surveys_and_formats_are_not_found(client, login_as, annual):
    login_as(Role.RELATIONS_MANAGER)
    assert client.get("/enquetes/999999/resultats").status_code == 404
    assert client.get(f"/enquetes/{annual.id}/export.pdf").status_code == 404
