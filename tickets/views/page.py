"""Everything the request page shows, for the requester and for the desk."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from catalog.queries import service_choices
from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow
from tickets.enums import Status
from tickets.forms import (
    MergeForm,
    ParticipantForm,
    RefuseForm,
    ReplyForm,
    RequesterReplyForm,
    WorkForm,
)
from tickets.models import Ticket, TicketMessage
from tickets.permissions import can_add_message, can_answer_as_requester, can_work
from tickets.queries import agent_choices, list_reply_templates, team_choices
from tickets.render import count_remote_images, sanitize_html, split_html_reply, split_reply
from tickets.services import put_in_copy
from tickets.timers import clocks

KEEP_STATUS = ("", _l("— Inchangé —"))


@dataclass
class ShownMessage:
    message: TicketMessage
    html: Markup | None
    latest_html: Markup | None
    latest: str
    full: str
    remote_images: int


def shown_message(message: TicketMessage) -> ShownMessage:
    """A message ready to show: sanitised HTML with its inline images, or folded text."""
    html = latest_html = None
    if message.body_html:
        cids = {item.content_id: url_for("tickets.attachment", attachment_id=item.id, inline=1)
                for item in message.attachments if item.content_id}
        html = sanitize_html(message.body_html, cids)
        before_quote = split_html_reply(message.body_html, message.subject)
        latest_html = sanitize_html(before_quote, cids) if before_quote else None
    latest, full = split_reply(message.body_text, message.subject)
    return ShownMessage(message, html, latest_html, latest, full,
                        count_remote_images(message.body_html or ""))


def work_form_for(ticket: Ticket) -> WorkForm:
    form = WorkForm(data={
        "service_id": str(ticket.service_id or ""), "type": ticket.type.value,
        "urgency": ticket.urgency.value, "impact": ticket.impact.value,
        "response_type": ticket.response_type.value if ticket.response_type else "",
        "status": ticket.status.value, "assignee_id": str(ticket.assignee_id or ""),
        "team_id": str(ticket.team_id or "")})
    prepare_work_form(form)
    return form


def prepare_work_form(form: WorkForm) -> None:
    form.service_id.choices = [("", _l("— À qualifier —"))] + [
        (str(value), label) for value, label in service_choices()]
    form.assignee_id.choices = agent_choices(str(_l("— Personne —")))
    form.team_id.choices = team_choices(str(_l("— Aucun —")))


def prepare_reply_form(form: ReplyForm) -> ReplyForm:
    form.next_status.choices = [KEEP_STATUS, *Status.choices()]
    return form


def show_context(ticket: Ticket, user: User, **forms) -> dict:
    """The request page's data; forms given override the blank ones (to show errors)."""
    desk = can_work(user, ticket)
    messages = [m for m in ticket.messages if desk or m.is_public]
    context = {
        "ticket": ticket, "desk": desk, "messages": [shown_message(m) for m in messages],
        "can_answer": can_answer_as_requester(user, ticket),
        "can_write": can_add_message(user, ticket, utcnow()),
        "sla": clocks(ticket, utcnow()),
        "requester_form": forms.get("requester_form") or RequesterReplyForm(formdata=None),
        "refuse_form": forms.get("refuse_form") or RefuseForm(formdata=None),
        "can_copy": not desk and ticket.is_requester(user),
        "participant_form": forms.get("participant_form") or ParticipantForm(formdata=None),
    }
    if desk:
        context.update(
            reply_form=forms.get("reply_form") or prepare_reply_form(ReplyForm(formdata=None)),
            work_form=forms.get("work_form") or work_form_for(ticket),
            merge_form=forms.get("merge_form") or MergeForm(formdata=None),
            templates=list_reply_templates())
    return context


def put_in_copy_from_form(ticket, back: str):
    """Validate the copy form, put the address in copy, commit, and go back to `back`."""
    form = ParticipantForm()
    if not form.validate_on_submit():
        return render_template("tickets/show.html", **show_context(
            ticket, current_user, participant_form=form)), 422
    if put_in_copy(ticket, form.email.data, current_user, utcnow()):
        db.session.commit()
        flash(_("%(address)s est en copie de la demande.", address=form.email.data), "success")
    return redirect(url_for(back, number=ticket.number))

