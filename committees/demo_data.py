"""The committees' demo data read from demo_data.toml, and the pure helpers that shape it."""

from __future__ import annotations

import random
import tomllib
from calendar import monthrange
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from committees.enums import (
    ActionOrigin,
    ActionPriority,
    ActionStatus,
    Cadence,
    Channel,
    EventKind,
    Level,
    ProjectStatus,
)
from committees.services import add_months

SOURCE = Path(__file__).with_name("demo_data.toml")
SEED = 20261124
HISTORY_MONTHS = 24
TOPICS_PER_SITTING = 3
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MAJOR_INCIDENTS = ("aucun incident majeur", "aucun incident majeur", "un incident majeur",
                   "un incident majeur", "deux incidents majeurs")


class Topic(NamedTuple):
    title: str
    texts: tuple[str, ...]
    decision: str = ""
    always: bool = False


class ActionSpec(NamedTuple):
    title: str
    owner: str  # an e-mail address or a piece of job title
    description: str = ""
    entity: str | None = None
    service: str | None = None
    ticket: str | None = None  # a demo request's subject
    priority: ActionPriority = ActionPriority.NORMAL
    status: ActionStatus | None = None  # None: follows the action's age
    outcome: str = ""
    sitting: int = 0  # sittings with minutes back from the latest one
    weeks: int = 6  # due so many weeks after the sitting
    due: int | None = None  # due so many days from today
    days_ago: int = 0  # raised by hand so many days ago
    after_ticket: int | None = None  # raised by hand so many days after the request
    origin: ActionOrigin = ActionOrigin.MANUAL


class Member(NamedTuple):
    selector: str
    is_user: bool
    role: str


class CommitteeSpec(NamedTuple):
    name: str
    level: Level
    cadence: Cadence
    entities: tuple[str, ...]
    location: str
    hour: int
    duration: int
    last_days_ago: int
    purpose: str
    members: tuple[Member, ...]
    guests: tuple[str, ...]
    topics: tuple[Topic, ...]
    actions: tuple[ActionSpec, ...]
    minute: int = 0
    plan_next: bool = False
    minutes_missing: bool = False  # the latest sitting still waits for its minutes
    published: int = 0  # how many of the latest minutes the client can read

    @property
    def months(self) -> int:
        return self.cadence.months

    @property
    def sittings(self) -> int:
        """How many sittings the demo holds: two years of them, and the next one if planned."""
        return HISTORY_MONTHS // self.months + self.plan_next


class ClientMeetingSpec(NamedTuple):
    entity: str
    channel: Channel
    subject: str
    summary: str
    follow_up: str
    author: str
    contacts: int  # how many of the entity's contacts were met
    jitter: float  # where in its slot of the month the meeting falls


class EventSpec(NamedTuple):
    name: str
    kind: EventKind
    days_ago: int
    location: str
    description: str
    attendances: tuple[dict, ...]


class ProjectSpec(NamedTuple):
    title: str
    entity: str
    status: ProjectStatus
    raised: int  # days ago
    owner: str
    sponsor: str
    services: tuple[str, ...]
    description: str
    signed: int | None = None
    closed: int | None = None


def _action(row: dict) -> ActionSpec:
    enums = {"priority": ActionPriority, "status": ActionStatus, "origin": ActionOrigin}
    return ActionSpec(**{k: enums[k](v) if k in enums else v for k, v in row.items()})


def _topic(row: dict) -> Topic:
    text = row.pop("text")
    return Topic(texts=tuple(text) if isinstance(text, list) else (text,), **row)


def _committee(row: dict) -> CommitteeSpec:
    members = tuple(Member(m.get("user") or m["contact"], "user" in m, m.get("role", ""))
                    for m in row.pop("members"))
    return CommitteeSpec(
        level=Level(row.pop("level")), cadence=Cadence(row.pop("cadence")),
        entities=tuple(row.pop("entities")), guests=tuple(row.pop("guests", ())),
        topics=tuple(_topic(dict(t)) for t in row.pop("topics")),
        actions=tuple(_action(a) for a in row.pop("action", ())), members=members, **row)


def _plan_client_meetings(data: dict) -> tuple[ClientMeetingSpec, ...]:
    """Who is met about what, drawn once: each entity discusses a subject at most once."""
    rng = random.Random(SEED)
    weights = data["meetings"]["entities"]
    count = HISTORY_MONTHS // 12 * sum(data["meetings"]["per_month"])
    seen: set[tuple[str, str]] = set()
    specs: list[ClientMeetingSpec] = []
    while len(specs) < count:
        entity = rng.choices(list(weights), list(weights.values()))[0]
        pool = [m for m in data["meeting"] if entity in m.get("entities", [entity])
                and (entity, m["subject"]) not in seen]
        if not pool:
            continue
        row = rng.choice(pool)
        seen.add((entity, row["subject"]))
        specs.append(ClientMeetingSpec(
            entity, Channel(row["channel"]), row["subject"], row["summary"], row["follow_up"],
            rng.choice(data["meetings"]["authors"]), rng.choice((1, 1, 2)), rng.random()))
    return tuple(specs)


_DATA = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
COMMITTEES = tuple(_committee(dict(row)) for row in _DATA["committee"])
ACTIONS = tuple(_action(row) for row in _DATA["action"])
CLIENT_MEETINGS = _plan_client_meetings(_DATA)
EVENTS = tuple(EventSpec(row["name"], EventKind(row["kind"]), row["days_ago"], row["location"],
                         row["description"], tuple(row["attendances"]))
               for row in _DATA["event"])
PROJECTS = tuple(ProjectSpec(**{**row, "status": ProjectStatus(row["status"]),
                                "services": tuple(row["services"])}) for row in _DATA["project"])
OPENINGS, CLOSINGS = _DATA["minutes"]["openings"], _DATA["minutes"]["closings"]
DONE_OUTCOMES, CANCEL_OUTCOMES = _DATA["minutes"]["done"], _DATA["minutes"]["cancelled"]


def long_date(day: date) -> str:
    """« jeudi 12 mars 2026 »."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def figures(day: date, rng: random.Random) -> dict:
    """The figures a sitting's topics quote: the past month's activity, made up but plausible."""
    previous = MONTHS[add_months(day, -1).month - 1]
    return {
        "mois": MONTHS[day.month - 1], "mois_passe": previous, "annee": day.year,
        "de_mois_passe": f"d'{previous}" if previous[0] in "aeiou" else f"de {previous}",
        "annee_suivante": day.year + 1, "incidents": rng.randint(14, 52),
        "majeurs": rng.choice(MAJOR_INCIDENTS), "demandes": rng.randint(30, 140),
        "sla": rng.randint(86, 98), "delai": rng.randint(3, 7), "arrivees": rng.randint(4, 16),
        "satisfaction": f"{rng.uniform(3.7, 4.6):.1f}".replace(".", ","),
        "dispo": f"{rng.uniform(99.3, 99.95):.2f}".replace(".", ","),
        "postes": rng.randint(3, 12), "adoption": rng.randint(58, 91),
    }


def plural(count: int, one: str, many: str, none: str) -> str:
    """« aucune action », « une action » or « 3 actions »."""
    return none if count == 0 else one if count == 1 else f"{count} {many}"


def action_review(done: int, still_open: int, late: int) -> str:
    """The opening sentence on the action plan since the previous sitting."""
    if not done and not still_open:
        return "Aucune action n'était ouverte à l'issue de la séance précédente."
    closed = plural(done, "une action a été soldée", "actions ont été soldées",
                    "aucune action n'a été soldée")
    remaining = plural(still_open, "une reste ouverte", "restent ouvertes",
                       "aucune ne reste ouverte")
    overdue = plural(late, ", dont une en retard", "en retard", "")
    overdue = f", dont {overdue}" if late > 1 else overdue
    return f"Depuis la dernière séance, {closed} ; {remaining}{overdue}."


def action_fate(spec: ActionSpec, due_on: date, today: date, rng: random.Random) -> ActionStatus:
    """Where an action stands today: old ones closed, recent ones still open or under way."""
    if spec.status:
        return spec.status
    if due_on < today - timedelta(days=30):
        return ActionStatus.DONE if spec.outcome or rng.random() < 0.8 else ActionStatus.CANCELLED
    if due_on < today:
        return rng.choice((ActionStatus.DONE, ActionStatus.IN_PROGRESS))
    return rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS))


def pick_topics(topics: tuple[Topic, ...], used: Counter, rng: random.Random) -> list[Topic]:
    """The sitting's topics: the standing ones, then the least discussed so far."""
    always = [topic for topic in topics if topic.always]
    others = sorted((topic for topic in topics if not topic.always),
                    key=lambda topic: (used[topic.title], rng.random()))
    chosen = always + others[:TOPICS_PER_SITTING - len(always)]
    used.update(topic.title for topic in chosen)
    return chosen


def agenda(topics: list[Topic], first: bool) -> str:
    """The numbered agenda of a sitting."""
    items = [] if first else ["Approbation du compte rendu de la séance précédente"]
    items += ["Revue du plan d'action", *(topic.title for topic in topics), "Questions diverses"]
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))


def decisions(topics: list[Topic], values: dict, first: bool) -> str:
    """The decisions of a sitting as a Markdown list."""
    items = [] if first else ["Le compte rendu de la séance précédente est approuvé."]
    items += [topic.decision.format_map(values) for topic in topics if topic.decision]
    return "\n".join(f"- {item}" for item in items)


def meeting_days(today: date) -> list[date]:
    """The day of each planned client meeting, oldest first, by the monthly profile.

    Every month of the two years up to today gets its share of meetings (fewer in August and
    December), spread over the month and moved off weekends; none falls after today.
    """
    per_month = _DATA["meetings"]["per_month"]
    days = []
    for back in range(HISTORY_MONTHS - 1, -1, -1):
        first = add_months(today.replace(day=1), -back)
        last = today.day if back == 0 else monthrange(first.year, first.month)[1]
        count = per_month[first.month - 1]
        for slot in range(count):
            spec = CLIENT_MEETINGS[len(days)]
            day = first + timedelta(days=int((slot + spec.jitter) / count * last))
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            days.append(min(day, today))
    return days
