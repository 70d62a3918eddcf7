"""HTTP hardening: security headers, no inline script, cookies, CSRF on every form."""

import re
import secrets
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.audit import AuditEvent, AuditKind
from portal.config import DEV_SECRET_KEY, check_production, load_config
from portal.enums import Role
from portal.models import User

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
            for part in (item.strip() for item in header.split(";")) if part}


def test_pages_carry_a_nonce_csp_and_the_other_security_headers(client, login_as):
    login_as(Role.RELATIONS_MANAGER)
    response = client.get("/indicateurs/")
    assert response.status_code == 200
    csp = _csp(response)
    nonce = re.search(r"'nonce-([^']+)'", csp["script-src"]).group(1)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["form-action"] == "'self'"
    page = response.get_data(as_text=True)
    tags = SCRIPT_TAG.findall(page)
    executable = [attrs for attrs in tags if "application/json" not in attrs]
    assert executable, "the dashboard loads its scripts"
    assert all(f'nonce="{nonce}"' in attrs and "src=" in attrs for attrs in executable)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Strict-Transport-Security" not in response.headers, "no HSTS over plain HTTP"


def test_each_request_gets_a_new_nonce(client):
    first = _csp(client.get("/connexion"))["script-src"]
    second = _csp(client.get("/connexion"))["script-src"]
    assert first != second


def test_hsts_is_sent_when_the_request_came_over_tls(client):
    response = client.get("/connexion", base_url="https://portail.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for attrs in SCRIPT_TAG.findall(text):
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{template.name}: inline <script{attrs}>")
            elif "src=" in attrs and "csp_nonce()" not in attrs:
                offenders.append(f"{template.name}: <script{attrs}> without the nonce")
        offenders += [f"{template.name}: {match}"
                      for match in re.findall(r"\son[a-z]+\s*=", text, re.IGNORECASE)]
        offenders += [f"{template.name}: javascript: URL"
                      for _ in re.findall(r"javascript:", text, re.IGNORECASE)]
    assert offenders == []


def test_files_sent_back_are_sandboxed_downloads(client, login_as, make_ticket, db):
    from tickets.attachments import store_attachments
    from tickets.mailbox.parse import ParsedAttachment

    requester = login_as(Role.REQUESTER)
    ticket = make_ticket(requester=requester)
    store_attachments(ticket.messages[0], [
        ParsedAttachment("dessin.svg", "image/svg+xml", b"<svg onload='alert(1)'/>")])
    db.session.commit()
    attachment = ticket.messages[0].attachments[0]
    with client.get(f"/demandes/pieces-jointes/{attachment.id}?inline=1") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        csp = _csp(response)
        assert csp["default-src"] == "'none'"
        assert "sandbox" in csp


def test_session_and_remember_cookies_are_httponly_and_samesite(client, make_user):
    user = make_user()
    response = client.post("/connexion", data={
        "email": user.email, "password": "mot-de-passe-de-test", "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    for name in ("session=", "remember_token="):
        cookie = next(value for value in cookies if value.startswith(name))
        assert "HttpOnly" in cookie, cookie
        assert "SameSite=Lax" in cookie, cookie


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    config = load_config()
    assert config["SESSION_COOKIE_SECURE"]
    assert config["REMEMBER_COOKIE_SECURE"]
    assert config["PREFERRED_URL_SCHEME"] == "https"


def _post_rules(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            values = {name: 1 if isinstance(converter.to_python("1"), int) else "x"
                      for name, converter in rule._converters.items()}
            if "fmt" in values:
                values["fmt"] = "csv"
            yield rule.endpoint, rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_every_form_refuses_a_post_without_its_csrf_token(app, client, login_as, monkeypatch,
                                                           signed_in):
    if signed_in:
        login_as(Role.ADMIN)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    posts = dict(_post_rules(app))
    assert len(posts) > 40
    statuses = {endpoint: client.post(url, data={"x": "1"}).status_code
                for endpoint, url in posts.items()}
    assert {endpoint: code for endpoint, code in statuses.items() if code != 400} == {}
    failures = AuditEvent.query.filter_by(kind=AuditKind.CSRF_FAILED).count()
    assert failures == len(posts)


def test_a_mutating_route_answers_405_to_get(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/deconnexion").status_code == 405
    assert client.get("/admin/utilisateurs/1/statut").status_code == 405


def test_the_browser_refuses_a_script_injected_into_a_portal_page(context, live_server_url):
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server_url}/connexion")
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = 1';
        document.body.appendChild(script);
    }""")
    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in line for line in console)
    assert page.evaluate("() => typeof bootstrap") == "object", "our own scripts run"


def test_an_admin_reads_the_security_log_in_the_browser(page, live_server, make_user):
    from playwright.sync_api import expect

    from tests.browser import open_menu, screenshot, sign_in

    page.goto(f"{live_server}/connexion")
    page.get_by_label("Adresse e-mail").fill("inconnu@exemple.fr")
    page.get_by_label("Mot de passe").fill("essai")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Adresse e-mail ou mot de passe incorrect.")).to_be_visible()
    sign_in(page, live_server, make_user(Role.ADMIN, email="admin.journal@exemple.fr"))
    open_menu(page, "Journal de sécurité")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal de sécurité")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Échec de connexion").filter(has_text="inconnu@exemple.fr")) \
        .to_have_count(1)
    expect(rows.filter(has_text="Connexion").filter(has_text="admin.journal@exemple.fr")) \
        .to_have_count(1)
    page.get_by_label("Événement").select_option(label="Échec de connexion")
    page.get_by_role("button", name="Filtrer").click()
    expect(rows).to_have_count(2)
    screenshot(page, "admin-security-log")


def test_form_errors_that_quote_the_input_escape_it(client, login_as, make_service):
    service = make_service()
    login_as(Role.REQUESTER)
    page = client.post(f"/demandes/nouvelle/{service.code}", data={
        "subject": "Copie", "description": "Bonjour", "urgency": "medium", "impact": "medium",
        "copies": "<img src=x onerror=alert(1)>"}).get_data(as_text=True)
    assert "Adresse invalide : &lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_no_lazy_translation_is_formatted_with_values():
    """A lazy string renders as trusted markup: values must go through gettext, which escapes."""
    root = TEMPLATES.parent
    pattern = re.compile(r"_l\(\s*\"[^\"]*%\([a-z_]+\)s[^\"]*\"\s*,\s*[a-z_]+=")
    offenders = [f"{path.relative_to(root)}: {match.group(0)}"
                 for package in ("portal", "catalog", "tickets", "committees", "indicators")
                 for path in sorted((root / package).rglob("*.py"))
                 for match in pattern.finditer(path.read_text())]
    assert offenders == []


# Request body limits (see also tests/tickets/test_upload_limits.py).
def test_production_bounds_every_request_body(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    config = load_config()
    assert 0 < config["MAX_CONTENT_LENGTH"] <= 40 * 1024 * 1024
    assert config["UPLOAD_MAX_BYTES"] <= config["MAX_CONTENT_LENGTH"]
    assert config["FORM_MAX_BYTES"] <= 1024 * 1024
    assert config["SMALL_FORM_MAX_BYTES"] <= 64 * 1024
    assert config["MAX_FORM_MEMORY_SIZE"] <= 500_000
    assert config["MAX_FORM_PARTS"] <= 1000
    assert config["ATTACHMENT_QUOTA_BYTES"] > 0, "requesters have a daily attachment quota"


def test_a_big_anonymous_post_gets_the_french_413_page(client):
    response = client.post("/connexion", data={"email": "x" * (128 * 1024)})
    assert response.status_code == 413
    assert "trop volumineux" in response.text
    assert "Taille maximale acceptée : 64 Ko" in response.text


# Production start-up guard: the signing secret and demo data.
ENV_EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"
PRODUCTION = {"PORTAL_ENV": "production",
              "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@db/portal",
              "RATELIMIT_STORAGE_URI": "redis://cache:6379/2"}


def _example_secret() -> str:
    return re.search(r"^PORTAL_SECRET_KEY=(.*)$", ENV_EXAMPLE.read_text(), re.MULTILINE)[1]


@pytest.mark.parametrize("key", [
    _example_secret(), "a" * 32, "a" * 64, DEV_SECRET_KEY, "0123456789" * 4,
    "abcdefghijklmnopqrstuvwxyz0123456789", "qwertyuiopasdfghjklzxcvbnm1234567890",
    "Portail-DSI-2026-production-key!!", "correct-horse-battery-staple-and-more-words",
    "abcdABCD1234abcdABCD1234abcdABCD1234", secrets.token_urlsafe(16),
])
def test_production_refuses_a_placeholder_or_low_entropy_secret(key):
    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY") as refused:
        check_production(load_config() | PRODUCTION | {"SECRET_KEY": key})
    assert "secrets.token_urlsafe(48)" in str(refused.value)


@pytest.mark.parametrize("key", [secrets.token_urlsafe(48), secrets.token_urlsafe(32),
                                 secrets.token_hex(32)])
def test_production_accepts_a_generated_secret(key):
    check_production(load_config() | PRODUCTION | {"SECRET_KEY": key})


def test_production_refuses_to_seed_demo_accounts(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    runner = app.test_cli_runner()
    for command in ("seed-demo", "demo-accounts"):
        result = runner.invoke(args=[command])
        assert result.exit_code != 0, command
        assert "PORTAL_ENV=production" in result.output
        assert "demo-portail" not in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
