"""Forms of the committees, meetings and action plans; they validate input and nothing else."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from committees.enums import ActionPriority, ActionStatus, Attendance, Cadence, Level
from portal.forms import REQUIRED, MultiCheckboxField

MARKDOWN_HELP = _l("Mise en forme possible : **gras**, *italique*, listes avec « - », titres "
                   "avec « ### ».")


class CommitteeForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=160)])
    level = SelectField(_l("Niveau"), choices=Level.choices())
    cadence = SelectField(_l("Fréquence"), choices=Cadence.choices())
    entity_ids = MultiCheckboxField(_l("Entités concernées"), coerce=int, validators=[
        DataRequired(_l("Choisissez au moins une entité."))])
    purpose = TextAreaField(_l("Objet"), validators=[Length(max=4000)])
    default_location = StringField(_l("Lieu habituel"), validators=[Length(max=200)])
    is_active = BooleanField(_l("Comité actif"), default=True)


class MemberForm(FlaskForm):
    person = SelectField(_l("Membre"), validators=[DataRequired(REQUIRED)])
    role = StringField(_l("Rôle dans le comité"), validators=[Length(max=80)])


class MeetingForm(FlaskForm):
    starts_at = DateTimeLocalField(_l("Date et heure"), format="%Y-%m-%dT%H:%M", validators=[
        DataRequired(_l("Saisissez la date et l'heure, par exemple 15/03/2027 10:00."))])
    duration_minutes = IntegerField(_l("Durée (minutes)"), default=90, validators=[
        DataRequired(REQUIRED), NumberRange(min=15, max=600, message=_l(
            "La durée va de 15 à 600 minutes."))])
    location = StringField(_l("Lieu"), validators=[Length(max=200)])
    agenda = TextAreaField(_l("Ordre du jour"), validators=[Length(max=8000)])


class ParticipantForm(FlaskForm):
    person = SelectField(_l("Personne à inviter"), validators=[DataRequired(REQUIRED)])


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Compte rendu"), validators=[
        DataRequired(_l("Rédigez le compte rendu.")), Length(max=50000)])
    decisions = TextAreaField(_l("Décisions"), validators=[Length(max=20000)])
    minutes_published = BooleanField(_l("Publier le compte rendu aux membres du client"))


ATTENDANCE_CHOICES = [(a.value, a.label) for a in Attendance if a is not Attendance.INVITED]


class ActionForm(FlaskForm):
    title = StringField(_l("Action"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Précisions"), validators=[Length(max=8000)])
    owner_id = SelectField(_l("Responsable"), coerce=int, validators=[
        DataRequired(_l("Choisissez le responsable de l'action."))])
    due_on = DateField(_l("Échéance"), validators=[Optional()])
    priority = SelectField(_l("Priorité"), choices=ActionPriority.choices(),
                           default=ActionPriority.NORMAL.value)
    entity_id = SelectField(_l("Entité"), coerce=int, default=0)
    service_id = SelectField(_l("Service concerné"), coerce=int, default=0)
    ticket_number = StringField(_l("Demande liée (numéro)"), validators=[Length(max=30)])


class ActionStatusForm(FlaskForm):
    status = SelectField(_l("État"), choices=ActionStatus.choices())
    outcome = TextAreaField(_l("Commentaire ou résultat"), validators=[Length(max=8000)])
