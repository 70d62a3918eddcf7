"""The catalogue's journeys in a real Chromium: a product lead, a requester, the manager."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Subscription
from portal.enums import Role
from tests.browser import SCREENSHOTS, screenshot, sign_in

pytestmark = pytest.mark.browser


def sign_out(page: Page) -> None:
    page.get_by_role("navigation", name="Navigation principale").locator(
        ".dropdown-toggle").click()
    page.get_by_role("button", name="Se déconnecter").click()


def test_product_lead_edits_publishes_and_a_requester_finds_reads_and_downloads(
        page: Page, live_server, make_user, make_service):
    lead = make_user(Role.PRODUCT_LEAD, first_name="Sophie")
    make_service(name="Messagerie Outlook", code="COL-MESSAGERIE", owner=lead,
                 summary="Votre messagerie partout.", keywords="mail courriel")
    sign_in(page, live_server, lead)
    page.get_by_role("link", name="Mes services").click()
    page.get_by_role("link", name="Messagerie Outlook").click()
    page.get_by_role("link", name="Modifier").click()
    page.get_by_label("En bref (le bénéfice en une phrase)").fill(
        "Votre messagerie professionnelle, sur tous vos appareils.")
    page.get_by_label("Résumé de la modification").fill("Accroche plus parlante")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Version de travail n° 2, non publiée.")).to_be_visible()
    page.get_by_role("link", name="Historique", exact=True).click()
    expect(page.locator(".diff-add").first).to_contain_text("sur tous vos appareils")
    expect(page.locator(".diff-del").first).to_contain_text("Votre messagerie partout.")
    screenshot(page, "catalog-history-diff")
    page.get_by_role("link", name="Messagerie Outlook").click()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Fiche publiée")).to_be_visible()
    sign_out(page)

    requester = make_user(Role.REQUESTER, first_name="Claire")
    sign_in(page, live_server, requester)
    page.get_by_role("link", name="Catalogue").first.click()
    page.get_by_label("Rechercher dans le catalogue").fill("messagérie")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("status")).to_contain_text("1 service trouvé")
    page.get_by_role("link", name="Messagerie Outlook").click()
    expect(page.locator(".lead")).to_have_text(
        "Votre messagerie professionnelle, sur tous vos appareils.")
    expect(page.get_by_role("link", name="Faire une demande")).to_be_visible()
    screenshot(page, "catalog-sheet-requester")
    page.goto(f"{live_server}/catalogue/synopsis")
    page.emulate_media(media="print")
    screenshot(page, "catalog-synopsis-print")
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Catalogue complet en PDF").click()
    expect(page.get_by_role("status")).to_contain_text("Le fichier est prêt.")
    screenshot(page, "catalog-export-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger").click()
    download = download_info.value
    path = SCREENSHOTS / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")


def test_relations_manager_sees_coverage_rates(page: Page, live_server, make_user,
                                               make_service, make_entity, db):
    service = make_service(name="Accès VPN", code="SEC-VPN")
    for entity in (make_entity(), make_entity()):
        db.session.add(Subscription(service=service, entity=entity, since=date(2025, 1, 1)))
    db.session.commit()
    sign_in(page, live_server, make_user(Role.RELATIONS_MANAGER))
    page.get_by_role("link", name="Couverture").click()
    row = page.get_by_role("row", name="Accès VPN")
    expect(row).to_contain_text("50 %")
    screenshot(page, "catalog-coverage")
