"""Services of the core: accounts, password links, entities and contacts."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal import login_sessions
from portal.enums import Role
from portal.extensions import db
from portal.models import Contact, Entity, User, get_user_by_email
from portal.outbox import external_url, queue_mail
from portal.passwords import MIN_LENGTH, password_problems
from portal.security import hash_password, needs_rehash, verify_password

USER_FIELDS = ("email", "first_name", "last_name", "job_title", "phone", "entity_id", "locale")
ENTITY_FIELDS = (
    "code", "name", "kind", "parent_id", "client_type", "segment", "potential", "headcount",
    "description", "is_active", "calendar_id",
)
CONTACT_FIELDS = (
    "first_name", "last_name", "job_title", "relation_role", "email", "phone", "notes", "user_id",
)


def assign_fields(obj, values: dict, fields: tuple[str, ...]) -> None:
    """Copy the given fields present in values onto obj."""
    for name in fields:
        if name in values:
            setattr(obj, name, values[name])


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """Return the active account matching the credentials, upgrading its hash if needed."""
    user = get_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    return user


class WeakPasswordError(ValueError):
    """A password too easy to guess, or built on the account's own names or address."""


def check_password_strength(user: User, password: str) -> None:
    """Refuse a weak password whatever path sets it; forms show the same reasons first."""
    problems = password_problems(password, user.first_name or "", user.last_name or "",
                                 user.email or "")
    if problems or len(password) < MIN_LENGTH:
        raise WeakPasswordError(" ".join(problems) or "password too short")


def create_user(values: dict, roles: set[Role], now: datetime,
                password: str | None = None) -> User:
    """Create an account; without a password, an invitation to choose one is e-mailed."""
    user = User(created_at=now)
    assign_fields(user, values, USER_FIELDS)
    user.email = values["email"].strip().lower()
    user.set_roles(roles)
    if password:
        check_password_strength(user, password)
    user.password_hash = hash_password(password) if password else None
    db.session.add(user)
    db.session.flush()
    if not password:
        send_password_link(user, now, invitation=True)
    return user


def update_user(user: User, values: dict, roles: set[Role], now: datetime) -> User:
    """Change an account's details and roles; a new address ends its sessions and links."""
    old_email = user.email
    assign_fields(user, values, USER_FIELDS)
    user.email = user.email.strip().lower()
    user.set_roles(roles)
    if user.email != old_email:
        login_sessions.revoke_all(user, now)
    db.session.flush()
    return user


def set_user_active(user: User, active: bool, now: datetime) -> None:
    """Deactivate (ending open sessions and password links) or reactivate an account."""
    if user.active and not active:
        login_sessions.revoke_all(user, now)
    user.active = active
    db.session.flush()


def set_password(user: User, password: str, now: datetime) -> None:
    """Set a new password and end every session and password link of the account."""
    check_password_strength(user, password)
    user.password_hash = hash_password(password)
    login_sessions.revoke_all(user, now)
    db.session.flush()


def change_own_password(user: User, current: str, new: str, now: datetime) -> bool:
    """Change a signed-in user's password if the current one is right; False otherwise.

    Every sign-in ends, this one too: the caller opens a new session for this browser.
    """
    if not verify_password(user.password_hash, current):
        return False
    set_password(user, new, now)
    return True


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-link")


def _digest(text: str) -> str:
    """A short digest, so the link names a value without showing it."""
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _link_binding(user: User) -> str:
    # The address, and the salted password hash: a link forged with a leaked signing key would
    # still need the hash, and a new password ends the links already sent.
    return _digest(f"{user.email.strip().lower()}|{user.password_hash or ''}")


def make_password_token(user: User) -> str:
    """Sign a single-use token bound to the address and the security stamp.

    A new password, a corrected address, a deactivation or "log out everywhere" changes one
    of them, which ends the links already sent.
    """
    return _serializer().dumps({"uid": user.id, "v": user.session_version,
                                "e": _link_binding(user)})


def get_user_for_token(token: str) -> User | None:
    """Return the account a valid, unexpired and unused password token is for."""
    max_age = current_app.config["PASSWORD_TOKEN_MAX_AGE"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or not user.is_active or user.session_version != data.get("v"):
        return None
    if not hmac.compare_digest(str(data.get("e", "")), _link_binding(user)):
        return None
    return user


def send_password_link(user: User, now: datetime, invitation: bool = False) -> None:
    """Queue an e-mail with a link to choose a password."""
    link = external_url("auth.reset_password", token=make_password_token(user))
    template = "account/invitation" if invitation else "account/password_reset"
    subject = ("Votre accès au portail Relations Clients de la DSI" if invitation
               else "Choisir un nouveau mot de passe")
    queue_mail(user.email, subject, template, now, user=user, link=link)


def request_password_reset(email: str, now: datetime) -> None:
    """Send a reset link if the address is a known active account; silent otherwise."""
    user = get_user_by_email(email)
    if user is not None and user.is_active:
        send_password_link(user, now)


def save_entity(entity: Entity | None, values: dict) -> Entity:
    """Create or update an entity."""
    entity = entity or Entity()
    assign_fields(entity, values, ENTITY_FIELDS)
    db.session.add(entity)
    db.session.flush()
    return entity


def save_contact(contact: Contact | None, entity: Entity, values: dict) -> Contact:
    """Create or update a key contact of an entity."""
    contact = contact or Contact(entity=entity)
    assign_fields(contact, values, CONTACT_FIELDS)
    db.session.add(contact)
    db.session.flush()
    return contact


def contact_references(contact: Contact) -> int:
    """How many rows (requests, committees, meetings, projects...) point at the contact."""
    total = 0
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(key.column is Contact.__table__.c.id for key in column.foreign_keys):
                total += db.session.scalar(
                    db.select(db.func.count()).select_from(table).where(column == contact.id))
    return total


def delete_contact(contact: Contact) -> bool:
    """Remove a contact from the base, unless something still refers to it."""
    if contact_references(contact):
        return False
    db.session.delete(contact)
    db.session.flush()
    return True


def is_valid_parent(entity: Entity | None, parent: Entity | None) -> bool:
    """Refuse a parent that would make a cycle in the entity tree."""
    if entity is None or entity.id is None or parent is None:
        return True
    return parent.id not in entity.descendant_ids()
