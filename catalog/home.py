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
