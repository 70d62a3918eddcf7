"""What the catalogue adds to each role's home page."""

from datetime import timedelta

from flask import current_app

from catalog import queries
from catalog.services import has_unpublished_changes
from portal.enums import Role
from portal.timeutil import utcnow


def home_panel(user, role: Role) -> dict:
    """News for everyone; for a product lead, the sheets that need them."""
    panel = {"template": "catalog/_home_panel.html", "news": queries.list_published_news()}
    if role == Role.PRODUCT_LEAD:
        limit = utcnow() - timedelta(days=30 * current_app.config["CATALOG_REVIEW_MONTHS"])
        owned = queries.list_owned_services(user)
        panel["owned"] = owned
        panel["to_review"] = [s for s in owned if s.last_reviewed_at < limit]
        panel["to_publish"] = [s for s in owned if has_unpublished_changes(s)]
    return panel


def entity_panel(entity, user) -> dict | None:
    """The services the entity (or its departments) uses, and those aimed at it it does not."""
    if not user.is_staff:
        return None
    users_of: dict = {}
    for subscription in queries.list_entity_subscriptions(entity.descendant_ids(), utcnow().date()):
        users_of.setdefault(subscription.service, set()).add(subscription.entity.name)
    offered = [service for service in queries.list_services_targeting(entity)
               if service not in users_of]
    used = sorted(users_of.items(), key=lambda item: item[0].name)
    return {"template": "catalog/_entity_panel.html", "used": used, "offered": offered,
            "coverage": len(used) / (len(used) + len(offered)) if used or offered else None}
