"""Reference lists of the surveys, each value with its French label."""

import enum

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class SurveyKind(LabelledEnum):
    POST_REQUEST = "post_request"
    ANNUAL = "annual"
    CATALOGUE = "catalogue"
    LISTENING = "listening"

    LABELS = enum.nonmember({
        "post_request": _l("Après chaque demande"),
        "annual": _l("Enquête annuelle sur la relation"),
        "catalogue": _l("Enquête sur le catalogue"),
        "listening": _l("Questionnaire écoute clients"),
    })


class SurveyStatus(LabelledEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"

    LABELS = enum.nonmember({
        "draft": _l("En préparation"),
        "scheduled": _l("Programmée"),
        "open": _l("Ouverte"),
        "closed": _l("Close"),
    })


class QuestionKind(LabelledEnum):
    RATING = "rating"
    NPS = "nps"
    SINGLE = "single"
    MULTIPLE = "multiple"
    TEXT = "text"

    LABELS = enum.nonmember({
        "rating": _l("Note de 1 à 5"),
        "nps": _l("Recommandation de 0 à 10"),
        "single": _l("Choix unique"),
        "multiple": _l("Choix multiples"),
        "text": _l("Texte libre"),
    })


class Expectation(LabelledEnum):
    """The écoute-clients layers of seed 004: basic, performance and delight expectations."""

    NONE = ""
    BASIC = "basic"
    PERFORMANCE = "performance"
    DELIGHT = "delight"

    LABELS = enum.nonmember({
        "": _l("—"),
        "basic": _l("Attente de base"),
        "performance": _l("Attente de performance"),
        "delight": _l("Attente de séduction"),
    })


class InvitationStatus(LabelledEnum):
    PLANNED = "planned"
    SENT = "sent"
    ANSWERED = "answered"
    EXPIRED = "expired"
    SKIPPED = "skipped"

    LABELS = enum.nonmember({
        "planned": _l("Prévue"),
        "sent": _l("Envoyée"),
        "answered": _l("Répondue"),
        "expired": _l("Expirée"),
        "skipped": _l("Non envoyée"),
    })
