"""The indicators in a real Chromium: the relations manager reads, slices, exports and prints;
a product lead reads their own services."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from indicators.refresh import rebuild
from portal.enums import Role, Segment
from portal.models import User
from portal.timeutil import utcnow
from tests.browser import open_menu, screenshot, sign_in
from tickets.enums import Status
from tickets.services import set_status

pytestmark = pytest.mark.browser


@pytest.fixture
def requests_over_two_months(db, make_entity, make_user, make_service, make_ticket):
    """Requests of two entities last month and the month before, some resolved."""
    now = utcnow()
    last_month = (now.replace(day=1) - timedelta(days=1)).replace(day=10, hour=9)
    before = (last_month.replace(day=1) - timedelta(days=1)).replace(day=10, hour=9)
    sales = make_entity("Direction Commerciale", segment=Segment.CORE)
    finance = make_entity("Direction Financière", segment=Segment.ADVOCATE)
    lead = make_user(Role.PRODUCT_LEAD, first_name="Sophie", last_name="Lefèvre")
    vpn = make_service("Accès VPN", owner=lead)
    mail = make_service("Messagerie Outlook")
    agent = make_user(Role.AGENT)
    for month, count in ((before, 2), (last_month, 5)):
        for index in range(count):
            requester = make_user(entity=sales if index % 2 else finance)
            ticket = make_ticket(requester, now=month + timedelta(hours=index),
                                 service_id=(vpn if index % 2 else mail).id)
            set_status(ticket, Status.IN_PROGRESS, agent, month + timedelta(hours=index + 1))
            if index < count - 1:
                set_status(ticket, Status.RESOLVED, agent, month + timedelta(hours=index + 3))
    lead_id = lead.id
    rebuild(now)
    db.session.commit()
    return {"lead": db.session.get(User, lead_id)}


def test_the_relations_manager_reads_slices_and_prints_the_indicators(
        page: Page, live_server, db, make_user, requests_over_two_months):
    manager = make_user(Role.RELATIONS_MANAGER, first_name="Nathalie", last_name="Moreau")
    sign_in(page, live_server, manager)
    open_menu(page, "Indicateurs")
    received = page.locator("#table-summary tr", has_text="Demandes reçues").first
    expect(received.locator("td").nth(0)).to_have_text("5")
    expect(received.locator("td").nth(1)).to_have_text("2")
    expect(received.locator("td").nth(2)).to_have_text("+150 %")
    screenshot(page, "indicators-mailbox")

    page.get_by_label("Segment").select_option(label="Cœur de cible")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"segment=core"))
    received = page.locator("#table-summary tr", has_text="Demandes reçues").first
    expect(received.locator("td").nth(0)).to_have_text("2")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Fidélisation et promotion").click()
    expect(page.get_by_role("table", name="Indicateurs de fidélisation")).to_be_visible()
    screenshot(page, "indicators-relationship")

    page.get_by_role("link", name="Boîte fonctionnelle").click()
    page.get_by_role("button", name="Rapport PDF").click()
    link = page.get_by_role("link", name=re.compile("Télécharger"))
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "Rapport mensuel" in text
    assert "Demandes reçues" in text


def test_a_product_lead_reads_the_figures_of_their_own_services(
        page: Page, live_server, db, requests_over_two_months):
    sign_in(page, live_server, requests_over_two_months["lead"])
    open_menu(page, "Indicateurs")
    services = page.locator("#table-services tbody tr")
    expect(services).to_have_count(1)
    expect(services.first).to_contain_text("Accès VPN")
    screenshot(page, "indicators-product-lead")
