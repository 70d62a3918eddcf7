"""Client meetings, events and client projects: services, scoping and the forms."""

import html
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from catalog.models import Subscription
from committees.enums import Channel, EventKind, ProjectStatus
from committees.models import ClientMeeting, Event, Project
from committees.relations import (
    AlreadyAttending,
    RelationFilter,
    add_event_attendee,
    count_entities_met,
    list_client_meetings,
    list_projects,
    save_client_meeting,
    save_event,
    save_project,
)
from portal.enums import Role
from portal.models import Contact

NOW = datetime(2027, 3, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def make_client_contact(db):
    def factory(entity, last_name="Garnier", first_name="Hélène") -> Contact:
        contact = Contact(entity=entity, first_name=first_name, last_name=last_name,
                          relation_role="key_user")
        db.session.add(contact)
        db.session.commit()
        return contact

    return factory


@pytest.fixture
def lead_serving(db, make_user, make_service):
    """A product lead whose service the given entity subscribes to."""

    def factory(entity):
        lead = make_user(Role.PRODUCT_LEAD)
        service = make_service("Messagerie", owner=lead)
        db.session.add(Subscription(service_id=service.id, entity_id=entity.id,
                                    since=date(2025, 1, 1)))
        db.session.commit()
        return lead

    return factory


def _meeting(entity, met_on=date(2027, 3, 1), channel=Channel.VISIT, contact_ids=(),
             author=None, **values):
    data = {"entity_id": entity.id, "met_on": met_on, "channel": channel,
            "subject": values.pop("subject", "Point sur la messagerie"), **values}
    return save_client_meeting(None, data, list(contact_ids), author, NOW)


def _event(db, held_on=date(2027, 4, 2), name="Techday printemps"):
    event = save_event(None, {"name": name, "kind": EventKind.TECHDAY, "held_on": held_on,
                              "location": "Campus"}, NOW)
    db.session.commit()
    return event


def _project_values(entity, **values):
    return {"entity_id": entity.id, "title": "Portail fournisseurs", "description": "",
            "status": ProjectStatus.IDEA, "raised_on": date(2027, 1, 10), "signed_on": None,
            "closed_on": None, "owner_id": None, "sponsor_id": None, **values}


def _text(response) -> str:
    """The page as a reader sees it (entities unescaped, whatever the escaping of quotes)."""
    return html.unescape(response.text)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# Services


def test_a_client_meeting_keeps_only_the_contacts_of_the_entity_met(db, make_entity,
                                                                    make_client_contact, make_user):
    author = make_user(Role.RELATIONS_MANAGER)
    entity, other = make_entity("Direction Financière"), make_entity("Direction Achats")
    met, elsewhere = make_client_contact(entity), make_client_contact(other, last_name="Roux")
    meeting = _meeting(entity, contact_ids=[met.id, elsewhere.id], author=author)
    db.session.commit()
    db.session.refresh(meeting)
    assert meeting.contacts == [met]
    assert meeting.author == author
    assert meeting.created_at == NOW


def test_an_entity_attends_an_event_only_once(db, make_entity, make_client_contact):
    entity = make_entity("Direction Juridique")
    event = _event(db)
    attendance = add_event_attendee(event, entity, [make_client_contact(entity).id], None, NOW)
    db.session.commit()
    assert (attendance.channel, attendance.met_on) == (Channel.EVENT, date(2027, 4, 2))
    with pytest.raises(AlreadyAttending):
        add_event_attendee(event, entity, [], None, NOW)
    with pytest.raises(AlreadyAttending):
        _meeting(entity, channel=Channel.EVENT, event_id=event.id)
    assert _count(db, ClientMeeting) == 1


def test_moving_an_event_moves_the_meetings_of_its_attendees(db, make_entity):
    event = _event(db)
    attendance = add_event_attendee(event, make_entity(), [], None, NOW)
    save_event(event, {"held_on": date(2027, 5, 6)}, NOW)
    db.session.commit()
    assert attendance.met_on == date(2027, 5, 6)


def test_a_signed_project_needs_its_signing_date(db, make_entity, make_service):
    entity = make_entity("Direction Commerciale")
    with pytest.raises(ValueError, match="signing date"):
        save_project(None, _project_values(entity, status=ProjectStatus.SIGNED), [], NOW)
    service = make_service("Gestion documentaire")
    project = save_project(None, _project_values(
        entity, status=ProjectStatus.SIGNED, signed_on=date(2027, 3, 1),
        closed_on=date(2027, 3, 2)), [service.id], NOW)
    db.session.commit()
    assert project.services == [service]
    assert project.updated_at == NOW
    assert project.closed_on is None, "only a delivered or abandoned project is closed"


def test_a_project_sponsor_must_be_a_contact_of_its_entity(db, make_entity, make_client_contact):
    entity, stranger = make_entity(), make_client_contact(make_entity())
    with pytest.raises(ValueError, match="sponsor"):
        save_project(None, _project_values(entity, sponsor_id=stranger.id), [], NOW)


# One scoping rule


def test_managers_see_every_client_and_product_leads_only_the_ones_they_serve(
        db, make_entity, make_user, lead_serving):
    served, other = make_entity("Direction Servie"), make_entity("Direction Ailleurs")
    lead = lead_serving(served)
    for entity in (served, other):
        _meeting(entity)
        save_project(None, _project_values(entity, title=f"Projet {entity.name}"), [], NOW)
    db.session.commit()
    manager, agent = make_user(Role.RELATIONS_MANAGER), make_user(Role.AGENT)

    def entities_seen(user):
        meetings = db.session.scalars(list_client_meetings(user, RelationFilter())).all()
        projects = list_projects(user, RelationFilter())
        return {m.entity.name for m in meetings}, {p.entity.name for p in projects}

    both = {"Direction Servie", "Direction Ailleurs"}
    assert entities_seen(manager) == (both, both)
    assert entities_seen(lead) == ({"Direction Servie"}, {"Direction Servie"})
    assert entities_seen(agent) == (set(), set())


def test_the_count_of_clients_met_covers_distinct_entities_in_the_period(db, make_entity,
                                                                       make_user):
    first, second = make_entity(), make_entity()
    _meeting(first, met_on=date(2027, 2, 1))
    _meeting(first, met_on=date(2027, 2, 20))
    _meeting(second, met_on=date(2027, 2, 25))
    _meeting(second, met_on=date(2026, 12, 1))
    db.session.commit()
    manager = make_user(Role.ADMIN)
    february = RelationFilter(since=date(2027, 2, 1), until=date(2027, 2, 28))
    assert count_entities_met(manager, february) == 2
    assert count_entities_met(manager, RelationFilter(since=date(2027, 2, 21))) == 1


LISTS = ["/comites/rencontres", "/comites/evenements", "/comites/projets",
         "/comites/rencontres/nouvelle", "/comites/evenements/nouveau", "/comites/projets/nouveau"]


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.AGENT])
def test_requesters_and_agents_are_refused_every_relations_page(client, login_as, role):
    login_as(role)
    assert [client.get(url).status_code for url in LISTS] == [403] * len(LISTS)


def test_a_product_lead_records_meetings_for_served_clients_only(client, db, login_as,
                                                                 make_entity, lead_serving):
    served, other = make_entity("Direction Servie"), make_entity("Direction Ailleurs")
    login_as(lead_serving(served))
    mine, theirs = _meeting(served, subject="Chez nous"), _meeting(other, subject="Pas chez nous")
    project = save_project(None, _project_values(other), [], NOW)
    db.session.commit()
    listing = client.get("/comites/rencontres").text
    assert "Chez nous" in listing
    assert "Pas chez nous" not in listing
    assert client.get(f"/comites/rencontres/{mine.id}/modifier").status_code == 200
    assert client.get(f"/comites/rencontres/{theirs.id}/modifier").status_code == 403
    response = client.post("/comites/rencontres/nouvelle", data=_meeting_form(other))
    assert response.status_code == 200
    assert _count(db, ClientMeeting) == 2
    assert client.get("/comites/projets").status_code == 200
    assert client.get(f"/comites/projets/{project.id}/modifier").status_code == 403
    assert client.get("/comites/evenements/nouveau").status_code == 403


def test_missing_rows_give_not_found(client, login_as):
    login_as(Role.RELATIONS_MANAGER)
    for url in ("/comites/rencontres/999/modifier", "/comites/evenements/999",
                "/comites/evenements/999/modifier", "/comites/projets/999/modifier"):
        assert client.get(url).status_code == 404, url


def test_bad_filters_are_ignored_or_explained_never_a_crash(client, login_as, db, make_entity):
    login_as(Role.RELATIONS_MANAGER)
    _meeting(make_entity(), subject="Revue annuelle")
    db.session.commit()
    response = client.get("/comites/rencontres?entite=abc&du=notadate&canal=zzz&page=x")
    assert response.status_code == 200
    assert "Revue annuelle" in response.text
    assert "N'est pas une date valide." in _text(response)
    assert client.get("/comites/projets?entite=abc&statut=zzz").status_code == 200
    until = _text(client.get("/comites/rencontres?du=2027-03-01&au=2027-02-01"))
    assert "La fin de la période précède son début." in until


# The forms, through the views


def _meeting_form(entity, **values):
    return {"entity_id": entity.id, "met_on": "2027-03-10", "channel": "lunch",
            "subject": "Déjeuner avec la DAF", "summary": "", "follow_up": "Envoyer le devis",
            "author_id": values.pop("author_id", ""), "event_id": "0", **values}


def test_a_client_meeting_is_recorded_and_listed(client, db, login_as, make_entity,
                                                 make_client_contact):
    user = login_as(Role.RELATIONS_MANAGER)
    entity = make_entity("Direction Financière")
    contact = make_client_contact(entity)
    response = client.post("/comites/rencontres/nouvelle", data=_meeting_form(
        entity, author_id=user.id, contact_ids=[contact.id]))
    assert response.status_code == 302
    meeting = db.session.scalar(select(ClientMeeting))
    assert (meeting.channel, meeting.author_id, meeting.contacts) == (
        Channel.LUNCH, user.id, [contact])
    listing = client.get("/comites/rencontres?du=2027-03-01&au=2027-03-31").text
    assert "1 client rencontré" in listing
    assert "Déjeuner avec la DAF" in listing


def test_an_incomplete_client_meeting_is_refused_in_french(client, db, login_as, make_entity):
    user = login_as(Role.RELATIONS_MANAGER)
    entity, other = make_entity(), make_entity()
    stranger = Contact(entity=other, first_name="Luc", last_name="Roux",
                       relation_role="key_user")
    db.session.add(stranger)
    db.session.commit()
    response = client.post("/comites/rencontres/nouvelle", data=_meeting_form(
        entity, author_id=user.id, subject="", met_on="", contact_ids=[stranger.id]))
    assert response.status_code == 200
    page = _text(response)
    assert "Ce champ est obligatoire." in page
    assert "Saisissez la date de la rencontre." in page
    assert "Choisissez uniquement des interlocuteurs de l'entité." in page
    assert _count(db, ClientMeeting) == 0


def test_an_event_is_created_and_its_attendees_added_once_and_removed(client, db, login_as,
                                                                       make_entity,
                                                                       make_client_contact):
    login_as(Role.RELATIONS_MANAGER)
    entity = make_entity("Direction Marketing")
    contact = make_client_contact(entity)
    data = {"name": "Salon IT", "kind": "fair", "held_on": "2027-06-01", "location": "Hall A",
            "description": ""}
    refused = client.post("/comites/evenements/nouveau", data=data | {"held_on": ""})
    assert "Saisissez la date de l'événement." in _text(refused)
    assert client.post("/comites/evenements/nouveau", data=data).status_code == 302
    event = db.session.scalar(select(Event))
    url = f"/comites/evenements/{event.id}/presents"
    added = client.post(url, data={"entity_id": entity.id, "contact_ids": [contact.id]})
    assert added.status_code == 302
    twice = client.post(url, data={"entity_id": entity.id})
    assert twice.status_code == 200
    assert "Direction Marketing est déjà enregistrée comme présente." in twice.text
    attendance = db.session.scalar(select(ClientMeeting))
    assert (attendance.event_id, attendance.channel) == (event.id, Channel.EVENT)
    assert attendance.contacts == [contact]
    assert "Direction Marketing" in client.get(f"/comites/evenements/{event.id}").text
    client.post(f"{url}/{attendance.id}/retirer")
    assert _count(db, ClientMeeting) == 0


def _project_form(entity, **values):
    return {"entity_id": entity.id, "title": "Dématérialisation des factures",
            "description": "", "status": "proposed", "raised_on": "2027-01-05",
            "signed_on": "", "closed_on": "", "owner_id": "0", "sponsor_id": "0", **values}


def test_a_client_project_is_recorded_with_its_services(client, db, login_as, make_entity,
                                                       make_client_contact, make_service):
    user = login_as(Role.RELATIONS_MANAGER)
    entity = make_entity("Direction Comptable")
    sponsor, service = make_client_contact(entity), make_service("Archivage")
    response = client.post("/comites/projets/nouveau", data=_project_form(
        entity, status="signed", signed_on="2027-02-01", owner_id=user.id,
        sponsor_id=sponsor.id, service_ids=[service.id]))
    assert response.status_code == 302
    project = db.session.scalar(select(Project))
    assert (project.status, project.signed_on, project.sponsor) == (
        ProjectStatus.SIGNED, date(2027, 2, 1), sponsor)
    assert project.services == [service]
    assert "Signé" in client.get("/comites/projets?statut=signed").text


def test_a_signed_project_without_signing_date_is_refused_in_french(
        client, db, login_as, make_entity, make_client_contact):
    login_as(Role.ADMIN)
    entity = make_entity()
    stranger = make_client_contact(make_entity())
    response = client.post("/comites/projets/nouveau", data=_project_form(
        entity, status="signed", sponsor_id=stranger.id))
    assert response.status_code == 200
    page = _text(response)
    assert "Indiquez la date de signature" in page
    assert "Le sponsor doit être un interlocuteur de l'entité." in page
    assert _count(db, Project) == 0


def test_every_page_opens_for_a_manager_with_data(client, db, login_as, make_entity,
                                                  make_client_contact):
    login_as(Role.RELATIONS_MANAGER)
    entity = make_entity("Direction Logistique")
    event = _event(db)
    attendance = add_event_attendee(event, entity, [make_client_contact(entity).id], None, NOW)
    project = save_project(None, _project_values(entity), [], NOW)
    db.session.commit()
    pages = {"/comites/evenements": "Techday printemps",
             f"/comites/evenements/{event.id}/modifier": "Campus",
             f"/comites/rencontres/{attendance.id}/modifier": "Hélène Garnier",
             f"/comites/rencontres/nouvelle?entite={entity.id}": "Direction Logistique",
             f"/comites/projets/{project.id}/modifier": "Portail fournisseurs"}
    for url, expected in pages.items():
        response = client.get(url)
        assert (response.status_code, expected in response.text) == (200, True), url
