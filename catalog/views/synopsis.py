"""The synopsis of the offer and the PDF exports."""

from flask import make_response, render_template
from flask_login import current_user, login_required

from catalog import queries
from catalog.pdf import render_pdf
from catalog.services import latest_revision
from catalog.sheets import SheetView
from catalog.views import bp
from portal.timeutil import utcnow


def _published_sheets(offer):
    """Each service with the sheet the reader may see (the published one for requesters)."""
    return [(family, [(service, SheetView.from_snapshot(
        (service.published_revision or latest_revision(service)).data)) for service in services])
        for family, services in offer]


@bp.get("/synopsis")
@login_required
def synopsis():
    return render_template("catalog/synopsis.html", offer=queries.services_by_family(current_user),
                           today=utcnow())


@bp.get("/synopsis.pdf")
@login_required
def synopsis_pdf():
    html = render_template("catalog/pdf/synopsis.html",
                           offer=queries.services_by_family(current_user), today=utcnow())
    return _pdf_response(render_pdf(html), "synopsis-offre-dsi.pdf")


@bp.get("/catalogue.pdf")
@login_required
def catalogue_pdf():
    offer = _published_sheets(queries.services_by_family(current_user))
    html = render_template("catalog/pdf/catalogue.html", offer=offer, today=utcnow())
    return _pdf_response(render_pdf(html), "catalogue-services-dsi.pdf")


def _pdf_response(data: bytes, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
