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
    with client.get("/catalogue/synopsis.pdf") as synopsis:  # built at once by an eager worker
        assert synopsis.headers["Content-Type"] == "application/pdf"
        assert synopsis.data.startswith(b"%PDF-")
        assert "attachment" in synopsis.headers["Content-Disposition"]


def test_full_catalogue_pdf_is_built_in_the_worker_for_its_requester_only(
        client, login_as, make_service):
    make_service(name="Messagerie Outlook")
    login_as(Role.REQUESTER)
    assert client.get("/catalogue/catalogue.pdf").status_code == 405
    started = client.post("/catalogue/catalogue.pdf")
    assert started.status_code == 302
    job_page = started.headers["Location"]
    page = client.get(job_page).text
    assert "Le fichier est prêt." in page
    with client.get(f"{job_page}/fichier") as download:
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.data.startswith(b"%PDF-")
    client.post("/deconnexion")
    login_as(Role.REQUESTER)
    assert client.get(job_page).status_code == 404
    assert client.get(f"{job_page}/fichier").status_code == 404


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


def test_catalogue_pdf_builds_outside_any_web_request_as_in_the_worker(db, make_service,
                                                                      make_user):
    from catalog.exports import KIND
    from portal.enums import ExportStatus
    from portal.exports import file_path, start_export
    from portal.tasks import run_export_task
    from portal.timeutil import utcnow

    make_service(name="Messagerie Outlook")
    job = start_export(KIND, make_user(Role.REQUESTER), utcnow())
    db.session.commit()
    run_export_task(job.id)
    db.session.refresh(job)
    assert job.status == ExportStatus.DONE, job.error
    assert file_path(job).read_bytes().startswith(b"%PDF-")
    assert job.done == job.total == 2
