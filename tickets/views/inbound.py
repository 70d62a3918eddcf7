"""The relations manager's view of received mail: what was set aside, raw, replay, recovery."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from portal import audit
from portal.audit import AuditKind
from portal.extensions import db
from portal.hardening import download_headers
from portal.security import role_required
from portal.timeutil import utcnow
from tickets.blobs import blob_path
from tickets.enums import Outcome, reason_label
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.recover import attach_to_request, can_recover, recover_as_request
from tickets.mailbox.review import (
    PROBLEMS,
    TO_REVIEW,
    InboundFilters,
    is_to_review,
    list_inbound_query,
    list_reasons,
    mark_reviewed,
)
from tickets.mailbox.services import replay
from tickets.permissions import MAILBOX_ROLES, can_work
from tickets.services import find_ticket_by_number
from tickets.views import bp


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/courriels")
@role_required(*MAILBOX_ROLES)
def inbound_list():
    filters = InboundFilters(
        view=request.args.get("resultat", TO_REVIEW), reason=request.args.get("motif", ""),
        sender=request.args.get("expediteur", "")[:254], start=_day("du"), end=_day("au"))
    pagination = db.paginate(list_inbound_query(filters, get_timezone()), per_page=30)
    return render_template("tickets/inbound_list.html", pagination=pagination,
                           filters=filters, shown=filters.view, outcomes=Outcome,
                           reason_label=reason_label, known_reasons=list_reasons())


@bp.route("/courriels/<int:inbound_id>")
@role_required(*MAILBOX_ROLES)
def inbound_show(inbound_id, attach_error=""):
    row = db.get_or_404(InboundMessage, inbound_id)
    return render_template("tickets/inbound_show.html", row=row, reason_label=reason_label,
                           replayable=row.outcome in PROBLEMS, recoverable=can_recover(row),
                           to_review=is_to_review(row),
                           attach_target=request.form.get("target", "")[:20],
                           attach_error=attach_error)


def _with_raw(inbound_id: int) -> InboundMessage:
    """A received message whose raw is still kept; 410 once the retention purge took it."""
    row = db.get_or_404(InboundMessage, inbound_id)
    if row.raw_purged_at is not None:
        abort(410)
    return row


@bp.route("/courriels/<int:inbound_id>/brut")
@download_headers
@role_required(*MAILBOX_ROLES)
def inbound_raw(inbound_id):
    row = _with_raw(inbound_id)
    audit.record(AuditKind.RAW_MAIL_DOWNLOAD, f"courriel {row.id} sha256 {row.sha256[:16]}")
    return send_file(blob_path(row.sha256), mimetype="application/octet-stream",
                     as_attachment=True, download_name=f"courriel-{row.id}.eml")


@bp.route("/courriels/<int:inbound_id>/retraiter", methods=["POST"])
@role_required(*MAILBOX_ROLES)
def inbound_replay(inbound_id):
    row = _with_raw(inbound_id)
    replay(row, utcnow())
    db.session.commit()
    flash(_("Message retraité : %(outcome)s.", outcome=row.outcome.label),
          "success" if row.outcome not in PROBLEMS else "warning")
    return redirect(url_for("tickets.inbound_show", inbound_id=row.id))


def _already_settled(row: InboundMessage):
    """A second click, or a mail replayed meanwhile: say so and show where it went."""
    flash(_("Ce courriel a déjà été traité : %(outcome)s.", outcome=row.outcome.label), "info")
    return redirect(url_for("tickets.inbound_show", inbound_id=row.id))


@bp.route("/courriels/<int:inbound_id>/creer-demande", methods=["POST"])
@role_required(*MAILBOX_ROLES)
def inbound_recover(inbound_id):
    row = _with_raw(inbound_id)
    if not can_recover(row):
        return _already_settled(row)
    ticket = recover_as_request(row, current_user, utcnow())
    db.session.commit()
    flash(_("Demande %(number)s créée à partir du courriel.", number=ticket.number), "success")
    return redirect(url_for("tickets.work", number=ticket.number))


@bp.route("/courriels/<int:inbound_id>/rattacher", methods=["POST"])
@role_required(*MAILBOX_ROLES)
def inbound_attach(inbound_id):
    row = _with_raw(inbound_id)
    if not can_recover(row):
        return _already_settled(row)
    number = request.form.get("target", "").strip().upper()[:20]
    ticket = find_ticket_by_number(number) if number else None
    if ticket is None or not can_work(current_user, ticket):
        return inbound_show(inbound_id, _("Aucune demande ne porte ce numéro.")), 422
    attach_to_request(row, ticket, current_user, utcnow())
    db.session.commit()
    flash(_("Courriel ajouté à la demande %(number)s.", number=ticket.number), "success")
    return redirect(url_for("tickets.work", number=ticket.number))


@bp.route("/courriels/<int:inbound_id>/vu", methods=["POST"])
@role_required(*MAILBOX_ROLES)
def inbound_reviewed(inbound_id):
    row = db.get_or_404(InboundMessage, inbound_id)
    if row.reviewed_at is None:
        mark_reviewed(row, current_user, utcnow())
        db.session.commit()
    flash(_("Courriel retiré de la liste « À revoir » ; il reste listé avec son motif."),
          "success")
    return redirect(url_for("tickets.inbound_list"))

