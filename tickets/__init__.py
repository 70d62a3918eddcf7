"""Requests: the functional mailbox, the request lifecycle and the portal's request pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hook the requests' models, CLI and demo data into the portal."""
    from catalog.sheets import format_hours
    from tickets import cli, demo, demo_history, history, home
    from tickets import models as _models  # noqa: F401
    from tickets.mailbox import models as _mailbox_models  # noqa: F401

    cli.register(app)
    app.extensions.setdefault("demo_seeders", []).extend((demo_history.SEEDER, demo.SEEDER))
    app.extensions.setdefault("home_panels", []).append(home.home_panel)
    app.extensions.setdefault("entity_panels", []).append(home.entity_panel)
    app.jinja_env.globals.update(event_label=history.event_label,
                                 event_value=history.event_value)
    app.jinja_env.filters["plain_due"] = history.plain_due
    app.jinja_env.filters["business_hours"] = format_hours
