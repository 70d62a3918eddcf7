"""The portal in a real Chromium: sign-in per role, language switch, the admin's user form."""


import pytest
from playwright.sync_api import expect

from portal.enums import Role
from tests.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

FIRST_NAMES = {
    Role.REQUESTER: "Zoé",
    Role.AGENT: "Karim",
    Role.PRODUCT_LEAD: "Hélène",
    Role.RELATIONS_MANAGER: "Mathieu",
    Role.ADMIN: "Anaïs",
}
PHONE = {"width": 390, "height": 844}


def french_label(app, role: Role) -> str:
    with app.test_request_context():
        return role.label


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_role_signs_in_and_sees_its_home_and_menu(page, live_server, app, make_user, role):
    first_name = FIRST_NAMES[role]
    sign_in(page, live_server, make_user(role, first_name=first_name))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {first_name}")
    navbar = page.get_by_role("navigation", name="Navigation principale")
    expect(navbar.locator(".role-badge")).to_have_text(french_label(app, role))
    expect(navbar.get_by_role("link", name="Utilisateurs")).to_have_count(
        1 if role is Role.ADMIN else 0)
    expect(navbar.get_by_role("link", name="Clients", exact=True)).to_have_count(
        0 if role is Role.REQUESTER else 1)
    screenshot(page, f"home-{role.value}")
    if role is Role.REQUESTER:
        page.set_viewport_size(PHONE)
        expect(navbar.get_by_role("button", name="Ouvrir le menu")).to_be_visible()
        screenshot(page, "home-requester-mobile")


def test_the_language_switch_turns_the_interface_to_english(page, live_server, make_user):
    sign_in(page, live_server, make_user(Role.REQUESTER, first_name="Zoé"))

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Zoé")
    navbar = page.get_by_role("navigation", name="Main navigation")
    expect(navbar.get_by_role("link", name="Home")).to_be_visible()
    expect(navbar.locator(".role-badge")).to_have_text("Requester")
    navbar.get_by_role("button", name="Zoé").click()
    expect(navbar.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_count(0)
    screenshot(page, "home-requester-english")


def test_admin_creates_a_user_and_is_told_when_the_address_is_taken(
        page, live_server, make_user, make_entity):
    entity = make_entity("Direction des achats")
    sign_in(page, live_server, make_user(Role.ADMIN))

    def submit_new_user() -> None:
        page.goto(f"{live_server}/admin/utilisateurs/nouveau")
        page.get_by_label("Prénom").fill("Lucie")
        page.get_by_label("Nom", exact=True).fill("Martin")
        page.get_by_label("Adresse e-mail").fill("lucie.martin@exemple.fr")
        page.get_by_label("Entité").select_option(label=entity.name)
        page.get_by_label("Chef de produit").check()
        page.get_by_role("button", name="Enregistrer").click()

    submit_new_user()
    expect(page).to_have_url(f"{live_server}/admin/utilisateurs")
    expect(page.get_by_role("status")).to_contain_text(
        "Compte créé : une invitation a été envoyée à lucie.martin@exemple.fr.")
    expect(page.get_by_role("cell", name="lucie.martin@exemple.fr")).to_be_visible()

    submit_new_user()
    taken = "Un compte utilise déjà cette adresse e-mail."
    email = page.get_by_label("Adresse e-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(taken)
    expect(page.locator("#email-errors")).to_have_text(taken)
    screenshot(page, "admin-user-form-error")
