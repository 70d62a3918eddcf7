"""Views of the relations."""

from committees.views import bp  # noqa: F401
