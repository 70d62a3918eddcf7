"""Web views of the catalog feature."""

from flask import Blueprint

bp = Blueprint("catalog", __name__, url_prefix="/catalogue")
