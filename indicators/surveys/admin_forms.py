"""Forms of the survey settings and campaigns; they validate input and nothing else."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from indicators.surveys.enums import Expectation, QuestionKind, SurveyKind
from portal.enums import Role, Segment
from portal.forms import REQUIRED, MultiCheckboxField


def _days(label, low, high, default):
    return IntegerField(label, default=default, validators=[
        InputRequired(REQUIRED), NumberRange(min=low, max=high, message=_l(
            "Saisissez un nombre entre %(min)s et %(max)s."))])


class PostRequestForm(FlaskForm):
    active = BooleanField(_l("Envoyer une enquête après chaque demande résolue"), default=True)
    title = StringField(_l("Titre"), default="Votre avis sur le traitement de votre demande",
                        validators=[DataRequired(REQUIRED), Length(max=200)])
    delay_hours = _days(_l("Délai après la résolution (heures)"), 0, 720, 24)
    sampling_percent = _days(_l("Part des demandes interrogées (%)"), 0, 100, 100)
    cooldown_days = _days(_l("Pas plus d'une enquête par personne tous les (jours)"), 0, 365, 30)
    reminder_days = _days(_l("Rappel sans réponse après (jours, 0 = aucun)"), 0, 60, 5)
    lifetime_days = _days(_l("Durée de validité du lien (jours)"), 1, 90, 15)
    low_score = _days(_l("Note basse, qui demande un commentaire et ouvre un suivi (sur 5)"),
                      1, 4, 2)


CAMPAIGN_KINDS = [(kind.value, kind.label) for kind in SurveyKind
                  if kind is not SurveyKind.POST_REQUEST]


class CampaignForm(FlaskForm):
    kind = SelectField(_l("Questionnaire"), choices=CAMPAIGN_KINDS)
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    edition = StringField(_l("Édition"), validators=[DataRequired(REQUIRED), Length(max=40)])
    intro = TextAreaField(_l("Message d'introduction"), validators=[Length(max=2000)])
    anonymous = BooleanField(_l("Réponses anonymes (rattachées à l'entité seulement)"),
                             default=True)
    entity_ids = MultiCheckboxField(_l("Entités"), coerce=int)
    segments = MultiCheckboxField(_l("Segments"), choices=Segment.choices())
    roles = MultiCheckboxField(_l("Rôles (tous si aucun)"), choices=Role.choices())
    opens_at = DateTimeLocalField(_l("Envoi le"), format="%Y-%m-%dT%H:%M", validators=[
        DataRequired(_l("Saisissez la date d'envoi, par exemple 02/11/2027 09:00."))])
    closes_at = DateTimeLocalField(_l("Clôture le"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()])
    reminder_days = _days(_l("Rappel sans réponse après (jours, 0 = aucun)"), 0, 60, 7)
    lifetime_days = _days(_l("Durée de validité du lien (jours)"), 1, 120, 21)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.entity_ids.data or self.segments.data):
            self.entity_ids.errors.append(_l("Choisissez au moins une entité ou un segment."))
            valid = False
        if self.closes_at.data and self.opens_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors.append(_l("La clôture doit suivre l'envoi."))
            valid = False
        return valid


class QuestionForm(FlaskForm):
    text = StringField(_l("Question"), validators=[DataRequired(REQUIRED), Length(max=400)])
    help = StringField(_l("Aide sous la question"), validators=[Length(max=400)])
    kind = SelectField(_l("Type de réponse"), choices=QuestionKind.choices())
    required = BooleanField(_l("Réponse obligatoire"), default=True)
    choices = TextAreaField(_l("Choix proposés (un par ligne)"), validators=[Length(max=4000)])
    low_label = StringField(_l("Libellé de la note la plus basse"), validators=[Length(max=80)])
    high_label = StringField(_l("Libellé de la note la plus haute"), validators=[Length(max=80)])
    expectation = SelectField(_l("Attente (écoute clients)"), choices=Expectation.choices())
    code = StringField(_l("Code pour le baromètre"), validators=[
        Optional(), Length(max=60), Regexp(r"^[a-z0-9_]+$", message=_l(
            "Lettres minuscules sans accent, chiffres et « _ » seulement."))])

    def choice_list(self) -> list[str]:
        return list(dict.fromkeys(line.strip() for line in (self.choices.data or "").splitlines()
                                  if line.strip()))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        picking = self.kind.data in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value)
        if picking and len(self.choice_list()) < 2:
            self.choices.errors.append(_l("Proposez au moins deux choix, un par ligne."))
            valid = False
        return valid
