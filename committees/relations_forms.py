"""Forms of the client meetings, events and client projects; they validate input only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from committees.enums import Channel, EventKind, ProjectStatus
from committees.relations import SIGNED_STATUSES
from portal.forms import REQUIRED
from portal.queries import parse_id

NOT_BEFORE = _l("Cette date ne peut précéder la date d'émergence du projet.")
SIGNED_ON_NEEDED = _l("Indiquez la date de signature : elle est obligatoire pour un projet "
                      "signé ou livré.")


def optional_id(value) -> int:
    """Read an id from a choice; anything but a positive number means none (0)."""
    return parse_id(value) or 0


class MeetingFilterForm(FlaskForm):
    """The client-meetings list filters, read from the query string."""

    class Meta:
        csrf = False

    entite = SelectField(_l("Entité"), coerce=optional_id, default=0,
                         validate_choice=False)
    canal = SelectField(_l("Canal"), choices=[("", _l("Tous"))] + Channel.choices(),
                          default="", validate_choice=False)
    du = DateField(_l("Du"), validators=[Optional()])
    au = DateField(_l("Au"), validators=[Optional()])

    def validate_au(self, field):
        if self.du.data and field.data and field.data < self.du.data:
            raise ValidationError(_l("La fin de la période précède son début."))


class ProjectFilterForm(FlaskForm):
    """The client-projects list filters, read from the query string."""

    class Meta:
        csrf = False

    entite = SelectField(_l("Entité"), coerce=optional_id, default=0,
                         validate_choice=False)
    statut = SelectField(_l("État"), choices=[("", _l("Tous"))] + ProjectStatus.choices(),
                         default="", validate_choice=False)


class _ContactsOfEntity:
    """Contacts picked among every entity's, then checked against the chosen entity."""

    contact_owners: dict[int, int] = {}

    def validate_contact_ids(self, field):
        if self.entity_id.data and any(self.contact_owners.get(contact_id) != self.entity_id.data
                                       for contact_id in field.data or []):
            raise ValidationError(_l("Choisissez uniquement des interlocuteurs de l'entité."))


class ClientMeetingForm(_ContactsOfEntity, FlaskForm):
    entity_id = SelectField(_l("Entité rencontrée"), coerce=optional_id, validators=[
        DataRequired(_l("Choisissez l'entité rencontrée."))])
    met_on = DateField(_l("Date de la rencontre"), validators=[
        InputRequired(_l("Saisissez la date de la rencontre."))])
    channel = SelectField(_l("Canal"), choices=Channel.choices())
    subject = StringField(_l("Objet"), validators=[DataRequired(REQUIRED), Length(max=200)])
    contact_ids = SelectMultipleField(_l("Interlocuteurs rencontrés"), coerce=int)
    summary = TextAreaField(_l("Compte rendu"), validators=[Length(max=20000)])
    follow_up = TextAreaField(_l("Suites à donner"), validators=[Length(max=8000)])
    author_id = SelectField(_l("Auteur (DSI)"), coerce=optional_id, validators=[
        DataRequired(_l("Choisissez l'auteur de la rencontre."))])
    event_id = SelectField(_l("Événement"), coerce=optional_id, default=0)

    def validate_channel(self, field):
        if self.event_id.data and field.data != Channel.EVENT:
            raise ValidationError(_l("Une rencontre liée à un événement a pour canal "
                                     "« Événement »."))


class EventForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(_l("Type d'événement"), choices=EventKind.choices())
    held_on = DateField(_l("Date"), validators=[
        InputRequired(_l("Saisissez la date de l'événement."))])
    location = StringField(_l("Lieu"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=8000)])


class AttendeeForm(_ContactsOfEntity, FlaskForm):
    entity_id = SelectField(_l("Client présent"), coerce=optional_id, validators=[
        DataRequired(_l("Choisissez l'entité présente."))])
    contact_ids = SelectMultipleField(_l("Interlocuteurs présents"), coerce=int)


class ProjectForm(FlaskForm):
    entity_id = SelectField(_l("Entité"), coerce=optional_id, validators=[
        DataRequired(_l("Choisissez l'entité qui porte le projet."))])
    title = StringField(_l("Intitulé"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=8000)])
    status = SelectField(_l("État"), choices=ProjectStatus.choices(),
                         default=ProjectStatus.IDEA.value)
    raised_on = DateField(_l("Date d'émergence"), validators=[
        InputRequired(_l("Saisissez la date à laquelle le projet a émergé."))])
    signed_on = DateField(_l("Date de signature"), validators=[Optional()])
    closed_on = DateField(_l("Date de clôture"), validators=[Optional()])
    owner_id = SelectField(_l("Responsable DSI"), coerce=optional_id, default=0)
    sponsor_id = SelectField(_l("Sponsor côté client"), coerce=optional_id, default=0)
    service_ids = SelectMultipleField(_l("Services concernés"), coerce=int)

    contact_owners: dict[int, int] = {}

    def validate_sponsor_id(self, field):
        if field.data and self.contact_owners.get(field.data) != self.entity_id.data:
            raise ValidationError(_l("Le sponsor doit être un interlocuteur de l'entité."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.status.data in SIGNED_STATUSES and self.signed_on.data is None:
            if not self.signed_on.errors:
                self.signed_on.errors.append(SIGNED_ON_NEEDED)
            valid = False
        for field in (self.signed_on, self.closed_on):
            if field.data and self.raised_on.data and field.data < self.raised_on.data:
                field.errors.append(NOT_BEFORE)
                valid = False
        return valid
