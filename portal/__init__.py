"""The DSI client-relations portal: application factory."""

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import ROOT, check_production, load_config
from portal.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(overrides: dict | None = None) -> Flask:
    """Create and configure the portal application."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config())
    app.config.update(overrides or {})
    check_production(app.config)
    logging.basicConfig(level=app.config["LOG_LEVEL"],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    trust_proxies(app)

    _init_extensions(app)
    _register_blueprints(app)

    from portal import cli, errors, templating

    errors.register(app)
    templating.register(app)
    cli.register(app)
    return app



def trust_proxies(app: Flask) -> None:
    """Read X-Forwarded-* from as many reverse proxies as PORTAL_PROXY_FIX says, else none."""
    hops = app.config["PROXY_FIX"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

def _init_extensions(app: Flask) -> None:
    from portal import audit as _audit  # noqa: F401
    from portal import auth, bodylimits, hardening, i18n, jobs
    from portal import calendars as _calendars  # noqa: F401
    from portal import exports as _exports  # noqa: F401
    from portal import models as _models  # noqa: F401  (tables known to Flask-Migrate)
    from portal import outbox as _outbox  # noqa: F401

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    bodylimits.init_app(app)  # before the CSRF check, which reads the body
    csrf.init_app(app)
    hardening.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    auth.init_login(app, login_manager)
    jobs.init_celery(app)


def _register_blueprints(app: Flask) -> None:
    from catalog.views import bp as catalog_bp
    from committees.views import bp as committees_bp
    from directory.views import bp as directory_bp
    from indicators.surveys.views import bp as surveys_bp
    from indicators.views import bp as indicators_bp
    from portal.views.account import bp as account_bp
    from portal.views.admin import bp as admin_bp
    from portal.views.auth import bp as auth_bp
    from portal.views.calendars import bp as calendars_bp
    from portal.views.entities import bp as entities_bp
    from portal.views.exports import bp as exports_bp
    from portal.views.main import bp as main_bp
    from tickets.views import bp as tickets_bp

    for blueprint in (main_bp, auth_bp, admin_bp, calendars_bp, entities_bp, exports_bp,
                      catalog_bp, tickets_bp, committees_bp, indicators_bp, surveys_bp, account_bp,
                      directory_bp):
        app.register_blueprint(blueprint)
    import catalog
    import committees
    import directory
    import indicators
    import tickets

    catalog.init_app(app)
    tickets.init_app(app)
    committees.init_app(app)
    directory.init_app(app)
    indicators.init_app(app)
