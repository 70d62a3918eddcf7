"""Who may see and change what in the catalogue."""

from sqlalchemy import Select, select

from catalog.enums import Lifecycle
from catalog.models import Service
from portal.enums import Role

EDITORS = (Role.ADMIN, Role.RELATIONS_MANAGER)


def can_manage_catalog(user) -> bool:
    """Families, news, new services and subscriptions belong to the relations manager."""
    return user.is_authenticated and user.has_role(*EDITORS)


def can_edit_service(user, service: Service) -> bool:
    """A product lead edits the sheets they own or back up; managers edit them all."""
    if not user.is_authenticated:
        return False
    if user.has_role(*EDITORS):
        return True
    return user.has_role(Role.PRODUCT_LEAD) and user.id in (service.owner_id, service.backup_id)


def can_see_drafts(user) -> bool:
    """Staff read the working copies; requesters only ever see published sheets."""
    return user.is_authenticated and user.is_staff


def visible_services(user) -> Select:
    """Every query of services shown to a user starts here."""
    query = select(Service)
    if not can_see_drafts(user):
        query = query.where(Service.published_revision_id.is_not(None),
                            Service.lifecycle != Lifecycle.RETIRED)
    return query


def can_see_coverage(user, service: Service) -> bool:
    """Coverage figures are for the service's product leads and the relations manager."""
    return can_edit_service(user, service)
