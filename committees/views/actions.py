"""Views of the actions."""

from committees.views import bp  # noqa: F401
