"""Forms of the core; they validate input and nothing else."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from portal.enums import ClientType, ContactRole, EntityKind, Potential, Role, Segment
from portal.passwords import password_problems

REQUIRED = _l("Ce champ est obligatoire.")
BAD_EMAIL = _l("Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.")
PASSWORD_RULE = _l("Le mot de passe doit compter au moins 12 caractères.")


def _email_field(label):
    return EmailField(label, validators=[
        DataRequired(REQUIRED), Email(BAD_EMAIL, check_deliverability=False), Length(max=254)])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class LoginForm(FlaskForm):
    email = _email_field(_l("Adresse e-mail"))
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(REQUIRED)])
    remember = BooleanField(_l("Rester connecté sur cet appareil"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field(_l("Adresse e-mail"))


class NewPasswordForm(FlaskForm):
    """A new password for one account, refused when weak or built on the account's own words."""

    password = PasswordField(_l("Nouveau mot de passe"), validators=[
        DataRequired(REQUIRED), Length(min=12, max=200, message=PASSWORD_RULE)])
    confirm = PasswordField(_l("Confirmation"), validators=[
        DataRequired(REQUIRED),
        EqualTo("password", _l("Les deux mots de passe ne sont pas identiques."))])

    def __init__(self, *args, account=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account = account

    def validate_password(self, field) -> None:
        account = self.account
        problems = password_problems(field.data or "", getattr(account, "first_name", ""),
                                     getattr(account, "last_name", ""),
                                     getattr(account, "email", ""))
        if problems:
            raise ValidationError(" ".join(problems))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(REQUIRED)])


class UserForm(FlaskForm):
    email = _email_field(_l("Adresse e-mail"))
    first_name = StringField(_l("Prénom"), validators=[DataRequired(REQUIRED), Length(max=80)])
    last_name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=80)])
    job_title = StringField(_l("Fonction"), validators=[Optional(), Length(max=160)])
    phone = StringField(_l("Téléphone"), validators=[Optional(), Length(max=40)])
    entity_id = SelectField(_l("Entité"), coerce=int, validators=[InputRequired(REQUIRED)])
    roles = MultiCheckboxField(_l("Rôles"), choices=Role.choices())
    locale = SelectField(_l("Langue"), choices=[("fr", "Français"), ("en", "English")])


class EntityForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(REQUIRED), Length(max=20),
        Regexp(r"^[A-Z0-9_-]+$", message=_l(
            "Lettres majuscules, chiffres, tiret et souligné uniquement (ex. : DF-COMPTA)."))])
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=160)])
    kind = SelectField(_l("Nature"), choices=EntityKind.choices())
    parent_id = SelectField(_l("Entité parente"), coerce=int)
    client_type = SelectField(_l("Type de client"), choices=ClientType.choices())
    segment = SelectField(_l("Segment"), choices=Segment.choices())
    potential = SelectField(_l("Potentiel estimé"), choices=Potential.choices())
    headcount = IntegerField(_l("Effectif"), validators=[
        Optional(),
        NumberRange(min=0, max=1_000_000, message=_l("Saisissez un effectif positif."))])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    is_active = BooleanField(_l("Entité active"), default=True)
    calendar_id = SelectField(_l("Calendrier des délais de ses demandes"), coerce=int, default=0)


class ContactForm(FlaskForm):
    first_name = StringField(_l("Prénom"), validators=[DataRequired(REQUIRED), Length(max=80)])
    last_name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=80)])
    job_title = StringField(_l("Fonction"), validators=[Optional(), Length(max=160)])
    relation_role = SelectField(_l("Rôle dans la relation"), choices=ContactRole.choices())
    email = EmailField(_l("Adresse e-mail"), validators=[
        Optional(), Email(BAD_EMAIL, check_deliverability=False), Length(max=254)])
    phone = StringField(_l("Téléphone"), validators=[Optional(), Length(max=40)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])
