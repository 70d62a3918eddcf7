"""The survey rules with a fixed clock: delay, sampling, cooldown, one reminder, lifetime."""

from sqlalchemy import func, select

from indicators.surveys.answers import link_state
from indicators.surveys.engine import (
    close_due_campaigns,
    is_sampled,
    launch_campaign,
    plan_post_request,
    run_invitations,
)
from indicators.surveys.enums import InvitationStatus, SurveyKind, SurveyStatus
from indicators.surveys.models import Invitation
from portal.calendars import OFFICE_HOURS
from portal.outbox import OutboxMessage
from tests.committees.conftest import paris
from tickets.enums import Status


def resolve(db, ticket, at) -> None:
    ticket.status, ticket.resolved_at = Status.RESOLVED, at
    db.session.commit()


def survey_mail(db) -> list[tuple[str, str]]:
    return [(m.to_addr, m.subject) for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.category == "survey").order_by(OutboxMessage.id))]


def test_a_resolved_request_is_surveyed_after_the_delay_reminded_once_then_expires(
        app, db, make_survey, make_ticket, make_user):
    make_survey(delay_hours=24, reminder_days=5, lifetime_days=15)
    requester = make_user(email="claire.martin@exemple.fr")
    ticket = make_ticket(requester=requester, now=paris(2026, 11, 23, 9, 0))
    resolve(db, ticket, paris(2026, 11, 23, 10, 0))
    with app.test_request_context():
        assert plan_post_request(paris(2026, 11, 23, 12, 0)) == 0, "not before the delay"
        assert plan_post_request(paris(2026, 11, 24, 10, 30)) == 1
        assert plan_post_request(paris(2026, 11, 24, 10, 40)) == 0, "runs twice"
        assert run_invitations(paris(2026, 11, 24, 10, 45), OFFICE_HOURS) == 1
        invitation = db.session.scalar(select(Invitation))
        assert invitation.status is InvitationStatus.SENT
        assert invitation.expires_at == paris(2026, 12, 9, 10, 45)
        subject = f"[{ticket.number}] Votre avis sur le traitement de votre demande"
        assert survey_mail(db) == [("claire.martin@exemple.fr", subject)]
        assert run_invitations(paris(2026, 11, 28, 11, 0), OFFICE_HOURS) == 0
        # Due Saturday 29 at 10:45: the reminder waits for Monday's opening.
        assert run_invitations(paris(2026, 11, 29, 10, 45), OFFICE_HOURS) == 0
        assert invitation.due_at == paris(2026, 11, 30, 8, 30)
        assert run_invitations(paris(2026, 11, 30, 8, 30), OFFICE_HOURS) == 1
        assert survey_mail(db)[-1][1].startswith("Rappel : ")
        assert run_invitations(paris(2026, 12, 4, 9, 0), OFFICE_HOURS) == 0, "one reminder"
        assert link_state(invitation, paris(2026, 12, 4, 9, 0)) == "open"
        assert run_invitations(paris(2026, 12, 9, 10, 45), OFFICE_HOURS) == 0
    assert invitation.status is InvitationStatus.EXPIRED
    assert link_state(invitation, paris(2026, 12, 9, 10, 46)) == "expired"
    assert len(survey_mail(db)) == 2


def test_no_one_is_asked_twice_within_the_cooldown_nor_a_no_reply_address(
        app, db, make_survey, make_ticket, make_user):
    make_survey(delay_hours=1, cooldown_days=30)
    claire = make_user(email="claire.martin@exemple.fr")
    robot = make_user(email="ne-pas-repondre@exemple.fr")
    first = make_ticket(requester=claire, now=paris(2026, 11, 2, 9, 0))
    second = make_ticket(requester=claire, now=paris(2026, 11, 9, 9, 0))
    third = make_ticket(requester=robot, now=paris(2026, 11, 9, 9, 0))
    resolve(db, first, paris(2026, 11, 2, 10, 0))
    with app.test_request_context():
        assert plan_post_request(paris(2026, 11, 2, 14, 0)) == 1
        run_invitations(paris(2026, 11, 2, 14, 0), OFFICE_HOURS)
        resolve(db, second, paris(2026, 11, 9, 10, 0))
        resolve(db, third, paris(2026, 11, 9, 10, 0))
        assert plan_post_request(paris(2026, 11, 9, 14, 0)) == 0
    statuses = dict(db.session.execute(select(Invitation.ticket_id, Invitation.status)).all())
    assert statuses == {first.id: InvitationStatus.SENT, second.id: InvitationStatus.SKIPPED,
                        third.id: InvitationStatus.SKIPPED}


def test_sampling_is_a_stable_draw_from_the_request_number(app, db, make_survey, make_ticket):
    numbers = [f"DSI-2026-{n:05d}" for n in range(1, 2001)]
    share = sum(is_sampled(number, 25) for number in numbers) / len(numbers)
    assert 0.22 < share < 0.28
    assert [is_sampled(n, 25) for n in numbers[:50]] == [is_sampled(n, 25) for n in numbers[:50]]
    assert not any(is_sampled(n, 0) for n in numbers)
    assert all(is_sampled(n, 100) for n in numbers)
    make_survey(delay_hours=1, sampling_percent=0)
    resolve(db, make_ticket(now=paris(2026, 11, 2, 9, 0)), paris(2026, 11, 2, 10, 0))
    with app.test_request_context():
        assert plan_post_request(paris(2026, 11, 3, 10, 0)) == 0
    assert db.session.scalar(select(func.count(Invitation.id)).where(
        Invitation.status == InvitationStatus.SKIPPED)) == 1


def test_a_campaign_is_sent_at_its_date_reminded_and_closed_at_its_end(
        app, db, make_survey, make_user, make_entity):
    entity = make_entity("Direction Logistique")
    for number in range(2):
        make_user(entity=entity, email=f"logisticien{number}@exemple.fr")
    survey = make_survey(SurveyKind.CATALOGUE, title="Enquête catalogue 2026",
                         status=SurveyStatus.DRAFT, opens_at=paris(2026, 11, 24, 9, 0),
                         closes_at=paris(2026, 12, 11, 18, 0), reminder_days=7,
                         lifetime_days=30)
    survey.entities = [entity]
    db.session.commit()
    with app.test_request_context():
        assert launch_campaign(survey, paris(2026, 11, 23, 15, 0)) == 2
        assert survey.status is SurveyStatus.SCHEDULED
        assert run_invitations(paris(2026, 11, 23, 16, 0), OFFICE_HOURS) == 0, "not yet"
        assert run_invitations(paris(2026, 11, 24, 9, 0), OFFICE_HOURS) == 2
        assert survey.status is SurveyStatus.OPEN
        invitation = db.session.scalar(select(Invitation))
        assert invitation.expires_at == paris(2026, 12, 11, 18, 0), "the campaign's end"
        assert run_invitations(paris(2026, 12, 1, 9, 0), OFFICE_HOURS) == 2, "reminders"
        assert close_due_campaigns(paris(2026, 12, 11, 17, 59)) == 0
        assert close_due_campaigns(paris(2026, 12, 11, 18, 0)) == 1
    assert survey.status is SurveyStatus.CLOSED
    assert {i.status for i in db.session.scalars(select(Invitation))} == {
        InvitationStatus.EXPIRED}
    assert [s for _, s in survey_mail(db)].count("Votre avis compte : Enquête catalogue 2026") == 2


def test_a_request_resolved_long_ago_is_not_surveyed_late(app, db, make_survey, make_ticket):
    make_survey(delay_hours=24)
    resolve(db, make_ticket(now=paris(2026, 11, 2, 9, 0)), paris(2026, 11, 2, 10, 0))
    with app.test_request_context():
        assert plan_post_request(paris(2026, 11, 11, 10, 0)) == 0, "a worker down for 9 days"
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
