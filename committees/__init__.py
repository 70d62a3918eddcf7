"""Client committees, meetings, action plans, client meetings and projects."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hook the committees' models into the portal."""
    from committees import models as _models  # noqa: F401
