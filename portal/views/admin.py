"""Administration of user accounts, and the security audit log."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import audit, queries, services
from portal.audit import AuditKind
from portal.enums import Role
from portal.extensions import db
from portal.forms import UserForm
from portal.models import User, get_user_by_email
from portal.security import role_required
from portal.timeutil import utcnow

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user)
    form.entity_id.choices = queries.entity_choices()
    if user is not None and request.method == "GET":
        form.roles.data = [role.value for role in user.roles]
    return form


def _role_list(roles) -> str:
    return ", ".join(sorted(role.value for role in roles)) or "-"


def _validate_unique_email(form: UserForm, user: User | None) -> bool:
    other = get_user_by_email(form.email.data)
    if other is not None and other is not user:
        form.email.errors.append(_("Un compte utilise déjà cette adresse e-mail."))
        return False
    return True


@bp.get("/utilisateurs")
@role_required(Role.ADMIN)
def users():
    args = request.args
    pagination = queries.search_users(
        args.get("q", ""), args.get("role", ""), args.get("entity", type=int),
        args.get("status", ""), args.get("page", 1, type=int))
    return render_template("admin/users.html", pagination=pagination, roles=list(Role),
                           entity_choices=queries.entity_choices())


@bp.route("/utilisateurs/nouveau", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create_user():
    form = _user_form()
    if form.validate_on_submit() and _validate_unique_email(form, None):
        user = services.create_user(form.data, {Role(r) for r in form.roles.data}, utcnow())
        db.session.commit()
        audit.record(AuditKind.ACCOUNT_CREATED, f"{user.email} : {_role_list(user.roles)}")
        flash(_("Compte créé : une invitation a été envoyée à %(email)s.", email=user.email),
              "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/utilisateurs/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    if form.validate_on_submit() and _validate_unique_email(form, user):
        roles = {Role(r) for r in form.roles.data}
        if user == current_user and Role.ADMIN not in roles:
            form.roles.errors.append(_("Vous ne pouvez pas retirer votre propre rôle "
                                       "d'administrateur."))
        else:
            before = set(user.roles)
            services.update_user(user, form.data, roles, utcnow())
            db.session.commit()
            if before != user.roles:
                audit.record(AuditKind.ROLES_CHANGED, f"{user.email} : {_role_list(before)} → "
                                                      f"{_role_list(user.roles)}")
            flash(_("Compte de %(name)s enregistré.", name=user.full_name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user,
                           reports=queries.count_reports(user))


@bp.post("/utilisateurs/<int:user_id>/statut")
@role_required(Role.ADMIN)
def toggle_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if user == current_user:
        abort(409, description=_("Vous ne pouvez pas désactiver votre propre compte."))
    services.set_user_active(user, not user.active, utcnow())
    db.session.commit()
    audit.record(AuditKind.ACCOUNT_ENABLED if user.active else AuditKind.ACCOUNT_DISABLED,
                 user.email)
    message = _("Compte réactivé.") if user.active else _("Compte désactivé.")
    flash(message, "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/utilisateurs/<int:user_id>/invitation")
@role_required(Role.ADMIN)
def send_invitation(user_id: int):
    user = db.get_or_404(User, user_id)
    services.send_password_link(user, utcnow(), invitation=True)
    db.session.commit()
    flash(_("Un lien pour choisir un mot de passe a été envoyé à %(email)s.", email=user.email),
          "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.get("/journal")
@role_required(Role.ADMIN)
def audit_log():
    args = request.args
    pagination = audit.search(args.get("type", ""), args.get("q", "")[:100],
                              args.get("page", 1, type=int))
    return render_template("admin/audit_log.html", pagination=pagination, kinds=list(AuditKind))
