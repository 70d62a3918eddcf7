"""Read-only queries of the core used by views and forms."""

import unicodedata

from sqlalchemy import func, or_, select

from portal.enums import Role
from portal.extensions import MAX_ID, db
from portal.models import Entity, User, UserRole

PAGE_SIZE = 25


def parse_id(value) -> int | None:
    """A database id read from the query string; anything else, or out of range, is None."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text) if 0 < int(text) <= MAX_ID else None


def collation_key(text: str) -> str:
    """Sort key that orders French names as a reader expects (case and accents ignored)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def escape_like(text: str) -> str:
    """Make user text literal inside a LIKE pattern (used with escape="\\")."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_entities() -> list[Entity]:
    """All entities, in tree order (each parent followed by its children)."""
    entities = sorted(db.session.scalars(select(Entity)), key=lambda e: collation_key(e.name))
    by_parent: dict[int | None, list[Entity]] = {}
    for entity in entities:
        by_parent.setdefault(entity.parent_id, []).append(entity)
    ordered: list[Entity] = []

    def walk(parent_id: int | None) -> None:
        for child in by_parent.get(parent_id, []):
            ordered.append(child)
            walk(child.id)

    walk(None)
    return ordered


def entity_depth(entity: Entity) -> int:
    return len(entity.ancestors())


def users_with_roles(*roles: Role):
    """A query of the active users holding one of the roles, by name."""
    return (select(User).where(User.active.is_(True), User.id.in_(
        select(UserRole.user_id).where(UserRole.role.in_(roles))))
        .order_by(User.last_name, User.first_name, User.id))


def user_choices(*roles: Role, blank: str | None = None) -> list[tuple[int, str]]:
    """(id, name) pairs of the active users holding one of the roles, for a select."""
    choices = [(0, blank)] if blank is not None else []
    return choices + [(u.id, u.full_name) for u in db.session.scalars(users_with_roles(*roles))]


def entity_choices(blank: str | None = None, exclude: set[int] | None = None) -> list:
    """(id, indented name) pairs for a select, in tree order."""
    choices = [(0, blank)] if blank is not None else []
    for entity in list_entities():
        if exclude and entity.id in exclude:
            continue
        choices.append((entity.id, "\u00a0\u00a0" * entity_depth(entity) + entity.name))
    return choices


def search_users(term: str = "", role: str = "", entity_id: int | None = None,
                 status: str = "", page: int = 1):
    """Page through accounts, filtered by text, role, entity and status."""
    query = select(User).order_by(User.last_name, User.first_name, User.id)
    if term:
        like = f"%{escape_like(term.strip().lower())}%"
        query = query.where(or_(func.lower(User.email).like(like, escape="\\"),
                                func.lower(User.last_name).like(like, escape="\\"),
                                func.lower(User.first_name).like(like, escape="\\")))
    if role in Role._value2member_map_:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if entity_id and 0 < entity_id <= MAX_ID:
        query = query.where(User.entity_id == entity_id)
    if status in ("active", "inactive"):
        query = query.where(User.active.is_(status == "active"))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def count_reports(user: User) -> int:
    """How many accounts have this person as their manager."""
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.manager_id == user.id)) or 0
