"""What each role's home page shows of the core; features add their own panels later."""

from flask import current_app
from sqlalchemy import func, select

from portal.enums import Role, Segment
from portal.extensions import db
from portal.models import Contact, Entity, User, UserRole
from portal.outbox import MAX_ATTEMPTS, OutboxMessage
from portal.timeutil import utcnow


def _entity_summary(user: User) -> dict:
    entity = user.entity
    return {"entity": entity, "entity_contacts": entity.contacts}


def _segment_counts() -> list[tuple[Segment, int]]:
    rows = dict(db.session.execute(
        select(Entity.segment, func.count()).where(Entity.is_active).group_by(Entity.segment)
    ).all())
    return [(segment, rows.get(segment, 0)) for segment in Segment]


def _role_counts() -> list[tuple[Role, int]]:
    rows = dict(db.session.execute(
        select(UserRole.role, func.count()).join(User, User.id == UserRole.user_id)
        .where(User.active).group_by(UserRole.role)
    ).all())
    return [(role, rows.get(role, 0)) for role in Role]


def _outbox_counts() -> dict:
    pending = db.session.scalar(select(func.count()).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS))
    failed = db.session.scalar(select(func.count()).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.attempts >= MAX_ATTEMPTS))
    return {"outbox_pending": pending, "outbox_failed": failed}


def home_context(user: User, role: Role) -> dict:
    """Gather the figures the role's home page shows."""
    context = _entity_summary(user)
    context["today"] = utcnow()
    context["panels"] = [panel for make_panel in current_app.extensions.get("home_panels", [])
                         if (panel := make_panel(user, role))]
    if role in (Role.RELATIONS_MANAGER, Role.ADMIN, Role.PRODUCT_LEAD, Role.AGENT):
        context["segment_counts"] = _segment_counts()
        context["entity_count"] = db.session.scalar(
            select(func.count()).select_from(Entity).where(Entity.is_active))
        context["contact_count"] = db.session.scalar(select(func.count()).select_from(Contact))
    if role == Role.ADMIN:
        context["role_counts"] = _role_counts()
        context["inactive_users"] = db.session.scalar(
            select(func.count()).select_from(User).where(User.active.is_(False)))
        context.update(_outbox_counts())
    return context
