"""Error pages in the user's language that say what to do next."""

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal import audit
from portal.audit import AuditKind
from portal.extensions import db

logger = logging.getLogger(__name__)
AUDITED = {403: AuditKind.REFUSED, 429: AuditKind.RATE_LIMITED}


def register(app: Flask) -> None:
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
        code = InternalServerError.code
        return render_template("errors/error.html", code=code, description=None), code
