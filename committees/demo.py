"""Demo committees: two years of sittings, minutes and action plans, client meetings, events
and client projects, seeded once and mailing no one."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select

from catalog.models import Service
from committees.actions import (
    DUE_SOON_BUSINESS_DAYS,
    OVERDUE_REPEAT_DAYS,
    business_days_before,
    opening_of,
    raise_action,
    schedule_reminder,
    set_action_status,
)
from committees.demo_data import (
    ACTIONS,
    CANCEL_OUTCOMES,
    CLIENT_MEETINGS,
    CLOSINGS,
    COMMITTEES,
    DONE_OUTCOMES,
    EVENTS,
    HISTORY_MONTHS,
    OPENINGS,
    PROJECTS,
    SEED,
    ActionSpec,
    CommitteeSpec,
    EventSpec,
    ProjectSpec,
    Topic,
    action_fate,
    action_review,
    agenda,
    decisions,
    figures,
    long_date,
    meeting_days,
    pick_topics,
)
from committees.enums import ActionStatus, Attendance, Channel
from committees.models import Action, ClientMeeting, Committee, Event, Meeting, Project
from committees.relations import save_client_meeting, save_event, save_project
from committees.services import (
    add_member,
    add_months,
    add_participant,
    cancel_meeting,
    plan_meeting,
    record_minutes,
    save_committee,
)
from portal.calendars import default_business_calendar
from portal.demo import SeedCounts, Seeder
from portal.enums import Role
from portal.extensions import db
from portal.models import Contact, Entity, User, UserRole
from tickets.models import Ticket

STAFF_ROLES = (Role.AGENT, Role.PRODUCT_LEAD, Role.RELATIONS_MANAGER)
MANAGER = "nathalie.moreau@exemple.fr"
INVITED_BEFORE = timedelta(days=21)
REMINDED_BEFORE = timedelta(days=2)
IN_PROGRESS, DONE, CANCELLED = ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED


class Sitting(NamedTuple):
    day: date
    kind: str  # held, cancelled (summer break), missing (minutes not written yet) or planned


def demo_total() -> int:
    """Return how many items seed_demo handles (and yields)."""
    return (sum(1 + spec.sittings for spec in COMMITTEES) + len(ACTIONS) + len(EVENTS)
            + len(CLIENT_MEETINGS) + len(PROJECTS))


class Demo:
    """What the committees' demo needs of the rest of the demo, looked up once per run."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.calendar = default_business_calendar()
        self.today = now.astimezone(self.calendar.tz).date()
        self.staff = list(db.session.scalars(select(User).join(UserRole).where(
            UserRole.role.in_(STAFF_ROLES)).distinct().order_by(User.email)))
        self.entities = {e.code: e for e in db.session.scalars(select(Entity))}
        self.contacts = {c.full_name: c for c in db.session.scalars(
            select(Contact).order_by(Contact.id.desc()))}
        self.services = {s.code: s for s in db.session.scalars(select(Service))}

    def user(self, selector: str) -> User:
        """A DSI member by e-mail address or by a piece of job title."""
        return next(u for u in self.staff if u.email == selector or selector in u.job_title)

    def person(self, selector: str) -> dict:
        """A contact by full name, else a DSI member, as the keyword of a service call."""
        contact = self.contacts.get(selector)
        return {"contact": contact} if contact else {"user": self.user(selector)}

    def ticket(self, subject: str | None, before: datetime) -> Ticket | None:
        """A demo request by its subject, if it was opened by then."""
        ticket = db.session.scalar(select(Ticket).where(Ticket.subject == subject)
                                   .order_by(Ticket.id).limit(1)) if subject else None
        return ticket if ticket is not None and ticket.created_at <= before else None

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """The UTC instant of a local time on a day."""
        return datetime.combine(day, time(hour, minute), self.calendar.tz).astimezone(UTC)

    def open_day(self, day: date, step: int) -> date:
        """The day itself if open, else the nearest open day before (-1) or after (+1)."""
        while self.calendar.is_closed_day(day) or not self.calendar.week[day.weekday()]:
            day += timedelta(days=step)
        return day

    def contact_ids(self, entity: Entity) -> list[int]:
        """The ids of the entity's contacts (a department may have none of its own)."""
        return sorted(c.id for c in self.contacts.values() if c.entity_id == entity.id)


def _schedule(spec: CommitteeSpec, demo: Demo) -> list[Sitting]:
    """The committee's sittings over two years at its cadence, oldest first."""
    last = demo.today - timedelta(days=spec.last_days_ago)
    sittings = []
    for back in range(HISTORY_MONTHS // spec.months - 1, -1, -1):
        nominal = add_months(last, -back * spec.months)
        if back == 0 and spec.minutes_missing:
            kind = "missing"
        elif spec.months == 1 and nominal.month == 8:
            kind = "cancelled"
        else:
            kind = "held"
        sittings.append(Sitting(demo.open_day(nominal, -1), kind))
    if spec.plan_next:
        sittings.append(Sitting(demo.open_day(add_months(last, spec.months), 1), "planned"))
    return sittings


def _attendance(meeting: Meeting, rng: random.Random) -> dict[int, Attendance]:
    """Mostly present, some excused, a few absent; whoever runs the committee is there."""
    attendance = {}
    for number, participant in enumerate(meeting.participants):
        draw = rng.random()
        attendance[participant.id] = (Attendance.PRESENT if number == 0 or draw < 0.8 else
                                      Attendance.EXCUSED if draw < 0.94 else Attendance.ABSENT)
    return attendance


def _minutes(committee: Committee, meeting: Meeting, attendance: dict[int, Attendance],
             topics: list[Topic], values: dict, plan: dict, rng: random.Random) -> str:
    """The minutes in Markdown: who came, the review of the plan, the topics, the actions."""
    names = {state: ", ".join(p.name for p in meeting.participants if attendance[p.id] is state)
             for state in Attendance}
    blocks = [f"**Présents** : {names[Attendance.PRESENT]}."]
    blocks += [f"**{label}** : {names[state]}." for state, label in (
        (Attendance.EXCUSED, "Excusés"), (Attendance.ABSENT, "Absents")) if names[state]]
    present = {(p.user_id, p.contact_id) for p in meeting.participants
               if attendance[p.id] is Attendance.PRESENT}
    chairs = [m.person.full_name for m in committee.members if m.role.startswith("Présid")
              and (m.user_id, m.contact_id) in present]
    chair = chairs[0] if chairs else meeting.participants[0].name
    blocks.append(rng.choice(OPENINGS).format(president=chair, suivi=plan["review"]))
    for topic in topics:
        blocks += [f"### {topic.title}", rng.choice(topic.texts).format_map(values)]
    bullets = [f"- Nouvelle action : {a.title} ({a.owner.full_name}, pour le "
               f"{a.due_on:%d/%m/%Y})." for a in plan["new"]]
    bullets += [f"- Suivi : {a.title} ({a.owner.full_name}, échéance le {a.due_on:%d/%m/%Y}"
                f"{', en retard' if a.due_on < meeting.starts_at.date() else ''})."
                for a in plan["followed"][:3]]
    blocks += ["### Plan d'action", "\n".join(bullets) or "- Aucune action en cours."]
    blocks.append(rng.choice(CLOSINGS).format(prochaine=long_date(plan["next"])))
    return "\n\n".join(blocks)


def _play(action: Action, spec: ActionSpec, demo: Demo, rng: random.Random) -> None:
    """Take the action through its story up to today, then settle its reminders."""
    fate, cal = action_fate(spec, action.due_on, demo.today, rng), demo.calendar
    latest = demo.now - timedelta(hours=2)
    started = min(action.created_at + timedelta(days=rng.randint(1, 6)), latest)
    if fate in (IN_PROGRESS, DONE):
        set_action_status(action, IN_PROGRESS, "", started, cal)
    if fate in (DONE, CANCELLED):
        closing = demo.at(action.due_on + timedelta(days=rng.randint(-10, 4)), 16)
        outcomes = DONE_OUTCOMES if fate is DONE else CANCEL_OUTCOMES
        own = spec.outcome and (spec.status is fate or (fate is DONE and not spec.status))
        set_action_status(action, fate, spec.outcome if own else rng.choice(outcomes),
                          min(max(closing, started + timedelta(hours=4)), latest), cal)
    if action.is_open and action.due_on is not None:
        # The reminders the past would have sent, so none falls due the moment the demo loads.
        soon = opening_of(business_days_before(action.due_on, DUE_SOON_BUSINESS_DAYS, cal), cal)
        overdue = opening_of(action.due_on + timedelta(days=1), cal)
        action.reminders_sent = (soon <= demo.now) + (overdue <= demo.now) * (
            1 + (demo.now - overdue).days // OVERDUE_REPEAT_DAYS)
    schedule_reminder(action, cal, demo.now)


def _raise(spec: ActionSpec, demo: Demo, created: datetime, day: date, creator: User,
           meeting: Meeting | None = None) -> Action:
    owner, ticket = demo.user(spec.owner), demo.ticket(spec.ticket, created)
    due = demo.today + timedelta(days=spec.due) if spec.due is not None else (
        day + timedelta(weeks=spec.weeks))
    service = demo.services.get(spec.service)
    values = {"title": spec.title, "description": spec.description, "owner_id": owner.id,
              "entity_id": demo.entities[spec.entity].id if spec.entity else None,
              "due_on": due, "priority": spec.priority, "ticket_id": ticket and ticket.id,
              "service_id": service and service.id}
    # Raised as its owner so that no "action assigned" mail is queued for the demo's history;
    # the record then names who really wrote it down.
    action = raise_action(values, owner, created, demo.calendar, meeting=meeting,
                          origin=spec.origin)
    action.created_by_id = creator.id
    _play(action, spec, demo, random.Random(f"{SEED}-{spec.title}"))
    return action


def _hold(committee: Committee, spec: CommitteeSpec, meeting: Meeting, topics: list[Topic],
          actions: list[ActionSpec], history: list[Action], plan: dict, demo: Demo,
          rng: random.Random) -> None:
    """Record a held sitting: a guest now and then, attendance, actions raised, the minutes."""
    if spec.guests and rng.random() < 0.3:
        add_participant(meeting, **demo.person(rng.choice(spec.guests)))
    attendance = _attendance(meeting, rng)
    starts, creator = meeting.starts_at, meeting.participants[0].person
    values = figures(starts.date(), rng)
    plan["followed"] = [a for a in history if a.created_at < starts
                        and (a.closed_at is None or a.closed_at > starts)]
    plan["review"] = action_review(
        sum(1 for a in history if a.status is DONE and plan["previous"] < a.closed_at <= starts),
        len(plan["followed"]), sum(1 for a in plan["followed"] if a.due_on < starts.date()))
    plan["new"] = [_raise(action, demo, meeting.ends_at, starts.date(), creator, meeting)
                   for action in actions]
    history.extend(plan["new"])
    written = min(demo.at(starts.date() + timedelta(days=rng.randint(1, 4)), 17),
                  demo.now - timedelta(hours=1))
    record_minutes(meeting, minutes=_minutes(committee, meeting, attendance, topics, values,
                                             plan, rng),
                   decisions=decisions(topics, values, plan["first"]),
                   published=plan["published"], attendance=attendance, now=written)


def _seed_committee(spec: CommitteeSpec, demo: Demo) -> Iterator[str]:
    """Create the committee, then its sittings oldest first, yielding one label per item."""
    committee = save_committee(None, {
        "name": spec.name, "level": spec.level, "cadence": spec.cadence,
        "purpose": spec.purpose, "default_location": spec.location, "is_active": True,
    }, [demo.entities[code].id for code in spec.entities])
    committee.created_at = demo.now - timedelta(days=HISTORY_MONTHS * 31)
    for member in spec.members:
        person = demo.person(member.selector)
        add_member(committee, **person, role=member.role or next(iter(person.values())).job_title)
    yield f"Comité {spec.name}"
    schedule = _schedule(spec, demo)
    held = [s.day for s in schedule if s.kind == "held"]
    raised: dict[date, list[ActionSpec]] = {}
    for action in spec.actions:
        raised.setdefault(held[max(0, len(held) - 1 - action.sitting)], []).append(action)
    history: list[Action] = []
    previous, used = committee.created_at, Counter()
    for number, sitting in enumerate(schedule):
        rng = random.Random(f"{SEED}-{spec.name}-{number}")
        topics = pick_topics(spec.topics, used, rng)
        starts = demo.at(sitting.day, spec.hour, spec.minute)
        meeting = plan_meeting(committee, {
            "starts_at": starts, "duration_minutes": spec.duration, "location": spec.location,
            "agenda": agenda(topics, first=number == 0)})
        if sitting.kind == "cancelled":  # nobody was invited yet: no cancellation is mailed
            meeting.agenda = "Séance annulée : congés d'été."
            cancel_meeting(meeting, starts - timedelta(days=30))
        meeting.created_at = min(starts - INVITED_BEFORE, demo.now)
        if sitting.kind != "cancelled":
            meeting.invited_at = meeting.created_at
        if sitting.kind in ("held", "missing"):
            meeting.reminded_at = starts - REMINDED_BEFORE
        if sitting.kind == "held":
            following = next((s.day for s in schedule[number + 1:] if s.kind != "cancelled"),
                             add_months(sitting.day, spec.months))
            plan = {"previous": previous, "next": following, "first": sitting.day == held[0],
                    "published": len(held) - held.index(sitting.day) <= spec.published}
            _hold(committee, spec, meeting, topics, raised.get(sitting.day, []), history, plan,
                  demo, rng)
            previous = starts
        yield f"Séance du {sitting.day:%d/%m/%Y} – {spec.name}"


def _seed_action(spec: ActionSpec, demo: Demo) -> str:
    """An action raised by hand (or after a survey) by the relations manager."""
    if db.session.scalar(select(Action.id).where(Action.title == spec.title,
                                                 Action.meeting_id.is_(None))):
        return "unchanged"
    ticket = demo.ticket(spec.ticket, demo.now)
    created = (ticket.created_at + timedelta(days=spec.after_ticket, hours=2)
               if ticket and spec.after_ticket is not None
               else demo.at(demo.today - timedelta(days=spec.days_ago), 10))
    created = min(created, demo.now - timedelta(hours=3))
    _raise(spec, demo, created, created.date(), demo.user(MANAGER))
    return "created"


def _seed_client_meetings(demo: Demo) -> Iterator[tuple[str, str]]:
    """About eighty meetings over two years, keyed by entity and subject."""
    seen = {(entity_id, subject) for entity_id, subject in db.session.execute(
        select(ClientMeeting.entity_id, ClientMeeting.subject)
        .where(ClientMeeting.event_id.is_(None)))}
    for spec, day in zip(CLIENT_MEETINGS, meeting_days(demo.today), strict=True):
        entity = demo.entities[spec.entity]
        label = f"Rencontre {spec.entity} – {spec.subject[:30]}"
        if (entity.id, spec.subject) in seen:
            yield "unchanged", label
            continue
        rng = random.Random(f"{SEED}-{spec.entity}-{spec.subject}")
        contacts = demo.contact_ids(entity)
        save_client_meeting(None, {
            "entity_id": entity.id, "met_on": day, "channel": spec.channel,
            "subject": spec.subject, "summary": spec.summary.replace("{entite}", entity.name),
            "follow_up": spec.follow_up}, rng.sample(contacts, min(spec.contacts, len(contacts))),
            demo.user(spec.author), demo.at(day, 18))
        yield "created", label


def _seed_event(spec: EventSpec, demo: Demo) -> str:
    """An event on a Thursday and one client meeting per entity that came to it."""
    if db.session.scalar(select(Event.id).where(Event.name == spec.name)):
        return "unchanged"
    day = demo.today - timedelta(days=spec.days_ago)
    while day.weekday() != 3 or demo.calendar.is_closed_day(day):
        day -= timedelta(days=1)
    event = save_event(None, {"name": spec.name, "kind": spec.kind, "held_on": day,
                              "location": spec.location, "description": spec.description},
                       demo.at(day - INVITED_BEFORE, 9))
    for row in spec.attendances:
        entity = demo.entities[row["entity"]]
        save_client_meeting(None, {
            "entity_id": entity.id, "met_on": day, "channel": Channel.EVENT,
            "subject": spec.name, "summary": row["summary"], "follow_up": row["follow_up"],
            "event_id": event.id}, demo.contact_ids(entity)[:1], demo.user(MANAGER),
            demo.at(day, 18))
    return "created"


def _seed_project(spec: ProjectSpec, demo: Demo) -> str:
    if db.session.scalar(select(Project.id).where(Project.title == spec.title)):
        return "unchanged"
    raised, signed, closed = (demo.today - timedelta(days=days) if days is not None else None
                              for days in (spec.raised, spec.signed, spec.closed))
    entity = demo.entities[spec.entity]
    project = save_project(None, {
        "entity_id": entity.id, "title": spec.title, "description": spec.description,
        "status": spec.status, "raised_on": raised, "signed_on": signed, "closed_on": closed,
        "owner_id": demo.user(spec.owner).id, "sponsor_id": demo.contacts[spec.sponsor].id,
    }, [demo.services[code].id for code in spec.services], demo.at(raised, 9))
    project.updated_at = demo.at(closed or signed or raised, 17)
    return "created"


def _items(demo: Demo) -> Iterator[tuple[str, str]]:
    for spec in COMMITTEES:
        if db.session.scalar(select(Committee.id).where(Committee.name == spec.name)):
            yield "unchanged", f"Comité {spec.name}"
            for number in range(spec.sittings):
                yield "unchanged", f"Séance {number + 1} – {spec.name}"
            continue
        for label in _seed_committee(spec, demo):
            yield "created", label
    for spec in ACTIONS:
        yield _seed_action(spec, demo), f"Action {spec.title[:30]}"
    yield from _seed_client_meetings(demo)
    for spec in EVENTS:
        yield _seed_event(spec, demo), f"Événement {spec.name}"
    for spec in PROJECTS:
        yield _seed_project(spec, demo), f"Projet {spec.title[:30]}"


def seed_demo(now: datetime, counts: SeedCounts) -> Iterator[str]:
    """Create what is missing of the committees' demo, yielding one label per item."""
    demo = Demo(now)
    for state, label in _items(demo):
        setattr(counts, state, getattr(counts, state) + 1)
        yield label
    db.session.flush()


SEEDER = Seeder(demo_total, seed_demo)
