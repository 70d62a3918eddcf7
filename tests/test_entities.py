"""Entities as a tree, their segmentation and their key contacts."""

from sqlalchemy import select

from portal.enums import ClientType, Role, Segment
from portal.models import Contact, Entity


def _entity_form(**values) -> dict:
    data = {"code": "DRH-PAIE", "name": "Paie", "kind": "department", "parent_id": 0,
            "client_type": "functional", "segment": "sensitive", "potential": "high",
            "headcount": "42", "description": "Service paie du groupe", "is_active": "y"}
    data.update(values)
    return data


def test_relations_manager_creates_a_department_under_a_direction(client, login_as, make_entity,
                                                                  db):
    login_as(Role.RELATIONS_MANAGER)
    parent = make_entity("Direction des Ressources Humaines")
    response = client.post("/entites/nouvelle", data=_entity_form(parent_id=parent.id),
                           follow_redirects=True)
    assert "Entité « Paie » enregistrée." in response.text
    entity = db.session.scalar(select(Entity).where(Entity.code == "DRH-PAIE"))
    assert entity.parent == parent
    assert entity.segment == Segment.SENSITIVE
    assert entity.client_type == ClientType.FUNCTIONAL
    assert entity.path == "Direction des Ressources Humaines › Paie"


def test_an_entity_cannot_be_moved_under_its_own_child(client, login_as, make_entity, db):
    login_as(Role.ADMIN)
    parent = make_entity("Direction Commerciale", code="DC")
    child = make_entity("Export", parent=parent, code="DC-EXPORT")
    response = client.post(f"/entites/{parent.id}/modifier",
                           data=_entity_form(code="DC", name="Direction Commerciale",
                                             kind="direction", parent_id=child.id))
    assert response.status_code == 200
    assert "is-invalid" in response.text
    db.session.refresh(parent)
    assert parent.parent_id is None


def test_duplicate_entity_code_is_refused(client, login_as, make_entity):
    login_as(Role.ADMIN)
    make_entity("Direction Juridique", code="DJ")
    response = client.post("/entites/nouvelle", data=_entity_form(code="DJ"))
    assert "Ce code est déjà utilisé par « Direction Juridique »." in response.text


def test_entity_list_filters_by_segment(client, login_as, make_entity):
    login_as(Role.AGENT)
    make_entity("Direction Marketing", segment=Segment.ADVOCATE)
    make_entity("Direction Achats", segment=Segment.CORE)
    response = client.get("/entites/?segment=advocate")
    assert "Direction Marketing" in response.text
    assert "Direction Achats" not in response.text


def test_staff_read_entities_but_only_editors_change_them(client, login_as, make_entity):
    login_as(Role.PRODUCT_LEAD)
    entity = make_entity("Direction Logistique")
    page = client.get(f"/entites/{entity.id}")
    assert page.status_code == 200
    assert "Modifier" not in page.text
    assert client.get(f"/entites/{entity.id}/modifier").status_code == 403
    assert client.post(f"/entites/{entity.id}/modifier", data=_entity_form()).status_code == 403


def test_requesters_do_not_see_the_client_base(client, login_as, make_entity):
    login_as(Role.REQUESTER)
    entity = make_entity("Direction R&D")
    assert client.get("/entites/").status_code == 403
    assert client.get(f"/entites/{entity.id}").status_code == 403


def test_contacts_are_added_edited_and_removed(client, login_as, make_entity, db):
    login_as(Role.RELATIONS_MANAGER)
    entity = make_entity("Direction Financière")
    data = {"first_name": "Hélène", "last_name": "Garnier", "job_title": "Directrice financière",
            "relation_role": "decision_maker", "email": "helene.garnier@exemple.fr",
            "phone": "01 23 45 67 89", "notes": ""}
    client.post(f"/entites/{entity.id}/interlocuteurs/nouveau", data=data)
    contact = db.session.scalar(select(Contact))
    assert contact.entity == entity
    page = client.get(f"/entites/{entity.id}")
    assert "Hélène Garnier" in page.text
    assert "Décideur" in page.text
    client.post(f"/entites/{entity.id}/interlocuteurs/{contact.id}",
                data=data | {"relation_role": "sponsor"})
    db.session.refresh(contact)
    assert contact.relation_role == "sponsor"
    client.post(f"/entites/{entity.id}/interlocuteurs/{contact.id}/supprimer")
    assert db.session.scalar(select(Contact)) is None


def test_a_contact_is_reached_only_through_its_own_entity(client, login_as, make_entity, db):
    login_as(Role.RELATIONS_MANAGER)
    owner, other = make_entity("Direction A"), make_entity("Direction B")
    contact = Contact(entity=owner, first_name="Luc", last_name="Roux",
                      relation_role="key_user")
    db.session.add(contact)
    db.session.commit()
    assert client.get(f"/entites/{other.id}/interlocuteurs/{contact.id}").status_code == 404
    response = client.post(f"/entites/{other.id}/interlocuteurs/{contact.id}/supprimer")
    assert response.status_code == 404
    assert db.session.get(Contact, contact.id) is not None


def test_a_contact_still_referred_to_is_kept_with_a_warning(client, login_as, make_entity, db):
    from portal.timeutil import utcnow
    from tickets.enums import Channel
    from tickets.services import NewMessage, open_ticket

    login_as(Role.RELATIONS_MANAGER)
    entity = make_entity("Direction Juridique")
    contact = Contact(entity=entity, first_name="Inès", last_name="Morel",
                      relation_role="key_user", email="ines.morel@exemple.fr")
    db.session.add(contact)
    db.session.flush()
    open_ticket(subject="Contrat", now=utcnow(), channel=Channel.EMAIL, contact=contact,
                message=NewMessage(body_text="Bonjour", from_addr=contact.email,
                                   from_name="Inès Morel"))
    db.session.commit()
    response = client.post(f"/entites/{entity.id}/interlocuteurs/{contact.id}/supprimer",
                           follow_redirects=True)
    assert response.status_code == 200
    assert "il ne peut pas être retiré de la base" in response.text
    assert db.session.get(Contact, contact.id) is not None
