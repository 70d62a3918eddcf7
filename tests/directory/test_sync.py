"""Directory sync against a real OpenLDAP server holding a 2,100-person French company."""

import pytest
from sqlalchemy import func, select

from directory.models import DirectoryLink, DirectorySync, SyncStatus
from directory.runs import execute_run, queue_run
from portal import services
from portal.audit import AuditEvent, AuditKind
from portal.enums import Role
from portal.models import Entity, User, get_manager, get_user_by_email
from portal.timeutil import utcnow
from tests.directory.company import DIRECTIONS, GROUPS, group_dn
from tests.directory.conftest import DSI


def run_sync(db, **hooks) -> DirectorySync:
    run = queue_run(None, utcnow())
    db.session.commit()
    return execute_run(run, utcnow, **hooks)


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def configure_dsi(configure_directory, make_entity):
    """Sync only the DSI (332 people): its director sits in the base DN, so in the parent."""
    return lambda: configure_directory(base_dn=DSI, entity_parent_id=make_entity("DSI").id)


def in_dsi(slapd):
    return [p for p in slapd.people if p.direction == "Direction des Systèmes d'Information"]


def test_full_sync_creates_the_company_with_entities_roles_and_managers(
        db, configure_directory, slapd, make_entity):
    finance = make_entity("DIRECTION FINANCIERE")  # already in the portal, spelt differently
    configure_directory()

    run = run_sync(db)

    people = slapd.people
    assert run.status == SyncStatus.DONE, run.messages
    assert (run.read, run.created, run.errors) == (len(people), len(people), 0)
    assert count(db, User) == len(people) == 2100
    assert count(db, User, User.active.is_(False)) == sum(p.disabled for p in people) > 0
    departments = sum(len(names) for names in DIRECTIONS.values())
    assert run.entities_created == len(DIRECTIONS) - 1 + departments  # finance matched
    accounting = db.session.scalar(select(Entity).where(Entity.name == "Comptabilité"))
    assert accounting.parent == finance
    head = next(p for p in people if p.department == "Comptabilité")
    member = next(p for p in people if p.manager == head.dn and p.last_name != head.last_name)
    user = get_user_by_email(member.mail)
    assert (user.first_name, user.last_name, user.job_title) == (
        member.first_name, member.last_name, member.title)
    assert user.entity == accounting
    assert user.password_hash is None
    assert get_manager(user).email == head.mail
    assert get_manager(get_manager(user)).entity.name == "DIRECTION FINANCIERE"
    accented = next(p for p in people if any(c in p.last_name + p.first_name for c in "éèëœ"))
    assert get_user_by_email(accented.mail).full_name == f"{accented.first_name} " \
                                                         f"{accented.last_name}"
    agent = next(p for p in people if GROUPS["agents"] in p.groups)
    lead = next(p for p in people if GROUPS["leads"] in p.groups)
    assert get_user_by_email(agent.mail).roles == {Role.REQUESTER, Role.AGENT}
    assert get_user_by_email(lead.mail).roles == {Role.REQUESTER, Role.PRODUCT_LEAD}
    assert Role.ADMIN in get_user_by_email(people[0].mail).roles
    assert get_user_by_email(people[0].mail).manager is None

    again = run_sync(db)

    assert (again.created, again.updated, again.disabled, again.errors, again.conflicts) == (
        0, 0, 0, 0, 0)
    assert again.unchanged == len(people)
    assert count(db, Entity) == run.entities_created + 1


def test_a_person_removed_from_the_directory_is_disabled_not_deleted(
        db, configure_dsi, slapd, restore_entries):
    configure_dsi()
    first = run_sync(db)
    leaver = next(p for p in in_dsi(slapd) if not p.disabled and p.department == "Production"
                  and p.title != "Responsable Production")
    restore_entries(leaver)
    connection = slapd.admin()
    connection.delete(leaver.dn)
    connection.unbind()

    run = run_sync(db)

    user = get_user_by_email(leaver.mail)
    assert user is not None
    assert not user.active
    assert (run.disabled, run.created, run.updated) == (1, 0, 0)
    assert run.unchanged == first.created - 1
    assert any(leaver.mail in message for message in run.messages)
    assert count(db, User) == first.created


def test_an_entry_marked_disabled_disables_the_account_and_ends_its_sessions(
        db, configure_dsi, slapd, restore_entries):
    configure_dsi()
    run_sync(db)
    person = next(p for p in in_dsi(slapd) if not p.disabled and not p.groups)
    version = get_user_by_email(person.mail).session_version
    restore_entries(person)
    connection = slapd.admin()
    connection.modify(person.dn, {"employeeType": [("MODIFY_REPLACE", ["disabled"])]})
    connection.unbind()

    run = run_sync(db)

    user = get_user_by_email(person.mail)
    assert not user.active
    assert user.session_version == version + 1
    assert (run.disabled, run.updated) == (1, 0)


def test_a_field_edited_by_hand_is_kept_and_reported_as_a_conflict(
        db, configure_dsi, slapd, restore_entries):
    configure_dsi()
    run_sync(db)
    person = next(p for p in in_dsi(slapd) if not p.disabled and not p.groups)
    user = get_user_by_email(person.mail)
    services.update_user(user, {"job_title": "Référent bureautique"}, user.roles, utcnow())
    db.session.commit()
    restore_entries(person)
    connection = slapd.admin()
    connection.modify(person.dn, {"title": [("MODIFY_REPLACE", ["Analyste senior"])],
                                  "telephoneNumber": [("MODIFY_REPLACE", ["+33 1 99 99 99 99"])]})
    connection.unbind()

    run = run_sync(db)

    user = get_user_by_email(person.mail)
    assert user.job_title == "Référent bureautique"  # the admin's value stays
    assert user.phone == "+33 1 99 99 99 99"  # the fields nobody touched still follow
    assert (run.conflicts, run.updated) == (1, 1)
    assert any(person.mail in m and "Analyste senior" in m for m in run.messages)


def test_a_directory_that_goes_down_mid_sync_changes_nothing(
        db, configure_dsi, slapd, restore_entries):
    configure_dsi()
    first = run_sync(db)
    leaver = next(p for p in in_dsi(slapd) if not p.disabled and not p.groups)
    restore_entries(leaver)
    connection = slapd.admin()
    connection.delete(leaver.dn)
    connection.unbind()
    before = {u.email: (u.active, u.job_title, u.manager_id) for u in db.session.scalars(
        select(User))}

    def cut_after_first_page(read: int) -> None:
        if read == 200:
            slapd.kill()

    run = run_sync(db, on_read=cut_after_first_page)

    db.session.expire_all()
    assert run.status == SyncStatus.FAILED
    assert "rien n'a été modifié" in run.messages[0]
    after = {u.email: (u.active, u.job_title, u.manager_id) for u in db.session.scalars(
        select(User))}
    assert after == before  # above all, nobody of the unread pages was disabled
    assert count(db, User) == first.created


def test_a_first_sync_cut_off_creates_no_one(db, configure_directory, slapd):
    configure_directory()

    run = run_sync(db, on_read=lambda read: slapd.kill() if read == 400 else None)

    assert run.status == SyncStatus.FAILED
    assert count(db, User) == count(db, DirectoryLink) == count(db, Entity) == 0


def test_an_unreachable_directory_fails_the_run_with_a_reason(db, configure_directory, slapd):
    configure_directory(url="ldap://127.0.0.1:9")

    run = run_sync(db)

    assert run.status == SyncStatus.FAILED
    assert count(db, User) == 0
    assert "LDAPSocketOpenError" in run.messages[0]


def test_a_local_account_is_matched_by_e_mail_and_linked_not_duplicated(
        db, configure_dsi, slapd, make_user):
    person = next(p for p in in_dsi(slapd) if p.department == "Études" and not p.disabled)
    local = make_user(Role.RELATIONS_MANAGER, email=person.mail.upper(), first_name="X")
    configure_dsi()

    run = run_sync(db)

    assert run.created == len(in_dsi(slapd)) - 1
    assert count(db, User, User.email == person.mail) == 1
    db.session.refresh(local)
    assert local.first_name == person.first_name  # never synced before: the directory's value
    assert local.entity.name == "Études"
    assert db.session.get(DirectoryLink, local.id).dn == person.dn


def test_an_address_taken_by_another_account_is_reported_and_the_sync_goes_on(
        db, configure_dsi, slapd, make_user, restore_entries):
    configure_dsi()
    run_sync(db)
    local = make_user(email="accueil.dsi@exemple.fr")
    person = next(p for p in in_dsi(slapd) if not p.disabled and not p.groups)
    restore_entries(person)
    connection = slapd.admin()
    connection.modify(person.dn, {"mail": [("MODIFY_REPLACE", [local.email])],
                                  "title": [("MODIFY_REPLACE", ["Analyste senior"])]})
    connection.unbind()

    run = run_sync(db)

    assert run.status == SyncStatus.DONE
    assert run.errors == 1
    user = get_user_by_email(person.mail)
    assert user.job_title == "Analyste senior"
    assert get_user_by_email(local.email) == local


def test_roles_and_disabling_from_the_directory_go_to_the_security_log(
        db, configure_dsi, slapd, restore_entries, request):
    configure_dsi()
    run_sync(db)
    person = next(p for p in in_dsi(slapd) if not p.disabled and not p.groups)
    admins = group_dn(GROUPS["admins"])
    connection = slapd.admin()
    connection.modify(admins, {"member": [("MODIFY_ADD", [person.dn])]})
    connection.unbind()

    def leave_admins() -> None:
        connection = slapd.admin()
        connection.modify(admins, {"member": [("MODIFY_DELETE", [person.dn])]})
        connection.unbind()

    request.addfinalizer(leave_admins)
    leaver = next(p for p in in_dsi(slapd) if p.disabled is False and not p.groups
                  and p is not person)
    restore_entries(leaver)
    connection = slapd.admin()
    connection.delete(leaver.dn)
    connection.unbind()

    run_sync(db)

    events = {(event.kind, event.detail) for event in db.session.scalars(select(AuditEvent))}
    assert (AuditKind.ROLES_CHANGED, f"annuaire : {person.mail} : requester → admin, "
                                     "requester") in events
    assert (AuditKind.ACCOUNT_DISABLED, f"annuaire : {leaver.mail}") in events
    assert Role.ADMIN in get_user_by_email(person.mail).roles
