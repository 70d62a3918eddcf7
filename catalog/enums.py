"""Reference lists of the catalogue."""

import enum

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class Lifecycle(LabelledEnum):
    STUDY = "study"
    PILOT = "pilot"
    LIVE = "live"
    MATURE = "mature"
    DECLINING = "declining"
    RETIRED = "retired"

    LABELS = enum.nonmember({
        "study": _l("À l'étude"),
        "pilot": _l("Pilote"),
        "live": _l("En service"),
        "mature": _l("Mature"),
        "declining": _l("En déclin"),
        "retired": _l("Retiré"),
    })


class SheetState(LabelledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CHANGED = "changed"

    LABELS = enum.nonmember({
        "draft": _l("Brouillon jamais publié"),
        "published": _l("Publiée"),
        "changed": _l("Publiée, modifications en attente"),
    })
