"""Action plans: reminders on business days with a fixed clock, and who sees and updates what."""

from datetime import date

from sqlalchemy import select

from catalog.models import Subscription
from committees.actions import raise_action, set_action_status
from committees.enums import ActionPriority, ActionStatus
from committees.jobs import remind_actions
from committees.models import Action
from committees.permissions import visible_actions
from portal.calendars import OFFICE_HOURS
from portal.enums import Role
from portal.outbox import OutboxMessage
from tests.committees.conftest import paris


def action_values(owner, due_on=None, **values) -> dict:
    return {"title": "Présenter l'offre mobilité au CODIR", "description": "", "entity_id": None,
            "owner_id": owner.id, "due_on": due_on, "priority": ActionPriority.NORMAL,
            "ticket_id": None, "service_id": None} | values


def reminders(db) -> list[str]:
    return [m.subject for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.category == "committee").order_by(OutboxMessage.id))]


def test_the_owner_is_told_then_reminded_before_and_after_the_due_date(app, db, make_user):
    manager = make_user(Role.RELATIONS_MANAGER)
    owner = make_user(Role.PRODUCT_LEAD, email="cdp@exemple.fr")
    with app.test_request_context():
        # Due Thursday 3 December: reminded Tuesday 1st at opening, then Friday 4th.
        action = raise_action(action_values(owner, date(2026, 12, 3)), manager,
                              paris(2026, 11, 23, 10, 0), OFFICE_HOURS)
        db.session.commit()
        assert reminders(db) == ["Action confiée : Présenter l'offre mobilité au CODIR"]
        assert action.next_reminder_at == paris(2026, 12, 1, 8, 30)
        assert remind_actions(paris(2026, 11, 30, 9, 0), OFFICE_HOURS) == 0
        assert remind_actions(paris(2026, 12, 1, 8, 31), OFFICE_HOURS) == 1
        assert reminders(db)[-1].startswith("Action à échéance proche")
        assert action.next_reminder_at == paris(2026, 12, 4, 8, 30)
        assert remind_actions(paris(2026, 12, 1, 8, 32), OFFICE_HOURS) == 0, "runs twice"
        assert remind_actions(paris(2026, 12, 4, 8, 30), OFFICE_HOURS) == 1
        assert reminders(db)[-1].startswith("Action en retard")
        assert action.next_reminder_at == paris(2026, 12, 11, 8, 30), "then weekly"
        set_action_status(action, ActionStatus.DONE, "Présentée le 10/12.",
                          paris(2026, 12, 10, 15, 0), OFFICE_HOURS)
        assert action.next_reminder_at is None
        assert action.closed_at == paris(2026, 12, 10, 15, 0)
        assert remind_actions(paris(2026, 12, 11, 9, 0), OFFICE_HOURS) == 0


def test_reminders_wait_for_business_hours_and_skip_holidays(app, db, make_user):
    owner = make_user(Role.AGENT)
    with app.test_request_context():
        # Due Monday 28 December; two open days before skips the 25th (Christmas): the 23rd.
        action = raise_action(action_values(owner, date(2026, 12, 28)), owner,
                              paris(2026, 12, 1, 10, 0), OFFICE_HOURS)
        assert action.next_reminder_at == paris(2026, 12, 23, 8, 30)
        assert reminders(db) == [], "no mail to oneself"
        action.next_reminder_at = paris(2026, 12, 26, 3, 0)
        assert remind_actions(paris(2026, 12, 26, 3, 0), OFFICE_HOURS) == 0
        assert action.next_reminder_at == paris(2026, 12, 28, 8, 30), "Saturday night: Monday"


def test_an_action_from_a_meeting_takes_its_entity(app, db, make_committee, make_user):
    from committees.services import plan_meeting

    committee = make_committee()
    meeting = plan_meeting(committee, {"starts_at": paris(2026, 11, 20, 10, 0),
                                       "duration_minutes": 60, "location": "", "agenda": ""})
    owner = make_user(Role.AGENT)
    with app.test_request_context():
        action = raise_action(action_values(owner), owner, paris(2026, 11, 20, 12, 0),
                              OFFICE_HOURS, meeting=meeting)
    assert action.entity_id == committee.entities[0].id
    assert action.origin.value == "meeting"
    assert action.next_reminder_at is None, "no due date, no reminder"


def test_each_role_sees_its_own_part_of_the_plan(app, db, make_user, make_entity, make_service):
    served, other = make_entity("Direction Juridique"), make_entity("Direction Logistique")
    manager = make_user(Role.RELATIONS_MANAGER)
    lead = make_user(Role.PRODUCT_LEAD)
    agent = make_user(Role.AGENT)
    requester = make_user(entity=served)
    service = make_service(owner=lead)
    db.session.add(Subscription(service_id=service.id, entity_id=served.id,
                                since=date(2025, 1, 1)))
    with app.test_request_context():
        for owner, entity in ((agent, served), (agent, other), (manager, other)):
            raise_action(action_values(owner, entity_id=entity.id, title=f"{owner.id}-{entity.id}"),
                         manager, paris(2026, 11, 23, 10, 0), OFFICE_HOURS)
    db.session.commit()

    def seen(user):
        return sorted(a.title for a in db.session.scalars(visible_actions(user)))

    assert len(seen(manager)) == 3
    assert seen(lead) == [f"{agent.id}-{served.id}"], "the entity the lead serves"
    assert seen(agent) == sorted([f"{agent.id}-{served.id}", f"{agent.id}-{other.id}"])
    assert seen(requester) == []


def test_only_the_owner_or_a_manager_updates_an_action(app, db, client, login_as, make_user):
    manager = make_user(Role.RELATIONS_MANAGER)
    owner = make_user(Role.AGENT)
    with app.test_request_context():
        action = raise_action(action_values(owner), manager, paris(2026, 11, 23, 10, 0),
                              OFFICE_HOURS)
    db.session.commit()
    url = f"/comites/actions/{action.id}/etat"
    login_as(make_user(Role.AGENT))
    assert client.post(url, data={"status": "done", "outcome": ""}).status_code == 403
    client.post("/deconnexion")
    login_as(owner)
    page = client.get(f"/comites/actions/{action.id}")
    assert "Avancement" in page.text
    response = client.post(url, data={"status": "in_progress", "outcome": "Rendez-vous pris."})
    assert response.status_code == 302
    db.session.refresh(action)
    assert action.status is ActionStatus.IN_PROGRESS
    assert action.outcome == "Rendez-vous pris."
    assert client.post(url, data={"status": "perdu"}).status_code == 302
    assert db.session.get(Action, action.id).status is ActionStatus.IN_PROGRESS
