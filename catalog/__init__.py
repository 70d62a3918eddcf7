"""The DSI service catalogue: families, service sheets, subscriptions and news."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hook the catalogue's demo data, home panels and CLI into the portal."""
    from catalog import demo, exports, home
    from portal.exports import register_builder

    register_builder(exports.KIND, exports.build_catalogue_pdf)
    app.extensions.setdefault("demo_seeders", []).append(demo.SEEDER)
    app.extensions.setdefault("home_panels", []).append(home.home_panel)
    app.extensions.setdefault("entity_panels", []).append(home.entity_panel)
