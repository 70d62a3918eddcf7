"""How much a request may send: little to sign in or fill a form, the upload cap where files go.

Werkzeug refuses a body over ``request.max_content_length`` with a 413 before reading it (from
its Content-Length, or as soon as a streamed body passes the limit), so a stranger cannot make
the portal read and spool hundreds of megabytes. The limit is set per request, before the CSRF
check reads the form.
"""

from flask import Flask, current_app, render_template, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from portal.extensions import db

# Forms that carry files; every other route takes a form without files.
UPLOAD_ENDPOINTS = {"tickets.new", "tickets.requester_message", "tickets.reply"}
# Forms anyone may post without an account, and the password forms: the smallest limit.
SMALL_ENDPOINTS = {"auth.login", "auth.forgot_password", "auth.reset_password",
                   "surveys.answer"}


def body_limit(endpoint: str | None, signed_in: bool) -> int:
    """The most bytes a request to this endpoint may send."""
    config = current_app.config
    if endpoint in UPLOAD_ENDPOINTS and signed_in:
        return config["UPLOAD_MAX_BYTES"]
    if endpoint in SMALL_ENDPOINTS or not signed_in:
        return config["SMALL_FORM_MAX_BYTES"]
    return config["FORM_MAX_BYTES"]


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} Mo" if size >= 1024 * 1024 else f"{size // 1024} Ko"


def init_app(app: Flask) -> None:
    """Set each request's body limit; register before the CSRF check, which reads the form."""

    @app.before_request
    def limit_body():
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            request.max_content_length = body_limit(request.endpoint,
                                                    current_user.is_authenticated)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge):
        db.session.rollback()
        limit = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
        return render_template("errors/error.html", code=413,
                               limit=megabytes(limit) if limit else None), 413
