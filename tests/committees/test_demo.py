"""The committees' demo data: two years of committees and client relations, seeded once."""

from datetime import timedelta

from sqlalchemy import func, select

from committees import jobs
from committees.demo_data import ACTIONS, COMMITTEES, PROJECTS
from committees.enums import ActionStatus, Level, MeetingStatus, ProjectStatus, Side
from committees.models import (
    Action,
    ClientMeeting,
    Committee,
    CommitteeMember,
    Event,
    Meeting,
    MeetingParticipant,
    Project,
)
from portal.calendars import default_business_calendar
from portal.outbox import OutboxMessage
from portal.richtext import render_markdown
from portal.timeutil import utcnow

SEEDED = (Committee, CommitteeMember, Meeting, MeetingParticipant, Action, ClientMeeting, Event,
          Project)


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _committee_mail(db) -> int:
    return _count(db, OutboxMessage, OutboxMessage.category == "committee")


def test_seed_demo_holds_two_years_of_committees_once_and_mails_no_one(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    now = utcnow()
    committees = db.session.scalars(select(Committee)).all()
    assert len(committees) == len(COMMITTEES)
    assert {committee.level for committee in committees} == set(Level)
    assert any(len(committee.entities) == 2 for committee in committees)
    for committee in committees:
        assert 3 <= len(committee.members) <= 6
        assert {member.side for member in committee.members} == {Side.DSI, Side.CLIENT}
        held = [m for m in committee.meetings if m.status is MeetingStatus.HELD]
        assert held
        assert all(m.has_minutes and m.decisions and m.agenda for m in held)
        assert min(m.starts_at for m in committee.meetings) < now - timedelta(days=300)
    assert _count(db, Meeting, Meeting.status == MeetingStatus.HELD) >= 50
    assert _count(db, Meeting, Meeting.status == MeetingStatus.CANCELLED) >= 1
    assert 1 <= _count(db, Meeting, Meeting.minutes_published.is_(True)) <= 12
    upcoming = _count(db, Meeting, Meeting.starts_at > now,
                      Meeting.starts_at < now + timedelta(days=45))
    assert 1 <= upcoming <= 2
    assert _count(db, MeetingParticipant, MeetingParticipant.attendance == "excused") > 0
    assert _committee_mail(db) == 0
    published = db.session.scalars(select(Meeting).where(
        Meeting.minutes_published.is_(True))).first()
    html = render_markdown(published.minutes)
    assert "<h3>" in html
    assert "<ul>" in html
    assert html.count("<p>") >= 3
    seeded = [_count(db, model) for model in SEEDED]

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 créés, 0 mis à jour" in second.output
    assert [_count(db, model) for model in SEEDED] == seeded
    assert _committee_mail(db) == 0


def test_demo_plans_are_in_every_state_and_only_missing_minutes_are_asked_for(app, db):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    now = utcnow()
    today = now.date()
    actions = db.session.scalars(select(Action)).all()
    assert {action.status for action in actions} == set(ActionStatus)
    assert sum(action.is_overdue(today) for action in actions) >= 3
    assert any(action.is_open and today <= action.due_on <= today + timedelta(days=7)
               for action in actions)
    by_hand = [a for a in actions if a.meeting_id is None and a.survey_response_id is None]
    assert len(by_hand) == len(ACTIONS)
    assert sum(action.ticket_id is not None for action in actions) >= 4
    assert sum(action.service_id is not None for action in actions) >= len(actions) // 2
    assert len({action.owner_id for action in actions}) >= 6
    assert len({action.priority for action in actions}) == 3
    assert all(action.outcome and action.closed_at <= now for action in actions
               if not action.is_open)
    assert all(action.created_at <= now for action in actions)
    calendar = default_business_calendar()
    assert jobs.remind_actions(now, calendar) == 0
    assert _committee_mail(db) == 0
    assert jobs.remind_meetings(calendar.next_opening(now), calendar) >= 1
    asked = db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.category == "committee")).all()
    assert asked
    assert all(subject.startswith("Compte rendu attendu") for subject in asked)


def test_demo_client_relations_cover_the_year_and_every_project_status(app, db):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    today = utcnow().date()
    met = db.session.scalars(select(ClientMeeting.met_on).where(
        ClientMeeting.event_id.is_(None))).all()
    assert 70 <= len(met) <= 90
    assert all(day <= today for day in met)
    last_year = {(day.year, day.month) for day in met if day > today - timedelta(days=365)}
    assert len(last_year) >= 10
    events = db.session.scalars(select(Event)).all()
    assert len(events) == 2
    assert all(6 <= len(event.attendances) <= 10 for event in events)
    assert all(meeting.met_on == event.held_on for event in events
               for meeting in event.attendances)

    projects = db.session.scalars(select(Project)).all()
    assert len(projects) == len(PROJECTS)
    assert {project.status for project in projects} == set(ProjectStatus)
    for project in projects:
        signed = project.status in (ProjectStatus.SIGNED, ProjectStatus.DELIVERED)
        closed = project.status in (ProjectStatus.DELIVERED, ProjectStatus.ABANDONED)
        assert (project.signed_on is not None) == signed, project.title
        assert (project.closed_on is not None) == closed, project.title
        dates = [d for d in (project.raised_on, project.signed_on, project.closed_on) if d]
        assert dates == sorted(dates), project.title
        assert dates[-1] <= today, project.title
        assert project.sponsor.entity_id == project.entity_id
        assert project.services
        assert project.owner is not None
