"""The surveys' demo data: two years of answers after requests, the campaigns, seeded once."""

from datetime import timedelta
from statistics import mean

from sqlalchemy import func, select

from committees.enums import ActionOrigin, ActionStatus
from committees.models import Action
from indicators.surveys.engine import plan_post_request, run_invitations
from indicators.surveys.enums import InvitationStatus, QuestionKind, SurveyKind, SurveyStatus
from indicators.surveys.models import Answer, Invitation, Response, Survey
from indicators.surveys.tokens import invitation_key
from portal.calendars import default_business_calendar
from portal.outbox import OutboxMessage
from portal.timeutil import utcnow
from tickets.models import Ticket

SEEDED = (Survey, Invitation, Response, Answer, Action)


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _survey(db, kind: SurveyKind, edition: str = "") -> Survey:
    return db.session.scalar(select(Survey).where(Survey.kind == kind, Survey.edition == edition))


def _responses(db, survey: Survey) -> list[Response]:
    return db.session.scalars(select(Response).where(Response.survey_id == survey.id)).all()


def _invitations(db, survey: Survey) -> list[Invitation]:
    return db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)).all()


def _scores(responses: list[Response], code: str) -> list[int]:
    return [answer.score for response in responses for answer in response.answers
            if answer.question.code == code]


def test_two_years_of_answers_after_requests_are_seeded_once_and_mail_no_one(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    now = utcnow()
    survey = _survey(db, SurveyKind.POST_REQUEST)
    assert survey.status is SurveyStatus.OPEN
    assert (survey.delay_hours, survey.sampling_percent, survey.cooldown_days,
            survey.reminder_days, survey.lifetime_days, survey.low_score) == (24, 100, 30, 5, 15, 2)
    assert [q.code for q in survey.questions] == ["satisfaction", "delai", "commentaire"]
    assert now - timedelta(days=732) < survey.opens_at < now - timedelta(days=728)

    invitations = _invitations(db, survey)
    sent = [i for i in invitations if i.sent_at is not None]
    answered = [i for i in sent if i.status is InvitationStatus.ANSWERED]
    assert 0.34 <= len(answered) / len(sent) <= 0.48
    responses = _responses(db, survey)
    assert len(responses) == len(answered) >= 250
    assert {r.invitation_key for r in responses} == {invitation_key(i) for i in answered}
    assert all(i.answered_at <= now and i.due_at is None for i in answered)
    assert all(i.status is InvitationStatus.EXPIRED for i in sent
               if i.answered_at is None and i.expires_at <= now)
    months = {(r.submitted_at.year, r.submitted_at.month) for r in responses}
    assert len(months) >= 22
    assert len({r.entity_id for r in responses}) >= 15
    assert len({r.service_id for r in responses}) >= 25
    assert all(r.family_id and r.segment is not None and (r.user_id or r.ticket_id)
               for r in responses)
    resolved = _count(db, Ticket, Ticket.resolved_at >= survey.opens_at,
                      Ticket.resolved_at <= now - timedelta(days=1))
    assert _count(db, Invitation, Invitation.ticket_id.is_not(None)) == resolved
    assert 10 <= sum(r.ticket_id is not None for r in responses) <= resolved * 0.6

    satisfaction = _scores(responses, "satisfaction")
    assert sum(score >= 4 for score in satisfaction) / len(satisfaction) >= 0.7
    assert {1, 2, 3} <= set(satisfaction)
    unhappy = [r for r in responses if r.dissatisfied]
    assert 0.05 <= len(unhappy) / len(responses) <= 0.16
    assert all(any(a.text for a in r.answers) for r in unhappy), "a low score has its comment"
    assert any(any(a.text for a in r.answers) for r in responses if not r.dissatisfied)
    year_ago = now - timedelta(days=365)
    recent = [r for r in responses if r.submitted_at >= year_ago]
    older = [r for r in responses if r.submitted_at < year_ago]
    assert mean(_scores(recent, "satisfaction")) > mean(_scores(older, "satisfaction")) + 0.05

    follow_ups = db.session.scalars(select(Action).where(
        Action.survey_response_id.is_not(None))).all()
    assert sorted(a.survey_response_id for a in follow_ups) == sorted(r.id for r in unhappy)
    assert {a.origin for a in follow_ups} == {ActionOrigin.SURVEY}
    assert 2 <= sum(a.is_open for a in follow_ups) <= 3
    assert all(a.status is ActionStatus.DONE and a.outcome and a.closed_at <= now
               for a in follow_ups if not a.is_open)
    assert all(a.next_reminder_at > now for a in follow_ups if a.is_open)

    assert _count(db, OutboxMessage) == 0
    assert plan_post_request(now) == 0, "every request resolved a day ago already has its link"
    assert run_invitations(now, default_business_calendar()) == 0, "nothing falls due at once"
    assert _count(db, OutboxMessage) == 0
    db.session.rollback()
    seeded = [_count(db, model) for model in SEEDED]

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 créés, 0 mis à jour" in second.output
    assert [_count(db, model) for model in SEEDED] == seeded
    assert _count(db, OutboxMessage) == 0


def test_annual_campaigns_show_progress_and_the_current_one_is_answering(app, db):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    now = utcnow()
    editions = [_survey(db, SurveyKind.ANNUAL, str(now.year - back)) for back in (2, 1)]
    for survey in editions:
        assert survey.status is SurveyStatus.CLOSED
        assert survey.anonymous
        assert (survey.opens_at.month, survey.opens_at.year) == (11, int(survey.edition))
        assert survey.closes_at < now
        invitations = _invitations(db, survey)
        assert len(invitations) >= 150
        assert {i.status for i in invitations} == {InvitationStatus.ANSWERED,
                                                   InvitationStatus.EXPIRED}
        responses = _responses(db, survey)
        assert 0.4 <= len(responses) / len(invitations) <= 0.6
        assert all(r.user_id is None and r.entity_id and r.segment is not None
                   and r.client_type is not None for r in responses)
        scored = {q.id for q in survey.questions
                  if q.kind in (QuestionKind.RATING, QuestionKind.NPS)}
        assert all(scored <= {a.question_id for a in r.answers} for r in responses)
        assert any(a.choices for r in responses for a in r.answers)
        assert any(a.text for r in responses for a in r.answers)
    before, after = (_responses(db, survey) for survey in editions)
    for code in ("reactivite", "information", "recommandation"):
        assert mean(_scores(after, code)) > mean(_scores(before, code)) + 0.3, code
    assert mean(_scores(after, "ecoute")) < mean(_scores(before, "ecoute")) - 0.2

    catalogue = _survey(db, SurveyKind.CATALOGUE, str(now.year - 1))
    assert catalogue.status is SurveyStatus.CLOSED
    assert len(_responses(db, catalogue)) >= 30

    current = _survey(db, SurveyKind.ANNUAL, str(now.year))
    assert current.status is SurveyStatus.OPEN
    assert now - timedelta(days=8) < current.opens_at < now - timedelta(days=3) < now
    assert current.closes_at > now
    invitations = _invitations(db, current)
    answered = [i for i in invitations if i.status is InvitationStatus.ANSWERED]
    assert 0.15 <= len(answered) / len(invitations) <= 0.25
    assert len(_responses(db, current)) == len(answered)
    waiting = [i for i in invitations if i.status is not InvitationStatus.ANSWERED]
    assert all(i.status is InvitationStatus.SENT and i.reminded_at is None
               and i.due_at > now for i in waiting)
    assert _count(db, OutboxMessage, OutboxMessage.category == "survey") == 0
