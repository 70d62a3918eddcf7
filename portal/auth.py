"""Flask-Login wiring: loading the user from the session."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from portal.extensions import db
from portal.models import User


def init_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "auth.login"
    manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    manager.login_message_category = "info"
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        uid, _, version = user_id.partition(":")
        if not uid.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(uid))
        if user is None or not user.is_active or user.session_version != int(version):
            return None
        return user
