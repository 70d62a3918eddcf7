"""Reference lists of the requests feature, each value with its French label."""

import enum

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class Status(LabelledEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"

    LABELS = enum.nonmember({
        "new": _l("Nouvelle"),
        "assigned": _l("Attribuée"),
        "in_progress": _l("En cours"),
        "waiting": _l("En attente du demandeur"),
        "resolved": _l("Résolue"),
        "closed": _l("Clôturée"),
    })

    @property
    def is_open(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED)


OPEN_STATUSES = tuple(status for status in Status if status.is_open)


class Channel(LabelledEnum):
    EMAIL = "email"
    PORTAL = "portal"
    PHONE = "phone"
    VISIT = "visit"

    LABELS = enum.nonmember({
        "email": _l("Courriel"),
        "portal": _l("Portail"),
        "phone": _l("Téléphone"),
        "visit": _l("Visite"),
    })


class TicketType(LabelledEnum):
    SIMPLE = "simple"
    COMPLEX = "complex"
    PROJECT = "project"
    COMPLAINT = "complaint"

    LABELS = enum.nonmember({
        "simple": _l("Simple"),
        "complex": _l("Complexe"),
        "project": _l("Projet"),
        "complaint": _l("Réclamation"),
    })


class Level(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    LABELS = enum.nonmember({
        "high": _l("Haute"),
        "medium": _l("Moyenne"),
        "low": _l("Basse"),
    })


class ResponseType(LabelledEnum):
    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    ONSITE = "onsite"
    REMOTE = "remote"

    LABELS = enum.nonmember({
        "email": _l("Courriel"),
        "phone": _l("Appel téléphonique"),
        "meeting": _l("Rendez-vous"),
        "onsite": _l("Intervention sur site"),
        "remote": _l("Prise en main à distance"),
    })


class MessageKind(LabelledEnum):
    INBOUND = "inbound"
    REPLY = "reply"
    NOTE = "note"
    THIRD_PARTY = "third_party"

    LABELS = enum.nonmember({
        "inbound": _l("Message du demandeur"),
        "reply": _l("Réponse publique"),
        "note": _l("Note interne"),
        "third_party": _l("Message d'un tiers"),
    })


class Outcome(LabelledEnum):
    RECEIVED = "received"
    CREATED = "created"
    FOLLOWUP = "followup"
    IGNORED = "ignored"
    QUARANTINED = "quarantined"
    FAILED = "failed"

    LABELS = enum.nonmember({
        "received": _l("Reçu, à traiter"),
        "created": _l("Demande créée"),
        "followup": _l("Ajouté à une demande"),
        "ignored": _l("Ignoré"),
        "quarantined": _l("En quarantaine"),
        "failed": _l("En erreur"),
    })


class MailboxKind(LabelledEnum):
    MAILDIR = "maildir"
    IMAP = "imap"
    IMPORT = "import"

    LABELS = enum.nonmember({
        "maildir": _l("Maildir local"),
        "imap": _l("Serveur IMAP"),
        "import": _l("Import de fichiers"),
    })


class UnknownSender(LabelledEnum):
    CONTACT = "contact"
    QUARANTINE = "quarantine"

    LABELS = enum.nonmember({
        "contact": _l("Créer un contact externe"),
        "quarantine": _l("Mettre en quarantaine"),
    })


REASON_LABELS = {
    "auto-reply": _l("Réponse automatique (absence, accusé de lecture)"),
    "bulk": _l("Envoi en nombre ou liste de diffusion"),
    "bounce": _l("Avis de non-remise"),
    "loop": _l("Boucle de messagerie"),
    "duplicate": _l("Doublon d'un message déjà reçu"),
    "encrypted": _l("Message chiffré"),
    "no-sender": _l("Expéditeur absent ou illisible"),
    "unknown-sender": _l("Expéditeur inconnu de l'annuaire"),
    "too-large": _l("Message trop volumineux"),
    "stranger-tag": _l("Référence de demande citée par un tiers"),
    "reopened": _l("Demande rouverte"),
    "linked": _l("Nouvelle demande liée à une demande close"),
    "burst": _l("Même message répété en rafale (à vérifier)"),
    "receipt": _l("Accusé de lecture ou de remise"),
    "calendar": _l("Invitation ou réponse d'agenda"),
    "spoofed": _l("Usurpation probable de l'expéditeur"),
    "third-party": _l("Message d'un tiers"),
}
RECOVERED = "recovered:"


def reason_label(reason: str) -> str:
    """A stored reason in French; a recovered mail keeps its first reason after 'récupéré'."""
    if reason.startswith(RECOVERED):
        first = reason.removeprefix(RECOVERED)
        return (gettext("Récupéré (%(reason)s)", reason=reason_label(first)) if first
                else gettext("Récupéré"))
    label = REASON_LABELS.get(reason)
    if label is not None:
        return str(label)
    return gettext("Autre motif (%(code)s)", code=reason) if reason else ""
