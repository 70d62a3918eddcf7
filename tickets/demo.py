"""Demo requests: mailboxes, teams, reply templates, the matrix and six months of requests."""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from flask import current_app
from sqlalchemy import func, select

from catalog.models import Service
from portal.calendars import get_default_calendar, save_calendar
from portal.demo import SeedCounts, Seeder
from portal.enums import Role
from portal.extensions import db
from portal.models import Contact, Entity, User, UserRole
from tickets import actions, services
from tickets.enums import Channel, Level, MailboxKind, MessageKind, ResponseType, Status, TicketType
from tickets.mailbox.models import Mailbox
from tickets.mailbox.services import ensure_default_mailbox, get_mailbox_by_name, save_mailbox
from tickets.models import PriorityRule, ReplyTemplate, Team, Ticket, TicketMessage
from tickets.timers import pending_checks, refresh

SOURCE = Path(__file__).with_name("demo_requests.toml")
SEED = 20261123
MARKER = "<demo-{}@portail.exemple.fr>"  # Message-ID of a demo request's first message
ACKNOWLEDGE, ASK, SOLVED = ("Accusé de prise en charge", "Demande d'information complémentaire",
                            "Clôture après résolution")
_ANSWERED = ("assign", "note", "ask", "reply", "followup", "resolve", "reopen")
PATHS = {  # the steps of a request's story, up to its status
    Status.NEW: (), Status.ASSIGNED: ("assign", "note"), Status.WAITING: ("assign", "note", "ask"),
    Status.IN_PROGRESS: _ANSWERED, Status.RESOLVED: (*_ANSWERED, "resolve_again"),
    Status.CLOSED: (*_ANSWERED, "resolve_again", "close"),
}
HOURS = {"merge": (0.5, 3), "assign": (0.1, 2), "note": (0.2, 3), "ask": (0.3, 4),
         "reply": (0.3, 4), "followup": (2, 12), "reopen": (8, 30), "resolve_again": (2, 16),
         "close": (4, 30), TicketType.SIMPLE: (1, 12), TicketType.COMPLEX: (10, 45),
         TicketType.PROJECT: (60, 200), TicketType.COMPLAINT: (8, 30)}  # office hours
OPENING, CLOSING = 7, 17  # office hours in UTC, weekdays
ENUMS = {"status": Status, "channel": Channel, "type": TicketType, "urgency": Level,
         "impact": Level, "response": ResponseType}


class RequestSpec(NamedTuple):
    key: str
    days: int  # opened so many days ago
    requester: str  # an e-mail address, or an entity code for one of its accounts
    subject: str
    body: str
    status: Status
    service: str
    channel: Channel = Channel.EMAIL
    type: TicketType = TicketType.SIMPLE
    urgency: Level = Level.MEDIUM
    impact: Level = Level.MEDIUM
    team: str = "n1"
    agent: str = ""  # an e-mail address, a piece of job title or "owner"; else a team member
    response: ResponseType = ResponseType.EMAIL
    name: str = ""  # the name and entity of a requester unknown to the portal
    entity: str | None = None
    cc: tuple[str, ...] = ()
    reply: str = ""  # the texts, each possibly the name of a reply template
    ask: str = ""
    followup: str = ""
    note: str = ""
    solution: str = SOLVED
    reopen: str = ""
    parent: str | None = None
    duplicate_of: str | None = None


_DATA = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
REQUESTS: tuple[RequestSpec, ...] = tuple(
    RequestSpec(**{k: ENUMS[k](v) if k in ENUMS else tuple(v) if k == "cc" else v
                   for k, v in row.items()}) for row in _DATA["request"])


def demo_total() -> int:
    return 4 + len(_DATA["team"]) + len(_DATA["template"]) + len(REQUESTS)


def _tally(counts: SeedCounts, state: str) -> None:
    setattr(counts, state, getattr(counts, state) + 1)


def _staff() -> list[User]:
    """Everyone a request can be given to, in a stable order."""
    return list(db.session.scalars(select(User).join(UserRole).where(UserRole.role.in_(
        (Role.AGENT, Role.RELATIONS_MANAGER, Role.PRODUCT_LEAD))).distinct()
        .order_by(User.email)))


def _pick(staff: list[User], selector: str) -> list[User]:
    return [u for u in staff if u.email == selector or selector in u.job_title]


def _seed_mailbox(spec: dict) -> str:
    service = db.session.scalar(select(Service).where(Service.code == spec["service"]))
    values = {"name": spec["name"], "kind": MailboxKind.MAILDIR, "address": spec["address"],
              "path": str(Path(current_app.config["VAR_DIR"]) / spec["folder"]),
              "default_service_id": service.id}
    mailbox = get_mailbox_by_name(spec["name"])
    if mailbox is not None and all(getattr(mailbox, k) == v for k, v in values.items()):
        return "unchanged"
    save_mailbox(mailbox, values, None)
    return "created" if mailbox is None else "updated"


def _seed_team(spec: dict, staff: list[User]) -> str:
    team = db.session.scalar(select(Team).where(Team.name == spec["name"]))
    lead = _pick(staff, spec["lead"])[0]
    members = sorted({u.id for selector in spec["members"] for u in _pick(staff, selector)})
    if team and (team.lead_id, sorted(u.id for u in team.members)) == (lead.id, members):
        return "unchanged"
    services.save_team(team, spec["name"], lead.id, members)
    return "created" if team is None else "updated"


def _seed_template(spec: dict) -> str:
    template = db.session.scalar(select(ReplyTemplate).where(ReplyTemplate.name == spec["name"]))
    if template is not None and template.body == spec["body"]:
        return "unchanged"
    actions.save_reply_template(template, spec["name"], spec["body"])
    return "created" if template is None else "updated"


def _seed_calendar(now: datetime) -> str:
    """The desk's office hours with a lunch break and the summer closure, once."""
    if get_default_calendar() is not None:
        return "unchanged"
    office = [("08:30", "12:00"), ("13:30", "17:30")]
    august = date(now.year, 8, 15)
    monday = august - timedelta(days=august.weekday())
    save_calendar(None, name="Centre de services – horaires de bureau", timezone="Europe/Paris",
                  alsace_moselle=False, is_default=True,
                  week={day: office for day in range(5)},
                  closures=[(monday, monday + timedelta(days=4), "Fermeture estivale")], now=now)
    return "created"


def _seed_matrix() -> str:
    rules = {(r.urgency, r.impact): r.priority for r in db.session.scalars(select(PriorityRule))}
    if rules == services.DEFAULT_MATRIX:
        return "unchanged"
    services.save_matrix(services.DEFAULT_MATRIX)
    return "updated" if rules else "created"


def _later(at: datetime, hours: float) -> datetime:
    """The moment so many office hours after another."""
    while True:
        opening = at.replace(hour=OPENING, minute=0, second=0, microsecond=0)
        closing = opening.replace(hour=CLOSING)
        if at.weekday() >= 5 or at >= closing:
            at = opening + timedelta(days=1)
            continue
        at = max(at, opening)
        if at + timedelta(hours=hours) < closing:
            return at + timedelta(hours=hours)
        hours -= (closing - at).total_seconds() / 3600
        at = closing


def _start(spec: RequestSpec, now: datetime) -> datetime:
    rng = random.Random(f"{SEED}-{spec.key}-start")
    day = (now - timedelta(days=spec.days)).date()
    while day.weekday() >= 5 and spec.channel is not Channel.EMAIL:
        day -= timedelta(days=1)
    return datetime.combine(day, time(rng.randint(OPENING, CLOSING - 2), rng.randint(0, 59)), UTC)


def _plan(spec: RequestSpec, rng: random.Random) -> list[tuple[float, str]]:
    """The request's steps, each with its office hours after the opening."""
    wanted = {"note": spec.note, "ask": spec.ask or spec.status is Status.WAITING,
              "reply": not spec.ask, "followup": spec.ask, "reopen": spec.reopen,
              "resolve": spec.reopen or spec.status is not Status.IN_PROGRESS,
              "resolve_again": spec.reopen}
    steps = [(0.0, "open")]
    for step in ("merge",) if spec.duplicate_of else PATHS[spec.status]:
        if wanted.get(step, True):
            low, high = HOURS[spec.type if step == "resolve" else step]
            steps.append((steps[-1][0] + rng.uniform(low, high), step))
    return steps


def _times(start: datetime, offsets: list[float], now: datetime) -> list[datetime]:
    """Lay the steps out in office hours from the opening, squeezed to end before now."""
    scale = 1.0
    while True:
        times = [start]
        for previous, hours in pairwise(offsets):
            times.append(_later(times[-1], (hours - previous) * scale))
        if times[-1] < now - timedelta(hours=1) or scale < 0.01:
            break
        scale *= 0.7
    return [min(at, now - timedelta(minutes=5 * (len(times) - i))) for i, at in enumerate(times)]


class Demo:
    """What the requests need of the rest of the demo, looked up once per run."""

    def __init__(self) -> None:
        self.staff = _staff()
        self.teams = {spec["key"]: db.session.scalar(select(Team).where(
            Team.name == spec["name"])) for spec in _DATA["team"]}
        self.templates = {t.name: t for t in db.session.scalars(select(ReplyTemplate))}
        self.mailboxes = {"n1": ensure_default_mailbox(),
                          "apps": get_mailbox_by_name(_DATA["mailbox"]["name"])}
        self.seeded = set(db.session.scalars(select(TicketMessage.message_id).where(
            TicketMessage.message_id.like(MARKER.format("%")))))

    def ticket(self, key: str) -> Ticket:
        return db.session.scalar(select(Ticket).join(Ticket.messages).where(
            TicketMessage.message_id == MARKER.format(key)))

    def people(self, spec: RequestSpec, service: Service,
               rng: random.Random) -> tuple[User | None, User]:
        """The request's requester account (None for a contact) and its agent."""
        if "@" in spec.requester:
            requester = db.session.scalar(select(User).where(User.email == spec.requester))
        else:
            requester = rng.choice(db.session.scalars(select(User).join(Entity).where(
                Entity.code == spec.requester).order_by(User.email)).all())
        if spec.agent == "owner":
            return requester, service.owner
        pool = _pick(self.staff, spec.agent) if spec.agent else self.teams[spec.team].members
        return requester, rng.choice(pool)


def _fill(text: str, ticket: Ticket, agent: User, demo: Demo) -> str:
    """A text of the story: a reply template, or filled in like one."""
    template = demo.templates.get(text) or ReplyTemplate(body=text)
    return actions.fill_template(template, ticket, agent)


def _write(ticket: Ticket, kind: MessageKind, text: str, author: User | None, agent: User,
           demo: Demo, at: datetime) -> None:
    body = _fill(text, ticket, agent, demo)
    services.add_message(ticket, kind, services.NewMessage(
        body_text=body, from_addr=author.email if author else ticket.requester_email,
        from_name=author.full_name if author else ticket.requester_label), at, author=author)


def _open(spec: RequestSpec, service: Service, requester: User | None, agent: User,
          demo: Demo, at: datetime) -> Ticket:
    mailbox = demo.mailboxes[spec.team] if spec.channel is Channel.EMAIL else None
    contact = None if requester else db.session.scalar(
        select(Contact).where(func.lower(Contact.email) == spec.requester))
    name = (requester or contact).full_name if requester or contact else spec.name
    entity = db.session.scalar(select(Entity.id).where(Entity.code == spec.entity))
    message = services.NewMessage(
        body_text=spec.body.replace("{demandeur}", name), from_addr=spec.requester,
        from_name=name, subject=spec.subject, to_addrs=mailbox.address if mailbox else "",
        cc_addrs=", ".join(spec.cc) if mailbox else "", message_id=MARKER.format(spec.key))
    ticket = services.open_ticket(
        subject=spec.subject, message=message, now=at, channel=spec.channel,
        requester=requester, contact=contact, entity_id=entity, service_id=service.id,
        type_=spec.type, urgency=spec.urgency, impact=spec.impact,
        actor=agent if spec.channel in (Channel.PHONE, Channel.VISIT) else None,
        mailbox_id=mailbox.id if mailbox else None,
        parent=demo.ticket(spec.parent) if spec.parent else None)
    for address in spec.cc:
        known = db.session.scalar(select(Contact).where(Contact.email == address))
        services.add_participant(ticket, address, known.full_name if known else "")
    return ticket


def _step(step: str, ticket: Ticket, spec: RequestSpec, requester: User | None, agent: User,
          demo: Demo, at: datetime) -> None:
    """Play one step of the request's story, as the desk or the requester would."""
    if step == "merge":
        target = demo.ticket(spec.duplicate_of)
        services.merge(ticket, target, target.assignee or agent, at)
    elif step == "assign":
        team = demo.teams[spec.team]
        services.assign(ticket, agent, team, team.lead, at)
    elif step == "note":
        _write(ticket, MessageKind.NOTE, spec.note, agent, agent, demo, at)
    elif step in ("ask", "reply"):
        text = (spec.ask or ASK) if step == "ask" else (spec.reply or ACKNOWLEDGE)
        _write(ticket, MessageKind.REPLY, text, agent, agent, demo, at)
        ticket.taken_at = ticket.taken_at or at
        services.change(ticket, agent, at, response_type=spec.response)
        status = Status.WAITING if step == "ask" else Status.IN_PROGRESS
        services.set_status(ticket, status, agent, at)
    elif step == "followup" and requester is not None:
        actions.requester_reply(ticket, requester, _fill(spec.followup, ticket, agent, demo), [],
                                at)
    elif step == "reopen" and requester is not None:
        actions.refuse_resolution(ticket, requester, _fill(spec.reopen, ticket, agent, demo), at)
    elif step in ("followup", "reopen"):
        _write(ticket, MessageKind.INBOUND, getattr(spec, step), None, agent, demo, at)
        services.set_status(ticket, Status.IN_PROGRESS, None, at)
    elif step in ("resolve", "resolve_again"):
        text = spec.solution if step == "resolve" else SOLVED
        _write(ticket, MessageKind.REPLY, text, agent, agent, demo, at)
        services.set_status(ticket, Status.RESOLVED, agent, at)
    elif step == "close" and requester is not None:
        actions.accept_resolution(ticket, requester, at)
    elif step == "close":
        services.set_status(ticket, Status.CLOSED, agent, at)


def _seed_request(spec: RequestSpec, start: datetime, demo: Demo, now: datetime) -> str:
    if MARKER.format(spec.key) in demo.seeded:
        return "unchanged"
    rng = random.Random(f"{SEED}-{spec.key}")
    service = db.session.scalar(select(Service).where(Service.code == spec.service))
    requester, agent = demo.people(spec, service, rng)
    steps = _plan(spec, rng)
    times = _times(start, [hours for hours, _name in steps], now)
    ticket = _open(spec, service, requester, agent, demo, times[0])
    for (_hours, step), at in zip(steps[1:], times[1:], strict=True):
        _step(step, ticket, spec, requester, agent, demo, at)
    settle_past_alerts(ticket, now)
    db.session.flush()
    return "created"


def settle_past_alerts(ticket: Ticket, now: datetime) -> None:
    """Count the demo's past warnings and breaches as already notified (no mail is queued)."""
    past = {flag for flag, at in pending_checks(ticket, now) if at is not None and at <= now}
    ticket.sla_breached = any(flag.endswith("-breach") for flag in past)
    ticket.sla_notified = ",".join(sorted(past))
    refresh(ticket, now)


def seed_demo(now: datetime, counts: SeedCounts) -> Iterator[str]:
    """Create what is missing of the requests' demo, yielding one label per item."""
    first = db.session.scalar(select(Mailbox.id).limit(1)) is None
    default = ensure_default_mailbox()
    _tally(counts, "created" if first else "unchanged")
    yield f"Boîte {default.name}"
    _tally(counts, _seed_mailbox(_DATA["mailbox"]))
    yield f"Boîte {_DATA['mailbox']['name']}"
    staff = _staff()
    for spec in _DATA["team"]:
        _tally(counts, _seed_team(spec, staff))
        yield f"Groupe {spec['name']}"
    for spec in _DATA["template"]:
        _tally(counts, _seed_template(spec))
        yield f"Modèle de réponse {spec['name']}"
    _tally(counts, _seed_matrix())
    yield "Matrice de priorité"
    _tally(counts, _seed_calendar(now))
    yield "Calendrier ouvré"
    demo = Demo()
    for start, spec in sorted(((_start(s, now), s) for s in REQUESTS), key=lambda p: p[0]):
        _tally(counts, _seed_request(spec, start, demo, now))
        yield f"Demande {spec.subject[:30]}"


SEEDER = Seeder(demo_total, seed_demo)
