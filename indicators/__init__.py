"""Satisfaction surveys and the read-only indicator dashboards."""

from flask import Flask

from portal.exports import register_builder


def init_app(app: Flask) -> None:
    """Hook the surveys and the indicators into the portal: models, CLI, panels, demo data."""
    from committees.permissions import register_response_scope
    from indicators import cli, formatting, report
    from indicators import demo as indicators_demo
    from indicators import home as indicator_home
    from indicators import models as _indicator_models  # noqa: F401
    from indicators.surveys import demo, home, result_queries
    from indicators.surveys import models as _models  # noqa: F401

    cli.register(app)
    formatting.register(app)
    register_builder(report.KIND, report.build_report_export)
    register_response_scope(result_queries.readable_responses)

    app.extensions.setdefault("home_panels", []).extend((indicator_home.home_panel,
                                                         home.home_panel))
    app.extensions.setdefault("entity_panels", []).append(home.entity_panel)
    app.extensions.setdefault("demo_seeders", []).append(demo.SEEDER)
    app.extensions["demo_seeders"].append(indicators_demo.SEEDER)
