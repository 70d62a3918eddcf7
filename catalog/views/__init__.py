"""Web views of the catalogue."""

from flask import Blueprint

bp = Blueprint("catalog", __name__, url_prefix="/catalogue")

from catalog.views import (  # noqa: E402,F401  (routes register on bp)
    browse,
    coverage,
    editing,
    families,
    news,
    synopsis,
)
