"""The directory page of the administration: connection, mapping, preview, syncs."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory import services as directory_services
from directory.forms import DirectorySettingsForm, PresetForm
from directory.ldap import DirectoryError
from directory.models import get_settings, list_runs
from directory.preview import preview_entries
from directory.runs import get_active_run, make_source, queue_run
from directory.settings import apply_preset, blank_settings, save_settings
from portal import queries
from portal.enums import Role
from portal.extensions import db
from portal.security import role_required
from portal.timeutil import utcnow

bp = Blueprint("directory", __name__, url_prefix="/admin/annuaire")


def _form(settings) -> DirectorySettingsForm:
    form = DirectorySettingsForm(obj=settings or blank_settings())
    form.entity_parent_id.choices = queries.entity_choices(_("Aucune (au premier niveau)"))
    return form


@bp.route("", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():
    current = get_settings()
    form = _form(current)
    if form.validate_on_submit():
        save_settings(current, form.data, utcnow())
        db.session.commit()
        flash(_("Paramètres de l'annuaire enregistrés."), "success")
        return redirect(url_for("directory.settings"))
    return render_template(
        "directory/settings.html", form=form, settings=current, preset_form=PresetForm(),
        runs=list_runs(10), active=get_active_run(utcnow()),
        password_set=bool(current_app.config["LDAP_BIND_PASSWORD"]))


@bp.post("/modele")
@role_required(Role.ADMIN)
def preset():
    form = PresetForm()
    if form.validate_on_submit():
        apply_preset(get_settings(), form.preset.data, utcnow())
        db.session.commit()
        flash(_("Correspondances du modèle appliquées : vérifiez-les puis enregistrez."),
              "success")
    return redirect(url_for("directory.settings"))


@bp.post("/synchroniser")
@role_required(Role.ADMIN)
def sync_now():
    settings = get_settings()
    if settings is None or not settings.is_configured:
        flash(_("Configurez d'abord l'adresse du serveur et la base de recherche."), "danger")
    elif get_active_run(utcnow()) is not None:
        flash(_("Une synchronisation est déjà en cours."), "warning")
    else:
        from directory.tasks import sync_directory_task

        run = queue_run(current_user.id, utcnow())
        db.session.commit()
        sync_directory_task.delay(run.id)
        flash(_("Synchronisation demandée : elle s'exécute en arrière-plan."), "success")
    return redirect(url_for("directory.settings"))


@bp.get("/apercu")
@role_required(Role.ADMIN)
def preview():
    settings, rows, error = get_settings(), [], None
    if settings is not None and settings.is_configured:
        try:
            mapping = directory_services.build_mapping(settings)
            rows = preview_entries(make_source(settings).sample(3), mapping)
        except (DirectoryError, ValueError) as failure:
            error = str(failure)
    return render_template("directory/preview.html", settings=settings, rows=rows, error=error)
