"""Views of the committees."""

from committees.views import bp  # noqa: F401
