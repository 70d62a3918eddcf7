"""The committee cycle through the web: create, plan, invite, minute, act; and who may see it."""

from datetime import date

from icalendar import Calendar
from sqlalchemy import select

from catalog.models import Subscription
from committees.enums import MeetingStatus
from committees.models import Action, Committee, Meeting
from committees.services import plan_meeting, record_minutes
from portal.enums import Role
from portal.outbox import OutboxMessage
from tests.committees.conftest import paris


def test_the_relations_manager_runs_a_committee_from_the_portal(
        db, client, login_as, make_user, make_entity, make_contact):
    entity = make_entity("Direction des Ressources Humaines")
    make_contact(entity, "Nadia", "Benali")
    agent = make_user(Role.AGENT, first_name="Paul")
    login_as(Role.RELATIONS_MANAGER)
    response = client.post("/comites/nouveau", data={
        "name": "Comité opérationnel RH", "level": "operational", "cadence": "monthly",
        "entity_ids": [entity.id], "purpose": "", "default_location": "Salle Hermès",
        "is_active": "y"})
    committee = db.session.scalar(select(Committee))
    assert response.headers["Location"].endswith(f"/comites/{committee.id}")
    contact_choice = f"c:{entity.contacts[0].id}"
    client.post(f"/comites/{committee.id}/membres", data={"person": contact_choice,
                                                          "role": "Présidente"})
    client.post(f"/comites/{committee.id}/membres", data={"person": f"u:{agent.id}"})
    assert [m.name for m in committee.members] == ["Nadia Benali", agent.full_name]

    form = client.get(f"/comites/{committee.id}/reunions/nouvelle")
    assert 'value="Salle Hermès"' in form.text
    response = client.post(f"/comites/{committee.id}/reunions/nouvelle", data={
        "starts_at": "2026-12-10T14:00", "duration_minutes": "60", "location": "Salle Hermès",
        "agenda": "Bilan des demandes"})
    meeting = db.session.scalar(select(Meeting))
    assert meeting.starts_at == paris(2026, 12, 10, 14, 0)
    assert len(meeting.participants) == 2
    client.post(f"/comites/reunions/{meeting.id}/inviter")
    assert db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.to_addr == "nadia.benali@exemple.fr")).invitation.startswith(
        "BEGIN:VCALENDAR")
    ics = client.get(f"/comites/reunions/{meeting.id}/invitation.ics")
    assert ics.mimetype == "text/calendar"
    assert Calendar.from_ical(ics.data).walk("VEVENT")[0]["location"] == "Salle Hermès"

    participant = meeting.participants[0]
    client.post(f"/comites/reunions/{meeting.id}/compte-rendu", data={
        "minutes": "### Bilan\n- 42 demandes\n<script>alert(1)</script>",
        "decisions": "Ouvrir un atelier", f"attendance-{participant.id}": "present",
        "minutes_published": "y"})
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.HELD
    page = client.get(f"/comites/reunions/{meeting.id}")
    assert "<h3>Bilan</h3>" in page.text
    assert "<li>42 demandes</li>" in page.text
    assert "<script>alert(1)" not in page.text

    response = client.post(f"/comites/reunions/{meeting.id}/actions", data={
        "title": "Préparer l'atelier", "owner_id": agent.id, "due_on": "2027-01-15",
        "priority": "high", "entity_id": 0, "service_id": 0, "ticket_number": ""})
    assert response.status_code == 302
    action = db.session.scalar(select(Action))
    assert (action.entity_id, action.meeting_id) == (entity.id, meeting.id)
    plan = client.get(f"/comites/plan-d-action?entite={entity.id}")
    assert "Préparer l&#39;atelier" in plan.text


def test_bad_input_gets_french_errors_next_to_the_field(db, client, login_as, make_committee):
    committee = make_committee()
    login_as(Role.RELATIONS_MANAGER)
    response = client.post(f"/comites/{committee.id}/reunions/nouvelle", data={
        "starts_at": "demain", "duration_minutes": "5", "location": "", "agenda": ""})
    assert response.status_code == 200
    assert "par exemple 15/03/2027 10:00" in response.text
    assert "La durée va de 15 à 600 minutes." in response.text
    response = client.post("/comites/actions/nouvelle", data={
        "title": "Relancer", "owner_id": 0, "priority": "normal", "entity_id": 0,
        "service_id": 0, "ticket_number": "DSI-2099-99999"})
    assert "Choisissez le responsable" in response.text
    assert db.session.scalar(select(Action)) is None
    assert client.get("/comites/plan-d-action?entite=abc&etat=%27;--&retard=1").status_code == 200


def test_requesters_read_only_the_published_minutes_of_their_direction(
        db, client, login_as, make_user, make_entity, make_committee):
    direction = make_entity("Direction Commerciale")
    department = make_entity("Ventes Grands Comptes", parent=direction)
    committee = make_committee(entities=[direction])
    meeting = plan_meeting(committee, {"starts_at": paris(2026, 11, 10, 10, 0),
                                       "duration_minutes": 60, "location": "", "agenda": ""})
    secret = plan_meeting(committee, {"starts_at": paris(2026, 10, 10, 10, 0),
                                      "duration_minutes": 60, "location": "", "agenda": ""})
    record_minutes(meeting, minutes="Compte rendu publié", decisions="", published=True,
                   attendance={}, now=paris(2026, 11, 10, 12, 0))
    record_minutes(secret, minutes="Compte rendu interne", decisions="", published=False,
                   attendance={}, now=paris(2026, 10, 10, 12, 0))
    db.session.commit()
    login_as(make_user(entity=department))
    assert client.get("/comites/").headers["Location"].endswith("/comites/comptes-rendus")
    listing = client.get("/comites/comptes-rendus")
    assert f"/comites/reunions/{meeting.id}" in listing.text
    assert f"/comites/reunions/{secret.id}" not in listing.text
    assert "Compte rendu publié" in client.get(f"/comites/reunions/{meeting.id}").text
    assert client.get(f"/comites/reunions/{secret.id}").status_code == 403
    assert client.get(f"/comites/{committee.id}").status_code == 403
    assert client.get(f"/comites/reunions/{meeting.id}/invitation.ics").status_code == 403
    assert client.get("/comites/plan-d-action").status_code == 403


def test_product_leads_see_the_committees_of_the_clients_they_serve(
        db, client, login_as, make_user, make_entity, make_committee, make_service):
    served, other = make_entity("Direction Juridique"), make_entity("Direction Immobilière")
    lead = make_user(Role.PRODUCT_LEAD)
    service = make_service(owner=lead)
    db.session.add(Subscription(service_id=service.id, entity_id=served.id,
                                since=date(2024, 1, 1)))
    mine = make_committee("Comité Juridique", entities=[served])
    theirs = make_committee("Comité Immobilier", entities=[other])
    login_as(lead)
    listing = client.get("/comites/")
    assert "Comité Juridique" in listing.text
    assert "Comité Immobilier" not in listing.text
    assert client.get(f"/comites/{mine.id}").status_code == 200
    assert client.get(f"/comites/{theirs.id}").status_code == 403
    assert client.post(f"/comites/{mine.id}/reunions/nouvelle").status_code == 403
    assert client.get("/comites/999999").status_code == 404


def test_the_entity_page_gathers_the_whole_relationship(
        app, db, client, login_as, make_user, make_entity, make_committee, make_service,
        make_ticket):
    from committees.actions import raise_action
    from committees.enums import ActionPriority
    from portal.calendars import OFFICE_HOURS

    entity = make_entity("Direction Marketing")
    manager = make_user(Role.RELATIONS_MANAGER)
    service = make_service()
    db.session.add(Subscription(service_id=service.id, entity_id=entity.id,
                                since=date(2025, 3, 1)))
    make_committee("Comité Marketing", entities=[entity])
    make_ticket(requester=make_user(entity=entity), subject="Écran noir", entity_id=entity.id)
    with app.test_request_context():
        raise_action({"title": "Relancer le sponsor", "description": "", "entity_id": entity.id,
                      "owner_id": manager.id, "due_on": None, "priority": ActionPriority.HIGH,
                      "ticket_id": None, "service_id": None}, manager, paris(2026, 11, 23, 9),
                     OFFICE_HOURS)
    db.session.commit()
    login_as(manager)
    page = client.get(f"/entites/{entity.id}").text
    for shown in ("Services utilisés", service.name, "Demandes", "Écran noir", "Relation client",
                  "Comité Marketing", "Relancer le sponsor"):
        assert shown in page, shown
    client.post("/deconnexion")
    login_as(Role.PRODUCT_LEAD)
    page = client.get(f"/entites/{entity.id}").text
    assert "Services utilisés" in page
    assert "Relation client" not in page, "a lead who does not serve this client"
