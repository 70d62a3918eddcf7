"""The requester's side: submit from a service sheet, follow, reply, accept or refuse."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog.queries import get_visible_service
from portal.extensions import db, limiter
from portal.hardening import download_headers
from portal.timeutil import utcnow
from tickets import actions
from tickets.attachments import from_upload, quota_refusal
from tickets.blobs import blob_path
from tickets.enums import Level, Status
from tickets.forms import (
    RefuseForm,
    RequesterReplyForm,
    RequestForm,
    split_addresses,
)
from tickets.models import Attachment
from tickets.permissions import (
    can_add_message,
    can_answer_as_requester,
    can_put_in_copy,
    can_work,
)
from tickets.queries import get_visible_ticket, requester_query
from tickets.views import bp
from tickets.views.page import put_in_copy_from_form, show_context

REQUEST_LIMIT = "10 per minute;60 per hour"  # new requests and the requester's messages


def uploads(field) -> list:
    return [item for item in (from_upload(storage) for storage in field.data or []) if item]


def within_quota(field, now) -> bool:
    """Mark the files field when its files would pass the user's daily attachment quota."""
    refusal = quota_refusal(current_user, field.data, now)
    if refusal:
        field.errors = [*field.errors, refusal]
    return refusal is None


@bp.route("/")
@login_required
def mine():
    scope = "entity" if request.args.get("vue") == "entite" else "mine"
    pagination = db.paginate(requester_query(current_user, scope), per_page=20)
    return render_template("tickets/mine.html", pagination=pagination, scope=scope)


def _requester_key() -> str:
    return f"demandeur:{current_user.get_id()}"


@bp.route("/nouvelle/<code>", methods=["GET", "POST"])
@login_required
@limiter.limit(REQUEST_LIMIT, methods=["POST"], key_func=_requester_key)
def new(code):
    service = get_visible_service(current_user, code)
    form = RequestForm()
    if form.validate_on_submit() and within_quota(form.attachments, utcnow()):
        ticket = actions.submit_request(
            current_user, service, form.subject.data, form.description.data,
            Level(form.urgency.data), Level(form.impact.data), split_addresses(form.copies.data),
            uploads(form.attachments), utcnow())
        db.session.commit()
        flash(_("Votre demande %(number)s est enregistrée. Un accusé de réception vous a été "
                "envoyé.", number=ticket.number), "success")
        return redirect(url_for("tickets.show", number=ticket.number))
    return render_template("tickets/new.html", form=form, service=service)


@bp.route("/<number>")
@login_required
def show(number):
    ticket = get_visible_ticket(current_user, number)
    return render_template("tickets/show.html", **show_context(ticket, current_user,
                                                              reply_form=None))


@bp.route("/<number>/message", methods=["POST"])
@login_required
@limiter.limit(REQUEST_LIMIT, key_func=_requester_key)
def requester_message(number):
    ticket = get_visible_ticket(current_user, number)
    if not can_add_message(current_user, ticket, utcnow()):
        abort(403)
    form = RequesterReplyForm()
    if not (form.validate_on_submit() and within_quota(form.attachments, utcnow())):
        return render_template("tickets/show.html", **show_context(
            ticket, current_user, requester_form=form)), 422
    actions.requester_reply(ticket, current_user, form.body.data, uploads(form.attachments),
                            utcnow())
    db.session.commit()
    flash(_("Votre message a été ajouté à la demande."), "success")
    return redirect(url_for("tickets.show", number=number))


@bp.route("/<number>/copie-demandeur", methods=["POST"])
@login_required
def requester_copy(number):
    ticket = get_visible_ticket(current_user, number)
    if not can_put_in_copy(current_user, ticket):
        abort(403)
    return put_in_copy_from_form(ticket, "tickets.show")


@bp.route("/<number>/accepter", methods=["POST"])
@login_required
def accept(number):
    ticket = get_visible_ticket(current_user, number)
    if not can_answer_as_requester(current_user, ticket) or ticket.status is not Status.RESOLVED:
        abort(403)
    actions.accept_resolution(ticket, current_user, utcnow())
    db.session.commit()
    flash(_("Merci ! La demande est clôturée."), "success")
    return redirect(url_for("tickets.show", number=number))


@bp.route("/<number>/refuser", methods=["POST"])
@login_required
def refuse(number):
    ticket = get_visible_ticket(current_user, number)
    if not can_answer_as_requester(current_user, ticket) or ticket.status is not Status.RESOLVED:
        abort(403)
    form = RefuseForm()
    if not form.validate_on_submit():
        return render_template("tickets/show.html", **show_context(
            ticket, current_user, refuse_form=form)), 422
    actions.refuse_resolution(ticket, current_user, form.reason.data, utcnow())
    db.session.commit()
    flash(_("La demande est rouverte ; l'équipe reprend son traitement."), "info")
    return redirect(url_for("tickets.show", number=number))


@bp.route("/pieces-jointes/<int:attachment_id>")
@download_headers
@login_required
def attachment(attachment_id):
    item = db.get_or_404(Attachment, attachment_id)
    message = item.message
    ticket = get_visible_ticket(current_user, message.ticket.number)
    if not message.is_public and not can_work(current_user, ticket):
        abort(404)
    inline = request.args.get("inline") == "1" and item.content_type in INLINE_TYPES
    response = send_file(blob_path(item.sha256), mimetype=item.content_type
                         if inline else "application/octet-stream",
                         as_attachment=not inline, download_name=item.filename)
    return response


INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
