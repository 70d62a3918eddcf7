"""Sign-in, sign-out, sessions and password links."""

import pytest
from sqlalchemy import event, select

from portal import services
from portal.enums import Role
from portal.outbox import OutboxMessage
from portal.services import make_password_token
from portal.tasks import send_password_reset
from portal.timeutil import utcnow
from tests.conftest import PASSWORD


def test_login_lands_on_home_with_the_users_name(client, make_user):
    user = make_user(Role.REQUESTER, first_name="Claire")
    response = client.post("/connexion", data={"email": user.email.upper(), "password": PASSWORD},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Bonjour Claire" in response.text


def test_wrong_password_and_unknown_account_get_the_same_french_error(client, make_user):
    user = make_user(Role.REQUESTER)
    wrong = client.post("/connexion", data={"email": user.email, "password": "nope"})
    unknown = client.post("/connexion", data={"email": "inconnu@exemple.fr", "password": "nope"})
    message = "Adresse e-mail ou mot de passe incorrect."
    assert wrong.status_code == unknown.status_code == 200
    assert message in wrong.text
    assert message in unknown.text


def test_deactivated_account_cannot_sign_in(client, make_user):
    user = make_user(Role.AGENT, active=False)
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "incorrect" in response.text


def test_password_is_stored_as_argon2id(make_user):
    assert make_user(Role.REQUESTER).password_hash.startswith("$argon2id$")


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
    "/%0d%0aLocation:%20https://evil.example",
])
def test_login_never_redirects_off_site(client, make_user, target):
    user = make_user(Role.REQUESTER)
    response = client.post(f"/connexion?next={target}",
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, make_user):
    user = make_user(Role.ADMIN)
    response = client.post("/connexion?next=/admin/utilisateurs",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/utilisateurs"


def test_login_starts_a_fresh_session(client, make_user):
    user = make_user(Role.REQUESTER)
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")


def test_logout_needs_post_and_ends_the_session(client, login_as):
    login_as(Role.REQUESTER)
    assert client.get("/deconnexion").status_code == 405
    assert client.post("/deconnexion").status_code == 302
    assert client.get("/").status_code == 302


def test_deactivating_an_account_ends_its_open_session(client, login_as, db):
    user = login_as(Role.AGENT)
    assert client.get("/").status_code == 200
    services.set_user_active(user, False, utcnow())
    db.session.commit()
    assert client.get("/").status_code == 302


def test_forgot_password_answers_alike_and_mails_only_known_accounts(client, make_user, db):
    user = make_user(Role.REQUESTER)
    known = client.post("/mot-de-passe/oublie", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/mot-de-passe/oublie", data={"email": "personne@exemple.fr"},
                          follow_redirects=True)
    assert known.text.count("Si cette adresse correspond") == 1
    assert unknown.text.count("Si cette adresse correspond") == 1
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert [m.to_addr for m in messages] == [user.email]
    assert "/mot-de-passe/" in messages[0].body_text


def test_password_link_sets_a_new_password_once(client, make_user, db, app):
    user = make_user(Role.REQUESTER)
    with app.test_request_context():
        token = make_password_token(user)
    short = client.post(f"/mot-de-passe/{token}", data={"password": "court", "confirm": "court"})
    assert "au moins 12 caractères" in short.text
    new = "une phrase assez longue"
    done = client.post(f"/mot-de-passe/{token}", data={"password": new, "confirm": new})
    assert done.status_code == 302
    assert client.get(f"/mot-de-passe/{token}").status_code == 410
    login = client.post("/connexion", data={"email": user.email, "password": new})
    assert login.status_code == 302


def test_tampered_password_link_is_refused(client):
    response = client.get("/mot-de-passe/not-a-valid-token")
    assert response.status_code == 410
    assert "n'est plus valable" in response.text


def test_forgot_password_view_never_looks_the_address_up(client, make_user, db, monkeypatch):
    user = make_user(Role.REQUESTER)
    queued, statements = [], []
    monkeypatch.setattr("portal.views.auth.send_password_reset.delay", queued.append)

    def note(conn, cursor, statement, *args):
        statements.append(statement.lower())

    emails = [user.email, "personne@exemple.fr"]
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        for email in emails:
            response = client.post("/mot-de-passe/oublie", data={"email": email})
            assert response.status_code == 302
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert queued == emails
    assert not [s for s in statements if "from users" in s], "the view read the users table"


def test_the_reset_task_mails_known_active_accounts_only(make_user, db):
    active, disabled = make_user(Role.REQUESTER), make_user(Role.REQUESTER, active=False)
    for email in (active.email.upper(), disabled.email, "personne@exemple.fr"):
        send_password_reset(email)
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert [m.to_addr for m in messages] == [active.email]


@pytest.mark.parametrize("weak", ["aaaaaaaaaaaa", "azertyuiop123", "Motdepasse2024!",
                                  "soleil bonjour", "123456789012", "portaildsi2026"])
def test_weak_passwords_are_refused_in_french(client, make_user, app, weak):
    user = make_user(Role.REQUESTER)
    with app.test_request_context():
        token = make_password_token(user)
    response = client.post(f"/mot-de-passe/{token}", data={"password": weak, "confirm": weak})
    assert response.status_code == 200
    assert "trop facile à deviner" in response.text or "au moins 12" in response.text


@pytest.mark.parametrize("built_on", ["Durandal-Marguerite!", "marguerite.durandal#7",
                                      "Bienvenue mdurandal", "mdurandal-ecrit-ici"])
def test_passwords_built_on_the_users_name_or_address_are_refused(client, make_user, app,
                                                                   built_on):
    user = make_user(Role.REQUESTER, first_name="Marguerite", last_name="Durandal",
                     email="mdurandal@exemple.fr")
    with app.test_request_context():
        token = make_password_token(user)
    response = client.post(f"/mot-de-passe/{token}",
                           data={"password": built_on, "confirm": built_on})
    assert response.status_code == 200
    assert "ni votre nom, ni votre prénom, ni votre adresse" in response.text


def test_changing_ones_own_password_refuses_a_weak_one(client, login_as):
    login_as(Role.REQUESTER)
    response = client.post("/compte/mot-de-passe", data={
        "current": PASSWORD, "password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"})
    assert response.status_code == 200
    assert "trop facile à deviner" in response.text
    assert "Les répétitions comme « aaa » se devinent facilement." in response.text


def test_no_path_sets_a_weak_password(make_user, db):
    user = make_user(Role.REQUESTER, first_name="Hugo", last_name="Renard")
    for weak in ("aaaaaaaaaaaa", "hugo.renard.2026", "court"):
        with pytest.raises(services.WeakPasswordError):
            services.set_password(user, weak, utcnow())
    with pytest.raises(services.WeakPasswordError):
        services.create_user({"email": "x@exemple.fr", "first_name": "X", "last_name": "Y",
                              "entity_id": user.entity_id}, {Role.REQUESTER}, utcnow(),
                             password="azertyuiop12")
