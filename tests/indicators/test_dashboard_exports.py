"""Every dashboard exports as a spreadsheet, to those who may read it and only their slice."""

import csv
import io

import pytest

from indicators.refresh import rebuild
from portal.enums import Role
from tests.indicators.indicator_helpers import open_request, paris

NOVEMBER = "?periode=mois&debut=2026-11-01"


@pytest.fixture
def two_services(db, make_user, make_service):
    lead = make_user(Role.PRODUCT_LEAD)
    vpn, mail = make_service("Accès VPN", owner=lead), make_service("Messagerie")
    requester = make_user()
    for day, service in ((3, vpn), (4, vpn), (5, mail)):
        open_request(requester, paris(2026, 11, day, 10), service)
    rebuild(paris(2026, 12, 7, 6))
    db.session.commit()
    return lead


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))


def _received(rows, section: str) -> str:
    return next(row[3] for row in rows if row[0] == section and row[1] == "Demandes reçues")


def test_a_product_lead_exports_the_figures_of_their_services_only(
        client, login_as, two_services):
    login_as(two_services)
    rows = _rows(client.get(f"/indicateurs/services.csv{NOVEMBER}"))
    assert rows[0][3] == "novembre 2026"
    assert _received(rows, "Vue d'ensemble de mes services") == "2"
    assert {row[0] for row in rows} >= {"Accès VPN"}
    assert "Messagerie" not in {row[0] for row in rows}
    summary = _rows(client.get(f"/indicateurs/synthese.csv{NOVEMBER}"))
    assert _received(summary, "Boîte fonctionnelle") == "3"  # the DSI summary is DSI-wide
    assert client.get(f"/indicateurs/boite.csv{NOVEMBER}").status_code == 403


def test_the_relations_manager_exports_every_dashboard(client, login_as, two_services):
    login_as(Role.RELATIONS_MANAGER)
    for name in ("boite", "relation", "services", "synthese"):
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/indicateurs/{name}.{fmt}{NOVEMBER}")
            assert response.status_code == 200, (name, fmt)
            assert "attachment" in response.headers["Content-Disposition"]
    assert _received(_rows(client.get(f"/indicateurs/services.csv{NOVEMBER}")),
                     "Vue d'ensemble de mes services") == "3"


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.AGENT])
def test_requesters_and_agents_export_no_dashboard(client, login_as, two_services, role):
    login_as(role)
    for name in ("boite", "relation", "services", "synthese"):
        assert client.get(f"/indicateurs/{name}.csv").status_code == 403
