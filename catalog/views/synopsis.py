"""The synopsis of the offer and the PDF exports, both built in the worker."""

from flask import make_response, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog import queries
from catalog.exports import KIND, SYNOPSIS_NAME, synopsis_html, synopsis_key
from catalog.tasks import build_synopsis_task
from catalog.views import bp
from portal.exports import cached_file, claim_cached_build
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
    # The web process never renders the PDF: it serves the copy cached for what this user
    # sees, or asks the worker for it (once) and shows a page that reloads until it is there.
    key = synopsis_key(synopsis_html(current_user))
    if cached_file(key) is None and claim_cached_build(key, utcnow()):
        build_synopsis_task.delay(current_user.id, str(get_locale()))
    path = cached_file(key)
    if path is None:
        return render_template("catalog/synopsis_pending.html")
    response = make_response(path.read_bytes())  # a few hundred KB: no handle left open
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{SYNOPSIS_NAME}"'
    return response


@bp.post("/catalogue.pdf")
@login_required
def catalogue_pdf():
    return launch_export(KIND, title=_("Catalogue complet des services en PDF"))
