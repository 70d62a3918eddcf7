"""The plan of action: every action, filtered; one action's page, its progress."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog.queries import service_choices
from committees import queries
from committees.actions import raise_action, set_action_status, update_action
from committees.enums import ActionPriority, ActionStatus
from committees.forms import ActionForm, ActionStatusForm
from committees.models import Action, Meeting
from committees.permissions import (
    MANAGERS,
    can_see_action,
    can_update_action,
    is_manager,
    may_own_action,
)
from committees.views import bp
from portal import queries as portal_queries
from portal.calendars import default_business_calendar, local_today
from portal.extensions import db
from portal.models import User
from portal.security import role_required
from portal.timeutil import utcnow
from tickets.services import find_ticket_by_number


def action_form(action: Action | None, meeting: Meeting | None = None) -> ActionForm:
    """The action form with its choices; a meeting's single entity is preselected."""
    form = ActionForm(obj=action)
    form.owner_id.choices = queries.staff_choices(_("— Choisir —"))
    form.entity_id.choices = portal_queries.entity_choices(_("— Aucune —"))
    form.service_id.choices = [(0, _("— Aucun —"))] + service_choices()
    if request.method == "GET":
        form.entity_id.data = action.entity_id if action else (
            meeting.committee.entities[0].id if meeting and len(meeting.committee.entities) == 1
            else 0)
        form.service_id.data = (action.service_id if action else None) or 0
        form.owner_id.data = action.owner_id if action else 0
        form.ticket_number.data = action.ticket.number if action and action.ticket else ""
    return form


def action_values(form: ActionForm) -> dict | None:
    """The service values of a valid form, or None after marking a bad request number."""
    ticket = None
    number = (form.ticket_number.data or "").strip().upper()
    if number:
        ticket = find_ticket_by_number(number)
        if ticket is None:
            form.ticket_number.errors.append(_("Aucune demande ne porte ce numéro."))
            return None
    return {"title": (form.title.data or "").strip(),
            "description": (form.description.data or "").strip(),
            "owner_id": form.owner_id.data, "due_on": form.due_on.data,
            "priority": ActionPriority(form.priority.data),
            "entity_id": form.entity_id.data or None, "service_id": form.service_id.data or None,
            "ticket_id": ticket.id if ticket else None}


def get_visible_action(action_id: int) -> Action:
    action = db.get_or_404(Action, action_id)
    if not can_see_action(current_user, action):
        abort(403)
    return action


@bp.get("/plan-d-action")
@login_required
def plan():
    if not current_user.is_staff:
        abort(403)
    filters = queries.PlanFilter.from_args(request.args)
    today = local_today()
    pagination = db.paginate(queries.plan_query(current_user, filters, today), per_page=30)
    return render_template("committees/plan.html", pagination=pagination, filters=filters,
                           today=today, statuses=list(ActionStatus),
                           priorities=list(ActionPriority),
                           entities=portal_queries.entity_choices(_("Toutes les entités")),
                           owners=queries.staff_choices(_("Tous les responsables")),
                           can_manage=is_manager(current_user))


@bp.get("/actions/<int:action_id>")
@login_required
def action(action_id: int):
    action = get_visible_action(action_id)
    form = ActionStatusForm(obj=action)
    today = local_today()
    return render_template("committees/action.html", action=action, form=form, today=today,
                           can_update=can_update_action(current_user, action),
                           can_manage=is_manager(current_user))


@bp.route("/actions/nouvelle", methods=["GET", "POST"], defaults={"action_id": None})
@bp.route("/actions/<int:action_id>/modifier", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_action(action_id: int | None):
    action = db.get_or_404(Action, action_id) if action_id else None
    form = action_form(action)
    if (form.validate_on_submit() and (values := action_values(form)) is not None
            and _owner_may_read(action, values["owner_id"], form)):
        if action is None:
            action = raise_action(values, current_user, utcnow(), default_business_calendar())
        else:
            update_action(action, values, utcnow(), default_business_calendar())
        db.session.commit()
        flash(_("Action enregistrée."), "success")
        return redirect(url_for("committees.action", action_id=action.id))
    return render_template("committees/action_form.html", form=form, action=action)


def _owner_may_read(action: Action | None, owner_id: int, form: ActionForm) -> bool:
    """Refuse to hand a survey-born action to someone who may not read the answer."""
    owner = db.session.get(User, owner_id)
    if action is None or owner is None or may_own_action(owner, action):
        return True
    form.owner_id.errors.append(_("Cette personne ne peut pas lire la réponse à l'enquête "
                                  "dont l'action découle : choisissez quelqu'un qui le peut."))
    return False


@bp.post("/actions/<int:action_id>/etat")
@login_required
def update_status(action_id: int):
    action = get_visible_action(action_id)
    if not can_update_action(current_user, action):
        abort(403)
    form = ActionStatusForm()
    if form.validate_on_submit():
        set_action_status(action, ActionStatus(form.status.data), form.outcome.data, utcnow(),
                          default_business_calendar())
        db.session.commit()
        flash(_("Action mise à jour : %(status)s.", status=action.status.label), "success")
    else:
        flash(_("État inconnu : choisissez un état dans la liste."), "danger")
    return redirect(url_for("committees.action", action_id=action.id))
