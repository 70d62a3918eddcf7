"""Committees: the list, one committee's page, its members."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees import queries, services
from committees.enums import Level
from committees.forms import CommitteeForm, MemberForm
from committees.models import Committee, CommitteeMember
from committees.permissions import MANAGERS, can_see_committee, is_manager
from committees.views import bp
from portal import queries as portal_queries
from portal.calendars import default_business_calendar
from portal.extensions import db
from portal.security import role_required
from portal.timeutil import utcnow


def get_visible_committee(committee_id: int) -> Committee:
    """The committee, 404 if missing, 403 if the user may not see it."""
    committee = db.get_or_404(Committee, committee_id)
    if not can_see_committee(current_user, committee):
        abort(403)
    return committee


@bp.get("/")
@login_required
def index():
    if not current_user.is_staff:
        return redirect(url_for("committees.published"))
    level = request.args.get("niveau", "")
    entity_id = portal_queries.parse_id(request.args.get("entite"))
    committees = queries.list_committees(current_user, level if level in set(Level) else "",
                                         entity_id)
    return render_template("committees/index.html", committees=committees, levels=list(Level),
                           level=level, entity_id=entity_id,
                           upcoming=queries.next_meetings([c.id for c in committees]),
                           entities=portal_queries.entity_choices(_("Toutes les entités")),
                           can_manage=is_manager(current_user))


@bp.get("/<int:committee_id>")
@login_required
def show(committee_id: int):
    committee = get_visible_committee(committee_id)
    proposed = services.propose_next_start(committee, default_business_calendar(), utcnow())
    form = MemberForm()
    form.person.choices = queries.person_choices(committee.entity_ids, _("DSI"))
    return render_template("committees/show.html", committee=committee, proposed=proposed,
                           member_form=form, can_manage=is_manager(current_user), now=utcnow())


@bp.route("/nouveau", methods=["GET", "POST"], defaults={"committee_id": None})
@bp.route("/<int:committee_id>/modifier", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(committee_id: int | None):
    committee = db.get_or_404(Committee, committee_id) if committee_id else None
    form = CommitteeForm(obj=committee)
    form.entity_ids.choices = portal_queries.entity_choices()
    if committee is not None and request.method == "GET":
        form.entity_ids.data = sorted(committee.entity_ids)
    if form.validate_on_submit():
        values = form.data | {"name": (form.name.data or "").strip()}
        committee = services.save_committee(committee, values, form.entity_ids.data)
        db.session.commit()
        flash(_("Comité « %(name)s » enregistré.", name=committee.name), "success")
        return redirect(url_for("committees.show", committee_id=committee.id))
    return render_template("committees/form.html", form=form, committee=committee)


@bp.post("/<int:committee_id>/membres")
@role_required(*MANAGERS)
def add_member(committee_id: int):
    committee = db.get_or_404(Committee, committee_id)
    form = MemberForm()
    form.person.choices = queries.person_choices(committee.entity_ids, _("DSI"))
    user, contact = queries.resolve_person(form.person.data, committee.entity_ids)
    if not form.validate_on_submit() or (user is None and contact is None):
        flash(_("Choisissez un membre de la DSI ou un interlocuteur des entités du comité."),
              "danger")
    elif services.add_member(committee, user=user, contact=contact, role=form.role.data):
        db.session.commit()
        flash(_("Membre ajouté."), "success")
    else:
        flash(_("Cette personne est déjà membre du comité."), "warning")
    return redirect(url_for("committees.show", committee_id=committee.id))


@bp.post("/<int:committee_id>/membres/<int:member_id>/retirer")
@role_required(*MANAGERS)
def remove_member(committee_id: int, member_id: int):
    member = db.first_or_404(db.select(CommitteeMember).where(
        CommitteeMember.id == member_id, CommitteeMember.committee_id == committee_id))
    db.session.delete(member)
    db.session.commit()
    flash(_("Membre retiré du comité."), "success")
    return redirect(url_for("committees.show", committee_id=committee_id))


@bp.get("/comptes-rendus")
@login_required
def published():
    return render_template("committees/published.html",
                           meetings=queries.published_meetings(current_user))
