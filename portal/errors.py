"""Error pages in the user's language that say what to do next."""

import logging

from flask import Flask, abort, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal import audit
from portal.audit import AuditKind
from portal.extensions import db

logger = logging.getLogger(__name__)
AUDITED = {403: AuditKind.REFUSED, 429: AuditKind.RATE_LIMITED}


def has_nul(values) -> bool:
    """Whether a NUL character hides in these texts (never typed by a person)."""
    return any("\x00" in value for value in values if isinstance(value, str))


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul():
        # PostgreSQL refuses NUL in text: refuse the request before any view stores or
        # looks it up, the same on every database.
        if has_nul([value for data in (request.args, request.form)
                    for _name, value in data.items(multi=True)]
                   + list((request.view_args or {}).values())):
            abort(400)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        audit.record(AuditKind.CSRF_FAILED, error.description)
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/static/"):
            return error
        if error.code in AUDITED:
            db.session.rollback()  # a refused request leaves nothing behind
            audit.record(AUDITED[error.code], request.endpoint or "")
        return render_template("errors/error.html", code=error.code,
                               description=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()  # the page must render even after a failed flush
        code = InternalServerError.code
        return render_template("errors/error.html", code=code, description=None), code
