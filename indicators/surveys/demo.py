"""Demo surveys: two years of answers after requests with their follow-ups, two past annual
campaigns, one on the catalogue and the current one; seeded once and mailing no one."""

from __future__ import annotations

import itertools
import random
import secrets
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from catalog.models import Service
from committees.actions import (
    DUE_SOON_BUSINESS_DAYS,
    OVERDUE_REPEAT_DAYS,
    business_days_before,
    opening_of,
    schedule_reminder,
    set_action_status,
)
from committees.enums import ActionStatus
from committees.models import Action
from indicators.surveys import demo_data as data
from indicators.surveys.answers import open_follow_up
from indicators.surveys.engine import add_default_questions, launch_campaign
from indicators.surveys.enums import InvitationStatus, QuestionKind, SurveyKind, SurveyStatus
from indicators.surveys.models import Answer, Invitation, Response, Survey
from indicators.surveys.tokens import invitation_key
from portal.calendars import default_business_calendar
from portal.demo import SeedCounts, Seeder
from portal.extensions import db
from portal.models import Entity, User
from tickets.mailbox.rules import is_no_reply_address
from tickets.models import Ticket

MANAGER = "nathalie.moreau@exemple.fr"
HISTORY_MONTHS = data.HISTORY_YEARS * 12 + 1  # the opening month to the current one
FOLLOW_UPS = "Suites des avis mécontents"


def demo_total() -> int:
    """Return how many items seed_demo handles (and yields)."""
    return len(data.CAMPAIGNS) + 1 + HISTORY_MONTHS + 1


class Demo:
    """What the surveys' demo needs of the rest of the demo, looked up once per run."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.calendar = default_business_calendar()
        self.today = now.astimezone(self.calendar.tz).date()
        self.manager = db.session.scalar(select(User).where(User.email == MANAGER))
        self.entities = {e.id: e for e in db.session.scalars(select(Entity).order_by(Entity.id))}
        self.services = {s.code: s for s in db.session.scalars(select(Service))}
        self.directions = {e.code: e for e in self.entities.values()
                           if e.parent_id is None and e.code != "DSI"}
        self.people = [u for u in db.session.scalars(select(User).where(User.active.is_(True))
                                                     .order_by(User.id))
                       if u.entity_id and self.direction(u.entity_id).code != "DSI"]

    def direction(self, entity_id: int) -> Entity:
        """The top-level entity an entity belongs to."""
        entity = self.entities[entity_id]
        while entity.parent_id is not None:
            entity = self.entities[entity.parent_id]
        return entity

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """The UTC instant of a local time on a day."""
        return datetime.combine(day, time(hour, minute), self.calendar.tz).astimezone(UTC)

    def is_open_day(self, day: date) -> bool:
        return bool(self.calendar.week[day.weekday()]) and not self.calendar.is_closed_day(day)


def _response(survey: Survey, invitation: Invitation, entity: Entity | None,
              answers: list[Answer], low: bool, **values) -> Response:
    """A response as submit_response stores it, at the invitation's answering time."""
    return Response(
        survey_id=survey.id, invitation_key=invitation_key(invitation),
        submitted_at=invitation.answered_at,
        user_id=None if survey.anonymous else invitation.user_id, entity_id=invitation.entity_id,
        segment=entity.segment if entity else None,
        client_type=entity.client_type if entity else None, dissatisfied=low, answers=answers,
        **values)


# Campaigns --------------------------------------------------------------------------------------

def _campaign_opening(spec: data.CampaignSpec, year: int, demo: Demo) -> datetime:
    """The second Monday of the campaign's month at nine; the current one opened a week ago."""
    if spec.current:
        day = demo.today - timedelta(days=7)
        while not demo.is_open_day(day):
            day += timedelta(days=1)
        return demo.at(day, 9)
    day = date(year, spec.month, 8)
    return demo.at(day + timedelta(days=-day.weekday() % 7), 9)


def _campaign_answers(survey: Survey, spec: data.CampaignSpec, entity: Entity,
                      texts: list[str], rng: random.Random) -> tuple[list[Answer], bool]:
    """An answer to every question; scores around the edition's means, shifted by segment."""
    shift, answers, low = data.SEGMENT_SHIFT.get(entity.segment, 0.0), [], False
    for question in survey.questions:
        if question.kind is QuestionKind.RATING:
            score = data.score(rng, spec.means[question.code] + shift, 1, 5)
            low |= score <= survey.low_score
            answers.append(Answer(question_id=question.id, score=score))
        elif question.kind is QuestionKind.NPS:
            score = data.score(rng, spec.means[question.code] + 2 * shift, 0, 10)
            answers.append(Answer(question_id=question.id, score=score))
        elif question.kind is QuestionKind.TEXT:
            if texts and rng.random() < 0.3:
                answers.append(Answer(question_id=question.id, text=texts.pop()))
        elif question.required or rng.random() < 0.75:
            count = 1 if question.kind is QuestionKind.SINGLE else rng.choice((1, 1, 2, 2, 3))
            choices = data.pick(question.choices, spec.choices[question.code], count, rng)
            answers.append(Answer(question_id=question.id, choices=choices))
    return answers, low


def _seed_campaign(spec: data.CampaignSpec, demo: Demo) -> tuple[str, str]:
    """A campaign to the requesters of its directions, its invitations played up to now."""
    edition = str(demo.today.year - spec.years_ago)
    title = f"{spec.title} {edition}"
    label = f"Campagne {title}"
    if db.session.scalar(select(Survey.id).where(Survey.kind == spec.kind,
                                                 Survey.edition == edition)):
        return "unchanged", label
    opens = _campaign_opening(spec, int(edition), demo)
    closes = opens + timedelta(days=data.CAMPAIGN_DAYS)
    survey = Survey(kind=spec.kind, title=title, edition=edition, intro=spec.intro,
                    anonymous=spec.anonymous, opens_at=opens, closes_at=closes,
                    reminder_days=data.CAMPAIGN_REMINDER_DAYS, lifetime_days=data.CAMPAIGN_DAYS,
                    created_at=opens - timedelta(days=12), created_by_id=demo.manager.id)
    add_default_questions(survey)
    survey.entities = [demo.directions[code] for code in spec.entities or demo.directions]
    db.session.add(survey)
    db.session.flush()
    launch_campaign(survey, opens)
    rng = random.Random(f"{data.SEED}-{title}")
    texts = rng.sample(spec.texts, len(spec.texts))
    remind = demo.calendar.next_opening(opens + timedelta(days=data.CAMPAIGN_REMINDER_DAYS))
    invitations = db.session.scalars(select(Invitation).where(
        Invitation.survey_id == survey.id).order_by(Invitation.id)).all()
    answering = set(rng.sample(invitations, round(spec.rate * len(invitations))))
    responses = []
    for invitation in invitations:
        invitation.created_at, invitation.sent_at, invitation.expires_at = opens, opens, closes
        answered = data.campaign_answer_time(spec, opens, remind, closes, demo.now, rng) if (
            invitation in answering) else None
        if not spec.current and (answered is None or answered > remind):
            invitation.reminded_at = remind
        invitation.status, invitation.due_at = (
            (InvitationStatus.ANSWERED, None) if answered else
            (InvitationStatus.SENT, remind) if spec.current else (InvitationStatus.EXPIRED, None))
        if answered:
            invitation.answered_at = answered
            entity = demo.entities[invitation.entity_id]
            answers, low = _campaign_answers(survey, spec, entity, texts, rng)
            responses.append(_response(survey, invitation, entity, answers, low))
    survey.status = SurveyStatus.OPEN if spec.current else SurveyStatus.CLOSED
    db.session.add_all(responses)
    db.session.flush()
    return "created", label


# After each request ---------------------------------------------------------------------------

class History:
    """Two years of post-request invitations, played in order under the survey's rules."""

    def __init__(self, survey: Survey, demo: Demo) -> None:
        self.survey, self.demo = survey, demo
        self.rng = random.Random(f"{data.SEED}-post-request")
        self.questions = {q.code: q for q in survey.questions}
        self.sent: dict[str, list[datetime]] = defaultdict(list)
        for email, sent_at in db.session.execute(select(Invitation.email, Invitation.sent_at)
                                                 .where(Invitation.sent_at.is_not(None))):
            self.sent[email.lower()].append(sent_at)
        self.comments = {kind: itertools.cycle(self.rng.sample(texts, len(texts)))
                         for kind, texts in data.COMMENTS.items()}
        self.common = [c for c in data.COMMON_SERVICES if c in demo.services]
        self.risk = self.rng.random()  # unhappy answers fall where the risk adds up to one more

    def events(self) -> list[tuple[datetime, Ticket | None]]:
        """The requests resolved since the survey opened: the demo's own and the others."""
        opens, rng = self.survey.opens_at, self.rng
        tickets = list(db.session.scalars(select(Ticket).where(
            Ticket.resolved_at >= opens).order_by(Ticket.resolved_at, Ticket.id)))
        first = tickets[0].resolved_at if tickets else self.demo.now
        events: list[tuple[datetime, Ticket | None]] = [(t.resolved_at, t) for t in tickets]
        day = opens.astimezone(self.demo.calendar.tz).date()
        while day <= self.demo.today:
            if self.demo.is_open_day(day):
                daily = data.DAILY_REQUESTS[self.demo.at(day, 9) >= first]
                events += [(self.demo.at(day, rng.randint(8, 16), rng.randint(0, 59)), None)
                           for _number in range(rng.choice(daily))]
            day += timedelta(days=1)
        return sorted(events, key=lambda event: event[0])

    def progress(self, at: datetime) -> float:
        opens = self.survey.opens_at
        return min(1.0, max(0.0, (at - opens) / (self.demo.now - opens)))

    def is_cooling_down(self, email: str, at: datetime) -> bool:
        since = at - timedelta(days=self.survey.cooldown_days)
        return any(since <= sent <= at for sent in self.sent[email])

    def person(self, at: datetime) -> User | None:
        """A requester nobody asked lately, if one comes up in a few draws."""
        direction = data.dip_direction((self.demo.now - at).days, self.rng)
        people = [u for u in self.demo.people if self.demo.direction(u.entity_id).code
                  == direction] if direction else self.demo.people
        for _draw in range(8):
            user = self.rng.choice(people)
            if not self.is_cooling_down(user.email.lower(), at):
                return user
        return None

    def service(self, user: User) -> Service:
        own = data.ENTITY_SERVICES.get(self.demo.direction(user.entity_id).code, ())
        own = [code for code in own if code in self.demo.services]
        if own and self.rng.random() < 0.5:
            return self.demo.services[self.rng.choice(own)]
        weights = [data.COMMON_SERVICES[code] for code in self.common]
        return self.demo.services[self.rng.choices(self.common, weights=weights)[0]]

    def invite(self, resolved: datetime, ticket: Ticket | None) -> tuple | None:
        """The invitation plan_post_request and run_invitations would have made for a request."""
        planned = resolved + timedelta(hours=self.survey.delay_hours)
        if planned > self.demo.now:
            return None
        if ticket is not None:
            email = (ticket.requester_email or "").strip().lower()
            wanted = bool(email) and not is_no_reply_address(email) and not (
                self.is_cooling_down(email, planned))
            values = {"ticket_id": ticket.id, "user_id": ticket.requester_id,
                      "entity_id": ticket.entity_id}
            service = ticket.service
        else:
            user = self.person(planned)
            if user is None:
                return None
            email, wanted = user.email.lower(), True
            values = {"user_id": user.id, "entity_id": user.entity_id}
            service = self.service(user)
        invitation = Invitation(survey_id=self.survey.id, email=email or "-", created_at=planned,
                                nonce=secrets.token_hex(16), status=InvitationStatus.SKIPPED,
                                **values)
        if wanted:
            self.play(invitation, planned)
            self.sent[email].append(invitation.sent_at or planned)
        return invitation, service, ticket

    def play(self, invitation: Invitation, planned: datetime) -> None:
        """Send in business hours, remind once, expire; answered by about two in five."""
        survey, calendar, now, rng = self.survey, self.demo.calendar, self.demo.now, self.rng
        sent = calendar.next_opening(planned)
        if sent > now:
            invitation.status, invitation.due_at = InvitationStatus.PLANNED, sent
            return
        expires = sent + timedelta(days=survey.lifetime_days)
        remind = calendar.next_opening(sent + timedelta(days=survey.reminder_days))
        low, high = data.ANSWER_RATE
        answered = None
        if rng.random() < low + (high - low) * self.progress(sent):
            answered = data.request_answer_time(sent, remind, expires, rng)
            answered = answered if answered <= now else None
        reminded = remind if remind < expires and remind <= now and (
            answered is None or answered > remind) else None
        invitation.sent_at, invitation.expires_at = sent, expires
        invitation.reminded_at, invitation.answered_at = reminded, answered
        if answered:
            invitation.status, invitation.due_at = InvitationStatus.ANSWERED, None
        elif expires <= now:
            invitation.status, invitation.due_at = InvitationStatus.EXPIRED, None
        else:
            invitation.status = InvitationStatus.SENT
            invitation.due_at = expires if reminded else remind

    def respond(self, invitation: Invitation, service: Service | None,
                ticket: Ticket | None) -> Response:
        entity = self.demo.entities.get(invitation.entity_id)
        progress = self.progress(invitation.answered_at)
        risk = data.request_risk(progress, service.code if service else "",
                                 entity.segment if entity else None,
                                 self.demo.direction(entity.id).code if entity else "",
                                 (self.demo.now - invitation.answered_at).days)
        self.risk += risk
        unhappy = self.risk >= 1
        self.risk -= unhappy
        satisfaction, delay, kind = data.request_scores(unhappy, progress, self.rng)
        comment = next(self.comments[kind]) if kind else ""
        answers = [Answer(question_id=self.questions["satisfaction"].id, score=satisfaction),
                   Answer(question_id=self.questions["delai"].id, score=delay)]
        if comment:
            answers.append(Answer(question_id=self.questions["commentaire"].id, text=comment))
        return _response(self.survey, invitation, entity, answers,
                         min(satisfaction, delay) <= self.survey.low_score,
                         ticket_id=ticket.id if ticket else None,
                         service_id=service.id if service else None,
                         family_id=service.family_id if service else None)

    def months(self) -> Iterator[str]:
        """Invite and answer month by month, yielding one label per month."""
        by_month = defaultdict(list)
        for resolved, ticket in self.events():
            planned = resolved + timedelta(hours=self.survey.delay_hours)
            by_month[planned.year, planned.month].append((resolved, ticket))
        for (year, month), label in data.months(self.survey.opens_at, HISTORY_MONTHS):
            invited = [row for row in itertools.starmap(self.invite, by_month[year, month]) if row]
            db.session.add_all(invitation for invitation, _service, _ticket in invited)
            db.session.flush()
            db.session.add_all(self.respond(*row) for row in invited if row[0].answered_at)
            db.session.flush()
            yield label


def _settle_reminders(action: Action, demo: Demo) -> None:
    """Count the reminders the past would have sent, so none falls due the moment it loads."""
    cal, now = demo.calendar, demo.now
    soon = opening_of(business_days_before(action.due_on, DUE_SOON_BUSINESS_DAYS, cal), cal)
    overdue = opening_of(action.due_on + timedelta(days=1), cal)
    action.reminders_sent = (soon <= now) + (overdue <= now) * (
        1 + (now - overdue).days // OVERDUE_REPEAT_DAYS)
    schedule_reminder(action, cal, now)


def _follow_up(survey: Survey, demo: Demo) -> None:
    """A callback for every unhappy answer: done with an outcome, but for the latest few."""
    rng, cal = random.Random(f"{data.SEED}-follow-ups"), demo.calendar
    unhappy = db.session.scalars(select(Response).where(
        Response.survey_id == survey.id, Response.dissatisfied.is_(True))
        .order_by(Response.submitted_at, Response.id)).all()
    latest = len(unhappy) - data.OPEN_FOLLOW_UPS
    for number, response in enumerate(unhappy):
        action = open_follow_up(response, response.submitted_at)
        if action is None:
            continue
        started = min(response.submitted_at + timedelta(hours=rng.randint(2, 30)),
                      demo.now - timedelta(hours=2))
        if number < len(unhappy) - 1:
            set_action_status(action, ActionStatus.IN_PROGRESS, "", started, cal)
        if number < latest:
            closing = min(started + timedelta(days=rng.randint(1, 9), hours=rng.randint(1, 6)),
                          demo.now - timedelta(hours=1))
            set_action_status(action, ActionStatus.DONE, rng.choice(data.OUTCOMES), closing, cal)
        else:
            _settle_reminders(action, demo)


def _seed_post_request(demo: Demo) -> Iterator[tuple[str, str]]:
    labels = ["Enquête après chaque demande"]
    survey = db.session.scalar(select(Survey).where(
        Survey.kind == SurveyKind.POST_REQUEST, Survey.title == data.POST_REQUEST["title"]))
    if survey is not None:
        labels += [label for _month, label in data.months(survey.opens_at, HISTORY_MONTHS)]
        for label in [*labels, FOLLOW_UPS]:
            yield "unchanged", label
        return
    today = demo.today
    opens = demo.at(today.replace(year=today.year - data.HISTORY_YEARS,
                                  day=min(today.day, 28) if today.month == 2 else today.day), 9)
    survey = Survey(kind=SurveyKind.POST_REQUEST, status=SurveyStatus.OPEN, opens_at=opens,
                    delay_hours=24, sampling_percent=100, cooldown_days=30, reminder_days=5,
                    lifetime_days=15, low_score=2, created_at=opens - timedelta(days=3),
                    created_by_id=demo.manager.id, **data.POST_REQUEST)
    add_default_questions(survey)
    db.session.add(survey)
    db.session.flush()
    yield "created", labels[0]
    for label in History(survey, demo).months():
        yield "created", label
    _follow_up(survey, demo)
    yield "created", FOLLOW_UPS


def seed_demo(now: datetime, counts: SeedCounts) -> Iterator[str]:
    """Create what is missing of the surveys' demo, yielding one label per item."""
    demo = Demo(now)
    items = itertools.chain((_seed_campaign(spec, demo) for spec in data.CAMPAIGNS),
                            _seed_post_request(demo))
    for state, label in items:
        setattr(counts, state, getattr(counts, state) + 1)
        yield label
    db.session.flush()


SEEDER = Seeder(demo_total, seed_demo)
