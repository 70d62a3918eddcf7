"""Sign in, sign out and password links."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal import audit, services
from portal.audit import AuditKind
from portal.extensions import db, limiter
from portal.forms import ForgotPasswordForm, LoginForm, NewPasswordForm
from portal.security import is_safe_next
from portal.timeutil import utcnow

bp = Blueprint("auth", __name__)


# Per client address, and per account asked for (known or not, the same answer).
LOGIN_LIMIT = "10 per minute;50 per hour"
ACCOUNT_LIMIT = "20 per hour"
RESET_LIMIT = "5 per minute;20 per hour"


def _account_asked() -> str:
    return "compte:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(ACCOUNT_LIMIT, methods=["POST"], key_func=_account_asked)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data, utcnow())
        if user is None:
            audit.record(AuditKind.LOGIN_FAILED, actor=form.email.data)
            form.password.errors.append(_("Adresse e-mail ou mot de passe incorrect."))
        else:
            db.session.commit()
            audit.record(AuditKind.LOGIN, user=user)
            locale = session.get("locale")
            session.clear()  # a fresh session on login: no fixation
            if locale:
                session["locale"] = locale
            login_user(user, remember=form.remember.data)
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/deconnexion")
@login_required
def logout():
    audit.record(AuditKind.LOGOUT)
    logout_user()
    session.clear()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/mot-de-passe/oublie", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"], key_func=_account_asked)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, utcnow())
        db.session.commit()
        audit.record(AuditKind.PASSWORD_RESET_ASKED, actor=form.email.data)
        flash(_("Si cette adresse correspond à un compte actif, un lien pour choisir un nouveau "
                "mot de passe vient d'y être envoyé."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
def reset_password(token: str):
    user = services.get_user_for_token(token)
    if user is None:
        return render_template("auth/link_invalid.html"), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        audit.record(AuditKind.PASSWORD_CHANGED, user=user)
        flash(_("Votre mot de passe est enregistré. Vous pouvez vous connecter."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user)
