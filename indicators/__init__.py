"""Satisfaction surveys and the read-only indicator dashboards."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hook the surveys' models into the portal."""
    from indicators.surveys import models as _models  # noqa: F401
