"""The security audit log, and the rate limits on sign-in, password links and new requests."""

import logging
import time

from sqlalchemy import select

from portal import login_throttle
from portal.audit import AuditEvent, AuditKind
from portal.enums import Role
from tests.conftest import PASSWORD
from tests.isolated import post


def _events(db, kind=None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if kind is not None:
        query = query.where(AuditEvent.kind == kind)
    return db.session.scalars(query).all()


def test_sign_in_failure_and_sign_out_are_logged_without_the_password(client, make_user, db,
                                                                      caplog):
    user = make_user()
    with caplog.at_level(logging.INFO, logger="portal.audit"):
        client.post("/connexion", data={"email": user.email, "password": "devine-moi-123"})
        client.post("/connexion", data={"email": "inconnu@exemple.fr", "password": "x-secret"})
        client.post("/connexion", data={"email": user.email, "password": PASSWORD})
        client.post("/deconnexion")
    kinds = [(event.kind, event.actor) for event in _events(db)]
    assert kinds == [(AuditKind.LOGIN_FAILED, user.email),
                     (AuditKind.LOGIN_FAILED, "inconnu@exemple.fr"),
                     (AuditKind.LOGIN, user.email), (AuditKind.LOGOUT, user.email)]
    assert _events(db, AuditKind.LOGIN)[0].user_id == user.id
    assert all(event.ip == "127.0.0.1" and event.path == "/connexion"
               for event in _events(db)[:3])
    logged = caplog.text + repr([vars(event) for event in _events(db)])
    for secret in ("devine-moi-123", "x-secret", PASSWORD):
        assert secret not in logged


def test_refusals_role_changes_and_raw_mail_downloads_are_logged(client, login_as, make_user,
                                                                 make_mailbox, deliver, db):
    from tests.tickets_factories import make_mail

    requester = login_as(Role.REQUESTER)
    assert client.get("/admin/utilisateurs").status_code == 403
    refusal = _events(db, AuditKind.REFUSED)[0]
    assert (refusal.user_id, refusal.path, refusal.detail) == (
        requester.id, "/admin/utilisateurs", "admin.users")
    client.post("/deconnexion")

    admin = login_as(Role.ADMIN)
    response = client.post(f"/admin/utilisateurs/{requester.id}", data={
        "email": requester.email, "first_name": requester.first_name,
        "last_name": requester.last_name, "entity_id": requester.entity_id,
        "locale": "fr", "roles": ["requester", "agent"]})
    assert response.status_code == 302
    change = _events(db, AuditKind.ROLES_CHANGED)[0]
    assert change.user_id == admin.id
    assert change.detail == f"{requester.email} : requester → agent, requester"
    client.post(f"/admin/utilisateurs/{requester.id}/statut")
    assert _events(db, AuditKind.ACCOUNT_DISABLED)[0].detail == requester.email

    body = "Mon mot de passe provisoire est Hiver2026!"
    row = deliver(make_mailbox(), make_mail(body=body))
    with client.get(f"/demandes/courriels/{row.id}/brut") as response:
        assert response.status_code == 200
    download = _events(db, AuditKind.RAW_MAIL_DOWNLOAD)[0]
    assert download.detail.startswith(f"courriel {row.id} ")
    assert all("Hiver2026" not in event.detail for event in _events(db))


def test_exports_are_logged(client, login_as, db):
    login_as(Role.RELATIONS_MANAGER)
    assert client.get("/indicateurs/boite.csv").status_code == 200
    export = _events(db, AuditKind.EXPORT)[0]
    assert export.detail.startswith("indicateurs boite ")
    assert export.detail.endswith("csv")


def test_only_admins_read_the_audit_log_filtered_by_kind_and_account(client, login_as, make_user,
                                                                      db):
    target = make_user(email="cible@exemple.fr")
    client.post("/connexion", data={"email": target.email, "password": "mauvais"})
    login_as(Role.RELATIONS_MANAGER)
    assert client.get("/admin/journal").status_code == 403
    client.post("/deconnexion")
    login_as(Role.ADMIN)
    page = client.get("/admin/journal?type=login_failed&q=cible").get_data(as_text=True)
    assert "Journal de sécurité" in page
    assert "cible@exemple.fr" in page
    assert "Échec de connexion" in page
    other = client.get("/admin/journal?type=refused").get_data(as_text=True)
    assert "/admin/journal" in other
    assert "cible@exemple.fr" not in other
    assert client.get("/admin/journal?type=inconnu&page=-3&q=%27%20OR%201=1").status_code == 200


def test_sign_in_is_rate_limited_per_address_and_the_excess_is_logged(client, make_user, db):
    user = make_user()
    codes = [client.post("/connexion", data={"email": f"x{n}@exemple.fr", "password": "x"})
             .status_code for n in range(11)]
    assert codes == [200] * 10 + [429]
    refused = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    assert _events(db, AuditKind.RATE_LIMITED)


def _sign_in(client, email, password, address):
    return post(client, "/connexion", data={"email": email, "password": password},
                environ_base={"REMOTE_ADDR": address})


def test_a_stranger_cannot_lock_the_real_user_out(client, app, make_user):
    user = make_user()
    for n in range(20):  # 20 wrong passwords from three addresses
        _sign_in(app.test_client(), user.email.upper(), "x", f"10.0.0.{n % 3 + 1}")
    assert _sign_in(client, user.email, PASSWORD, "192.168.1.20").status_code == 302


def test_failures_from_one_address_earn_growing_delays_told_in_french(client, make_user, db):
    user = make_user()
    codes = [_sign_in(client, user.email, "x", "10.0.0.9").status_code for _ in range(5)]
    assert codes == [200] * 5
    refused = _sign_in(client, user.email, PASSWORD, "10.0.0.9")  # even the right password
    assert refused.status_code == 429
    assert "Réessayez dans 1 s" in refused.text
    assert refused.headers["Retry-After"] == "1"
    time.sleep(1.1)
    assert _sign_in(client, user.email, "x", "10.0.0.9").status_code == 200
    again = _sign_in(client, user.email, "x", "10.0.0.9")
    assert again.status_code == 429
    assert "Réessayez dans 2 s" in again.text
    assert _events(db, AuditKind.RATE_LIMITED)
    # Unknown accounts are held back alike, and the delay stops at five minutes.
    unknown = [_sign_in(client, "personne@exemple.fr", "x", "10.0.0.8").status_code
               for _ in range(6)]
    assert unknown == [200] * 5 + [429]
    assert [login_throttle.delay_for(n) for n in (4, 5, 6, 7, 20)] == [0, 1, 2, 4, 300]


def test_a_training_room_behind_one_address_all_sign_in(app, make_user, make_entity, db):
    entity = make_entity()
    people = [make_user(Role.REQUESTER, entity=entity) for _ in range(50)]
    codes = [_sign_in(app.test_client(), person.email, PASSWORD, "10.20.0.1").status_code
             for person in people]
    assert codes == [302] * 50
    assert len(_events(db, AuditKind.LOGIN)) == 50


def test_password_links_are_rate_limited_alike_for_known_and_unknown_accounts(client,
                                                                              make_user):
    known = make_user()
    for email in (known.email, "personne@exemple.fr"):
        codes = [client.post("/mot-de-passe/oublie", data={"email": email},
                             environ_base={"REMOTE_ADDR": f"10.1.0.{n}"}).status_code
                 for n in range(6)]
        assert codes == [302] * 5 + [429], email


def test_request_creation_is_rate_limited_per_requester(client, login_as, make_service):
    service = make_service()
    login_as(Role.REQUESTER)
    codes = [client.post(f"/demandes/nouvelle/{service.code}", data={
        "subject": f"Demande {n}", "description": "Bonjour, merci de votre aide.",
        "urgency": "medium", "impact": "medium"}).status_code
        for n in range(11)]
    assert codes == [302] * 10 + [429]


def test_mail_bodies_never_reach_the_logs(make_mailbox, deliver, caplog):
    from tests.tickets_factories import make_mail

    body = "Code d'accès du coffre : 7781-SECRET-4409"
    with caplog.at_level(logging.DEBUG):
        deliver(make_mailbox(), make_mail(body=body))
        deliver(make_mailbox("Boîte brisée"), b"Subject: =?x-inconnu?Q?=0D=0A?=\r\n\r\n" +
                body.encode())
    assert "7781-SECRET-4409" not in caplog.text
