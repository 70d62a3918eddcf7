"""Browsing the catalogue: families, search, service sheets."""

from flask import abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from catalog import queries
from catalog.coverage import rate_percent
from catalog.models import Family
from catalog.permissions import (
    can_edit_service,
    can_manage_catalog,
    can_see_coverage,
    can_see_drafts,
)
from catalog.services import has_unpublished_changes, latest_revision
from catalog.sheets import SheetView
from catalog.views import bp
from portal.enums import Role
from portal.extensions import db
from portal.security import role_required
from portal.timeutil import utcnow


@bp.get("/")
@login_required
def index():
    return render_template("catalog/index.html", offer=queries.services_by_family(current_user),
                           can_manage=can_manage_catalog(current_user))


@bp.get("/recherche")
@login_required
def search():
    term = request.args.get("q", "")[:200]
    results = queries.search_services(current_user, term)
    return render_template("catalog/search.html", term=term, results=results)


@bp.get("/famille/<slug>")
@login_required
def family(slug: str):
    family = db.first_or_404(select(Family).where(Family.slug == slug))
    services = queries.list_visible_services(current_user, family)
    return render_template("catalog/family.html", family=family, services=services)


@bp.get("/service/<code>")
@login_required
def sheet(code: str):
    service = queries.get_visible_service(current_user, code)
    wants_draft = request.args.get("version") == "brouillon"
    revision = service.published_revision
    if can_see_drafts(current_user) and (wants_draft or revision is None):
        revision = latest_revision(service)
    if revision is None:
        abort(404)
    return render_template(
        "catalog/sheet.html", service=service, sheet=SheetView.from_snapshot(revision.data),
        revision=revision, showing_draft=revision.id != service.published_revision_id,
        unpublished=has_unpublished_changes(service),
        can_edit=can_edit_service(current_user, service),
        can_see_drafts=can_see_drafts(current_user), coverage=_coverage(service))


def _coverage(service) -> dict | None:
    if not can_see_coverage(current_user, service):
        return None
    subscribed, target = queries.coverage_by_service([service], utcnow().date())[service.id]
    return {"subscribed": subscribed, "target": target, "rate": rate_percent(subscribed, target)}


@bp.get("/mes-services")
@role_required(Role.PRODUCT_LEAD, Role.RELATIONS_MANAGER, Role.ADMIN)
def my_services():
    services = queries.list_owned_services(current_user)
    return render_template("catalog/my_services.html", services=services,
                           unpublished={s.id for s in services if has_unpublished_changes(s)})
