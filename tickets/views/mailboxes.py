"""Configure the functional mailboxes and collect one on demand."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from catalog.queries import service_choices
from portal.extensions import db
from portal.queries import entity_choices
from portal.security import role_required
from tickets.enums import MailboxKind, UnknownSender
from tickets.forms import MailboxForm
from tickets.mailbox.models import Mailbox
from tickets.mailbox.services import get_mailbox_by_name, save_mailbox
from tickets.permissions import MAILBOX_ROLES
from tickets.tasks import poll_one
from tickets.views import bp


def _prepare(form: MailboxForm) -> MailboxForm:
    form.default_service_id.choices = [("", _l("— Aucun —"))] + [
        (str(value), label) for value, label in service_choices()]
    form.default_entity_id.choices = [("", _l("— Aucune —"))] + [
        (str(value), label) for value, label in entity_choices()]
    return form


def _values(form: MailboxForm) -> dict:
    data = {name: (form[name].data or "").strip() for name in (
        "name", "path", "host", "username", "folder", "processed_folder")}
    data.update(
        kind=MailboxKind(form.kind.data), unknown_sender=UnknownSender(form.unknown_sender.data),
        address=(form.address.data or "").lower(), port=form.port.data or 993,
        use_tls=form.use_tls.data, active=form.active.data,
        default_service_id=int(form.default_service_id.data or 0) or None,
        default_entity_id=int(form.default_entity_id.data or 0) or None)
    return data


@bp.route("/boites")
@role_required(*MAILBOX_ROLES)
def mailboxes():
    rows = db.session.scalars(select(Mailbox).order_by(Mailbox.name)).all()
    return render_template("tickets/mailboxes.html", mailboxes=rows)


@bp.route("/boites/nouvelle", methods=["GET", "POST"])
@bp.route("/boites/<int:mailbox_id>", methods=["GET", "POST"])
@role_required(*MAILBOX_ROLES)
def mailbox_form(mailbox_id=None):
    mailbox = db.get_or_404(Mailbox, mailbox_id) if mailbox_id else None
    form = _prepare(MailboxForm(obj=mailbox))
    if mailbox is not None and not form.is_submitted():
        form.default_service_id.data = str(mailbox.default_service_id or "")
        form.default_entity_id.data = str(mailbox.default_entity_id or "")
    if form.validate_on_submit():
        other = get_mailbox_by_name(form.name.data)
        if other is not None and other is not mailbox:
            form.name.errors.append(_("Une autre boîte porte déjà ce nom."))
        else:
            mailbox = save_mailbox(mailbox, _values(form), form.password.data)
            db.session.commit()
            flash(_("La boîte « %(name)s » est enregistrée.", name=mailbox.name), "success")
            return redirect(url_for("tickets.mailboxes"))
    return render_template("tickets/mailbox_form.html", form=form, mailbox=mailbox)


@bp.route("/boites/<int:mailbox_id>/relever", methods=["POST"])
@role_required(*MAILBOX_ROLES)
def mailbox_poll(mailbox_id):
    mailbox = db.get_or_404(Mailbox, mailbox_id)
    poll_one.delay(mailbox.id)
    flash(_("Relève demandée : les nouveaux messages arrivent dans quelques secondes."), "info")
    return redirect(url_for("tickets.mailboxes"))
