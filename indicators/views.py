"""Web views of the indicators feature."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/indicateurs")
