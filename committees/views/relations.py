"""Client meetings, events and client projects: lists, forms and the event page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user
from sqlalchemy import select

from catalog.queries import service_choices
from committees import relations
from committees.enums import Channel, EventKind, ProjectStatus
from committees.models import ClientMeeting, Event, Project
from committees.permissions import MANAGERS, can_follow_entity, is_manager
from committees.queries import staff_choices
from committees.relations import AlreadyAttending, RelationFilter
from committees.relations_forms import (
    AttendeeForm,
    ClientMeetingForm,
    EventForm,
    MeetingFilterForm,
    ProjectFilterForm,
    ProjectForm,
    optional_id,
)
from committees.views import bp
from portal.enums import Role
from portal.extensions import db
from portal.models import Entity, User
from portal.security import role_required
from portal.timeutil import utcnow

FOLLOWERS = (*MANAGERS, Role.PRODUCT_LEAD)
PAGE_SIZE = 25


def _pick() -> str:
    return _("— Choisir —")


def _today():
    return to_user_timezone(utcnow()).date()


def _followed_meeting(meeting_id: int) -> ClientMeeting:
    """The meeting, 404 if missing, 403 if the user does not follow its client."""
    meeting = db.get_or_404(ClientMeeting, meeting_id)
    if not can_follow_entity(current_user, meeting.entity_id):
        abort(403)
    return meeting


def _entity_choices(blank: str) -> list:
    return relations.followed_entity_choices(current_user, blank)


@bp.get("/rencontres")
@role_required(*FOLLOWERS)
def client_meetings():
    form = MeetingFilterForm(request.args)
    form.entite.choices = _entity_choices(_("Toutes les entités"))
    form.validate()
    filters = RelationFilter(entity_id=form.entite.data or None, channel=form.canal.data,
                             since=form.du.data, until=form.au.data)
    pagination = db.paginate(relations.list_client_meetings(current_user, filters),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template("committees/relations/client_meetings.html", form=form,
                           pagination=pagination,
                           entities_met=relations.count_entities_met(current_user, filters))


def _meeting_form(meeting: ClientMeeting | None) -> ClientMeetingForm:
    form = ClientMeetingForm(obj=meeting)
    form.entity_id.choices = _entity_choices(_pick())
    form.contact_ids.choices = relations.contact_choices()
    form.contact_owners = relations.contact_entities()
    form.author_id.choices = staff_choices(_pick())
    if meeting is not None and meeting.author and meeting.author_id not in dict(
            form.author_id.choices):
        form.author_id.choices.append((meeting.author_id, meeting.author.full_name))
    form.event_id.choices = relations.event_choices(_("— Aucun —"))
    if request.method == "GET" and meeting is not None:
        form.contact_ids.data = [contact.id for contact in meeting.contacts]
    elif request.method == "GET":
        form.author_id.data, form.met_on.data = current_user.id, _today()
        form.entity_id.data = optional_id(request.args.get("entite"))
    return form


def _meeting_values(form: ClientMeetingForm) -> dict:
    names = ("entity_id", "met_on", "subject", "summary", "follow_up")
    return {**{name: form[name].data for name in names}, "channel": Channel(form.channel.data),
            "event_id": form.event_id.data or None}


@bp.route("/rencontres/nouvelle", methods=["GET", "POST"], defaults={"meeting_id": None})
@bp.route("/rencontres/<int:meeting_id>/modifier", methods=["GET", "POST"])
@role_required(*FOLLOWERS)
def edit_client_meeting(meeting_id: int | None):
    meeting = _followed_meeting(meeting_id) if meeting_id else None
    form = _meeting_form(meeting)
    if form.validate_on_submit():
        try:
            meeting = relations.save_client_meeting(
                meeting, _meeting_values(form), form.contact_ids.data,
                db.session.get(User, form.author_id.data), utcnow())
        except AlreadyAttending:
            form.event_id.errors.append(_("Cette entité est déjà enregistrée comme présente "
                                          "à cet événement."))
        else:
            db.session.commit()
            flash(_("Rencontre avec %(entity)s enregistrée.", entity=meeting.entity.name),
                  "success")
            return redirect(url_for("committees.client_meetings"))
    return render_template("committees/relations/client_meeting_form.html", form=form,
                           meeting=meeting)


@bp.get("/evenements")
@role_required(*FOLLOWERS)
def events():
    return render_template("committees/relations/events.html", events=relations.list_events(),
                           attendees=relations.count_attendees(current_user), today=_today(),
                           can_edit=is_manager(current_user))


@bp.route("/evenements/nouveau", methods=["GET", "POST"], defaults={"event_id": None})
@bp.route("/evenements/<int:event_id>/modifier", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_event(event_id: int | None):
    event = db.get_or_404(Event, event_id) if event_id else None
    form = EventForm(obj=event)
    if form.validate_on_submit():
        event = relations.save_event(event, {**form.data, "kind": EventKind(form.kind.data)},
                                     utcnow())
        db.session.commit()
        flash(_("Événement « %(name)s » enregistré.", name=event.name), "success")
        return redirect(url_for("committees.event", event_id=event.id))
    return render_template("committees/relations/event_form.html", form=form, event=event)


def _attendee_form() -> AttendeeForm:
    form = AttendeeForm()
    form.entity_id.choices = _entity_choices(_pick())
    form.contact_ids.choices = relations.contact_choices()
    form.contact_owners = relations.contact_entities()
    return form


def _event_page(event: Event, form: AttendeeForm | None):
    attendees = db.session.scalars(relations.list_client_meetings(
        current_user, RelationFilter(event_id=event.id))).all()
    return render_template("committees/relations/event.html", event=event, form=form,
                           attendees=attendees, can_edit=is_manager(current_user))


@bp.get("/evenements/<int:event_id>")
@role_required(*FOLLOWERS)
def event(event_id: int):
    event = db.get_or_404(Event, event_id)
    return _event_page(event, _attendee_form() if is_manager(current_user) else None)


@bp.post("/evenements/<int:event_id>/presents")
@role_required(*MANAGERS)
def add_attendee(event_id: int):
    event = db.get_or_404(Event, event_id)
    form = _attendee_form()
    if form.validate_on_submit():
        entity = db.session.get(Entity, form.entity_id.data)
        try:
            relations.add_event_attendee(event, entity, form.contact_ids.data, current_user,
                                         utcnow())
        except AlreadyAttending:
            form.entity_id.errors.append(_("%(entity)s est déjà enregistrée comme présente.",
                                           entity=entity.name))
        else:
            db.session.commit()
            flash(_("%(entity)s ajoutée aux clients présents.", entity=entity.name), "success")
            return redirect(url_for("committees.event", event_id=event.id))
    return _event_page(event, form)


@bp.post("/evenements/<int:event_id>/presents/<int:meeting_id>/retirer")
@role_required(*MANAGERS)
def remove_attendee(event_id: int, meeting_id: int):
    attendance = db.first_or_404(select(ClientMeeting).where(
        ClientMeeting.id == meeting_id, ClientMeeting.event_id == event_id))
    relations.remove_event_attendee(attendance)
    db.session.commit()
    flash(_("Client retiré de la liste des présents."), "success")
    return redirect(url_for("committees.event", event_id=event_id))


@bp.get("/projets")
@role_required(*FOLLOWERS)
def projects():
    form = ProjectFilterForm(request.args)
    form.entite.choices = _entity_choices(_("Toutes les entités"))
    form.validate()
    filters = RelationFilter(entity_id=form.entite.data or None, status=form.statut.data)
    return render_template("committees/relations/projects.html", form=form,
                           projects=relations.list_projects(current_user, filters),
                           can_edit=is_manager(current_user))


def _project_form(project: Project | None) -> ProjectForm:
    form = ProjectForm(obj=project)
    form.entity_id.choices = _entity_choices(_pick())
    form.owner_id.choices = staff_choices(_("— Aucun —"))
    form.sponsor_id.choices = [(0, _("— Aucun —"))] + [
        (value, f"{label} ({entity})") for entity, group in relations.contact_choices().items()
        for value, label in group]
    form.contact_owners = relations.contact_entities()
    form.service_ids.choices = service_choices()
    if request.method == "GET" and project is not None:
        form.service_ids.data = [service.id for service in project.services]
    elif request.method == "GET":
        form.raised_on.data = _today()
    return form


def _project_values(form: ProjectForm) -> dict:
    names = ("entity_id", "title", "description", "raised_on", "signed_on", "closed_on")
    return {**{name: form[name].data for name in names},
            "status": ProjectStatus(form.status.data),
            "owner_id": form.owner_id.data or None, "sponsor_id": form.sponsor_id.data or None}


@bp.route("/projets/nouveau", methods=["GET", "POST"], defaults={"project_id": None})
@bp.route("/projets/<int:project_id>/modifier", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_project(project_id: int | None):
    project = db.get_or_404(Project, project_id) if project_id else None
    form = _project_form(project)
    if form.validate_on_submit():
        project = relations.save_project(project, _project_values(form),
                                         form.service_ids.data, utcnow())
        db.session.commit()
        flash(_("Projet « %(title)s » enregistré.", title=project.title), "success")
        return redirect(url_for("committees.projects"))
    return render_template("committees/relations/project_form.html", form=form,
                           project=project)
