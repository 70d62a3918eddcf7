"""Entities (the DSI's internal clients) and their key contacts."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import queries, services
from portal.calendars import calendar_choices
from portal.enums import ClientType, Role, Segment
from portal.extensions import db
from portal.forms import ContactForm, EntityForm
from portal.models import STAFF_ROLES, Contact, Entity
from portal.permissions import can_edit_entities
from portal.security import role_required

bp = Blueprint("entities", __name__, url_prefix="/entites")
EDITORS = (Role.ADMIN, Role.RELATIONS_MANAGER)


def _entity_form(entity: Entity | None) -> EntityForm:
    form = EntityForm(obj=entity)
    exclude = entity.descendant_ids() if entity is not None and entity.id else None
    form.parent_id.choices = queries.entity_choices(_("— Aucune (niveau direction) —"), exclude)
    form.calendar_id.choices = calendar_choices(_("— Calendrier par défaut —"))
    form.calendar_id.data = form.calendar_id.data or 0
    if entity is not None and request.method == "GET":
        form.parent_id.data = entity.parent_id or 0
        form.calendar_id.data = entity.calendar_id or 0
    return form


def _entity_values(form: EntityForm) -> dict:
    values = dict(form.data)
    values["parent_id"] = form.parent_id.data or None
    values["calendar_id"] = form.calendar_id.data or None
    return values


@bp.get("/")
@role_required(*STAFF_ROLES)
def index():
    segment, client_type = request.args.get("segment", ""), request.args.get("type", "")
    entities = [e for e in queries.list_entities()
                if (not segment or e.segment == segment)
                and (not client_type or e.client_type == client_type)]
    return render_template("entities/index.html", entities=entities, depth=queries.entity_depth,
                           segments=list(Segment), client_types=list(ClientType),
                           can_edit=can_edit_entities(current_user))


@bp.get("/<int:entity_id>")
@role_required(*STAFF_ROLES)
def show(entity_id: int):
    entity = db.get_or_404(Entity, entity_id)
    panels = [panel for make_panel in current_app.extensions.get("entity_panels", [])
              if (panel := make_panel(entity, current_user))]
    return render_template("entities/show.html", entity=entity, panels=panels,
                           can_edit=can_edit_entities(current_user))


@bp.route("/nouvelle", methods=["GET", "POST"], defaults={"entity_id": None})
@bp.route("/<int:entity_id>/modifier", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit(entity_id: int | None):
    entity = db.get_or_404(Entity, entity_id) if entity_id else None
    form = _entity_form(entity)
    if form.validate_on_submit():
        clash = db.session.scalar(db.select(Entity).where(Entity.code == form.code.data))
        if clash is not None and clash is not entity:
            form.code.errors.append(
                _("Ce code est déjà utilisé par « %(name)s ».", name=clash.name))
        else:
            entity = services.save_entity(entity, _entity_values(form))
            db.session.commit()
            flash(_("Entité « %(name)s » enregistrée.", name=entity.name), "success")
            return redirect(url_for("entities.show", entity_id=entity.id))
    return render_template("entities/form.html", form=form, entity=entity)


@bp.route("/<int:entity_id>/interlocuteurs/nouveau", methods=["GET", "POST"],
          defaults={"contact_id": None})
@bp.route("/<int:entity_id>/interlocuteurs/<int:contact_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_contact(entity_id: int, contact_id: int | None):
    entity = db.get_or_404(Entity, entity_id)
    contact = _get_contact(entity, contact_id) if contact_id else None
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        services.save_contact(contact, entity, form.data)
        db.session.commit()
        flash(_("Interlocuteur enregistré."), "success")
        return redirect(url_for("entities.show", entity_id=entity.id))
    return render_template("entities/contact_form.html", form=form, entity=entity,
                           contact=contact)


@bp.post("/<int:entity_id>/interlocuteurs/<int:contact_id>/supprimer")
@role_required(*EDITORS)
def delete_contact(entity_id: int, contact_id: int):
    entity = db.get_or_404(Entity, entity_id)
    if not services.delete_contact(_get_contact(entity, contact_id)):
        flash(_("Cet interlocuteur figure dans des demandes, des comités, des rencontres ou des "
                "projets : il ne peut pas être retiré de la base. Modifiez plutôt sa fiche."),
              "warning")
        return redirect(url_for("entities.show", entity_id=entity.id))
    db.session.commit()
    flash(_("Interlocuteur retiré de la base."), "success")
    return redirect(url_for("entities.show", entity_id=entity.id))


def _get_contact(entity: Entity, contact_id: int) -> Contact:
    return db.first_or_404(db.select(Contact).where(Contact.id == contact_id,
                                                    Contact.entity_id == entity.id))
