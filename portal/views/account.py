"""The signed-in user's own account: their sessions and their password."""

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from portal import audit, login_sessions, services
from portal.audit import AuditKind
from portal.extensions import db, limiter
from portal.forms import ChangePasswordForm
from portal.timeutil import utcnow
from portal.views.auth import RESET_LIMIT, sign_in

bp = Blueprint("account", __name__, url_prefix="/compte")


@bp.get("/sessions")
@login_required
def sessions():
    rows = login_sessions.list_live(current_user, utcnow())
    return render_template("account/sessions.html", rows=rows,
                           current_id=current_user.current_session.id,
                           describe=login_sessions.describe_agent)


@bp.post("/sessions/<int:session_id>/deconnecter")
@login_required
def revoke_session(session_id: int):
    row = login_sessions.get_own_session(current_user, session_id)
    if row is None:
        abort(404)
    login_sessions.revoke(row, utcnow())
    db.session.commit()
    audit.record(AuditKind.SESSION_REVOKED, f"session {row.id}")
    if row is current_user.current_session:
        session.clear()
        logout_user()
        flash(_("Vous êtes déconnecté."), "info")
        return redirect(url_for("auth.login"))
    flash(_("La session est déconnectée."), "success")
    return redirect(url_for("account.sessions"))


@bp.post("/sessions/deconnecter-partout")
@login_required
def revoke_all_sessions():
    user, remember = current_user._get_current_object(), current_user.current_session.remember
    login_sessions.revoke_all(user, utcnow())
    sign_in(user, remember)  # this browser gets a new session; every copied cookie is dead
    audit.record(AuditKind.SESSIONS_REVOKED)
    flash(_("Toutes vos sessions sont déconnectées, y compris les copies éventuelles de celle-ci ; "
            "vous restez connecté sur ce navigateur."), "success")
    return redirect(url_for("account.sessions"))


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@login_required
@limiter.limit(RESET_LIMIT, methods=["POST"])
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(account=user)
    if form.validate_on_submit():
        remember = user.current_session.remember
        if services.change_own_password(user, form.current.data, form.password.data, utcnow()):
            sign_in(user, remember)  # every other session ends; this browser gets a new one
            audit.record(AuditKind.PASSWORD_CHANGED, user=user)
            flash(_("Votre mot de passe est changé ; vos autres sessions sont déconnectées."),
                  "success")
            return redirect(url_for("account.sessions"))
        form.current.errors.append(_("Le mot de passe actuel est incorrect."))
    return render_template("account/password.html", form=form)
