"""Who may see and change what in the committees: one scoping function per kind of row."""

from collections.abc import Callable

from sqlalchemy import Select, and_, false, literal, or_, select

from catalog.models import Service, Subscription
from committees.models import Action, Committee, Meeting, committee_entities
from portal.enums import Role
from portal.extensions import db
from portal.models import User

MANAGERS = (Role.RELATIONS_MANAGER, Role.ADMIN)
# An action born of a survey answer is seen by that answer's readers only. The surveys register
# at start-up the query of the response ids a user may read (committees cannot import them).
RESPONSE_SCOPE: list[Callable[[User], Select]] = []


def register_response_scope(scope: Callable[[User], Select]) -> None:
    """Set the query of the survey responses a user may read (called by the surveys)."""
    RESPONSE_SCOPE[:] = [scope]


def readable_response_ids(user: User) -> Select:
    """Ids of the survey responses the user may read; none until the surveys registered."""
    if RESPONSE_SCOPE:
        return RESPONSE_SCOPE[0](user)
    return select(Action.survey_response_id).where(false())


def is_manager(user: User) -> bool:
    """The relations manager (and the administrators) run committees and plans."""
    return user.is_authenticated and user.has_role(*MANAGERS)


def served_entity_ids(user: User) -> set[int]:
    """The entities subscribed to a service the user leads or backs up."""
    owned = select(Service.id).where(or_(Service.owner_id == user.id,
                                         Service.backup_id == user.id))
    return set(db.session.scalars(select(Subscription.entity_id).where(
        Subscription.service_id.in_(owned), Subscription.until.is_(None))).all())


def can_follow_entity(user: User, entity_id: int | None) -> bool:
    """Managers follow every client; a product lead follows the entities they serve."""
    if is_manager(user):
        return True
    return (user.is_authenticated and user.has_role(Role.PRODUCT_LEAD)
            and entity_id in served_entity_ids(user))


def visible_committees(user: User) -> Select:
    """Committees the user may open: all for managers, the served entities' for product leads."""
    query = select(Committee)
    if is_manager(user):
        return query
    if user.is_authenticated and user.has_role(Role.PRODUCT_LEAD):
        served = served_entity_ids(user)
        return query.where(or_(Committee.id.in_(
            select(committee_entities.c.committee_id).where(
                committee_entities.c.entity_id.in_(served))),
            Committee.members.any(user_id=user.id)))
    return query.where(false())


def can_see_committee(user: User, committee: Committee) -> bool:
    return db.session.scalar(visible_committees(user).where(
        Committee.id == committee.id).with_only_columns(Committee.id)) is not None


def visible_actions(user: User) -> Select:
    """Actions the user may see: all for managers; their own and their clients' otherwise.

    An action born of a survey answer follows the answer, not its owner nor its entity:
    whoever may read the answer sees the action, nobody else (the owner included).
    """
    query = select(Action)
    if is_manager(user):
        return query
    if not user.is_authenticated or not user.is_staff:
        return query.where(false())
    rules = [Action.owner_id == user.id]
    if user.has_role(Role.PRODUCT_LEAD):
        rules.append(Action.entity_id.in_(served_entity_ids(user)))
    return query.where(or_(and_(Action.survey_response_id.is_(None), or_(*rules)),
                           Action.survey_response_id.in_(readable_response_ids(user))))


def can_see_action(user: User, action: Action) -> bool:
    """Whether the action is in the user's plan (see visible_actions)."""
    return db.session.scalar(visible_actions(user).where(Action.id == action.id)
                             .with_only_columns(Action.id)) is not None


def may_own_action(user: User, action: Action) -> bool:
    """A survey-born action goes only to someone who may read the answer it links to."""
    if action.survey_response_id is None or is_manager(user):
        return True
    return db.session.scalar(select(literal(True)).where(literal(action.survey_response_id).in_(
        readable_response_ids(user)))) is not None


def can_update_action(user: User, action: Action) -> bool:
    """The owner updates the action's progress; the managers change everything."""
    return is_manager(user) or (user.is_authenticated and action.owner_id == user.id)


def can_read_published_minutes(user: User, meeting: Meeting) -> bool:
    """A requester reads the published minutes of the committees of their entity (or above)."""
    if not (user.is_authenticated and meeting.minutes_published and meeting.has_minutes):
        return False
    own = {user.entity_id, *(parent.id for parent in user.entity.ancestors())}
    return bool(own & meeting.committee.entity_ids)
