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
    """The entity's subscriptions, and the services aimed at it that it does not use yet."""
    if not user.is_staff:
        return None
    today = utcnow().date()
    ids = entity.descendant_ids()
    subscriptions = queries.list_entity_subscriptions(ids, today)
    used = {subscription.service_id for subscription in subscriptions}
    offered = [service for service in queries.list_services_targeting(entity)
               if service.id not in used]
    return {"template": "catalog/_entity_panel.html", "subscriptions": subscriptions,
            "offered": offered, "coverage": len(used) / (len(used) + len(offered))
            if used or offered else None}
