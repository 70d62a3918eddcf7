"""The full catalogue as a PDF, built in the worker with its progress shown."""

from flask import render_template

from catalog import queries
from catalog.pdf import render_pdf
from catalog.services import latest_revision
from catalog.sheets import SheetView
from portal.exports import ExportFile
from portal.timeutil import utcnow

KIND = "catalog.full_pdf"


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
