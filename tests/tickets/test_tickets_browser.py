"""The requests' journeys in a real Chromium: submit, work, resolve, and the received mail."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from portal.enums import Role
from portal.outbox import OutboxMessage
from tests.browser import open_menu, screenshot, sign_in
from tests.tickets_factories import fixture_mail
from tickets.enums import Level

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REPLY = "Nous avons vidé la corbeille de votre boîte : pouvez-vous vérifier ?"
NOTE = "Quota relevé à 2 Go côté Exchange, à surveiller."
REASON = "Je ne reçois toujours aucun courriel."


def card(page: Page, heading: str) -> Locator:
    return page.locator(".card").filter(has=page.get_by_role("heading", name=heading))


def status_badge(page: Page) -> Locator:
    return page.locator(".ticket-title + .badge")


def flash(page: Page) -> Locator:
    return page.get_by_role("status")


def update_work(page: Page, status: str, service: str = "", agent: str = "") -> None:
    """Classify, assign and move the request from the desk's "Traitement" panel."""
    panel = page.locator("form").filter(has=page.get_by_role("heading", name="Traitement"))
    if service:
        panel.get_by_label("Service", exact=True).select_option(label=service)
    if agent:
        panel.get_by_label("Agent", exact=True).select_option(label=agent)
    panel.get_by_label("Statut", exact=True).select_option(label=status)
    panel.get_by_role("button", name="Mettre à jour").click()
    expect(flash(page)).to_contain_text("La demande est mise à jour.")
    expect(status_badge(page)).to_have_text(status)


def post_message(page: Page, text: str, internal: bool = False, status: str = "") -> None:
    """Answer the requester, or add an internal note, from the desk's reply form."""
    form = page.locator("#reponse")
    form.get_by_label("Message", exact=True).fill(text)
    if internal:
        form.get_by_label("Note interne (non envoyée au demandeur)").check()
    if status:
        form.get_by_label("Statut après l'envoi").select_option(label=status)
    form.get_by_role("button", name="Enregistrer").click()
    expect(flash(page)).to_contain_text(
        "Note interne ajoutée." if internal else "Réponse envoyée au demandeur.")


def signed_in_page(new_context, live_server: str, user) -> Page:
    """A second person, in a browser context of their own."""
    page = new_context().new_page()
    sign_in(page, live_server, user)
    return page


def test_requester_submits_a_request_from_a_service_sheet_and_finds_it_in_her_requests(
        page: Page, live_server, app, db, make_user, make_service):
    make_service("Messagerie Outlook", code="COL-MESSAGERIE")
    requester = make_user(Role.REQUESTER, first_name="Claire")
    address = requester.email
    sign_in(page, live_server, requester)
    open_menu(page, "Catalogue")
    page.get_by_role("link", name="Messagerie Outlook").click()
    expect(page).to_have_url(f"{live_server}/catalogue/service/COL-MESSAGERIE")
    page.get_by_role("link", name="Faire une demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nouvelle demande : Messagerie Outlook")

    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    expect(page.get_by_label("Objet")).to_have_accessible_description(
        "Ce champ est obligatoire.")
    expect(page.get_by_label("Description")).to_have_accessible_description(
        re.compile(r"Ce champ est obligatoire\.$"))
    screenshot(page, "tickets-new-request-errors")

    page.get_by_label("Objet").fill("Boîte aux lettres pleine")
    page.get_by_label("Description").fill("Je ne reçois plus de courriels depuis ce matin.")
    page.get_by_label("Pièces jointes").set_input_files(
        files=[{"name": "capture.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page).to_have_url(re.compile(r"/demandes/DSI-\d{4}-\d{5}$"))
    number = page.url.rsplit("/", 1)[1]
    expect(flash(page)).to_contain_text(
        f"Votre demande {number} est enregistrée. Un accusé de réception vous a été envoyé.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{number} Boîte aux lettres pleine")
    expect(page.get_by_role("link", name=re.compile(r"capture\.pdf"))).to_be_visible()
    screenshot(page, "tickets-request-created")

    open_menu(page, "Mes demandes")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=number))
    expect(row).to_contain_text("Boîte aux lettres pleine")
    expect(row).to_contain_text("Messagerie Outlook")
    expect(row).to_contain_text("Nouvelle")
    screenshot(page, "tickets-my-requests")
    with app.app_context():
        acks = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.category == "ack")).all()
        assert [(ack.to_addr, number in ack.subject) for ack in acks] == [(address, True)]


def test_agent_works_a_request_and_the_requester_sees_the_reply_but_not_the_note(
        page: Page, new_context, live_server, make_user, make_service, make_ticket):
    make_service("Messagerie Outlook", code="COL-MESSAGERIE")
    requester = make_user(Role.REQUESTER, first_name="Claire")
    agent = make_user(Role.AGENT, first_name="Karim", last_name="Benali")
    number = make_ticket(requester, subject="Boîte aux lettres pleine",
                         urgency=Level.HIGH).number
    make_ticket(requester, subject="Imprimante en panne")
    sign_in(page, live_server, agent)
    open_menu(page, "File des demandes")
    page.get_by_label("Statut").select_option(label="Nouvelle")
    page.get_by_label("Priorité").select_option(label="P2 – Haute")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("1 demande", exact=True)).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Réinitialiser").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    page.get_by_label("Recherche").fill(number)
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    screenshot(page, "tickets-queue-search")
    page.get_by_role("link", name=number).click()

    update_work(page, "En cours", service="Messagerie Outlook", agent="Karim Benali")
    details = card(page, "Demande")
    expect(details).to_contain_text("Messagerie Outlook")
    expect(details).to_contain_text("Karim Benali")
    post_message(page, REPLY, status="En attente du demandeur")
    expect(status_badge(page)).to_have_text("En attente du demandeur")
    post_message(page, NOTE, internal=True)
    expect(page.locator(".conversation > li")).to_have_count(3)
    history = card(page, "Historique")
    for line in ("Service : — → Messagerie Outlook", "Agent : — → Karim Benali",
                 "Statut : Nouvelle → Attribuée", "Statut : Attribuée → En cours",
                 "Statut : En cours → En attente du demandeur"):
        expect(history).to_contain_text(line)
    screenshot(page, "tickets-desk-worked")

    requester_page = signed_in_page(new_context, live_server, requester)
    open_menu(requester_page, "Mes demandes")
    requester_page.get_by_role("link", name=number).click()
    conversation = requester_page.locator(".conversation")
    expect(conversation).to_contain_text(REPLY)
    expect(conversation.locator("> li")).to_have_count(2)
    expect(requester_page.get_by_text(NOTE)).to_have_count(0)
    expect(status_badge(requester_page)).to_have_text("En attente du demandeur")
    screenshot(requester_page, "tickets-requester-sees-reply")


def test_requester_refuses_the_resolution_then_accepts_it_and_the_request_closes(
        page: Page, new_context, live_server, make_user, make_service, make_ticket):
    service = make_service("Messagerie Outlook", code="COL-MESSAGERIE")
    requester = make_user(Role.REQUESTER, first_name="Claire")
    agent = make_user(Role.AGENT, first_name="Karim", last_name="Benali")
    number = make_ticket(requester, subject="Boîte aux lettres pleine",
                         service_id=service.id).number
    sign_in(page, live_server, agent)
    page.goto(f"{live_server}/demandes/{number}/traiter")
    update_work(page, "Résolue", agent="Karim Benali")

    requester_page = signed_in_page(new_context, live_server, requester)
    requester_page.goto(f"{live_server}/demandes/{number}")
    resolution = card(requester_page, "Votre demande est résolue")
    expect(resolution).to_be_visible()
    screenshot(requester_page, "tickets-resolution-offered")
    resolution.get_by_label("Pourquoi la solution ne convient-elle pas ?").fill(REASON)
    resolution.get_by_role("button", name="Non, rouvrir la demande").click()
    expect(flash(requester_page)).to_contain_text(
        "La demande est rouverte ; l'équipe reprend son traitement.")
    expect(status_badge(requester_page)).to_have_text("En cours")  # back to its agent
    expect(requester_page.locator(".conversation")).to_contain_text(REASON)
    expect(card(requester_page, "Votre demande est résolue")).to_have_count(0)
    screenshot(requester_page, "tickets-resolution-refused")

    page.reload()
    expect(page.locator(".conversation")).to_contain_text(REASON)
    update_work(page, "Résolue")
    requester_page.reload()
    requester_page.get_by_role("button", name="Oui, clôturer la demande").click()
    expect(flash(requester_page)).to_contain_text("Merci ! La demande est clôturée.")
    expect(status_badge(requester_page)).to_have_text("Clôturée")
    screenshot(requester_page, "tickets-request-closed")


def test_agent_reads_a_hostile_html_mail_without_running_anything(
        page: Page, live_server, make_user, make_mailbox, deliver):
    number = deliver(make_mailbox(), fixture_mail("html-hostile-all.eml")).ticket.number
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, live_server, make_user(Role.AGENT))
    open_menu(page, "File des demandes")
    page.get_by_role("link", name=number).click()
    body = page.locator(".mail-html")
    expect(body).to_contain_text("Mon poste ne démarre plus")
    expect(page.get_by_text("1 image distante bloquée.")).to_be_visible()
    expect(body.locator("script")).to_have_count(0)
    expect(body.locator("[onerror], [onload]")).to_have_count(0)
    expect(body.locator("svg, form, input, base, meta")).to_have_count(0)
    expect(body.locator("a[href*='javascript' i]")).to_have_count(0)
    assert "onerror" not in body.inner_html()
    page.wait_for_load_state("load")
    screenshot(page, "tickets-hostile-mail")
    assert dialogs == []
    assert [url for url in requests if "evil.example" in url] == []


def test_agent_sees_the_inline_image_and_the_attachment_of_a_mail(
        page: Page, live_server, make_user, make_mailbox, deliver):
    raw = fixture_mail("alternative-inline-image-pdf.eml")
    number = deliver(make_mailbox(), raw).ticket.number
    sign_in(page, live_server, make_user(Role.AGENT))
    page.goto(f"{live_server}/demandes/{number}/traiter")
    image = page.locator(".mail-html img")
    expect(image).to_have_attribute("src", re.compile(r"/demandes/pieces-jointes/\d+\?inline=1$"))
    width = image.evaluate("img => img.decode().then(() => img.naturalWidth, () => 0)")
    assert width > 0
    expect(page.get_by_role("link", name=re.compile(r"bon-de-commande\.pdf"))).to_be_visible()
    screenshot(page, "tickets-mail-inline-image")


def test_relations_manager_downloads_a_quarantined_mail_and_replays_it(
        page: Page, live_server, make_user, make_mailbox, deliver):
    raw = fixture_mail("pgp-encrypted.eml")
    deliver(make_mailbox(), raw)
    sign_in(page, live_server, make_user(Role.RELATIONS_MANAGER))
    open_menu(page, "Courriels reçus")
    expect(page).to_have_url(f"{live_server}/demandes/courriels")
    row = page.get_by_role("row").filter(has_text="anne.perrin@partenaire.example")
    expect(row).to_contain_text("En quarantaine")
    expect(row).to_contain_text("Message chiffré")
    screenshot(page, "tickets-inbound-quarantine")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Courriel n° \d+$"))
    expect(page.locator("dl")).to_contain_text("En quarantaine — Message chiffré")
    screenshot(page, "tickets-inbound-quarantined-mail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le courriel d'origine (.eml)").click()
    download = download_info.value
    assert re.fullmatch(r"courriel-\d+\.eml", download.suggested_filename)
    assert Path(download.path()).read_bytes() == raw

    page.get_by_role("button", name="Retraiter").click()
    expect(flash(page)).to_contain_text("Message retraité : En quarantaine.")
    expect(flash(page)).to_have_class(re.compile(r"\balert-warning\b"))
    expect(page.locator("dl")).to_contain_text("En quarantaine — Message chiffré")
    screenshot(page, "tickets-inbound-replayed")
