"""Web views of the tickets feature."""

from flask import Blueprint

bp = Blueprint("tickets", __name__, url_prefix="/demandes")
