"""The administrators' management of accounts and roles."""

from sqlalchemy import select

from portal.enums import Role
from portal.models import User
from portal.outbox import OutboxMessage


def _form(entity_id: int, **values) -> dict:
    data = {"email": "nouveau.compte@exemple.fr", "first_name": "Nora", "last_name": "Petit",
            "job_title": "Contrôleuse de gestion", "phone": "", "entity_id": entity_id,
            "roles": ["agent"], "locale": "fr"}
    data.update(values)
    return data


def test_admin_creates_an_account_and_an_invitation_is_queued(client, login_as, make_entity, db):
    login_as(Role.ADMIN)
    entity = make_entity("Direction Financière")
    response = client.post("/admin/utilisateurs/nouveau", data=_form(entity.id),
                           follow_redirects=True)
    assert "une invitation a été envoyée à nouveau.compte@exemple.fr" in response.text
    user = db.session.scalar(select(User).where(User.email == "nouveau.compte@exemple.fr"))
    assert user.roles == {Role.AGENT, Role.REQUESTER}
    assert user.password_hash is None
    invitation = db.session.scalar(select(OutboxMessage))
    assert invitation.to_addr == user.email
    assert "http://portail.test/mot-de-passe/" in invitation.body_text


def test_duplicate_email_is_refused_next_to_the_field(client, login_as, make_user):
    admin = login_as(Role.ADMIN)
    response = client.post("/admin/utilisateurs/nouveau",
                           data=_form(admin.entity_id, email=admin.email.upper()))
    assert response.status_code == 200
    assert 'id="email-errors"' in response.text
    assert "Un compte utilise déjà cette adresse e-mail." in response.text


def test_missing_fields_get_french_errors(client, login_as):
    admin = login_as(Role.ADMIN)
    response = client.post("/admin/utilisateurs/nouveau",
                           data=_form(admin.entity_id, email="pas-une-adresse", first_name=""))
    assert "Saisissez une adresse e-mail valide" in response.text
    assert "Ce champ est obligatoire." in response.text


def test_admin_changes_roles_and_requester_is_always_kept(client, login_as, make_user, db):
    login_as(Role.ADMIN)
    user = make_user(Role.AGENT)
    data = _form(user.entity_id, email=user.email, roles=["product_lead", "relations_manager"])
    response = client.post(f"/admin/utilisateurs/{user.id}", data=data)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.roles == {Role.PRODUCT_LEAD, Role.RELATIONS_MANAGER, Role.REQUESTER}


def test_admin_cannot_remove_their_own_admin_role(client, login_as, db):
    admin = login_as(Role.ADMIN)
    data = _form(admin.entity_id, email=admin.email, roles=["agent"])
    response = client.post(f"/admin/utilisateurs/{admin.id}", data=data)
    assert "Vous ne pouvez pas retirer votre propre rôle" in response.text
    db.session.refresh(admin)
    assert Role.ADMIN in admin.roles


def test_deactivation_blocks_login_and_reactivation_restores_it(client, login_as, make_user, db):
    login_as(Role.ADMIN)
    user = make_user(Role.REQUESTER)
    client.post(f"/admin/utilisateurs/{user.id}/statut")
    db.session.refresh(user)
    assert not user.active
    client.post(f"/admin/utilisateurs/{user.id}/statut")
    db.session.refresh(user)
    assert user.active


def test_admin_cannot_deactivate_themself(client, login_as, db):
    admin = login_as(Role.ADMIN)
    response = client.post(f"/admin/utilisateurs/{admin.id}/statut")
    assert response.status_code == 409
    db.session.refresh(admin)
    assert admin.active


def test_user_list_filters_by_role_and_text(client, login_as, make_user):
    login_as(Role.ADMIN)
    make_user(Role.PRODUCT_LEAD, last_name="Lefèvre")
    make_user(Role.AGENT, last_name="Bernard")
    by_role = client.get("/admin/utilisateurs?role=product_lead")
    assert "Lefèvre" in by_role.text
    assert "Bernard" not in by_role.text
    by_text = client.get("/admin/utilisateurs?q=bern")
    assert "Bernard" in by_text.text
    assert "Lefèvre" not in by_text.text


def test_non_admins_cannot_manage_accounts(client, login_as, make_user, db):
    login_as(Role.RELATIONS_MANAGER)
    target = make_user(Role.REQUESTER)
    assert client.get("/admin/utilisateurs").status_code == 403
    assert client.post(f"/admin/utilisateurs/{target.id}/statut").status_code == 403
    db.session.refresh(target)
    assert target.active


def test_user_list_pages_through_many_accounts(client, login_as, make_user, make_entity):
    login_as(Role.ADMIN)
    entity = make_entity()
    for number in range(30):
        make_user(Role.REQUESTER, entity=entity, last_name=f"Zed{number:02d}")
    first = client.get("/admin/utilisateurs")
    assert first.status_code == 200
    assert "31 comptes" in first.text
    assert 'aria-current="page"' in first.text
    second = client.get("/admin/utilisateurs?page=2")
    assert second.status_code == 200
    assert "Zed29" in second.text


def test_user_search_takes_wildcards_literally(client, login_as, make_user):
    login_as(Role.ADMIN)
    make_user(email="sans.joker@exemple.fr")
    for term in ("%", "_", "\\"):
        page = client.get("/admin/utilisateurs", query_string={"q": term}).get_data(as_text=True)
        assert "0 compte" in page, term
