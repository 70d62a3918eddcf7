"""How the lines of a request's history read on the page."""

from flask_babel import format_datetime, get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.enums import Priority
from tickets.enums import Channel, Level, ResponseType, Status, TicketType

FIELD_LABELS = {
    "recorded": _l("Saisie pour le demandeur"), "linked": _l("Nouvelle demande liée"),
    "status": _l("Statut"), "assignee": _l("Agent"), "team": _l("Groupe"),
    "service": _l("Service"), "type": _l("Type"), "urgency": _l("Urgence"),
    "impact": _l("Impact"), "priority": _l("Priorité"), "response_type": _l("Type de réponse"),
    "entity": _l("Entité"), "subject": _l("Objet"), "merged": _l("Fusionnée dans"),
    "merged_from": _l("Doublon fusionné"), "accepted": _l("Solution acceptée"),
    "refused": _l("Solution refusée"), "sla_breach": _l("Délai dépassé"),
    "auto_closed": _l("Clôture automatique"), "auto_resolved": _l("Résolution automatique"),
    "receipt": _l("Accusé de lecture ou de remise reçu"),
    "calendar": _l("Invitation ou réponse d'agenda reçue"),
    "third_party": _l("Message d'un tiers"), "participant": _l("Mise en copie"),
    "recovered": _l("Courriel récupéré"),
}
SLA_KINDS = {"take_charge": _l("prise en charge"), "resolve": _l("résolution")}
ENUM_FIELDS = {"recorded": Channel, "status": Status, "type": TicketType, "urgency": Level,
               "impact": Level,
               "priority": Priority, "response_type": ResponseType}


def event_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def event_value(field: str, value: str) -> str:
    """An enum value shown with its label; anything else as recorded."""
    if field == "sla_breach":
        return str(SLA_KINDS.get(value, value))
    enum_cls = ENUM_FIELDS.get(field)
    if enum_cls is not None and value in enum_cls._value2member_map_:
        return enum_cls(value).label
    return value


def plain_due(moment) -> str:
    """A due instant as people say it: 'mardi 24 novembre à 11 h' or '… à 9 h 30'."""
    if moment is None:
        return ""
    local = moment.astimezone(get_timezone())
    pattern = _("EEEE d MMMM 'à' H 'h'") if local.minute == 0 else _(
        "EEEE d MMMM 'à' H 'h' mm")
    return format_datetime(moment, pattern)
