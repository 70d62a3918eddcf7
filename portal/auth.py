"""Flask-Login wiring: loading the user from the session or remember cookie."""

from hashlib import sha512

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from portal import login_sessions
from portal.models import User
from portal.timeutil import utcnow


def session_identifier() -> str:
    """Digest of the client's address and browser, for Flask-Login's "strong" protection.

    Flask-Login's own reads X-Forwarded-For as sent by anyone; request.remote_addr is the
    socket's peer, or the proxy's client once ProxyFix trusts PORTAL_PROXY_FIX hops.
    """
    base = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return sha512(base.encode("utf-8", "replace")).hexdigest()


def init_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "auth.login"
    manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    manager.login_message_category = "info"
    manager.session_protection = "strong"
    manager._session_identifier_generator = session_identifier

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        return login_sessions.load_user(user_id, utcnow())
