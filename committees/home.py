"""What the committees add to the home page and to an entity's 360° page."""

from sqlalchemy import func, select

from committees.enums import OPEN_ACTION_STATUSES, MeetingStatus
from committees.models import Action, ClientMeeting, Committee, Meeting, Project, committee_entities
from committees.permissions import can_follow_entity, is_manager, visible_actions
from committees.queries import published_meetings
from portal.calendars import local_today
from portal.enums import Role
from portal.extensions import db
from portal.models import Entity, User
from portal.timeutil import utcnow

SHOWN = 6


def home_panel(user: User, role: Role) -> dict | None:
    """Staff: their open actions, late first; the manager: sittings still lacking minutes.
    Requesters: the latest minutes published to their direction."""
    if role is Role.REQUESTER:
        meetings = published_meetings(user)[:3]
        return {"template": "committees/_home_panel.html", "published": meetings} if (
            meetings) else None
    actions = db.session.scalars(visible_actions(user).where(
        Action.owner_id == user.id, Action.status.in_(OPEN_ACTION_STATUSES))
        .order_by(Action.due_on.is_(None), Action.due_on).limit(SHOWN)).all()
    panel = {"template": "committees/_home_panel.html", "actions": actions, "today": local_today()}
    if is_manager(user):
        panel["missing_minutes"] = db.session.scalars(select(Meeting).where(
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.HELD)),
            Meeting.starts_at < utcnow(), Meeting.minutes_at.is_(None))
            .order_by(Meeting.starts_at.desc()).limit(SHOWN)).all()
    return panel if actions or panel.get("missing_minutes") else None


def entity_panel(entity: Entity, user: User) -> dict | None:
    """Committees, coming and past sittings, open actions, projects and recent client meetings."""
    if not can_follow_entity(user, entity.id):
        return None
    ids = entity.descendant_ids()
    committees = db.session.scalars(select(Committee).where(Committee.id.in_(
        select(committee_entities.c.committee_id).where(
            committee_entities.c.entity_id.in_(ids)))).order_by(Committee.name)).all()
    meetings = db.session.scalars(select(Meeting).where(
        Meeting.committee_id.in_([c.id for c in committees]),
        Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc()).limit(SHOWN)).all()
    return {
        "template": "committees/_entity_panel.html", "today": local_today(), "wide": True,
        "can_manage": is_manager(user), "entity_id": entity.id,
        "committees": committees, "meetings": meetings,
        "actions": db.session.scalars(visible_actions(user).where(
            Action.entity_id.in_(ids), Action.status.in_(OPEN_ACTION_STATUSES))
            .order_by(Action.due_on.is_(None), Action.due_on)).all(),
        "projects": db.session.scalars(select(Project).where(Project.entity_id.in_(ids))
                                       .order_by(Project.raised_on.desc())).all(),
        "client_meetings": db.session.scalars(select(ClientMeeting).where(
            ClientMeeting.entity_id.in_(ids)).order_by(ClientMeeting.met_on.desc())
            .limit(SHOWN)).all(),
        "met_count": db.session.scalar(select(func.count(ClientMeeting.id)).where(
            ClientMeeting.entity_id.in_(ids))) or 0,
    }
