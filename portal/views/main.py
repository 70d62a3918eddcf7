"""Home page per role, language switch and health check."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import text

from portal import dashboard
from portal.extensions import db
from portal.security import is_safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def home():
    role = current_user.main_role
    context = dashboard.home_context(current_user, role)
    return render_template(f"home/{role.value}.html", **context)


@bp.post("/langue/<code>")
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = code
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("main.home"))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure makes the instance unhealthy
        current_app.logger.exception("Health check: database unreachable")
        return "database unavailable", 503, {"Content-Type": "text/plain"}
    return "ok", 200, {"Content-Type": "text/plain"}
