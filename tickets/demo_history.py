"""Two years of demo request history behind the detailed demo requests, for the indicators.

Short stories played through the real services (opened, taken, sometimes waiting on the
requester or reopened, resolved, closed), a few dozen a month with an August dip, spread over
the entities by headcount and over the services they subscribe to. Last month, Export's VPN
requests surge (a flow alert); the subsidiary stays out of the history, so it becomes a new
client with its first detailed request. Every request is marked by the Message-ID of its first
message, so a second run adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from catalog.models import Service, Subscription
from portal.demo import SeedCounts, Seeder
from portal.enums import Role
from portal.extensions import db
from portal.models import Entity, User, UserRole
from tickets import services
from tickets.demo import settle_past_alerts
from tickets.enums import Channel, MessageKind, ResponseType, Status, TicketType
from tickets.models import TicketMessage

SEED = 20261206
MARKER = "<demo-history-{}@portail.exemple.fr>"
MONTHS = 24
PER_MONTH = 34
SURGE = ("DC-EXPORT", "SEC-VPN", 5, 14)  # entity, service, requests the month before, last month
LEFT_OUT = {"FIL-SERV", "DSI"}
TYPES = {TicketType.SIMPLE: 70, TicketType.COMPLEX: 18, TicketType.PROJECT: 5,
         TicketType.COMPLAINT: 7}
CHANNELS = {Channel.EMAIL: 55, Channel.PORTAL: 30, Channel.PHONE: 12, Channel.VISIT: 3}
RESPONSES = {ResponseType.EMAIL: 50, ResponseType.PHONE: 25, ResponseType.REMOTE: 12,
             ResponseType.MEETING: 8, ResponseType.ONSITE: 5}
HOURS = {TicketType.SIMPLE: 3, TicketType.COMPLEX: 20, TicketType.PROJECT: 90,
         TicketType.COMPLAINT: 14}  # typical wall-clock hours to resolve
SUBJECTS = {TicketType.SIMPLE: "Demande sur {service}",
            TicketType.COMPLEX: "Évolution de {service}",
            TicketType.PROJECT: "Projet autour de {service}",
            TicketType.COMPLAINT: "Réclamation sur {service}"}


def _month_start(now: datetime, back: int) -> datetime:
    index = now.year * 12 + now.month - 1 - back
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _office_time(rng: random.Random, month: datetime) -> datetime:
    """A weekday of the month between 7:00 and 16:00 UTC (office hours in Paris)."""
    while True:
        day = month + timedelta(days=rng.randrange(28))
        if day.weekday() < 5:
            return day + timedelta(hours=rng.uniform(7, 16))


class History:
    """Who may ask what: requesters by entity, each entity's services, the desk's agents."""

    def __init__(self) -> None:
        entities = db.session.scalars(select(Entity).where(Entity.is_active)).all()
        self.requesters = {e.id: db.session.scalars(select(User).where(
            User.entity_id == e.id, User.active).order_by(User.email)).all()
            for e in entities if e.code not in LEFT_OUT}
        self.weights = {e.id: e.headcount or 10 for e in entities
                        if self.requesters.get(e.id)}
        self.codes = {e.code: e.id for e in entities}
        services = {s.id: s for s in db.session.scalars(select(Service))}
        self.services = {s.code: s for s in services.values()}
        subscribed = db.session.execute(select(Subscription.entity_id, Subscription.service_id))
        self.offer: dict[int, list[Service]] = {}
        for entity_id, service_id in subscribed:
            self.offer.setdefault(entity_id, []).append(services[service_id])
        self.agents = db.session.scalars(select(User).join(UserRole).where(
            UserRole.role == Role.AGENT).order_by(User.email)).all()

    def draw(self, rng: random.Random) -> tuple[User, Service]:
        entity_id = _weighted(rng, self.weights)
        offer = self.offer.get(entity_id) or list(self.services.values())
        return rng.choice(self.requesters[entity_id]), rng.choice(sorted(offer, key=lambda s: s.id))


def _plan(now: datetime) -> list[tuple[str, datetime | None, str | None, str | None]]:
    """(key, month, entity code, service code) of every history request, oldest month first."""
    plan = []
    for back in range(MONTHS, 0, -1):
        month = _month_start(now, back)
        count = round(PER_MONTH * (0.5 if month.month == 8 else 1) * (1 + (MONTHS - back) / 60))
        plan += [(f"{month:%Y%m}-{i:03d}", month, None, None) for i in range(count)]
    entity, service, before, last = SURGE
    for back, count in ((2, before), (1, last)):
        month = _month_start(now, back)
        plan += [(f"{month:%Y%m}-s{i:02d}", month, entity, service) for i in range(count)]
    return plan


def _story(ticket, requester: User, agent: User, rng: random.Random, opened: datetime,
           now: datetime) -> None:
    """Take, perhaps ask, resolve, perhaps reopen, close: each step at a plausible time."""
    at = opened + timedelta(hours=rng.lognormvariate(0, 0.9))
    services.assign(ticket, agent, None, agent, at)
    services.add_message(ticket, MessageKind.REPLY, services.NewMessage(
        body_text="Bonjour, nous prenons en charge votre demande.", from_addr=agent.email,
        from_name=agent.full_name), at, author=agent)
    services.set_status(ticket, Status.IN_PROGRESS, agent, at)
    if rng.random() < 0.15:
        services.set_status(ticket, Status.WAITING, agent, at + timedelta(hours=1))
        at += timedelta(hours=rng.uniform(4, 40))
        services.add_message(ticket, MessageKind.INBOUND, services.NewMessage(
            body_text="Voici les précisions demandées.", from_addr=requester.email,
            from_name=requester.full_name), at, author=requester)
        services.set_status(ticket, Status.IN_PROGRESS, None, at)
    at += timedelta(hours=rng.lognormvariate(0, 1) * HOURS[ticket.type])
    services.change(ticket, agent, at, response_type=_weighted(rng, RESPONSES))
    services.set_status(ticket, Status.RESOLVED, agent, at)
    if rng.random() < 0.06:
        at += timedelta(hours=rng.uniform(2, 48))
        services.set_status(ticket, Status.IN_PROGRESS, None, at)
        at += timedelta(hours=rng.uniform(2, 24))
        services.set_status(ticket, Status.RESOLVED, agent, at)
    closed = at + timedelta(days=rng.uniform(1, 8))
    if closed < now:
        services.set_status(ticket, Status.CLOSED, requester, closed)


def _seed_one(key: str, month: datetime, entity: str | None, service: str | None,
              history: History, now: datetime) -> None:
    rng = random.Random(f"{SEED}-{key}")
    requester, chosen = history.draw(rng)
    if entity is not None:
        users = history.requesters[history.codes[entity]]
        requester, chosen = rng.choice(users), history.services[service]
    kind = _weighted(rng, TYPES)
    opened = _office_time(rng, month)
    ticket = services.open_ticket(
        subject=SUBJECTS[kind].format(service=chosen.name), now=opened,
        channel=_weighted(rng, CHANNELS), requester=requester, service_id=chosen.id, type_=kind,
        message=services.NewMessage(body_text="Bonjour, pourriez-vous m'aider ?",
                                    from_addr=requester.email, from_name=requester.full_name,
                                    subject=chosen.name, message_id=MARKER.format(key)))
    _story(ticket, requester, rng.choice(history.agents), rng, opened, now)
    settle_past_alerts(ticket, now)


def history_total() -> int:
    return len(_plan(datetime.now(UTC)))


def seed_history(now: datetime, counts: SeedCounts) -> Iterator[str]:
    """Create the history requests not there yet, yielding one label each."""
    plan = _plan(now)
    seeded = db.session.scalar(select(func.count()).select_from(TicketMessage).where(
        TicketMessage.message_id.like(MARKER.format("%"))))
    if seeded >= len(plan):
        counts.unchanged += len(plan)
        yield from ("Historique des demandes" for _ in plan)
        return
    done = set(db.session.scalars(select(TicketMessage.message_id).where(
        TicketMessage.message_id.like(MARKER.format("%")))))
    history = History()
    for index, (key, month, entity, service) in enumerate(plan):
        if MARKER.format(key) in done:
            counts.unchanged += 1
        else:
            _seed_one(key, month, entity, service, history, now)
            counts.created += 1
        if index % 100 == 99:
            db.session.flush()
            db.session.expunge_all()
            history = History()
        yield f"Historique {month:%m/%Y}"


SEEDER = Seeder(history_total, seed_history)
