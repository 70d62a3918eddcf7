"""Forms of the catalogue; they validate input and nothing else."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from flask_wtf.i18n import translations
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from catalog.enums import Lifecycle
from catalog.icons import icon_names
from portal.forms import REQUIRED

LIST_HELP = _l("Un élément par ligne.")
HOURS = [Optional(), NumberRange(min=0.25, max=2000,
                                 message=_l("Indiquez une durée entre 0,25 et 2 000 heures."))]


class _Part(Form):
    """A repeated part of a form; its WTForms messages in French, like FlaskForm's."""

    class Meta:
        def get_translations(self, form):
            return translations


class CommitmentForm(_Part):
    take_charge = DecimalField(_l("Prise en charge (h ouvrées)"), places=2, validators=HOURS)
    resolve = DecimalField(_l("Résolution (h ouvrées)"), places=2, validators=HOURS)

    def validate_resolve(self, field):
        if field.data is not None and self.take_charge.data is not None \
                and field.data < self.take_charge.data:
            raise ValidationError(_l("La résolution ne peut pas précéder la prise en charge."))


class LinkForm(_Part):
    title = StringField(_l("Titre"), validators=[Optional(), Length(max=160)])
    url = StringField(_l("Adresse"), validators=[
        Optional(), Length(max=500),
        URL(require_tld=False, message=_l("Saisissez une adresse complète en http(s)://")),
        Regexp(r"^https?://", message=_l("Seules les adresses http:// et https:// sont admises."))])


class ServiceForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(REQUIRED), Length(max=30),
        Regexp(r"^[A-Z0-9-]+$", message=_l("Majuscules, chiffres et tirets (ex. : MSG-TEAMS)."))])
    name = StringField(_l("Nom du service"), validators=[DataRequired(REQUIRED), Length(max=160)])
    family_id = SelectField(_l("Famille"), coerce=int)
    summary = StringField(_l("En bref (le bénéfice en une phrase)"), validators=[
        DataRequired(REQUIRED), Length(max=300)])
    benefits = TextAreaField(_l("Vos bénéfices"), validators=[DataRequired(REQUIRED),
                                                              Length(max=4000)])
    strong_points = TextAreaField(_l("Points forts"), validators=[Optional(), Length(max=4000)])
    included = TextAreaField(_l("Ce qui est compris"), validators=[Optional(), Length(max=4000)])
    not_included = TextAreaField(_l("Ce qui n'est pas compris"),
                                 validators=[Optional(), Length(max=4000)])
    audience = TextAreaField(_l("Qui peut en bénéficier"),
                             validators=[Optional(), Length(max=2000)])
    how_to_order = TextAreaField(_l("Comment commander"),
                                 validators=[Optional(), Length(max=2000)])
    prerequisites = TextAreaField(_l("Prérequis"), validators=[Optional(), Length(max=2000)])
    keywords = StringField(_l("Mots-clés de recherche"), validators=[Optional(), Length(max=400)])
    lifecycle = SelectField(_l("Cycle de vie"), choices=Lifecycle.choices())
    owner_id = SelectField(_l("Chef de produit"), coerce=int)
    backup_id = SelectField(_l("Suppléant"), coerce=int)
    calendar_id = SelectField(_l("Calendrier des délais"), coerce=int, default=0)
    target_all = BooleanField(_l("Toutes les entités sont la cible du service"), default=True)
    targets = SelectMultipleField(_l("Entités cibles"), coerce=int)
    related = SelectMultipleField(_l("Services associés"), coerce=int)
    commitments = FieldList(FormField(CommitmentForm), min_entries=4, max_entries=4)
    links = FieldList(FormField(LinkForm), min_entries=3, max_entries=6)
    comment = StringField(_l("Résumé de la modification"), validators=[Optional(),
                                                                       Length(max=300)])


class FamilyForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=120)])
    slug = StringField(_l("Identifiant d'adresse"), validators=[
        DataRequired(REQUIRED), Length(max=60),
        Regexp(r"^[a-z0-9-]+$", message=_l("Minuscules, chiffres et tirets (ex. : messagerie)."))])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=1000)])
    icon = StringField(_l("Pictogramme (nom Bootstrap Icons)"), validators=[
        DataRequired(REQUIRED), Length(max=60),
        Regexp(r"^[a-z0-9-]+$", message=_l("Nom d'icône invalide (ex. : envelope)."))])
    svg_file = FileField(_l("Ou un pictogramme SVG"), validators=[
        FileAllowed(["svg"], _l("Seuls les fichiers .svg sont acceptés."))])
    remove_svg = BooleanField(_l("Retirer le pictogramme SVG"))
    colour = StringField(_l("Couleur"), validators=[
        DataRequired(REQUIRED),
        Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Couleur au format #RRVVBB (ex. : #1f6feb)."))])
    position = IntegerField(_l("Ordre d'affichage"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=999)])

    def validate_icon(self, field):
        if field.data not in icon_names():
            raise ValidationError(_l("Cette icône n'existe pas dans le jeu fourni."))


class SubscriptionForm(FlaskForm):
    entity_id = SelectField(_l("Entité"), coerce=int)
    since = DateField(_l("Depuis le"), validators=[DataRequired(REQUIRED)])
    until = DateField(_l("Jusqu'au"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("La fin ne peut pas précéder le début."))


class NewsForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    body = TextAreaField(_l("Texte"), validators=[DataRequired(REQUIRED), Length(max=10000)])
    service_id = SelectField(_l("Service concerné"), coerce=int)
    publish = BooleanField(_l("Publier sur la page d'accueil"))
