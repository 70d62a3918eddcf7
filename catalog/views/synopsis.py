"""The synopsis of the offer and the PDF exports."""

from flask import make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog import queries
from catalog.exports import KIND
from catalog.pdf import render_pdf
from catalog.views import bp
from portal.timeutil import utcnow
from portal.views.exports import launch_export


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


@bp.post("/catalogue.pdf")
@login_required
def catalogue_pdf():
    return launch_export(KIND, title=_("Catalogue complet des services en PDF"))


def _pdf_response(data: bytes, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
