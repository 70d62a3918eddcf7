"""Template helpers: navigation by role, dates and numbers in the user's locale."""

import base64

from flask import Flask, has_request_context, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.enums import Role
from portal.models import STAFF_ROLES, get_manager

# Shown to people without a staff role; staff find their own requests in the user menu.
REQUESTERS_ONLY = "requesters-only"

# Bidi embedding, override and isolate controls: "facture\u202efdp.exe" would display as
# "factureexe.pdf". Dropped from every value a template prints (pages, mails, PDFs).
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def strip_bidi_controls(value):
    """Print text without bidi controls; Markup stays Markup (removing a character is safe)."""
    return value.translate(BIDI_CONTROLS) if isinstance(value, str) else value


# (endpoint, label, icon, roles allowed); only routes that exist are listed.
NAVIGATION = (
    ("main.home", _l("Accueil"), "house", None),
    ("catalog.index", _l("Catalogue"), "grid-3x3-gap", None),
    ("tickets.mine", _l("Mes demandes"), "chat-left-text", REQUESTERS_ONLY),
    ("tickets.queue", _l("File des demandes"), "inboxes", STAFF_ROLES - {Role.ADMIN}),
    ("tickets.inbound_list", _l("Courriels reçus"), "envelope-exclamation",
     {Role.RELATIONS_MANAGER, Role.ADMIN}),
    ("catalog.my_services", _l("Mes services"), "box-seam", {Role.PRODUCT_LEAD}),
    ("catalog.coverage", _l("Couverture"), "pie-chart",
     {Role.PRODUCT_LEAD, Role.RELATIONS_MANAGER, Role.ADMIN}),
    ("catalog.news", _l("Actualités"), "megaphone", {Role.RELATIONS_MANAGER, Role.ADMIN}),
    ("entities.index", _l("Clients"), "diagram-3", STAFF_ROLES),
    ("committees.index", _l("Comités"), "people",
     {Role.PRODUCT_LEAD, Role.RELATIONS_MANAGER, Role.ADMIN}),
    ("surveys.index", _l("Enquêtes"), "clipboard-check", {Role.RELATIONS_MANAGER, Role.ADMIN}),
    ("indicators.mailbox", _l("Indicateurs"), "bar-chart-line",
     {Role.RELATIONS_MANAGER, Role.ADMIN}),
    ("surveys.barometer", _l("Satisfaction"), "graph-up", {Role.PRODUCT_LEAD}),
    ("indicators.services", _l("Indicateurs"), "bar-chart-line", {Role.PRODUCT_LEAD}),
    ("admin.users", _l("Utilisateurs"), "people", {Role.ADMIN}),
    ("admin.audit_log", _l("Journal de sécurité"), "shield-lock", {Role.ADMIN}),
    ("directory.settings", _l("Annuaire"), "person-lines-fill", {Role.ADMIN}),
)


def navigation_for(user) -> list[tuple[str, str, str]]:
    """The menu entries the user may open."""
    if not user.is_authenticated:
        return []
    return [(endpoint, label, icon) for endpoint, label, icon, roles in NAVIGATION
            if roles is None or (not user.is_staff if roles == REQUESTERS_ONLY
                                 else user.has_role(*roles))]


def active_entry(entries: list[tuple[str, str, str]], endpoint: str | None) -> str | None:
    """The menu entry to highlight: the page's own, else the first of its feature."""
    endpoints = [entry[0] for entry in entries]
    if endpoint in endpoints or not endpoint:
        return endpoint
    feature = endpoint.split(".")[0]
    return next((e for e in endpoints if e.split(".")[0] == feature and feature != "main"), None)


def register(app: Flask) -> None:
    app.jinja_env.finalize = strip_bidi_controls
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else "")
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else "")
    app.jinja_env.filters["number"] = lambda value: (
        format_decimal(value) if value is not None else "")

    app.jinja_env.filters["percent"] = lambda value: (
        format_percent(value, "#,##0.# %") if value is not None else "")
    app.jinja_env.filters["b64"] = lambda text: base64.b64encode(text.encode()).decode()
    app.jinja_env.globals["get_manager"] = get_manager

    @app.context_processor
    def inject_layout():
        if not has_request_context():  # mail and PDFs rendered by the worker
            return {"Role": Role}
        return {
            "navigation": (navigation := navigation_for(current_user)),
            "active_entry": active_entry(navigation, request.endpoint),
            "current_locale": str(get_locale()),
            "Role": Role,
        }
