"""Meetings of a committee: plan, invite, hold, minute, raise actions."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees import queries, services
from committees.actions import raise_action
from committees.enums import Attendance, MeetingStatus
from committees.forms import ATTENDANCE_CHOICES, MeetingForm, MinutesForm, ParticipantForm
from committees.models import Committee, Meeting
from committees.permissions import (
    MANAGERS,
    can_read_published_minutes,
    can_see_committee,
    is_manager,
)
from committees.views import bp
from committees.views.actions import action_form, action_values
from portal.calendars import default_business_calendar, local_today
from portal.extensions import db
from portal.i18n import to_local_naive, to_utc
from portal.security import role_required
from portal.timeutil import utcnow


def _meeting_values(form: MeetingForm) -> dict:
    return {"starts_at": to_utc(form.starts_at.data),
            "location": (form.location.data or "").strip(),
            "duration_minutes": form.duration_minutes.data,
            "agenda": (form.agenda.data or "").strip()}


@bp.route("/<int:committee_id>/reunions/nouvelle", methods=["GET", "POST"])
@role_required(*MANAGERS)
def plan_meeting(committee_id: int):
    committee = db.get_or_404(Committee, committee_id)
    form = MeetingForm()
    if request.method == "GET":
        proposed = services.propose_next_start(committee, default_business_calendar(), utcnow())
        form.starts_at.data = to_local_naive(proposed) if proposed else None
        form.location.data = committee.default_location
    if form.validate_on_submit():
        meeting = services.plan_meeting(committee, _meeting_values(form))
        db.session.commit()
        flash(_("Réunion planifiée. Envoyez l'invitation quand l'ordre du jour est prêt."),
              "success")
        return redirect(url_for("committees.meeting", meeting_id=meeting.id))
    return render_template("committees/meeting_form.html", form=form, committee=committee,
                           meeting=None)


@bp.route("/reunions/<int:meeting_id>/modifier", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_meeting(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = MeetingForm(obj=meeting)
    if request.method == "GET":
        form.starts_at.data = to_local_naive(meeting.starts_at)
    if form.validate_on_submit():
        moved = services.update_meeting(meeting, _meeting_values(form))
        if moved and meeting.invited_at:
            services.send_invitations(meeting, utcnow())
        db.session.commit()
        flash(_("Réunion mise à jour ; les invités ont reçu l'invitation modifiée.") if (
            moved and meeting.invited_at) else _("Réunion mise à jour."), "success")
        return redirect(url_for("committees.meeting", meeting_id=meeting.id))
    return render_template("committees/meeting_form.html", form=form,
                           committee=meeting.committee, meeting=meeting)


@bp.get("/reunions/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    if not can_see_committee(current_user, meeting.committee):
        if can_read_published_minutes(current_user, meeting):
            return render_template("committees/published_minutes.html", meeting=meeting)
        abort(403)
    participant_form = ParticipantForm()
    participant_form.person.choices = queries.person_choices(meeting.committee.entity_ids,
                                                             _("DSI"))
    return render_template("committees/meeting.html", meeting=meeting,
                           participant_form=participant_form,
                           action_form=action_form(None, meeting), today=local_today(),
                           can_manage=is_manager(current_user))


@bp.get("/reunions/<int:meeting_id>/invitation.ics")
@login_required
def ics(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    if not can_see_committee(current_user, meeting.committee):
        abort(403)
    return Response(services.invitation(meeting, utcnow()), mimetype="text/calendar",
                    headers={"Content-Disposition":
                             f'attachment; filename="reunion-{meeting.id}.ics"'})


@bp.post("/reunions/<int:meeting_id>/inviter")
@role_required(*MANAGERS)
def invite(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.status is not MeetingStatus.PLANNED:
        flash(_("Seule une réunion planifiée peut être envoyée en invitation."), "warning")
    else:
        sent = services.send_invitations(meeting, utcnow())
        db.session.commit()
        flash(_("Invitation envoyée à %(count)d personne(s).", count=sent) if sent else _(
            "Aucun participant n'a d'adresse e-mail : téléchargez l'invitation .ics."),
              "success" if sent else "warning")
    return redirect(url_for("committees.meeting", meeting_id=meeting.id))


@bp.post("/reunions/<int:meeting_id>/annuler")
@role_required(*MANAGERS)
def cancel(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.status is MeetingStatus.PLANNED:
        services.cancel_meeting(meeting, utcnow())
        db.session.commit()
        flash(_("Réunion annulée."), "success")
    return redirect(url_for("committees.meeting", meeting_id=meeting.id))


@bp.post("/reunions/<int:meeting_id>/participants")
@role_required(*MANAGERS)
def add_participant(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    user, contact = queries.resolve_person(request.form.get("person", ""),
                                           meeting.committee.entity_ids)
    if user is None and contact is None:
        flash(_("Choisissez une personne de la DSI ou un interlocuteur du client."), "danger")
    elif services.add_participant(meeting, user=user, contact=contact):
        db.session.commit()
        flash(_("Participant ajouté."), "success")
    else:
        flash(_("Cette personne est déjà invitée."), "warning")
    return redirect(url_for("committees.meeting", meeting_id=meeting.id))


@bp.route("/reunions/<int:meeting_id>/compte-rendu", methods=["GET", "POST"])
@role_required(*MANAGERS)
def minutes(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.status is MeetingStatus.CANCELLED:
        abort(409)
    form = MinutesForm(obj=meeting)
    if form.validate_on_submit():
        services.record_minutes(meeting, minutes=form.minutes.data,
                                decisions=form.decisions.data,
                                published=form.minutes_published.data,
                                attendance=_attendance(meeting), now=utcnow())
        db.session.commit()
        flash(_("Compte rendu enregistré."), "success")
        return redirect(url_for("committees.meeting", meeting_id=meeting.id))
    return render_template("committees/minutes_form.html", form=form, meeting=meeting,
                           choices=ATTENDANCE_CHOICES)


def _attendance(meeting: Meeting) -> dict[int, Attendance]:
    """The attendance ticked for each participant; unknown values are left unchanged."""
    allowed = {value for value, _label in ATTENDANCE_CHOICES}
    return {p.id: Attendance(value) for p in meeting.participants
            if (value := request.form.get(f"attendance-{p.id}")) in allowed}


@bp.post("/reunions/<int:meeting_id>/actions")
@role_required(*MANAGERS)
def raise_meeting_action(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = action_form(None, meeting)
    values = action_values(form) if form.validate_on_submit() else None
    if values is None:
        return render_template("committees/meeting.html", meeting=meeting, action_form=form,
                               participant_form=None, today=local_today(), can_manage=True), 422
    raise_action(values, current_user, utcnow(), default_business_calendar(), meeting=meeting)
    db.session.commit()
    flash(_("Action ajoutée au plan d'action."), "success")
    return redirect(url_for("committees.meeting", meeting_id=meeting.id) + "#actions")
