"""Moving data between the service form and the sheet services."""

from decimal import Decimal

from flask_babel import gettext as _

from catalog import queries
from catalog.forms import ServiceForm
from catalog.models import Service
from portal.calendars import calendar_choices
from portal.enums import Priority
from portal.extensions import db
from portal.models import Entity
from portal.queries import entity_choices

MANAGER_ONLY = ("owner_id", "backup_id", "target_all", "family_id", "targets", "calendar_id")
SHEET_FIELDS = (
    "code", "name", "family_id", "summary", "benefits", "strong_points", "included",
    "not_included", "audience", "how_to_order", "prerequisites", "keywords", "lifecycle",
    "owner_id", "backup_id", "target_all", "calendar_id",
)


def prepare_form(form: ServiceForm, service: Service | None, manager: bool) -> None:
    """Fill the choices; a product lead's form has no ownership or targeting fields."""
    if not manager:
        for name in MANAGER_ONLY:
            delattr(form, name)
    else:
        form.family_id.choices = [(f.id, f.name) for f in queries.list_families()]
        form.owner_id.choices = queries.product_lead_choices()
        form.backup_id.choices = queries.product_lead_choices(_("— Aucun —"))
        form.calendar_id.choices = calendar_choices(_("— Calendrier par défaut —"))
        form.calendar_id.data = form.calendar_id.data or 0
        form.targets.choices = entity_choices()
    form.related.choices = queries.service_choices(exclude=service)


def fill_form(form: ServiceForm, service: Service) -> None:
    """Put the service's children into the form's lists."""
    by_priority = {c.priority: c for c in service.commitments}
    for entry, priority in zip(form.commitments.entries, Priority, strict=True):
        commitment = by_priority.get(priority)
        entry.take_charge.data = (Decimal(commitment.take_charge_minutes) / 60
                                  if commitment else None)
        entry.resolve.data = Decimal(commitment.resolve_minutes) / 60 if commitment else None
    for entry, link in zip(form.links.entries, service.links, strict=False):
        entry.title.data, entry.url.data = link.title, link.url
    form.related.data = [s.id for s in service.related]
    if "targets" in form:
        form.targets.data = [e.id for e in service.targets]
        form.backup_id.data = service.backup_id or 0
        form.calendar_id.data = service.calendar_id or 0


def form_values(form: ServiceForm) -> dict:
    """Plain values for save_sheet, from the fields the form holds."""
    values = {name: form[name].data for name in SHEET_FIELDS if name in form}
    for name in ("backup_id", "calendar_id"):
        if name in values:
            values[name] = values[name] or None
    commitments = {}
    priorities = list(Priority)
    for entry in form.commitments.entries:
        index = int(entry.id.rsplit("-", 1)[1])
        take_charge, resolve = entry.take_charge.data, entry.resolve.data
        if index < len(priorities) and take_charge is not None and resolve is not None:
            commitments[priorities[index]] = (int(take_charge * 60), int(resolve * 60))
    links = [(e.title.data.strip(), e.url.data.strip()) for e in form.links.entries
             if e.title.data and e.url.data]
    related = [db.session.get(Service, i) for i in form.related.data or []]
    targets = None
    if "targets" in form:
        targets = [e for e in (db.session.get(Entity, i) for i in form.targets.data or []) if e]
    return {"values": values, "commitments": commitments, "links": links,
            "related": [s for s in related if s], "targets": targets,
            "comment": form.comment.data or ""}
