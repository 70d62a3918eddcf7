"""The directory page, its preview, the sync asked from the page, the CLI and the schedule."""

import pytest
from sqlalchemy import func, select

from directory.models import DirectorySync, SyncStatus, get_settings
from directory.tasks import scheduled_sync
from portal.enums import Role
from portal.models import Entity, User, get_user_by_email
from tests.directory.conftest import DSI


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_page_runs_a_sync_in_the_worker_and_shows_its_figures(
        db, client, login_as, configure_dsi_page):
    login_as(Role.ADMIN)

    response = client.post("/admin/annuaire/synchroniser", follow_redirects=True)

    page = response.get_data(as_text=True)
    run = db.session.scalar(select(DirectorySync))
    assert run.status == SyncStatus.DONE
    assert "Synchronisation n° 1" in page
    assert "Terminée" in page
    assert f"{run.read} lue(s) : {run.created} créée(s), 0 mise(s) à jour" in page
    assert run.created > 300


def test_the_preview_shows_three_entries_and_what_they_become(db, client, login_as,
                                                              configure_dsi_page, slapd):
    login_as(Role.ADMIN)

    page = client.get("/admin/annuaire/apercu").get_data(as_text=True)

    assert page.count("Dans l'annuaire") == 3
    person = next(p for p in slapd.people if p.mail in page)
    assert f"{person.first_name} {person.last_name}" in page
    assert "Direction des Systèmes d&#39;Information" in page
    assert count(db, User) == 1  # the admin alone: the preview writes nothing


def test_the_preview_of_an_unreachable_directory_says_so(client, login_as, configure_directory):
    configure_directory(url="ldap://127.0.0.1:9")
    login_as(Role.ADMIN)

    page = client.get("/admin/annuaire/apercu").get_data(as_text=True)

    assert "L'annuaire n'a pas pu être lu" in page


@pytest.mark.parametrize("url", ["ldap://127.0.0.1:6379", "ldap://169.254.169.254",
                                 "ldap://[::1]:5432", "ldaps://localhost"])
def test_the_portal_refuses_to_probe_its_own_machine_or_a_metadata_endpoint(
        app, client, login_as, configure_directory, monkeypatch, url):
    configure_directory(url=url)
    monkeypatch.setitem(app.config, "LDAP_ALLOW_LOOPBACK", False)
    login_as(Role.ADMIN)

    page = client.get("/admin/annuaire/apercu").get_data(as_text=True)

    assert "adresse refusée (boucle locale, lien local ou réservée)" in page


def test_the_admin_saves_the_connection_and_applies_a_preset(db, client, login_as):
    login_as(Role.ADMIN)
    page = client.get("/admin/annuaire").get_data(as_text=True)
    assert "entryUUID" in page  # the OpenLDAP preset before anything is saved

    client.post("/admin/annuaire/modele", data={"preset": "active_directory"})
    response = client.post("/admin/annuaire", data={
        "url": "ldaps://ad.exemple.fr:636", "bind_dn": "CN=svc-portail,OU=Services,DC=ex,DC=fr",
        "base_dn": "DC=ex,DC=fr", "user_filter": "(&(objectClass=user)(mail=*))",
        "page_size": "1000", "attr_id": "objectGUID", "attr_email": "mail",
        "attr_last_name": "sn", "attr_entity": "department",
        "disabled_attribute": "userAccountControl", "role_groups": "GG-Portail-Agents = agent",
        "entity_parent_id": "0", "sync_interval_minutes": "60"})

    settings = get_settings()
    assert response.status_code == 302
    assert (settings.url, settings.attr_id, settings.sync_interval_minutes) == (
        "ldaps://ad.exemple.fr:636", "objectGUID", 60)
    assert settings.entity_parent_id is None


def test_a_bad_role_line_is_refused_with_a_french_message(db, client, login_as):
    login_as(Role.ADMIN)

    response = client.post("/admin/annuaire", data={
        "user_filter": "(objectClass=person)", "page_size": "500", "attr_id": "entryUUID",
        "attr_email": "mail", "attr_last_name": "sn", "role_groups": "portail = chef",
        "entity_parent_id": "0", "sync_interval_minutes": "0"})

    assert response.status_code == 200
    assert "Ligne 1 (portail = chef) : écrivez" in response.get_data(as_text=True)
    assert get_settings() is None


def test_the_cli_prints_a_progress_bar_and_the_summary(app, db, configure_dsi_page):
    result = app.test_cli_runner().invoke(args=["directory", "sync"])

    run = db.session.scalar(select(DirectorySync))
    assert result.exit_code == 0, result.output
    assert "Lecture de l'annuaire" in result.output
    assert (f"Annuaire synchronisé : {run.created} créé(s), 0 mis à jour, 0 désactivé(s), "
            "0 inchangé(s), 0 erreur(s), 0 conflit(s).") in result.output


def test_a_dry_run_shows_the_figures_and_writes_nothing(app, db, configure_directory):
    configure_directory(base_dn=DSI)
    users, entities = count(db, User), count(db, Entity)

    result = app.test_cli_runner().invoke(args=["directory", "sync", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "Simulation (rien n'est écrit) : " in result.output
    assert "créé(s)" in result.output
    assert "0 créé(s)" not in result.output
    db.session.expire_all()
    assert (count(db, User), count(db, Entity), count(db, DirectorySync)) == (users, entities, 0)


def test_the_cli_without_a_directory_says_what_to_do(app, db):
    result = app.test_cli_runner().invoke(args=["directory", "sync"])

    assert result.exit_code == 1
    assert "Aucun annuaire n'est configuré" in result.output


def test_the_schedule_syncs_only_a_configured_directory_when_its_interval_has_passed(
        db, configure_directory):
    scheduled_sync()
    assert count(db, DirectorySync) == 0  # no directory: nothing, not even a failed run

    configure_directory(base_dn=DSI, sync_interval_minutes=0)
    scheduled_sync()
    assert count(db, DirectorySync) == 0  # configured, but the schedule is off

    get_settings().sync_interval_minutes = 60
    db.session.commit()
    scheduled_sync()
    scheduled_sync()  # within the hour: not due again
    assert count(db, DirectorySync) == 1
    assert get_user_by_email(next(iter(db.session.scalars(select(User.email))))) is not None


def test_hostile_directory_values_are_shown_as_text(db, client, login_as, configure_dsi_page,
                                                    slapd, restore_entries):
    payload = '"><img src=x onerror=alert(1)>{{7*7}}'
    login_as(Role.ADMIN)
    sample = client.get("/admin/annuaire/apercu").get_data(as_text=True)
    person = next(p for p in slapd.people if f"<dd>{p.mail}</dd>" in sample)
    restore_entries(person)
    connection = slapd.admin()
    connection.modify(person.dn, {"title": [("MODIFY_REPLACE", [payload])],
                                  "givenName": [("MODIFY_REPLACE", [payload])]})
    connection.unbind()
    client.post("/admin/annuaire/synchroniser")
    user = get_user_by_email(person.mail)

    assert user.job_title == payload
    for url in ("/admin/annuaire/apercu", f"/admin/utilisateurs/{user.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;{{7*7}}" in page  # text, never evaluated
