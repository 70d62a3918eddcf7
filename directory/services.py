"""Apply what the directory says to the portal's accounts: one transaction, flushed not committed.

Every field the sync writes is recorded in the account's link. A field whose current value
differs from that record was changed by hand in the portal: the sync leaves it and reports a
conflict. Accounts gone from the directory are disabled, never deleted, and only once the whole
directory has been read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from directory.entities import EntityResolver
from directory.mapping import (
    Mapping,
    MappingError,
    Person,
    map_entry,
    normalize_dn,
    parse_role_groups,
)
from directory.models import DirectoryLink, DirectorySettings
from portal.audit import AuditKind
from portal.enums import Role
from portal.extensions import db
from portal.models import User
from portal.services import set_user_active

FIELD_LABELS = {"email": "e-mail", "first_name": "prénom", "last_name": "nom",
                "phone": "téléphone", "job_title": "fonction", "entity_id": "entité",
                "roles": "rôles", "active": "état du compte", "manager_id": "responsable"}


@dataclass
class Figures:
    """What a sync did (or, in a dry run, would do)."""

    read: int = 0
    created: int = 0
    updated: int = 0
    disabled: int = 0
    unchanged: int = 0
    conflicts: int = 0
    errors: int = 0
    entities_created: int = 0
    messages: list[str] = field(default_factory=list)
    audit: list[tuple[AuditKind, str]] = field(default_factory=list)  # recorded once committed

    def summary(self) -> str:
        return (f"{self.created} créé(s), {self.updated} mis à jour, {self.disabled} "
                f"désactivé(s), {self.unchanged} inchangé(s), {self.errors} erreur(s), "
                f"{self.conflicts} conflit(s)")


def build_mapping(settings: DirectorySettings) -> Mapping:
    """The pure mapping of the saved settings."""
    return Mapping(
        base_dn=settings.base_dn, attr_id=settings.attr_id, attr_email=settings.attr_email,
        attr_first_name=settings.attr_first_name, attr_last_name=settings.attr_last_name,
        attr_phone=settings.attr_phone, attr_title=settings.attr_title,
        attr_entity=settings.attr_entity, attr_manager=settings.attr_manager,
        attr_groups=settings.attr_groups, disabled_attribute=settings.disabled_attribute,
        disabled_value=settings.disabled_value,
        role_groups=parse_role_groups(settings.role_groups or ""))


def map_entries(entries: Iterable[dict], mapping: Mapping, figures: Figures) -> list[Person]:
    """Map every entry, counting the ones that cannot be accounts as errors."""
    people, ids, emails = [], set(), set()
    for entry in entries:
        figures.read += 1
        try:
            person = map_entry(entry, mapping)
        except MappingError as error:
            figures.errors += 1
            figures.messages.append(str(error))
            continue
        if person.directory_id in ids or person.email in emails:
            figures.errors += 1
            figures.messages.append(f"{person.dn} : identifiant ou e-mail en double, ignoré")
            continue
        ids.add(person.directory_id)
        emails.add(person.email)
        people.append(person)
    return people


class _Apply:
    """One pass of the sync over the people read; see the module's docstring."""

    def __init__(self, settings: DirectorySettings, now: datetime, figures: Figures) -> None:
        self.now, self.figures = now, figures
        self.entities = EntityResolver(settings.entity_parent)
        self.links = {link.directory_id: link for link in db.session.scalars(
            select(DirectoryLink))}
        self.users = {user.email.lower(): user for user in db.session.scalars(select(User))}
        self.changed: set[User] = set()  # by identity: new accounts have no id before the flush
        self.conflicted: set[User] = set()

    def person(self, person: Person) -> User | None:
        link = self.links.get(person.directory_id)
        user = link.user if link else self.users.get(person.email)
        if user is not None and link is None:
            link = db.session.get(DirectoryLink, user.id)  # re-created entry: a new id
            if link is not None:
                self.links.pop(link.directory_id, None)
                link.directory_id = person.directory_id
        entity = self.entities.resolve(person.entity_path)
        if entity is None:
            self.figures.errors += 1
            self.figures.messages.append(
                f"{person.dn} : aucune entité (ni OU, ni entité parente configurée)")
            return None
        wanted = {"email": person.email, "first_name": person.first_name or "-",
                  "last_name": person.last_name, "phone": person.phone,
                  "job_title": person.job_title, "entity_id": entity.id,
                  "roles": sorted(role.value for role in person.roles),
                  "active": not person.disabled}
        if user is None:
            return self._create(person, wanted)
        if link is None:
            link = DirectoryLink(user_id=user.id, directory_id=person.directory_id, synced={})
            db.session.add(link)
        self.links[person.directory_id] = link
        link.dn, link.seen_at = person.dn, self.now
        self._update(user, link, wanted)
        return user

    def _create(self, person: Person, wanted: dict) -> User:
        user = User(email=person.email, first_name=wanted["first_name"],
                    last_name=person.last_name, phone=person.phone, job_title=person.job_title,
                    entity_id=wanted["entity_id"], password_hash=None, created_at=self.now,
                    active=wanted["active"])
        user.set_roles({Role(value) for value in wanted["roles"]})
        db.session.add(user)
        link = DirectoryLink(user=user, directory_id=person.directory_id, dn=person.dn,
                             seen_at=self.now, synced=wanted)
        db.session.add(link)
        self.links[person.directory_id] = link
        self.users[user.email] = user
        self.figures.created += 1
        self.changed.add(user)
        if len(wanted["roles"]) > 1:  # more than requester: a staff account came in
            self.figures.audit.append((AuditKind.ACCOUNT_CREATED,
                                       f"{user.email} : {', '.join(wanted['roles'])}"))
        return user

    def _update(self, user: User, link: DirectoryLink, wanted: dict) -> None:
        synced = link.synced
        holder = self.users.get(wanted["email"])
        if holder is not None and holder is not user:  # the address belongs to another account
            self.figures.errors += 1
            self.figures.messages.append(
                f"{user.email} : l'adresse {wanted['email']} de l'annuaire est celle d'un autre "
                "compte, adresse non modifiée")
            wanted = {**wanted, "email": user.email}
        for name, value in wanted.items():
            current = _current(user, name)
            if current == value:
                synced[name] = value
            elif name in synced and synced[name] != current:
                self._conflict(user, name, current, value)
            else:
                self._audit(user, name, current, value)
                _assign(user, name, value, self.now)
                synced[name] = value
                self.changed.add(user)
                if name == "email":
                    self.users[value] = user
        link.synced = synced

    def _audit(self, user: User, name: str, current, value) -> None:
        if name == "roles":
            self.figures.audit.append((AuditKind.ROLES_CHANGED, f"{user.email} : "
                                       f"{', '.join(current)} → {', '.join(value)}"))
        elif name == "active":
            kind = AuditKind.ACCOUNT_ENABLED if value else AuditKind.ACCOUNT_DISABLED
            self.figures.audit.append((kind, user.email))

    def _conflict(self, user: User, name: str, current, value) -> None:
        self.conflicted.add(user)
        self.figures.messages.append(
            f"{user.email} : {FIELD_LABELS[name]} modifié(e) dans le portail ({current!r}), "
            f"valeur de l'annuaire non appliquée ({value!r})")

    def managers(self, people: list[tuple[Person, User]]) -> None:
        """Second pass, once every person has an account: point each one at their manager."""
        by_dn = {normalize_dn(person.dn): user for person, user in people}
        for person, user in people:
            manager = by_dn.get(normalize_dn(person.manager_dn)) if person.manager_dn else None
            wanted = manager.id if manager is not None and manager is not user else None
            link = self.links[person.directory_id]
            synced = link.synced
            if user.manager_id == wanted:
                synced["manager_id"] = wanted
            elif "manager_id" in synced and synced["manager_id"] != user.manager_id:
                self._conflict(user, "manager_id", user.manager_id, wanted)
            else:
                user.manager_id = wanted
                synced["manager_id"] = wanted
                self.changed.add(user)
            link.synced = synced

    def disable_missing(self, seen: set[str]) -> None:
        """Disable the accounts whose entry left the directory (the read was complete)."""
        for directory_id, link in self.links.items():
            if directory_id in seen or not link.user.active:
                continue
            self.figures.audit.append((AuditKind.ACCOUNT_DISABLED, link.user.email))
            set_user_active(link.user, False, self.now)
            link.synced = link.synced | {"active": False}
            self.figures.disabled += 1
            self.figures.messages.append(f"{link.user.email} : absent de l'annuaire, désactivé")


def _current(user: User, name: str):
    if name == "roles":
        return sorted(role.value for role in user.roles)
    return user.active if name == "active" else getattr(user, name)


def _assign(user: User, name: str, value, now: datetime) -> None:
    if name == "roles":
        user.set_roles({Role(item) for item in value})
    elif name == "active":
        set_user_active(user, value, now)
    else:
        setattr(user, name, value)


def apply_people(people: list[Person], settings: DirectorySettings, now: datetime,
                 figures: Figures, progress: Callable[[int], None] | None = None) -> Figures:
    """Create, update and disable accounts from the complete list of the directory's people."""
    run = _Apply(settings, now, figures)
    was_active = {user.id: user.active for user in run.users.values()}
    linked = []
    for number, person in enumerate(people, start=1):
        user = run.person(person)
        if user is not None:
            linked.append((person, user))
        if progress is not None:
            progress(number)
    db.session.flush()
    run.managers(linked)
    run.disable_missing({person.directory_id for person in people})
    for _person, user in linked:
        if user in run.changed and was_active.get(user.id) and not user.active:
            figures.disabled += 1
        elif user in run.changed and user.id in was_active:
            figures.updated += 1
        elif user not in run.changed:
            figures.unchanged += 1
    figures.conflicts = len(run.conflicted)
    figures.entities_created = len(run.entities.created)
    figures.messages += [f"Entité créée : {entity.path}" for entity in run.entities.created]
    db.session.flush()
    return figures
