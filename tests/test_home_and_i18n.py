"""Each role's home page, the French default and the English switch, error pages."""

import pytest

from portal.enums import Role

HOME_MARKERS = {
    Role.REQUESTER: "Vos correspondants informatiques",
    Role.AGENT: "Segmentation des clients",
    Role.PRODUCT_LEAD: "Segmentation des clients",
    Role.RELATIONS_MANAGER: "Clients cœur de cible",
    Role.ADMIN: "Comptes actifs par rôle",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_home(client, login_as, role):
    login_as(role)
    page = client.get("/")
    assert page.status_code == 200
    assert HOME_MARKERS[role] in page.text
    assert role.label in page.text


def test_navigation_follows_the_role(client, login_as):
    login_as(Role.REQUESTER)
    page = client.get("/").text
    assert 'href="/entites/"' not in page
    assert "Utilisateurs" not in page


def test_the_portal_speaks_french_by_default(client):
    page = client.get("/connexion")
    assert '<html lang="fr">' in page.text
    assert "Se connecter" in page.text


def test_switching_to_english_is_remembered_for_the_user(client, login_as, db):
    user = login_as(Role.ADMIN)
    response = client.post("/langue/en", data={"next": "/admin/utilisateurs"})
    assert response.headers["Location"] == "/admin/utilisateurs"
    page = client.get("/admin/utilisateurs")
    assert '<html lang="en">' in page.text
    db.session.refresh(user)
    assert user.locale == "en"


def test_unknown_language_is_a_404(client):
    assert client.post("/langue/xx").status_code == 404


def test_home_shows_the_date_in_french(client, login_as):
    login_as(Role.REQUESTER)
    page = client.get("/").text
    assert any(day in page for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi",
                                       "samedi", "dimanche"))


def test_missing_page_explains_what_to_do_in_french(client, login_as):
    login_as(Role.REQUESTER)
    page = client.get("/nulle-part")
    assert page.status_code == 404
    assert "Page introuvable" in page.text
    assert "Retour à l'accueil" in page.text


def test_expired_form_gets_a_clear_400(client, app, make_user):
    user = make_user(Role.REQUESTER)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.post("/connexion", data={"email": user.email, "password": "x"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert page.status_code == 400
    assert "Le formulaire a expiré" in page.text
