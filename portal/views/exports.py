"""Following and downloading the files built in the worker."""

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import audit
from portal.audit import AuditKind
from portal.enums import ExportStatus
from portal.exports import ExportJob, file_path, get_active_export, start_export
from portal.extensions import db
from portal.hardening import download_headers
from portal.tasks import run_export_task
from portal.timeutil import utcnow

bp = Blueprint("exports", __name__, url_prefix="/exports")


def launch_export(kind: str, **params):
    """Queue an export for the current user and send them to its progress page.

    While one of the same kind is in preparation, the user is sent to that one instead.
    """
    now = utcnow()
    running = get_active_export(kind, current_user, now)
    job = start_export(kind, current_user, now, **params)
    db.session.commit()
    if running is None:
        run_export_task.delay(job.id)
    elif running.params != params:
        flash(_("Un fichier de ce type est déjà en préparation pour vous : attendez qu'il soit "
                "prêt pour en demander un autre."), "info")
    return redirect(url_for("exports.show", job_id=job.id))


def _own_job(job_id: int) -> ExportJob:
    job = db.get_or_404(ExportJob, job_id)
    if job.user_id != current_user.id:
        abort(404)
    return job


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int):
    return render_template("exports/show.html", job=_own_job(job_id), Status=ExportStatus)


@bp.get("/<int:job_id>/fichier")
@download_headers
@login_required
def download(job_id: int):
    job = _own_job(job_id)
    path = file_path(job) if job.status == ExportStatus.DONE else None
    if path is None:
        abort(404)
    audit.record(AuditKind.EXPORT, f"{job.kind} {job.filename}")
    return send_file(path, mimetype=job.content_type, as_attachment=True,
                     download_name=job.filename)
