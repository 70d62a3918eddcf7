"""Sign-in sessions kept on the server: logout, password change, deactivation, address change."""

import hashlib
import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from portal.enums import Role
from portal.models import LoginSession, get_user_by_email
from portal.outbox import OutboxMessage
from portal.services import make_password_token
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.isolated import get, post

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/131.0 Mobile Safari/537.36")
NEW_PASSWORD = "girafe boussole pluvieuse"


def _sign_in(client, user, remember=False, **environ):
    data = {"email": user.email, "password": PASSWORD} | ({"remember": "y"} if remember else {})
    response = post(client, "/connexion", data=data, environ_base=environ)
    assert response.status_code == 302
    return response


def _thief(app, name, value, **environ):
    """Another browser holding a copy of one cookie."""
    thief = app.test_client()
    thief.environ_base.update(environ)
    thief.set_cookie(name, value)
    return thief


def test_a_remember_cookie_copied_before_logout_is_dead_after_it(app, client, make_user):
    user = make_user(Role.REQUESTER)
    _sign_in(client, user, remember=True)
    cookie = client.get_cookie("remember_token").value
    assert get(_thief(app, "remember_token", cookie), "/").status_code == 200
    post(client, "/deconnexion")
    assert client.get_cookie("remember_token") is None
    assert get(_thief(app, "remember_token", cookie), "/").status_code == 302


def test_a_remember_cookie_lasts_thirty_days_and_the_server_agrees(app, client, make_user, db):
    user = make_user(Role.REQUESTER)
    response = _sign_in(client, user, remember=True)
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("remember_token="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie)[1])
    assert 29 < (expires - utcnow()).days + 1 <= 30
    remembered = client.get_cookie("remember_token").value
    row = db.session.scalars(select(LoginSession)).one()
    row.created_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert get(_thief(app, "remember_token", remembered), "/").status_code == 302


def test_a_session_cookie_copied_before_a_password_change_is_dead_after_it(app, client,
                                                                          make_user):
    user = make_user(Role.REQUESTER, first_name="Lucie", last_name="Fabre")
    _sign_in(client, user)
    stolen = client.get_cookie("session").value
    assert get(_thief(app, "session", stolen), "/").status_code == 200
    changed = post(client, "/compte/mot-de-passe", data={
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    assert get(client, "/").status_code == 200  # the user stays signed in here
    assert get(_thief(app, "session", stolen), "/").status_code == 302
    assert post(client, "/deconnexion").status_code == 302
    again = post(client, "/connexion", data={"email": user.email, "password": NEW_PASSWORD})
    assert again.status_code == 302


def test_changing_ones_password_needs_the_current_one(client, make_user):
    user = make_user(Role.REQUESTER)
    _sign_in(client, user)
    response = post(client, "/compte/mot-de-passe", data={
        "current": "pas le bon", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "Le mot de passe actuel est incorrect." in response.text


def test_disabling_a_user_kills_their_sessions_and_remember_cookies(app, client, make_user,
                                                                    login_as):
    user = make_user(Role.AGENT)
    browser = app.test_client()
    _sign_in(browser, user, remember=True)
    remembered = browser.get_cookie("remember_token").value
    login_as(Role.ADMIN)
    assert post(client, f"/admin/utilisateurs/{user.id}/statut").status_code == 302
    assert get(browser, "/").status_code == 302
    assert get(_thief(app, "remember_token", remembered), "/").status_code == 302


def test_forwarded_for_is_ignored_without_proxy_fix(app, client, make_user, db):
    user = make_user(Role.REQUESTER)
    _sign_in(client, user, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    row = db.session.scalars(select(LoginSession)).one()
    assert row.ip == "10.1.1.1"
    stolen = client.get_cookie("session").value
    replay = _thief(app, "session", stolen, REMOTE_ADDR="10.6.6.6",
                    HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert get(replay, "/").status_code == 302
    assert get(client, "/", environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code == 200


def test_the_sessions_page_lists_each_browser_and_signs_one_out(app, client, make_user):
    user = make_user(Role.REQUESTER)
    _sign_in(client, user, HTTP_USER_AGENT=FIREFOX)
    phone = app.test_client()
    phone.environ_base["HTTP_USER_AGENT"] = CHROME_ANDROID
    _sign_in(phone, user, remember=True)
    page = get(client, "/compte/sessions", headers={"User-Agent": FIREFOX})
    assert "Firefox sur Windows" in page.text
    assert "Chrome sur Android" in page.text
    assert "Cette session" in page.text
    assert "Mes sessions" in page.text  # the user menu links to it
    ids = [int(n) for n in re.findall(r"/compte/sessions/(\d+)/deconnecter", page.text)]
    phone_id = max(ids)
    done = post(client, f"/compte/sessions/{phone_id}/deconnecter",
                       headers={"User-Agent": FIREFOX})
    assert done.status_code == 302
    assert get(phone, "/").status_code == 302
    assert get(client, "/", headers={"User-Agent": FIREFOX}).status_code == 200


def test_a_user_cannot_sign_out_someone_elses_session(app, client, make_user, db):
    victim = make_user(Role.REQUESTER)
    _sign_in(app.test_client(), victim)
    row = db.session.scalars(select(LoginSession)).one()
    _sign_in(client, make_user(Role.REQUESTER))
    assert post(client, f"/compte/sessions/{row.id}/deconnecter").status_code == 404
    db.session.refresh(row)
    assert row.revoked_at is None


def test_sign_out_everywhere_kills_copies_and_links_but_keeps_this_browser(app, client,
                                                                         make_user):
    user = make_user(Role.REQUESTER)
    _sign_in(client, user, remember=True)
    with app.test_request_context():
        link = make_password_token(user)
    other = app.test_client()
    _sign_in(other, user)
    copied = client.get_cookie("remember_token").value
    assert post(client, "/compte/sessions/deconnecter-partout").status_code == 302
    assert get(client, "/").status_code == 200
    assert get(other, "/").status_code == 302
    assert get(_thief(app, "remember_token", copied), "/").status_code == 302
    assert get(app.test_client(), f"/mot-de-passe/{link}").status_code == 410


def test_an_invitation_to_a_mistyped_address_dies_when_the_admin_corrects_it(client, login_as,
                                                                             make_entity, db):
    login_as(Role.ADMIN)
    entity = make_entity()
    form = {"email": "jean.dupont@exemple.frr", "first_name": "Jean", "last_name": "Dupont",
            "entity_id": entity.id, "roles": ["requester"], "locale": "fr"}
    assert post(client, "/admin/utilisateurs/nouveau", data=form).status_code == 302
    mail = db.session.scalars(select(OutboxMessage)).one()
    link = re.search(r"/mot-de-passe/[\w.-]+", mail.body_text)[0]
    assert get(client, link).status_code == 200
    user = get_user_by_email("jean.dupont@exemple.frr")
    fixed = form | {"email": "jean.dupont@exemple.fr"}
    assert post(client, f"/admin/utilisateurs/{user.id}", data=fixed).status_code == 302
    assert get(client, link).status_code == 410


def test_a_password_link_dies_once_the_password_changes(app, client, make_user):
    user = make_user(Role.REQUESTER, first_name="Paul", last_name="Girard")
    with app.test_request_context():
        first, second = make_password_token(user), make_password_token(user)
    done = post(client, f"/mot-de-passe/{first}",
                       data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert get(client, f"/mot-de-passe/{second}").status_code == 410


def test_a_link_forged_with_the_signing_key_alone_is_refused(app, client, make_user):
    user = make_user(Role.ADMIN)
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="password-link")
    address = hashlib.sha256(user.email.encode()).hexdigest()[:20]
    for claims in ({"uid": user.id, "v": user.session_version},
                   {"uid": user.id, "v": user.session_version, "e": address}):
        assert get(client, f"/mot-de-passe/{signer.dumps(claims)}").status_code == 410


def test_the_nightly_purge_deletes_ended_sessions_and_keeps_live_ones(app, db, make_user):
    from portal.tasks import purge_sessions

    user, now = make_user(), utcnow()
    days = timedelta(days=1)

    def session(**values) -> LoginSession:
        row = LoginSession(user_id=user.id, token_hash="0" * 64, **(
            {"created_at": now - days, "last_seen_at": now - days} | values))
        db.session.add(row)
        return row

    live = [session(remember=True), session(created_at=now, last_seen_at=now)]
    session(revoked_at=now - 2 * days)
    session(remember=True, created_at=now - 40 * days, last_seen_at=now - 2 * days)
    session(created_at=now - 3 * days, last_seen_at=now - 3 * days)
    db.session.commit()
    assert purge_sessions() == 3
    assert set(db.session.scalars(select(LoginSession.id))) == {row.id for row in live}


def test_forwarded_for_names_the_client_behind_the_proxies_proxy_fix_counts(
        app, client, make_user, db, monkeypatch):
    from portal import trust_proxies

    monkeypatch.setitem(app.config, "PROXY_FIX", 1)
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)
    trust_proxies(app)
    user = make_user(Role.REQUESTER)
    _sign_in(client, user, REMOTE_ADDR="10.0.0.2",
             HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    row = db.session.scalars(select(LoginSession)).one()
    assert row.ip == "203.0.113.9", "one proxy: only the address it added is believed"
