"""Helpers shared by the browser tests."""

from pathlib import Path

from playwright.sync_api import Page, expect

from portal.models import User
from tests.conftest import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot under test-output/screenshots for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def sign_in(page: Page, base_url: str, user: User) -> None:
    """Sign in through the real login form and wait for the home page."""
    page.goto(f"{base_url}/connexion")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{base_url}/")


def open_menu(page: Page, name: str) -> None:
    """Follow a main-menu link, unfolding the menu first when the window is too narrow."""
    navbar = page.get_by_role("navigation", name="Navigation principale")
    toggler = navbar.get_by_role("button", name="Ouvrir le menu")
    if toggler.is_visible():
        toggler.click()
    navbar.get_by_role("link", name=name, exact=True).click()
