"""Demo data: the DSI of Groupe Alcyone, its internal clients, their contacts and accounts."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import select

from portal.demo_data import (
    CONTACTS,
    DOMAIN,
    DSI_STAFF,
    ENTITIES,
    FIRST_NAMES,
    LAST_NAMES,
    NAMED_USERS,
    ContactSpec,
    EntitySpec,
    UserSpec,
)
from portal.enums import Role
from portal.extensions import db
from portal.models import Contact, Entity, User
from portal.security import hash_password, verify_password

DEMO_PASSWORD = "demo-portail-2026"
NAME_SEED = 20261122


class Seeder(NamedTuple):
    """A feature's demo data: how many items it handles, and the generator that seeds them."""

    total: Callable[[], int]
    run: Callable[[datetime, SeedCounts], Iterator[str]]


@dataclass
class SeedCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


_GENDER_ENDINGS = {
    "f": {"e": "e", "ne": "ne", "le": "le", "fe": "fe", "eur": "euse", "teur": "trice",
          "er": "ère"},
    "m": {"e": "", "ne": "", "le": "", "fe": "", "eur": "eur", "teur": "teur", "er": "er"},
}


def _ascii(name: str) -> str:
    """Lowercase a name and strip its accents for an e-mail address."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def _email(first_name: str, last_name: str, suffix: int = 1) -> str:
    number = str(suffix) if suffix > 1 else ""
    return f"{_ascii(first_name)}.{_ascii(last_name)}{number}@{DOMAIN}"


def _phone(number: int) -> str:
    """Return a distinct Paris-style office number for a small index."""
    return f"01 45 {12 + number // 100:02d} {number % 100:02d} {(37 * number + 13) % 100:02d}"


def _pick_title(titles: tuple[str, ...], index: int, gender: str) -> str:
    """Give the first account of a group the lead title, the others the rest in turn."""
    if index == 0 or len(titles) == 1:
        title = titles[0]
    else:
        title = titles[1 + (index - 1) % (len(titles) - 1)]
    return title.format(**_GENDER_ENDINGS[gender])


@cache
def _all_users() -> tuple[UserSpec, ...]:
    """Return the named accounts then the generated ones, identical on every call."""
    rng = random.Random(NAME_SEED)
    people = [(u.first_name, u.last_name) for u in NAMED_USERS]
    people += [(c.first_name, c.last_name) for c in CONTACTS]
    taken_names = set(people)
    taken_emails = {u.email for u in NAMED_USERS} | {_email(*p) for p in people}
    groups = [(e.code, Role.REQUESTER, e.users, e.titles) for e in ENTITIES if e.users]
    groups += [("DSI", role, count, titles) for role, count, titles in DSI_STAFF]
    specs = [u._replace(phone=_phone(i)) for i, u in enumerate(NAMED_USERS)]
    for code, role, count, titles in groups:
        for index in range(count):
            (first_name, gender), last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            while (first_name, last_name) in taken_names:
                (first_name, gender), last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            taken_names.add((first_name, last_name))
            suffix = 1
            while _email(first_name, last_name, suffix) in taken_emails:
                suffix += 1
            email = _email(first_name, last_name, suffix)
            taken_emails.add(email)
            specs.append(UserSpec(email, first_name, last_name,
                                  _pick_title(titles, index, gender), code, role,
                                  phone=_phone(100 + len(specs))))
    return tuple(specs)


def demo_total() -> int:
    """Return how many items seed_demo handles (and yields)."""
    return len(ENTITIES) + len(_all_users()) + len(CONTACTS)


def seed_demo(now: datetime, counts: SeedCounts) -> Iterator[str]:
    """Create or update the demo data, tallying into counts, yielding one label per item."""
    entities = {e.code: e for e in db.session.scalars(select(Entity))}
    for spec in ENTITIES:
        _tally(counts, *_seed_entity(spec, entities, now))
        yield f"Entité {spec.code}"
    users = {u.email.lower(): u for u in db.session.scalars(select(User))}
    for spec in _all_users():
        _tally(counts, *_seed_user(spec, entities, users, now))
        yield f"Compte {spec.email}"
    contacts = {(c.entity_id, c.email.lower()): c for c in db.session.scalars(select(Contact))}
    for number, spec in enumerate(CONTACTS):
        _tally(counts, *_seed_contact(spec, number, entities, users, contacts, now))
        yield f"Interlocuteur {spec.entity} {spec.first_name} {spec.last_name}"


def _tally(counts: SeedCounts, created: bool, changed: bool) -> None:
    if created:
        counts.created += 1
    elif changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


def _sync(obj, values: dict) -> bool:
    """Set the fields whose value differs; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _seed_entity(spec: EntitySpec, entities: dict[str, Entity],
                 now: datetime) -> tuple[bool, bool]:
    values = {
        "name": spec.name, "kind": spec.kind, "client_type": spec.client_type,
        "segment": spec.segment, "potential": spec.potential, "headcount": spec.headcount,
        "description": spec.description,
        "parent_id": entities[spec.parent].id if spec.parent else None,
    }
    entity = entities.get(spec.code)
    if entity is None:
        entity = entities[spec.code] = Entity(code=spec.code, created_at=now, **values)
        db.session.add(entity)
        db.session.flush()  # children need the id
        return True, True
    changed = _sync(entity, values)
    db.session.flush()
    return False, changed


def _seed_user(spec: UserSpec, entities: dict[str, Entity], users: dict[str, User],
               now: datetime) -> tuple[bool, bool]:
    values = {
        "email": spec.email, "first_name": spec.first_name, "last_name": spec.last_name,
        "job_title": spec.job_title, "phone": spec.phone, "entity_id": entities[spec.entity].id,
    }
    if spec.label:  # a named account must stay usable for the demo
        values["active"] = True
    roles = {spec.role, Role.REQUESTER}
    user = users.get(spec.email)
    created = user is None
    if created:
        user = users[spec.email] = User(created_at=now, password_hash=None, **values)
        db.session.add(user)
        changed = True
    else:
        changed = _sync(user, values)
    if user.roles != roles:
        user.set_roles(roles)
        changed = True
    # Argon2 is slow: hash only the named accounts, and only when the stored hash is stale.
    if spec.label and not verify_password(user.password_hash, DEMO_PASSWORD):
        user.password_hash = hash_password(DEMO_PASSWORD)
        changed = True
    db.session.flush()
    return created, changed


def _seed_contact(spec: ContactSpec, number: int, entities: dict[str, Entity],
                  users: dict[str, User], contacts: dict[tuple[int, str], Contact],
                  now: datetime) -> tuple[bool, bool]:
    entity = entities[spec.entity]
    email = _email(spec.first_name, spec.last_name)
    account = users.get(email)
    values = {
        "first_name": spec.first_name, "last_name": spec.last_name, "job_title": spec.job_title,
        "relation_role": spec.role, "email": email,
        "phone": account.phone if account else _phone(50 + number),
        "user_id": account.id if account else None,
    }
    contact = contacts.get((entity.id, email))
    if contact is None:
        contact = contacts[entity.id, email] = Contact(entity_id=entity.id, created_at=now,
                                                       **values)
        db.session.add(contact)
        db.session.flush()
        return True, True
    changed = _sync(contact, values)
    db.session.flush()
    return False, changed


SEEDER = Seeder(demo_total, seed_demo)
