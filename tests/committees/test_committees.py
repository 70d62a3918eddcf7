"""Committees and meetings: cadence, invitations (.ics), minutes, reminders with a fixed clock."""

from datetime import date
from email import message_from_bytes
from email.policy import default

from icalendar import Calendar
from sqlalchemy import select

from committees.enums import Attendance, Cadence, MeetingStatus
from committees.jobs import remind_meetings
from committees.services import (
    add_months,
    cancel_meeting,
    plan_meeting,
    propose_next_start,
    record_minutes,
    send_invitations,
    update_meeting,
)
from portal.calendars import OFFICE_HOURS
from portal.enums import Role
from portal.outbox import OutboxMessage, build_email
from tests.committees.conftest import paris


def meeting_values(starts_at, **values) -> dict:
    return {"starts_at": starts_at, "duration_minutes": 90, "location": "Salle 12",
            "agenda": "1. Bilan du trimestre\n2. Projets 2027"} | values


def committee_mail(db) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.category == "committee").order_by(OutboxMessage.id)))


def test_months_are_added_within_shorter_months():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 12) == date(2027, 12, 15)


def test_the_next_sitting_follows_the_cadence_on_an_open_day(db, make_committee):
    committee = make_committee(cadence=Cadence.QUARTERLY)
    first = propose_next_start(committee, OFFICE_HOURS, paris(2026, 11, 23, 9, 0))
    assert first == paris(2026, 12, 7, 10, 0), "never met: two weeks ahead at 10:00"
    # Held on Tuesday 30 September at 14:00; three months later is 30 December, a Wednesday.
    plan_meeting(committee, meeting_values(paris(2026, 9, 30, 14, 0)))
    db.session.refresh(committee)
    assert propose_next_start(committee, OFFICE_HOURS, paris(2026, 11, 23)) == paris(
        2026, 12, 30, 14, 0)
    # A sitting on 1 October 2026 would fall on New Year's Day 2027: moved to Monday 4th.
    plan_meeting(committee, meeting_values(paris(2026, 10, 1, 14, 0)))
    db.session.refresh(committee)
    assert propose_next_start(committee, OFFICE_HOURS, paris(2026, 11, 23)) == paris(
        2027, 1, 4, 14, 0)


def test_an_on_demand_committee_proposes_nothing(db, make_committee):
    committee = make_committee(cadence=Cadence.ON_DEMAND)
    assert propose_next_start(committee, OFFICE_HOURS, paris(2026, 11, 23)) is None


def test_members_are_invited_with_a_valid_ics_and_updates_bump_its_sequence(
        app, db, make_committee, make_user, make_contact, make_entity):
    entity = make_entity("Direction des Achats")
    lead = make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr", first_name="Hélène")
    sponsor = make_contact(entity, "Marc", "Dubois")
    committee = make_committee(entities=[entity], members=[lead, sponsor])
    meeting = plan_meeting(committee, meeting_values(paris(2026, 12, 3, 10, 0)))
    with app.test_request_context():
        assert send_invitations(meeting, paris(2026, 11, 23, 9, 0)) == 2
    db.session.commit()
    mails = committee_mail(db)
    assert {m.to_addr for m in mails} == {"rrc@exemple.fr", "marc.dubois@exemple.fr"}
    email = message_from_bytes(bytes(build_email(mails[0], "dsi@exemple.fr", "loop")),
                               policy=default)
    part = next(p for p in email.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert event["summary"] == committee.name
    assert event.decoded("dtstart") == paris(2026, 12, 3, 10, 0)
    assert event.decoded("dtend") == paris(2026, 12, 3, 11, 30)
    assert event["location"] == "Salle 12"
    assert int(event["sequence"]) == 0
    assert sorted(str(a) for a in event["attendee"]) == [
        "mailto:marc.dubois@exemple.fr", "mailto:rrc@exemple.fr"]
    assert any(p.get_filename() == "invitation.ics" for p in email.iter_attachments())

    assert update_meeting(meeting, meeting_values(paris(2026, 12, 4, 10, 0)))
    assert meeting.sequence == 1
    assert not update_meeting(meeting, meeting_values(paris(2026, 12, 4, 10, 0),
                                                      agenda="Autre ordre du jour"))
    with app.test_request_context():
        cancel_meeting(meeting, paris(2026, 11, 24, 9, 0))
    db.session.commit()
    cancellation = committee_mail(db)[-1]
    ics = Calendar.from_ical(cancellation.invitation)
    assert ics["method"] == "CANCEL"
    assert ics.walk("VEVENT")[0]["status"] == "CANCELLED"
    assert int(ics.walk("VEVENT")[0]["sequence"]) == 2
    assert ics.walk("VEVENT")[0]["uid"] == Calendar.from_ical(mails[0].invitation).walk(
        "VEVENT")[0]["uid"], "the same event, so calendars update it"


def test_minutes_hold_the_meeting_and_record_attendance(db, make_committee, make_user):
    agent = make_user(Role.AGENT)
    committee = make_committee(members=[agent])
    meeting = plan_meeting(committee, meeting_values(paris(2026, 11, 20, 10, 0)))
    participant = meeting.participants[0]
    record_minutes(meeting, minutes="## Bilan\n- SLA tenus", decisions="Renouveler le contrat",
                   published=True, attendance={participant.id: Attendance.EXCUSED},
                   now=paris(2026, 11, 20, 16, 0))
    assert meeting.status is MeetingStatus.HELD
    assert meeting.minutes_at == paris(2026, 11, 20, 16, 0)
    assert participant.attendance is Attendance.EXCUSED


def test_participants_are_reminded_two_days_before_and_managers_of_missing_minutes(
        app, db, make_committee, make_user, make_contact, make_entity):
    entity = make_entity()
    make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr")
    committee = make_committee(entities=[entity], members=[make_contact(entity)])
    coming = plan_meeting(committee, meeting_values(paris(2026, 11, 26, 10, 0)))
    past = plan_meeting(committee, meeting_values(paris(2026, 11, 16, 10, 0)))
    db.session.commit()
    with app.test_request_context():
        assert remind_meetings(paris(2026, 11, 22, 11, 0), OFFICE_HOURS) == 0, "Sunday: quiet"
        assert remind_meetings(paris(2026, 11, 23, 11, 0), OFFICE_HOURS) == 1, "minutes only"
        assert remind_meetings(paris(2026, 11, 24, 11, 0), OFFICE_HOURS) == 1, "2 days before"
        assert remind_meetings(paris(2026, 11, 24, 11, 30), OFFICE_HOURS) == 0, "runs twice"
    subjects = [(m.to_addr, m.subject) for m in committee_mail(db)]
    assert subjects == [("rrc@exemple.fr", f"Compte rendu attendu : {committee.name}"),
                        ("sophie.lemaire@exemple.fr", f"Rappel : {committee.name}")]
    assert coming.reminded_at == paris(2026, 11, 24, 11, 0)
    record_minutes(past, minutes="Fait.", decisions="", published=False, attendance={},
                   now=paris(2026, 11, 25, 9, 0))
    with app.test_request_context():
        assert remind_meetings(paris(2026, 12, 2, 11, 0), OFFICE_HOURS) == 1
    assert past.minutes_reminded_at == paris(2026, 11, 23, 11, 0), "minutes written: not asked"
    assert coming.minutes_reminded_at == paris(2026, 12, 2, 11, 0), "now past, without minutes"
