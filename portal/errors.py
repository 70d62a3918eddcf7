"""Error pages in the user's language that say what to do next."""

import logging

from flask import Flask, abort, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, InternalServerError

from portal import audit
from portal.audit import AuditKind
from portal.extensions import db

logger = logging.getLogger(__name__)
AUDITED = {403: AuditKind.REFUSED, 429: AuditKind.RATE_LIMITED}


def _without_nul(data: MultiDict) -> MultiDict | None:
    """The same data with its NUL characters dropped; None if it had none."""
    if not any("\x00" in value for _name, value in data.items(multi=True)):
        return None
    return type(data)((name, value.replace("\x00", "")) for name, value in data.items(multi=True))


def register(app: Flask) -> None:
    @app.before_request
    def drop_nul():
        # A NUL is never typed by a person and PostgreSQL refuses it in text: drop it from the
        # query string and the form, the same on every database (werkzeug lets a request's
        # cached args and form be replaced); a path naming something with a NUL names nothing.
        if any("\x00" in str(value) for value in (request.view_args or {}).values()):
            abort(404)
        if (args := _without_nul(request.args)) is not None:
            request.args = args
        if request.method == "POST" and (form := _without_nul(request.form)) is not None:
            request.form = form

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
