"""The committee cycle in a real Chromium: plan, invite, minute with two actions, close one."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from committees.enums import ActionStatus
from committees.models import Action
from portal.enums import Role
from portal.outbox import OutboxMessage
from tests.browser import open_menu, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_the_relations_manager_prepares_holds_and_follows_a_committee(
        page: Page, live_server, db, make_user, make_entity, make_contact, make_committee):
    entity = make_entity("Direction Financière")
    sponsor = make_contact(entity, "Marc", "Dubois")
    manager = make_user(Role.RELATIONS_MANAGER, first_name="Hélène", last_name="Roux")
    agent = make_user(Role.AGENT, first_name="Paul", last_name="Martin")
    committee = make_committee("Comité tactique Finances", entities=[entity],
                               members=[manager, sponsor])
    sign_in(page, live_server, manager)
    open_menu(page, "Comités")
    page.get_by_role("link", name="Comité tactique Finances").click()
    page.get_by_role("link", name="Planifier une réunion").click()
    expect(page.get_by_label("Lieu")).to_have_value("Tour Alcyone, salle 12")
    page.get_by_label("Date et heure").fill("2026-12-10T14:00")
    page.get_by_label("Ordre du jour").fill("1. Bilan du trimestre\n2. Budget 2027")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Réunion planifiée")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation envoyée à 2 personne(s).")
    assert db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.to_addr == sponsor.email)).invitation
    screenshot(page, "committee-meeting-planned")

    page.get_by_role("link", name="Saisir le compte rendu").click()
    page.get_by_label("Marc Dubois (Client)").select_option(label="Excusé")
    page.get_by_label("Compte rendu", exact=True).fill(
        "### Bilan\n- 212 demandes traitées\n- **98 %** des délais tenus")
    page.get_by_label("Décisions").fill("Lancer l'étude de la dématérialisation des factures")
    page.get_by_label("Publier le compte rendu aux membres du client").check()
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    expect(page.get_by_role("status")).to_contain_text("Compte rendu enregistré.")
    expect(page.locator(".minutes strong")).to_have_text("98 %")

    for title, due in (("Chiffrer la dématérialisation", "2027-01-15"),
                       ("Envoyer le bilan SLA", "2026-12-18")):
        form = page.locator("form").filter(has=page.get_by_role("button", name="Ajouter l'action"))
        form.get_by_label("Action", exact=True).fill(title)
        form.get_by_label("Responsable").select_option(label=agent.full_name)
        form.get_by_label("Échéance").fill(due)
        form.get_by_role("button", name="Ajouter l'action").click()
        expect(page.get_by_role("status")).to_contain_text("Action ajoutée au plan d'action.")
    expect(page.locator("#actions-section tbody tr")).to_have_count(2)
    screenshot(page, "committee-meeting-minutes")

    page.get_by_role("link", name="Envoyer le bilan SLA").click()
    page.get_by_label("État").select_option(label="Réalisée")
    page.get_by_label("Commentaire ou résultat").fill("Bilan envoyé au DAF le 12/12.")
    page.get_by_role("button", name="Mettre à jour").click()
    expect(page.get_by_role("status")).to_contain_text("Action mise à jour : Réalisée.")
    page.get_by_role("link", name="Plan d'action").first.click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text("Chiffrer la dématérialisation")
    screenshot(page, "committee-action-plan")
    statuses = {a.title: a.status for a in db.session.scalars(select(Action))}
    assert statuses == {"Chiffrer la dématérialisation": ActionStatus.OPEN,
                        "Envoyer le bilan SLA": ActionStatus.DONE}
    assert committee.id
