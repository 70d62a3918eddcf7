"""Client committees, meetings, action plans, client meetings and projects."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hook the committees' models, filters and demo data into the portal."""
    from committees import demo, home
    from committees import models as _models  # noqa: F401
    from portal.richtext import render_markdown

    app.jinja_env.filters["markdown"] = render_markdown
    app.extensions.setdefault("demo_seeders", []).append(demo.SEEDER)
    app.extensions.setdefault("home_panels", []).append(home.home_panel)
    app.extensions.setdefault("entity_panels", []).append(home.entity_panel)
