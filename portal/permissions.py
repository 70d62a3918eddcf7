"""Who may do what in the core; feature packages keep their own can_* next to their models."""

from portal.enums import Role
from portal.models import User


def can_edit_entities(user: User) -> bool:
    """Entities and contacts are kept by the relations manager and the administrators."""
    return user.is_authenticated and user.has_role(Role.ADMIN, Role.RELATIONS_MANAGER)


def can_manage_users(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN)
