"""The catalogue's PDFs, built in the worker: the full catalogue, and the cached synopsis."""

from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from catalog import queries
from catalog.pdf import render_pdf
from catalog.services import latest_revision
from catalog.sheets import SheetView
from portal.exports import ExportFile, cache_key, store_cached
from portal.timeutil import utcnow

KIND = "catalog.full_pdf"
SYNOPSIS_NAME = "synopsis-offre-dsi.pdf"


def build_catalogue_pdf(job, progress) -> ExportFile:
    """Every sheet the requesting user may read, one per page, with a cover."""
    offer = queries.services_by_family(job.user)
    total = sum(len(services) for _family, services in offer) + 1
    done, families = 0, []
    for family, services in offer:
        entries = []
        for service in services:
            revision = service.published_revision or latest_revision(service)
            entries.append((service, SheetView.from_snapshot(revision.data)))
            done += 1
            if done % 10 == 0:
                progress(done, total, "Préparation des fiches")
        families.append((family, entries))
    progress(done, total, "Mise en page du PDF")
    html = render_template("catalog/pdf/catalogue.html", offer=families, today=utcnow())
    return ExportFile(render_pdf(html), "catalogue-services-dsi.pdf", "application/pdf")


def synopsis_html(user) -> str:
    """The synopsis as the user may see it, as the HTML the PDF is made from (cheap to build)."""
    return render_template("catalog/pdf/synopsis.html",
                           offer=queries.services_by_family(user), today=utcnow())


def synopsis_key(html: str) -> str:
    """The synopsis PDF's cache key: what it shows, so one copy serves everyone who sees the same
    offer (the same visibility and version of the catalogue), and a change makes a new one."""
    return cache_key(KIND, "synopsis", html)


def build_synopsis(user, locale: str) -> Path:
    """Render the user's synopsis to PDF and cache it under the key of what it shows."""
    with force_locale(locale):
        html = synopsis_html(user)
    return store_cached(synopsis_key(html), render_pdf(html))
