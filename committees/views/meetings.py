"""Views of the meetings."""

from committees.views import bp  # noqa: F401
