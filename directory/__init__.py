"""The company directory (LDAP / Active Directory): accounts, entities and managers synced."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hook the directory's models and CLI into the portal."""
    from directory import cli
    from directory.models import get_link

    cli.register(app)
    app.jinja_env.globals["directory_link_for"] = get_link
