"""Editing, publishing and the history of service sheets."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from catalog import queries, services
from catalog.forms import ServiceForm
from catalog.models import Service
from catalog.permissions import EDITORS, can_edit_service, can_manage_catalog
from catalog.sheets import diff_snapshots
from catalog.views import bp
from catalog.views.sheet_form import fill_form, form_values, prepare_form
from portal.enums import Priority, Role
from portal.extensions import db
from portal.security import role_required
from portal.timeutil import utcnow

STAFF_EDITORS = (Role.PRODUCT_LEAD, *EDITORS)


def _editable_service(code: str) -> Service:
    service = db.first_or_404(select(Service).where(Service.code == code))
    if not can_edit_service(current_user, service):
        abort(403)
    return service


@bp.route("/nouveau-service", methods=["GET", "POST"])
@role_required(*EDITORS)
def create_service():
    form = ServiceForm()
    prepare_form(form, None, manager=True)
    if form.validate_on_submit():
        if db.session.scalar(select(Service).where(Service.code == form.code.data)):
            form.code.errors.append(_("Un service porte déjà ce code."))
        else:
            service = services.save_sheet(None, actor=current_user, now=utcnow(),
                                          **form_values(form))
            db.session.commit()
            flash(_("Fiche « %(name)s » créée en brouillon.", name=service.name), "success")
            return redirect(url_for("catalog.sheet", code=service.code, version="brouillon"))
    return render_template("catalog/sheet_form.html", form=form, service=None, manager=True,
                           priorities=list(Priority))


@bp.route("/service/<code>/modifier", methods=["GET", "POST"])
@role_required(*STAFF_EDITORS)
def edit_service(code: str):
    service = _editable_service(code)
    manager = can_manage_catalog(current_user)
    form = ServiceForm(obj=service)
    prepare_form(form, service, manager)
    if request.method == "GET":
        fill_form(form, service)
    form.code.data = service.code
    if form.validate_on_submit():
        services.save_sheet(service, actor=current_user, now=utcnow(),
                            **form_values(form))
        db.session.commit()
        flash(_("Fiche enregistrée. Publiez-la pour que les demandeurs voient les changements."),
              "success")
        return redirect(url_for("catalog.sheet", code=service.code, version="brouillon"))
    return render_template("catalog/sheet_form.html", form=form, service=service,
                           manager=manager, priorities=list(Priority))


def _sheet_action(code: str, operation, message: str):
    service = _editable_service(code)
    operation(service)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("catalog.sheet", code=service.code))


@bp.post("/service/<code>/publier")
@role_required(*STAFF_EDITORS)
def publish(code: str):
    return _sheet_action(code, lambda s: services.publish_sheet(s, current_user, utcnow()),
                         _("Fiche publiée : les demandeurs voient désormais cette version."))


@bp.post("/service/<code>/depublier")
@role_required(*STAFF_EDITORS)
def unpublish(code: str):
    return _sheet_action(code, services.unpublish_sheet, _("Fiche retirée de la publication."))


@bp.post("/service/<code>/revue")
@role_required(*STAFF_EDITORS)
def review(code: str):
    return _sheet_action(code, lambda s: services.mark_reviewed(s, utcnow()),
                         _("Revue enregistrée : la fiche est à jour."))


@bp.get("/service/<code>/historique")
@role_required(*STAFF_EDITORS)
def history(code: str):
    service = queries.get_visible_service(current_user, code)
    revisions = service.revisions
    entries = [(rev, diff_snapshots(revisions[i + 1].data if i + 1 < len(revisions) else None,
                                    rev.data)) for i, rev in enumerate(revisions)]
    return render_template("catalog/history.html", service=service, entries=entries)
