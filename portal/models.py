"""Core models: entities (the internal clients), their contacts, and user accounts."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import ClientType, ContactRole, EntityKind, Potential, Role, Segment, db_enum
from portal.extensions import db
from portal.timeutil import UTCDateTime, utcnow

STAFF_ROLES = frozenset({Role.AGENT, Role.PRODUCT_LEAD, Role.RELATIONS_MANAGER, Role.ADMIN})


class Entity(db.Model):
    """A direction, department or site of the company: an internal client of the DSI."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[EntityKind] = mapped_column(db_enum(EntityKind, "entity_kind"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    client_type: Mapped[ClientType] = mapped_column(db_enum(ClientType, "client_type"))
    segment: Mapped[Segment] = mapped_column(db_enum(Segment, "segment"), default=Segment.NONE)
    potential: Mapped[Potential] = mapped_column(
        db_enum(Potential, "potential"), default=Potential.MEDIUM
    )
    headcount: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("business_calendars.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Entity | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Entity]] = relationship(
        back_populates="parent", order_by="Entity.name"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Contact.last_name"
    )

    def __repr__(self) -> str:
        return f"<Entity {self.code}>"

    @property
    def path(self) -> str:
        """Full name from the top of the tree, e.g. 'Direction Financière › Comptabilité'."""
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " › ".join(reversed(names))

    def ancestors(self) -> list[Entity]:
        """Return the chain of parents, nearest first."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """Return the ids of this entity and everything below it."""
        ids, stack = set(), [self]
        while stack:
            node = stack.pop()
            ids.add(node.id)
            stack.extend(node.children)
        return ids


class Contact(db.Model):
    """A key person of an entity for the relationship (the 'base interlocuteurs')."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    job_title: Mapped[str] = mapped_column(String(160), default="")
    relation_role: Mapped[ContactRole] = mapped_column(db_enum(ContactRole, "contact_role"))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entity: Mapped[Entity] = relationship(back_populates="contacts")
    user: Mapped[User | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class UserRole(db.Model):
    """One role held by a user; a user may hold several."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(db_enum(Role, "role"), primary_key=True, index=True)


class User(UserMixin, db.Model):
    """A person who signs in to the portal; belongs to exactly one entity."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    job_title: Mapped[str] = mapped_column(String(160), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(default=True)
    # The security stamp: bumped on password or address change, deactivation and "log out
    # everywhere"; password links name it, so each of those ends the links already sent.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    entity: Mapped[Entity] = relationship()
    manager: Mapped[User | None] = relationship(remote_side=[id], foreign_keys=[manager_id])
    role_links: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<User {self.email}>"

    @property
    def is_active(self) -> bool:
        return self.active

    # The sign-in session this object was loaded through ("<session id>.<token>"), set by
    # portal.login_sessions; Flask-Login stores get_id() in the session and remember cookie.
    login_key = ""
    current_session = None  # the LoginSession row itself

    def get_id(self) -> str:
        return f"{self.id}:{self.login_key}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def roles(self) -> set[Role]:
        return {link.role for link in self.role_links}

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the user's roles; every user keeps the requester role."""
        wanted = set(roles) | {Role.REQUESTER}
        self.role_links = [link for link in self.role_links if link.role in wanted]
        held = self.roles
        self.role_links.extend(UserRole(role=role) for role in sorted(wanted - held))

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def main_role(self) -> Role:
        """The role whose home page the user lands on: the most specific one held."""
        for role in (Role.ADMIN, Role.RELATIONS_MANAGER, Role.PRODUCT_LEAD, Role.AGENT):
            if role in self.roles:
                return role
        return Role.REQUESTER


def get_manager(user: User, active_only: bool = True) -> User | None:
    """Return the person's manager; by default the nearest active one up the line."""
    seen, manager = {user.id}, user.manager
    while manager is not None and manager.id not in seen:  # a loop in the data ends the walk
        if manager.active or not active_only:
            return manager
        seen.add(manager.id)
        manager = manager.manager
    return None


class LoginSession(db.Model):
    """One sign-in on one browser: the session and remember cookies name it and its token."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the random token
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    remember: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


def get_user_by_email(email: str) -> User | None:
    """Return the account with this e-mail address (stored lower-case)."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))
