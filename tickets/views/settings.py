"""Desk settings: reply templates, the priority matrix and the agent groups."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.enums import Priority
from portal.extensions import db
from portal.security import role_required
from tickets.actions import save_reply_template
from tickets.enums import Level
from tickets.forms import ReplyTemplateForm, TeamForm
from tickets.models import ReplyTemplate, Team
from tickets.permissions import MAILBOX_ROLES
from tickets.queries import agent_choices, list_reply_templates
from tickets.services import (
    DEFAULT_MATRIX,
    compute_priority,
    save_default_commitments,
    save_matrix,
    save_team,
)
from tickets.sla import default_promise
from tickets.timers import default_commitments
from tickets.views import bp


@bp.route("/modeles", methods=["GET", "POST"])
@bp.route("/modeles/<int:template_id>", methods=["GET", "POST"])
@role_required(*MAILBOX_ROLES)
def reply_templates(template_id=None):
    template = db.get_or_404(ReplyTemplate, template_id) if template_id else None
    form = ReplyTemplateForm(obj=template)
    if form.validate_on_submit():
        other = db.session.scalar(select(ReplyTemplate).where(
            ReplyTemplate.name == form.name.data))
        if other is not None and other is not template:
            form.name.errors.append(_("Un autre modèle porte déjà ce nom."))
        else:
            save_reply_template(template, form.name.data, form.body.data)
            db.session.commit()
            flash(_("Modèle enregistré."), "success")
            return redirect(url_for("tickets.reply_templates"))
    return render_template("tickets/reply_templates.html", form=form, template=template,
                           templates=list_reply_templates())


@bp.route("/matrice", methods=["GET", "POST"])
@role_required(*MAILBOX_ROLES)
def matrix():
    if request.method == "POST":
        cells = {}
        for urgency in Level:
            for impact in Level:
                value = request.form.get(f"{urgency.value}-{impact.value}", "")
                if value in Priority._value2member_map_:
                    cells[(urgency, impact)] = Priority(value)
        save_matrix(cells)
        db.session.commit()
        flash(_("La matrice de priorité est enregistrée."), "success")
        return redirect(url_for("tickets.matrix"))
    grid = {(u, i): compute_priority(u, i) for u in Level for i in Level}
    return render_template("tickets/matrix.html", grid=grid, levels=list(Level),
                           priorities=list(Priority), defaults=DEFAULT_MATRIX)


def _hours(name: str) -> int | None:
    """Business hours typed in a field, as minutes; None when missing or not a duration."""
    try:
        hours = float(request.form.get(name, "").replace(",", "."))
    except ValueError:
        return None
    return round(hours * 60) if 0 < hours <= 10000 else None


@bp.route("/engagements", methods=["GET", "POST"])
@role_required(*MAILBOX_ROLES)
def default_commitments_view():
    if request.method == "POST":
        values = {priority: (_hours(f"{priority.value}-take"), _hours(f"{priority.value}-resolve"))
                  for priority in Priority}
        values = {key: pair for key, pair in values.items() if None not in pair}
        save_default_commitments(values)
        db.session.commit()
        flash(_("Les engagements par défaut sont enregistrés."), "success")
        return redirect(url_for("tickets.default_commitments_view"))
    current = {priority: default_promise(priority.value, default_commitments())
               for priority in Priority}
    return render_template("tickets/default_commitments.html", current=current,
                           priorities=list(Priority))


@bp.route("/groupes", methods=["GET", "POST"])
@bp.route("/groupes/<int:team_id>", methods=["GET", "POST"])
@role_required(*MAILBOX_ROLES)
def teams(team_id=None):
    team = db.get_or_404(Team, team_id) if team_id else None
    form = TeamForm(obj=team)
    form.lead_id.choices = agent_choices(_("— Aucun —"))
    form.member_ids.choices = agent_choices("")[1:]
    if team is not None and not form.is_submitted():
        form.lead_id.data = str(team.lead_id or "")
        form.member_ids.data = [str(user.id) for user in team.members]
    if form.validate_on_submit():
        other = db.session.scalar(select(Team).where(Team.name == form.name.data))
        if other is not None and other is not team:
            form.name.errors.append(_("Un autre groupe porte déjà ce nom."))
        else:
            save_team(team, form.name.data, int(form.lead_id.data or 0) or None,
                      [int(value) for value in form.member_ids.data or []])
            db.session.commit()
            flash(_("Groupe enregistré."), "success")
            return redirect(url_for("tickets.teams"))
    rows = db.session.scalars(select(Team).order_by(Team.name)).all()
    return render_template("tickets/teams.html", form=form, team=team, teams=rows)
