"""The relations manager's view of received mail: errors and quarantine, raw, replay."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.audit import AuditKind
from portal.extensions import db
from portal.hardening import download_headers
from portal.security import role_required
from portal.timeutil import utcnow
from tickets.blobs import blob_path
from tickets.enums import REASON_LABELS, Outcome
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.services import replay
from tickets.permissions import MAILBOX_ROLES
from tickets.views import bp

PROBLEMS = (Outcome.FAILED, Outcome.QUARANTINED)


@bp.route("/courriels")
@role_required(*MAILBOX_ROLES)
def inbound_list():
    shown = request.args.get("resultat", "problemes")
    query = select(InboundMessage).order_by(InboundMessage.received_at.desc(),
                                            InboundMessage.id.desc())
    if shown == "problemes":
        query = query.where(InboundMessage.outcome.in_(PROBLEMS))
    elif shown in Outcome._value2member_map_:
        query = query.where(InboundMessage.outcome == Outcome(shown))
    pagination = db.paginate(query, per_page=30)
    return render_template("tickets/inbound_list.html", pagination=pagination, shown=shown,
                           outcomes=Outcome, reasons=REASON_LABELS)


@bp.route("/courriels/<int:inbound_id>")
@role_required(*MAILBOX_ROLES)
def inbound_show(inbound_id):
    row = db.get_or_404(InboundMessage, inbound_id)
    return render_template("tickets/inbound_show.html", row=row, reasons=REASON_LABELS,
                           replayable=row.outcome in PROBLEMS)


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
