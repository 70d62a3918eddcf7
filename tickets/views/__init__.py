"""Web views of the requests."""

from flask import Blueprint

bp = Blueprint("tickets", __name__, url_prefix="/demandes")

from tickets.views import (  # noqa: E402,F401  (routes register on bp)
    desk,
    inbound,
    mailboxes,
    requester,
    settings,
)
