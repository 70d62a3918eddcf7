"""Web views of the committees feature: committees, meetings, action plans, client relations."""

from flask import Blueprint

bp = Blueprint("committees", __name__, url_prefix="/comites")

from committees.views import actions, committees, meetings, relations  # noqa: E402, F401
