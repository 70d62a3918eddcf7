"""The service desk's side: the queue, and working a request."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from catalog.models import Service
from catalog.queries import list_families, service_choices
from portal.enums import Priority, Role
from portal.extensions import db, limiter
from portal.models import User
from portal.queries import entity_choices, parse_id
from portal.security import role_required
from portal.timeutil import utcnow
from tickets import actions
from tickets.enums import Channel, Level, ResponseType, Status, TicketType
from tickets.forms import DeskRequestForm, MergeForm, ReplyForm, WorkForm
from tickets.models import ReplyTemplate, Team
from tickets.permissions import DESK_ROLES, can_work, is_desk
from tickets.queries import QueueFilter, agent_choices, get_visible_ticket, queue_query
from tickets.services import find_ticket_by_number, merge
from tickets.views import bp
from tickets.views.page import (
    prepare_reply_form,
    prepare_work_form,
    put_in_copy_from_form,
    show_context,
)
from tickets.views.requester import uploads, within_quota

QUEUE_ROLES = (*DESK_ROLES, Role.PRODUCT_LEAD)
# Replies and notes with their files, per person: above any real desk's pace, below a flood.
DESK_REPLY_LIMIT = "30 per minute;300 per hour"
SORT_LABELS = [("recent", _l("Dernière mise à jour")), ("created", _l("Plus récentes")),
               ("oldest", _l("Plus anciennes")), ("priority", _l("Priorité")),
               ("number", _l("Numéro"))]


def _int_arg(name: str) -> int | None:
    return parse_id(request.args.get(name))


def _desk_key() -> str:
    return f"guichet:{current_user.get_id()}"


def _workable(number: str):
    ticket = get_visible_ticket(current_user, number)
    if not can_work(current_user, ticket):
        abort(403)
    return ticket


@bp.route("/file")
@role_required(*QUEUE_ROLES)
def queue():
    filters = QueueFilter(
        status=request.args.get("statut", "open"), priority=request.args.get("priorite", ""),
        service_id=_int_arg("service"), family_id=_int_arg("famille"),
        entity_id=_int_arg("entite"), assignee=request.args.get("agent", ""),
        text=request.args.get("q", "").strip(), sort=request.args.get("tri", "recent"),
        breached=request.args.get("delai") == "depasse")
    pagination = db.paginate(queue_query(current_user, filters), per_page=25)
    return render_template(
        "tickets/queue.html", pagination=pagination, filters=filters,
        families=list_families(), services=db.session.scalars(
            db.select(Service).order_by(Service.name)).all(),
        entities=entity_choices(), agents=agent_choices(""), statuses=Status,
        priorities=Priority.choices(), sorts=SORT_LABELS, can_record=is_desk(current_user))


@bp.route("/saisir", methods=["GET", "POST"])
@role_required(*DESK_ROLES)
def record():
    form = DeskRequestForm()
    form.entity_id.choices = [("", _("— Celle du demandeur —"))] + [
        (str(value), label) for value, label in entity_choices()]
    form.channel.choices = [(c.value, c.label) for c in Channel if c is not Channel.PORTAL]
    form.service_id.choices = [("", _("— À qualifier —"))] + [
        (str(value), label) for value, label in service_choices()]
    if form.validate_on_submit():
        ticket = actions.record_request(
            current_user, email=form.requester_email.data, name=form.requester_name.data or "",
            entity_id=int(form.entity_id.data or 0) or None, channel=Channel(form.channel.data),
            service=db.session.get(Service, int(form.service_id.data or 0)),
            type_=TicketType(form.type.data), subject=form.subject.data,
            description=form.description.data, urgency=Level(form.urgency.data),
            impact=Level(form.impact.data), acknowledge_it=form.acknowledge.data, now=utcnow())
        db.session.commit()
        flash(_("Demande %(number)s enregistrée.", number=ticket.number), "success")
        return redirect(url_for("tickets.work", number=ticket.number))
    return render_template("tickets/record.html", form=form)


@bp.route("/<number>/traiter", methods=["GET"])
@role_required(*QUEUE_ROLES)
def work(number):
    ticket = _workable(number)
    context = show_context(ticket, current_user)
    template = db.session.get(ReplyTemplate, _int_arg("modele") or 0)
    if template is not None:
        context["reply_form"].body.data = actions.fill_template(template, ticket, current_user)
    return render_template("tickets/show.html", **context)


@bp.route("/<number>/classer", methods=["POST"])
@role_required(*QUEUE_ROLES)
def classify(number):
    ticket = _workable(number)
    form = WorkForm()
    prepare_work_form(form)
    if not form.validate_on_submit():
        return render_template("tickets/show.html", **show_context(
            ticket, current_user, work_form=form)), 422
    data = form.data
    actions.update_work(
        ticket, current_user, utcnow(),
        service=db.session.get(Service, int(data["service_id"])) if data["service_id"] else None,
        type_=TicketType(data["type"]), urgency=Level(data["urgency"]),
        impact=Level(data["impact"]),
        response_type=ResponseType(data["response_type"]) if data["response_type"] else None,
        status=Status(data["status"]),
        assignee=db.session.get(User, int(data["assignee_id"])) if data["assignee_id"] else None,
        team=db.session.get(Team, int(data["team_id"])) if data["team_id"] else None)
    db.session.commit()
    flash(_("La demande est mise à jour."), "success")
    return redirect(url_for("tickets.work", number=number))


@bp.route("/<number>/repondre", methods=["POST"])
@role_required(*QUEUE_ROLES)
@limiter.limit(DESK_REPLY_LIMIT, key_func=_desk_key)
def reply(number):
    ticket = _workable(number)
    form = prepare_reply_form(ReplyForm())
    if not (form.validate_on_submit() and within_quota(form.attachments, utcnow())):
        return render_template("tickets/show.html", **show_context(
            ticket, current_user, reply_form=form)), 422
    status = Status(form.next_status.data) if form.next_status.data else None
    actions.post_reply(ticket, current_user, form.body.data, form.internal.data, status,
                       uploads(form.attachments), utcnow())
    db.session.commit()
    flash(_("Note interne ajoutée.") if form.internal.data
          else _("Réponse envoyée au demandeur."), "success")
    return redirect(url_for("tickets.work", number=number))


@bp.route("/<number>/copie", methods=["POST"])
@role_required(*QUEUE_ROLES)
def add_copy(number):
    ticket = _workable(number)
    return put_in_copy_from_form(ticket, "tickets.work")


@bp.route("/<number>/fusionner", methods=["POST"])
@role_required(*QUEUE_ROLES)
def merge_view(number):
    ticket = _workable(number)
    form = MergeForm()
    target = None
    if form.validate_on_submit():
        target = find_ticket_by_number(form.target.data.strip().upper())
        if target is None or target.id == ticket.id or not can_work(current_user, target):
            form.target.errors.append(_("Aucune autre demande ouverte ne porte ce numéro."))
            target = None
    if target is None:
        return render_template("tickets/show.html", **show_context(
            ticket, current_user, merge_form=form)), 422
    merge(ticket, target, current_user, utcnow())
    db.session.commit()
    flash(_("La demande %(source)s est fusionnée dans %(target)s.", source=ticket.number,
            target=target.number), "success")
    return redirect(url_for("tickets.work", number=target.number))
