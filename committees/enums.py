"""Reference lists of the committees, each value with its French label."""

import enum

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class Level(LabelledEnum):
    STRATEGIC = "strategic"
    TACTICAL = "tactical"
    OPERATIONAL = "operational"

    LABELS = enum.nonmember({
        "strategic": _l("Stratégique"),
        "tactical": _l("Tactique"),
        "operational": _l("Opérationnel"),
    })


class Cadence(LabelledEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    ON_DEMAND = "on_demand"

    LABELS = enum.nonmember({
        "monthly": _l("Mensuel"),
        "quarterly": _l("Trimestriel"),
        "half_yearly": _l("Semestriel"),
        "yearly": _l("Annuel"),
        "on_demand": _l("À la demande"),
    })
    MONTHS = enum.nonmember({"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12})

    @property
    def months(self) -> int | None:
        return self.MONTHS.get(self.value)


class MeetingStatus(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"

    LABELS = enum.nonmember({
        "planned": _l("Planifiée"),
        "held": _l("Tenue"),
        "cancelled": _l("Annulée"),
    })


class Side(LabelledEnum):
    DSI = "dsi"
    CLIENT = "client"

    LABELS = enum.nonmember({"dsi": _l("DSI"), "client": _l("Client")})


class Attendance(LabelledEnum):
    INVITED = "invited"
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"

    LABELS = enum.nonmember({
        "invited": _l("Invité"),
        "present": _l("Présent"),
        "excused": _l("Excusé"),
        "absent": _l("Absent"),
    })


class ActionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    LABELS = enum.nonmember({
        "open": _l("À faire"),
        "in_progress": _l("En cours"),
        "done": _l("Réalisée"),
        "cancelled": _l("Abandonnée"),
    })


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionPriority(LabelledEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    LABELS = enum.nonmember({"high": _l("Haute"), "normal": _l("Normale"), "low": _l("Basse")})


class ActionOrigin(LabelledEnum):
    MEETING = "meeting"
    SURVEY = "survey"
    MANUAL = "manual"

    LABELS = enum.nonmember({
        "meeting": _l("Comité"),
        "survey": _l("Enquête de satisfaction"),
        "manual": _l("Saisie directe"),
    })


class Channel(LabelledEnum):
    VISIT = "visit"
    CALL = "call"
    VIDEO = "video"
    EVENT = "event"
    LUNCH = "lunch"

    LABELS = enum.nonmember({
        "visit": _l("Visite"),
        "call": _l("Appel"),
        "video": _l("Visioconférence"),
        "event": _l("Événement"),
        "lunch": _l("Déjeuner"),
    })


class EventKind(LabelledEnum):
    TECHDAY = "techday"
    FAIR = "fair"
    WORKSHOP = "workshop"
    OTHER = "other"

    LABELS = enum.nonmember({
        "techday": _l("Techday"),
        "fair": _l("Salon informatique interne"),
        "workshop": _l("Atelier"),
        "other": _l("Autre"),
    })


class ProjectStatus(LabelledEnum):
    IDEA = "idea"
    STUDY = "study"
    PROPOSED = "proposed"
    SIGNED = "signed"
    DELIVERED = "delivered"
    ABANDONED = "abandoned"

    LABELS = enum.nonmember({
        "idea": _l("Idée"),
        "study": _l("À l'étude"),
        "proposed": _l("Proposé"),
        "signed": _l("Signé"),
        "delivered": _l("Livré"),
        "abandoned": _l("Abandonné"),
    })
