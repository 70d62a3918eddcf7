"""Satisfaction surveys and the read-only indicator dashboards."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hook the surveys' models into the portal."""
    from indicators.surveys import demo, home
    from indicators.surveys import models as _models  # noqa: F401

    app.extensions.setdefault("home_panels", []).append(home.home_panel)
    app.extensions.setdefault("entity_panels", []).append(home.entity_panel)
    app.extensions.setdefault("demo_seeders", []).append(demo.SEEDER)
