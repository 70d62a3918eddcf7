"""Template helpers: navigation by role, dates and numbers in the user's locale."""

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.enums import Role
from portal.models import STAFF_ROLES

# (endpoint, label, icon, roles allowed); only routes that exist are listed.
NAVIGATION = (
    ("main.home", _l("Accueil"), "house", None),
    ("entities.index", _l("Entités et interlocuteurs"), "diagram-3", STAFF_ROLES),
    ("admin.users", _l("Utilisateurs"), "people", {Role.ADMIN}),
)


def navigation_for(user) -> list[tuple[str, str, str]]:
    """The menu entries the user may open."""
    if not user.is_authenticated:
        return []
    return [(endpoint, label, icon) for endpoint, label, icon, roles in NAVIGATION
            if roles is None or user.has_role(*roles)]


def register(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else "")
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else "")
    app.jinja_env.filters["number"] = lambda value: (
        format_decimal(value) if value is not None else "")

    @app.context_processor
    def inject_layout():
        return {
            "navigation": navigation_for(current_user),
            "current_locale": str(get_locale()),
            "Role": Role,
        }
