"""Sign in, sign out and password links."""

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal import audit, login_sessions, login_throttle, services
from portal.audit import AuditKind
from portal.extensions import db, limiter
from portal.forms import ForgotPasswordForm, LoginForm, NewPasswordForm
from portal.security import is_safe_next
from portal.tasks import send_password_reset
from portal.timeutil import utcnow

bp = Blueprint("auth", __name__)


# Per client address, counting only the attempts that did not sign in: a training room behind
# one address signs in as many people as it has. Failures per account and address earn
# progressive delays (portal.login_throttle); password links per address and per account.
LOGIN_LIMIT = "10 per minute;50 per hour"
RESET_LIMIT = "5 per minute;20 per hour"


def _account_asked() -> str:
    return "compte:" + request.form.get("email", "").strip().lower()[:254]


def _not_signed_in(response) -> bool:
    return response.status_code != 302


def sign_in(user, remember: bool) -> None:
    """Start a fresh session for the user on this browser, recorded on the server."""
    locale = session.get("locale")
    session.clear()  # a fresh session on login: no fixation
    if locale:
        session["locale"] = locale
    login_sessions.open_session(user, request.remote_addr, request.headers.get("User-Agent"),
                                remember, utcnow())
    db.session.commit()
    login_user(user, remember=remember)


def _throttled(form: LoginForm):
    """The sign-in page refused with when to retry, or None when this attempt may go on."""
    email = request.form.get("email", "")
    wait = login_throttle.seconds_to_wait(email, request.remote_addr)
    if not wait:
        return None
    audit.record(AuditKind.RATE_LIMITED, "auth.login", actor=email)
    retry = format_time(utcnow() + timedelta(seconds=wait), "HH:mm:ss")
    form.password.errors = [_("Trop de tentatives pour ce compte depuis votre adresse. "
                              "Réessayez dans %(seconds)s s (à %(time)s).",
                              seconds=wait, time=retry)]
    return render_template("auth/login.html", form=form), 429, {"Retry-After": str(wait)}


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=_not_signed_in)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "POST" and (refused := _throttled(form)) is not None:
        return refused
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data, utcnow())
        if user is None:
            login_throttle.note_failure(form.email.data, request.remote_addr)
            audit.record(AuditKind.LOGIN_FAILED, actor=form.email.data)
            form.password.errors.append(_("Adresse e-mail ou mot de passe incorrect."))
        else:
            login_throttle.note_success(form.email.data, request.remote_addr)
            sign_in(user, bool(form.remember.data))
            audit.record(AuditKind.LOGIN, user=user)
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/deconnexion")
@login_required
def logout():
    audit.record(AuditKind.LOGOUT)
    if current_user.current_session is not None:
        login_sessions.revoke(current_user.current_session, utcnow())
        db.session.commit()
    session.clear()
    logout_user()  # after clear(): it marks the remember cookie for deletion in the session
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/mot-de-passe/oublie", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"], key_func=_account_asked)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The worker looks the address up: the answer costs the same for every address.
        send_password_reset.delay(form.email.data.strip().lower())
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
    form = NewPasswordForm(account=user)
    if form.validate_on_submit():
        services.set_password(user, form.password.data, utcnow())
        db.session.commit()
        audit.record(AuditKind.PASSWORD_CHANGED, user=user)
        flash(_("Votre mot de passe est enregistré. Vous pouvez vous connecter."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user)
