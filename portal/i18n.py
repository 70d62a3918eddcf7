"""Locale choice: the user's preference, then the session's, then French."""

from datetime import UTC, datetime

from flask import current_app, has_request_context, session
from flask_babel import to_user_timezone
from flask_babel import to_utc as babel_to_utc
from flask_login import current_user


def select_locale() -> str:
    """Pick the interface language for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def to_utc(local: datetime | None) -> datetime | None:
    """A naive wall-clock time typed in a form (the portal's time zone) as an aware UTC instant."""
    return None if local is None else babel_to_utc(local).replace(tzinfo=UTC)


def to_local_naive(instant: datetime | None) -> datetime | None:
    """An aware instant as the naive wall-clock time a form field shows."""
    return None if instant is None else to_user_timezone(instant).replace(tzinfo=None)
