"""Web views of the committees feature."""

from flask import Blueprint

bp = Blueprint("committees", __name__, url_prefix="/comites")
