"""Reference lists of the core, each value with its French label (English through Babel)."""

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum


def db_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """Map a StrEnum to a portable VARCHAR column holding the enum values."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )


class LabelledEnum(enum.StrEnum):
    @property
    def label(self) -> str:
        return str(self.LABELS[self.value])

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Role(LabelledEnum):
    REQUESTER = "requester"
    AGENT = "agent"
    PRODUCT_LEAD = "product_lead"
    RELATIONS_MANAGER = "relations_manager"
    ADMIN = "admin"

    LABELS = enum.nonmember({
        "requester": _l("Demandeur"),
        "agent": _l("Agent du centre de services"),
        "product_lead": _l("Chef de produit"),
        "relations_manager": _l("Responsable Relations Clients"),
        "admin": _l("Administrateur"),
    })



class EntityKind(LabelledEnum):
    DIRECTION = "direction"
    DEPARTMENT = "department"
    SITE = "site"

    LABELS = enum.nonmember({
        "direction": _l("Direction"),
        "department": _l("Département"),
        "site": _l("Site"),
    })



class ClientType(LabelledEnum):
    BUSINESS = "business"
    FUNCTIONAL = "functional"
    EXTERNAL = "external"

    LABELS = enum.nonmember({
        "business": _l("Direction métier"),
        "functional": _l("Direction fonctionnelle"),
        "external": _l("Client externe"),
    })



class Segment(LabelledEnum):
    CORE = "core"
    SENSITIVE = "sensitive"
    ADVOCATE = "advocate"
    NONE = "none"

    LABELS = enum.nonmember({
        "core": _l("Cœur de cible"),
        "sensitive": _l("Cible sensible"),
        "advocate": _l("Avocat"),
        "none": _l("Non segmenté"),
    })



class Potential(LabelledEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    LABELS = enum.nonmember({
        "low": _l("Faible"),
        "medium": _l("Moyen"),
        "high": _l("Fort"),
    })



class ContactRole(LabelledEnum):
    DECISION_MAKER = "decision_maker"
    SPONSOR = "sponsor"
    IT_CORRESPONDENT = "it_correspondent"
    KEY_USER = "key_user"
    ASSISTANT = "assistant"
    OTHER = "other"

    LABELS = enum.nonmember({
        "decision_maker": _l("Décideur"),
        "sponsor": _l("Sponsor"),
        "it_correspondent": _l("Correspondant informatique"),
        "key_user": _l("Utilisateur clé"),
        "assistant": _l("Assistant(e) de direction"),
        "other": _l("Autre"),
    })



class Priority(LabelledEnum):
    CRITICAL = "p1"
    HIGH = "p2"
    NORMAL = "p3"
    LOW = "p4"

    LABELS = enum.nonmember({
        "p1": _l("P1 – Critique"),
        "p2": _l("P2 – Haute"),
        "p3": _l("P3 – Normale"),
        "p4": _l("P4 – Basse"),
    })


class ExportStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    LABELS = enum.nonmember({
        "queued": _l("En attente du traitement"),
        "running": _l("En cours"),
        "done": _l("Terminé"),
        "failed": _l("Échec"),
    })
