"""Forms of the directory page; they validate input and nothing else."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from directory.mapping import PRESETS, parse_role_groups
from portal.forms import REQUIRED

ATTRIBUTE = [Optional(), Length(max=64), Regexp(r"^[A-Za-z][A-Za-z0-9-]*$", message=_l(
    "Un nom d'attribut LDAP : lettres, chiffres et tiret (ex. : telephoneNumber)."))]
PRESET_CHOICES = [("openldap", "OpenLDAP"), ("active_directory", "Active Directory")]


class DirectorySettingsForm(FlaskForm):
    url = StringField(_l("Adresse du serveur"), validators=[
        Optional(), Length(max=255), Regexp(r"^ldaps?://[^\s/]+/?$", message=_l(
            "Une adresse ldap:// ou ldaps:// (ex. : ldaps://annuaire.exemple.fr:636)."))])
    start_tls = BooleanField(_l("Chiffrer avec StartTLS (pour une adresse ldap://)"))
    bind_dn = StringField(_l("Compte de connexion (DN)"), validators=[Optional(), Length(max=255)])
    base_dn = StringField(_l("Base de recherche (DN)"), validators=[Optional(), Length(max=255)])
    user_filter = StringField(_l("Filtre des personnes"), validators=[
        InputRequired(REQUIRED), Length(max=500),
        Regexp(r"^\(.*\)$", message=_l("Un filtre LDAP entre parenthèses."))])
    page_size = IntegerField(_l("Taille des pages de recherche"), default=500, validators=[
        InputRequired(REQUIRED), NumberRange(min=10, max=5000)])
    attr_id = StringField(_l("Identifiant stable"), validators=[InputRequired(REQUIRED),
                                                                *ATTRIBUTE[1:]])
    attr_email = StringField(_l("Adresse e-mail"), validators=[InputRequired(REQUIRED),
                                                               *ATTRIBUTE[1:]])
    attr_first_name = StringField(_l("Prénom"), validators=ATTRIBUTE)
    attr_last_name = StringField(_l("Nom"), validators=[InputRequired(REQUIRED), *ATTRIBUTE[1:]])
    attr_phone = StringField(_l("Téléphone"), validators=ATTRIBUTE)
    attr_title = StringField(_l("Fonction"), validators=ATTRIBUTE)
    attr_entity = StringField(_l("Entité (vide : le chemin des OU)"), validators=ATTRIBUTE)
    attr_manager = StringField(_l("Responsable hiérarchique"), validators=ATTRIBUTE)
    attr_groups = StringField(_l("Groupes"), validators=ATTRIBUTE)
    disabled_attribute = StringField(_l("Attribut « compte désactivé »"), validators=ATTRIBUTE)
    disabled_value = StringField(_l("Valeur « compte désactivé »"), validators=[
        Optional(), Length(max=128)])
    role_groups = TextAreaField(_l("Groupes → rôles du portail"), validators=[
        Optional(), Length(max=10000)])
    entity_parent_id = SelectField(_l("Entité parente des entités créées"), coerce=int,
                                   default=0)
    sync_interval_minutes = IntegerField(_l("Synchroniser toutes les (minutes, 0 : jamais)"),
                                         default=0, validators=[
                                             InputRequired(REQUIRED),
                                             NumberRange(min=0, max=10080)])

    def validate_role_groups(self, field) -> None:
        try:
            parse_role_groups(field.data or "")
        except ValueError as error:
            number, line = error.args
            raise ValidationError(_l("Ligne %(number)s (%(line)s) : écrivez « groupe = rôle », "
                                     "le rôle parmi requester, agent, product_lead, "
                                     "relations_manager, admin.", number=number, line=line)
                                  ) from None


class PresetForm(FlaskForm):
    preset = SelectField(_l("Modèle"), choices=PRESET_CHOICES,
                         validators=[InputRequired(REQUIRED)])

    def validate_preset(self, field) -> None:
        if field.data not in PRESETS:
            raise ValidationError(_l("Modèle inconnu."))
