"""Forms of the requests; they validate input and nothing else."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from portal.forms import BAD_EMAIL, REQUIRED, MultiCheckboxField
from tickets.enums import Level, MailboxKind, ResponseType, Status, TicketType, UnknownSender
from tickets.mailbox.targets import (
    RefusedTarget,
    check_imap_target,
    maildir_allowed,
    maildir_roots,
)

MAX_FILES = 10
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _check_files(form, field) -> None:
    files = [item for item in field.data or [] if getattr(item, "filename", "")]
    if len(files) > MAX_FILES:
        raise ValidationError(_("Joignez au plus %(count)s fichiers.", count=MAX_FILES))
    for item in files:
        item.stream.seek(0, 2)
        size = item.stream.tell()
        item.stream.seek(0)
        if size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Le fichier « %(name)s » dépasse 10 Mo.",
                                    name=item.filename))


def _files_field():
    return MultipleFileField(_l("Pièces jointes"), validators=[_check_files])


class RequestForm(FlaskForm):
    subject = StringField(_l("Objet"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[
        DataRequired(REQUIRED), Length(max=20000)])
    urgency = SelectField(_l("Urgence"), choices=Level.choices(), default=Level.MEDIUM.value)
    impact = SelectField(_l("Impact"), choices=Level.choices(), default=Level.MEDIUM.value)
    copies = StringField(_l("Personnes en copie"), validators=[Optional(), Length(max=500)])
    attachments = _files_field()

    def validate_copies(self, field) -> None:
        for address in split_addresses(field.data):
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError:
                raise ValidationError(
                    _("Adresse invalide : %(address)s", address=address)) from None


class DeskRequestForm(FlaskForm):
    requester_email = EmailField(_l("Adresse du demandeur"), validators=[
        DataRequired(REQUIRED), Email(BAD_EMAIL, check_deliverability=False), Length(max=254)])
    requester_name = StringField(_l("Nom du demandeur (s'il n'a pas de compte)"),
                                 validators=[Optional(), Length(max=160)])
    entity_id = SelectField(_l("Entité"), choices=[], validators=[Optional()])
    channel = SelectField(_l("Canal"), choices=[])
    service_id = SelectField(_l("Service"), choices=[], validators=[Optional()])
    type = SelectField(_l("Type de demande"), choices=TicketType.choices())
    subject = StringField(_l("Objet"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[
        DataRequired(REQUIRED), Length(max=20000)])
    urgency = SelectField(_l("Urgence"), choices=Level.choices(), default=Level.MEDIUM.value)
    impact = SelectField(_l("Impact"), choices=Level.choices(), default=Level.MEDIUM.value)
    acknowledge = BooleanField(_l("Envoyer l'accusé de réception au demandeur"), default=True)


def split_addresses(text: str | None) -> list[str]:
    return [part.strip().lower() for part in (text or "").replace(";", ",").split(",")
            if part.strip()][:10]


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(REQUIRED), Length(max=20000)])
    internal = BooleanField(_l("Note interne (non envoyée au demandeur)"))
    next_status = SelectField(_l("Statut après l'envoi"), choices=[], validators=[Optional()])
    attachments = _files_field()


class RequesterReplyForm(FlaskForm):
    body = TextAreaField(_l("Votre message"), validators=[
        DataRequired(REQUIRED), Length(max=20000)])
    attachments = _files_field()


class RefuseForm(FlaskForm):
    reason = TextAreaField(_l("Pourquoi la solution ne convient-elle pas ?"), validators=[
        DataRequired(REQUIRED), Length(max=5000)])


class WorkForm(FlaskForm):
    service_id = SelectField(_l("Service"), choices=[], validators=[Optional()])
    type = SelectField(_l("Type de demande"), choices=TicketType.choices())
    urgency = SelectField(_l("Urgence"), choices=Level.choices())
    impact = SelectField(_l("Impact"), choices=Level.choices())
    response_type = SelectField(_l("Type de réponse apportée"),
                                choices=[("", _l("— Non renseigné —")), *ResponseType.choices()])
    status = SelectField(_l("Statut"), choices=Status.choices())
    assignee_id = SelectField(_l("Agent"), choices=[], validators=[Optional()])
    team_id = SelectField(_l("Groupe"), choices=[], validators=[Optional()])


class MergeForm(FlaskForm):
    target = StringField(_l("Numéro de la demande à conserver"), validators=[
        DataRequired(REQUIRED), Length(max=20)])


class ParticipantForm(FlaskForm):
    email = EmailField(_l("Adresse à mettre en copie"), validators=[
        DataRequired(REQUIRED), Email(BAD_EMAIL, check_deliverability=False), Length(max=254)])


class ReplyTemplateForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=120)])
    body = TextAreaField(_l("Texte"), validators=[DataRequired(REQUIRED), Length(max=10000)])


class MailboxForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=80)])
    kind = SelectField(_l("Type"), choices=[(k.value, k.label) for k in MailboxKind
                                           if k is not MailboxKind.IMPORT])
    address = EmailField(_l("Adresse de la boîte"), validators=[
        Optional(), Email(BAD_EMAIL, check_deliverability=False), Length(max=254)])
    path = StringField(_l("Dossier Maildir"), validators=[Length(max=500)])
    host = StringField(_l("Serveur IMAP"), validators=[Length(max=255)])
    port = IntegerField(_l("Port"), default=993, validators=[
        Optional(), NumberRange(1, 65535, _l("Un port va de 1 à 65535."))])
    use_tls = BooleanField(_l("Connexion chiffrée (TLS)"), default=True)
    username = StringField(_l("Identifiant"), validators=[Optional(), Length(max=254)])
    password = PasswordField(_l("Mot de passe (laisser vide pour garder l'actuel)"),
                             validators=[Optional(), Length(max=255)])
    folder = StringField(_l("Dossier à relever"), default="INBOX",
                         validators=[Optional(), Length(max=120)])
    processed_folder = StringField(_l("Déplacer les messages traités vers"),
                                   validators=[Optional(), Length(max=120)])
    default_service_id = SelectField(_l("Service par défaut"), choices=[],
                                     validators=[Optional()])
    default_entity_id = SelectField(_l("Entité par défaut"), choices=[],
                                    validators=[Optional()])
    unknown_sender = SelectField(_l("Expéditeur inconnu"), choices=UnknownSender.choices())
    active = BooleanField(_l("Relevée par le worker"), default=True)

    def validate_path(self, field) -> None:
        if self.kind.data != MailboxKind.MAILDIR.value:
            return
        if not field.data:
            raise ValidationError(REQUIRED)
        if not maildir_allowed(field.data.strip()):
            raise ValidationError(_("Ce dossier n'est pas autorisé : il doit se trouver sous "
                                    "%(roots)s.", roots=", ".join(maildir_roots())))

    def validate_host(self, field) -> None:
        if self.kind.data != MailboxKind.IMAP.value:
            return
        if not field.data:
            raise ValidationError(REQUIRED)
        try:
            check_imap_target(field.data.strip(), self.port.data or 993)
        except RefusedTarget as error:
            raise ValidationError(_l("Ce serveur n'est pas autorisé : le portail ne se "
                                     "connecte ni à sa propre machine ni aux adresses "
                                     "locales ou réservées.")) from error


class TeamForm(FlaskForm):
    name = StringField(_l("Nom du groupe"), validators=[DataRequired(REQUIRED), Length(max=120)])
    lead_id = SelectField(_l("Responsable"), choices=[], validators=[Optional()])
    member_ids = MultiCheckboxField(_l("Membres"), choices=[], validators=[Optional()])
