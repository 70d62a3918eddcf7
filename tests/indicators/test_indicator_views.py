"""The mailbox dashboard and its exports, as the relations manager sees them and others do not."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from indicators.board import local_today
from indicators.periods import Period
from indicators.refresh import rebuild
from portal.enums import Role
from portal.timeutil import utcnow
from tests.indicators.indicator_helpers import as_the_worker, open_request, paris, resolve

FEBRUARY = "?periode=mois&debut=2026-02-01"


@pytest.fixture
def counted(app, db, make_entity, make_user, make_service):
    """Three requests in February 2026, one in January, one in February 2025; rolled up."""
    finance, export = make_entity("Direction Financière"), make_entity("Direction Export")
    agent, service = make_user(Role.AGENT), make_service()
    in_finance, in_export = make_user(entity=finance), make_user(entity=export)
    for requester, when in ((in_finance, paris(2026, 2, 3, 9)), (in_finance, paris(2026, 2, 4, 9)),
                            (in_export, paris(2026, 2, 5, 9)), (in_export, paris(2026, 1, 8, 9)),
                            (in_export, paris(2025, 2, 10, 9))):
        ticket = open_request(requester, when, service=service)
    resolve(ticket, agent, paris(2025, 2, 11, 9))
    ids = {"finance": finance.id, "export": export.id}
    as_the_worker(app, rebuild, paris(2026, 3, 2, 9))
    return ids


def flat(text: str) -> str:
    return re.sub("[\u00a0\u202f]", " ", text)


def row_of(page: str, label: str) -> list[str]:
    """The cells of the first table row headed by the label, tags stripped."""
    start = re.search(r'<th scope="row"[^>]*>' + re.escape(label) + "<", page).start()
    row = page[start:page.index("</tr>", start)]
    return [flat(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_relations_manager_reads_the_requests_received_over_the_three_periods(
        client, login_as, counted):
    login_as(Role.RELATIONS_MANAGER)
    response = client.get(f"/indicateurs/{FEBRUARY}")
    assert response.status_code == 200
    page = response.text
    assert "Demandes reçues" in page
    assert all(label in page for label in ("février 2026", "janvier 2026", "février 2025"))
    assert row_of(page, "Demandes reçues")[:5] == ["3", "1", "+200 %", "1", "+200 %"]
    assert row_of(page, "Demandes résolues")[:4:3] == ["0", "1"]


def test_the_entity_filter_narrows_the_figures(client, login_as, counted):
    login_as(Role.ADMIN)
    page = client.get(f"/indicateurs/{FEBRUARY}&entite={counted['finance']}").text
    assert row_of(page, "Demandes reçues")[:2] == ["2", "0"]
    assert f'<option value="{counted["finance"]}" selected' in page


@pytest.mark.parametrize("query", [
    "?periode=libre&du=2026-13-45", "?periode=libre&du=2026-02-10&au=2026-01-01",
    "?periode=mois&debut=abc", "?periode=trimestre&debut=99999-01-01", "?periode=%00",
    "?entite=abc", "?entite=999999999999", "?entite=-3", "?service=1e9", "?famille=",
    "?segment=inconnu", "?periode=annee&debut=2026-02-01&segment=core&service=999999999999",
])
def test_bad_values_in_the_query_string_are_ignored_never_an_error(
        client, login_as, counted, query):
    login_as(Role.RELATIONS_MANAGER)
    for path in ("/indicateurs/", "/indicateurs/boite.csv", "/indicateurs/boite.xlsx"):
        assert client.get(path + query).status_code == 200, path + query


def test_an_unreadable_period_shows_the_last_whole_month(app, client, login_as, counted):
    login_as(Role.RELATIONS_MANAGER)
    page = client.get("/indicateurs/?periode=libre&du=2026-13-45").text
    with app.test_request_context():
        expected = Period.default(local_today(utcnow())).label
    assert f'<span class="fw-semibold">{expected}</span>' in page


def test_an_entity_that_does_not_exist_is_not_found(client, login_as, counted):
    login_as(Role.RELATIONS_MANAGER)
    assert client.get("/indicateurs/?entite=2147483000").status_code == 404


def test_the_csv_export_opens_in_french_excel_with_the_period_in_its_header(
        client, login_as, counted):
    login_as(Role.RELATIONS_MANAGER)
    response = client.get(f"/indicateurs/boite.csv{FEBRUARY}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "analyse-boite-2026-02-01.csv" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][3:] == ["février 2026", "janvier 2026", "Évolution", "février 2025",
                           "Évolution sur un an"]
    received = next(row for row in rows if row[1] == "Demandes reçues")
    assert received[2:] == ["count", "3", "1", "2.0", "1", "2.0"]


def test_the_xlsx_export_opens_with_the_same_figures(client, login_as, counted):
    login_as(Role.RELATIONS_MANAGER)
    response = client.get(f"/indicateurs/boite.xlsx{FEBRUARY}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][3] == "février 2026"
    received = next(row for row in rows if row[1] == "Demandes reçues")
    assert received[3:5] == [3, 1]


def test_an_export_in_an_unknown_format_is_not_found(client, login_as, counted):
    login_as(Role.RELATIONS_MANAGER)
    assert client.get("/indicateurs/boite.pdf").status_code == 404


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.AGENT])
def test_requesters_and_agents_may_not_read_the_dashboard_or_export_it(client, login_as, role):
    login_as(role)
    for path in ("/indicateurs/", "/indicateurs/boite.csv", "/indicateurs/boite.xlsx"):
        assert client.get(path).status_code == 403, path


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    for path in ("/indicateurs/", f"/indicateurs/boite.csv{FEBRUARY}"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/connexion")


def test_the_dashboard_says_when_the_figures_were_last_counted(client, login_as, counted):
    login_as(Role.RELATIONS_MANAGER)
    page = flat(client.get(f"/indicateurs/{FEBRUARY}").text)
    assert "Chiffres à jour au 02/03/2026" in page


def test_before_the_first_count_the_dashboard_says_so_and_shows_no_figures(client, login_as):
    login_as(Role.RELATIONS_MANAGER)
    page = client.get(f"/indicateurs/{FEBRUARY}").text
    assert "Les agrégats n'ont pas encore été calculés par le worker." in flat(page).replace(
        "&#39;", "'")
    assert row_of(page, "Demandes reçues")[0] == "0"
    assert date(2026, 2, 1).isoformat() in page
