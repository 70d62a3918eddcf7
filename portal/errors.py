"""Error pages in the user's language that say what to do next."""

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/static/"):
            return error
        return render_template("errors/error.html", code=error.code,
                               description=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        code = InternalServerError.code
        return render_template("errors/error.html", code=code, description=None), code
