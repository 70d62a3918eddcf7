"""Browsing the catalogue, searching it, the synopsis and its PDF exports."""

from portal.enums import Role


def test_search_ignores_accents_and_case(client, login_as, make_service, make_family):
    make_service(name="Messagerie Outlook", keywords="mail courriel")
    make_service(name="Téléphonie IP", code="TEL-IP", keywords="telephone poste",
                 family=make_family("Téléphonie et mobilité", slug="telephonie"))
    login_as(Role.REQUESTER)
    page = client.get("/catalogue/recherche?q=MESSAGERIE").text
    assert "Messagerie Outlook" in page
    assert "Téléphonie IP" not in page
    assert "Téléphonie IP" in client.get("/catalogue/recherche?q=telephonie").text
    assert "Messagerie Outlook" in client.get("/catalogue/recherche?q=courriel").text


def test_search_needs_every_word_and_tolerates_sql_characters(client, login_as, make_service):
    make_service(name="Messagerie Outlook", keywords="mail")
    login_as(Role.REQUESTER)
    assert "Messagerie Outlook" in client.get("/catalogue/recherche?q=outlook mail").text
    assert "Messagerie Outlook" not in client.get("/catalogue/recherche?q=outlook vpn").text
    for term in ("%", "_", "' OR 1=1 --", "\\"):
        response = client.get("/catalogue/recherche", query_string={"q": term})
        assert response.status_code == 200
        assert "Messagerie Outlook" not in response.text


def test_search_finds_only_published_text_for_requesters(client, login_as, make_service):
    make_service(name="Coffre-fort numérique", code="COFFRE", publish=False)
    login_as(Role.REQUESTER)
    assert "Coffre-fort" not in client.get("/catalogue/recherche?q=coffre").text


def test_catalogue_groups_services_by_family_with_its_colour(client, login_as, make_service,
                                                            make_family):
    family = make_family("Sécurité", slug="securite", colour="#b42318", icon="shield-lock")
    make_service(name="Authentification forte", code="SEC-MFA", family=family)
    login_as(Role.REQUESTER)
    page = client.get("/catalogue/").text
    assert "Sécurité" in page
    assert "--family-colour: #b42318" in page
    assert "bi-shield-lock" in page


def test_sheet_shows_benefits_first_and_sla_commitments(client, login_as, make_service):
    service = make_service(benefits="Vous gagnez du temps\nVous êtes joignable partout")
    login_as(Role.REQUESTER)
    page = client.get(f"/catalogue/service/{service.code}").text
    assert page.index("Vos bénéfices") < page.index("Nos engagements de service")
    assert "<li>Vous êtes joignable partout</li>" in page
    assert "P3 – Normale" in page
    assert "4 h" in page
    assert "16 h" in page
    assert "Faire une demande" in page


def test_synopsis_and_pdf_exports(client, login_as, make_service):
    make_service(name="Messagerie Outlook")
    login_as(Role.REQUESTER)
    assert "Messagerie Outlook" in client.get("/catalogue/synopsis").text
    for path in ("/catalogue/synopsis.pdf", "/catalogue/catalogue.pdf"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.data.startswith(b"%PDF-")
        assert "attachment" in response.headers["Content-Disposition"]


def test_pdf_rendering_reads_only_the_portals_static_files():
    import pytest

    from catalog.pdf import STATIC, StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch((STATIC / "css" / "print.css").as_uri())
    assert b"@page" in css.read()
    for url in ("file:///etc/passwd", (STATIC / ".." / "pyproject.toml").as_uri(),
                "http://169.254.169.254/latest/meta-data/"):
        with pytest.raises(ValueError):  # noqa: PT011
            fetcher.fetch(url)
