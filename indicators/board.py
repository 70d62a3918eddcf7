"""The mailbox analysis: each indicator over the period, the one before and a year earlier.

Every figure comes from the rollups (see queries.read) and the month-end backlog snapshots.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l

from indicators import queries
from indicators.definitions import DEFINITIONS
from indicators.facts import local_day
from indicators.maths import hours, percentile, share, variation
from indicators.models import CHANNELS, RESOLVE_BUCKETS, RESPONSES, TAKE_BUCKETS
from indicators.periods import Period
from indicators.queries import TAGS, Figures, Scope
from portal.enums import ClientType, Segment
from tickets.enums import Channel, ResponseType, TicketType

SHARE_UNITS = ("share",)
NONE_LABEL = _l("Non renseigné")


def local_today(now: datetime) -> date:
    """Today where the DSI works."""
    return local_day(now, ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


@dataclass
class Line:
    """One indicator (or one group of a breakdown) over the three periods."""

    key: str
    label: str
    unit: str  # count, share, hours, score
    values: dict[str, float | None]

    @property
    def definition(self) -> str:
        return str(DEFINITIONS.get(self.key, ""))

    def change(self, tag: str) -> float | None:
        """The change from the compared period: relative, or in points for shares."""
        now, then = self.values.get("current"), self.values.get(tag)
        if self.unit in SHARE_UNITS:
            return None if now is None or then is None else now - then
        return variation(now, then)


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    chart: dict | None = None


def _per_tag(figures: dict[str, Figures], measure: Callable[[Figures], float | None]) -> dict:
    return {tag: measure(figures.get(tag, Figures())) for tag in TAGS}


def _summed(groups: dict[str, dict[tuple, Figures]]) -> dict[str, Figures]:
    out = {}
    for tag, rows in groups.items():
        total = Figures()
        for figures in rows.values():
            total.add(figures)
        out[tag] = total
    return out


def _median(names):
    return lambda f: hours(percentile(f.series(names), 0.5))


def _p90(names):
    return lambda f: hours(percentile(f.series(names), 0.9))


MEASURES = (  # key, label, unit, how it is worked out from the summed figures
    ("received", _l("Demandes reçues"), "count", lambda f: f["received"]),
    ("resolved", _l("Demandes résolues"), "count", lambda f: f["resolved"]),
    ("take_rate", _l("Prises en charge dans le délai"), "share",
     lambda f: share(f["take_met"], f["take_met"] + f["take_missed"])),
    ("resolve_rate", _l("Résolues dans le délai"), "share",
     lambda f: share(f["resolve_met"], f["resolve_met"] + f["resolve_missed"])),
    ("take_median", _l("Délai médian de prise en charge (h ouvrées)"), "hours",
     _median(TAKE_BUCKETS)),
    ("resolve_median", _l("Délai médian de traitement (h ouvrées)"), "hours",
     _median(RESOLVE_BUCKETS)),
    ("resolve_p90", _l("Délai de traitement, 90e centile (h ouvrées)"), "hours",
     _p90(RESOLVE_BUCKETS)),
    ("reopen_rate", _l("Taux de réouverture"), "share",
     lambda f: share(f["reopened"], f["resolved"])),
    ("first_contact_rate", _l("Résolution au premier contact"), "share",
     lambda f: share(f["first_contact"], f["resolved"])),
    ("csat", _l("Satisfaction après demande (CSAT)"), "share",
     lambda f: share(f["rated_satisfied"], f["rated"])),
)


def _shown(value: float | None, unit: str) -> float | None:
    """A value as the charts draw it: shares in percent, one decimal."""
    if value is None:
        return None
    return round(value * 100 if unit in SHARE_UNITS else value, 1)


def trends(labels: list, months: list[Figures]) -> dict:
    """Each summary indicator over the last 13 months, and over the 13 months a year earlier."""
    recent, earlier = months[-13:], months[:13]
    return {"labels": labels[-13:],
            "series": {name: [f[name] for f in recent] for name in ("received", "resolved")},
            "indicators": [{"key": key, "label": str(label), "unit": unit,
                            "current": [_shown(measure(f), unit) for f in recent],
                            "year": [_shown(measure(f), unit) for f in earlier]}
                           for key, label, unit, measure in MEASURES]}


def _lines(figures: dict[str, Figures], keys=None) -> list[Line]:
    return [Line(key, str(label), unit, _per_tag(figures, measure))
            for key, label, unit, measure in MEASURES if keys is None or key in keys]


def _by_type(groups) -> list[Line]:
    lines = []
    for kind in TicketType:
        figures = {tag: rows.get((kind.value,), Figures()) for tag, rows in groups.items()}
        lines.append(Line(f"type:{kind.value}", kind.label, "count",
                          _per_tag(figures, lambda f: f["received"])))
        for key, label, unit, measure in MEASURES:
            if key in ("resolve_median", "resolve_p90", "take_median", "resolve_rate"):
                lines.append(Line(key, f"{kind.label} · {label}", unit,
                                  _per_tag(figures, measure)))
    return lines


def _columns(totals: dict[str, Figures], prefix: str, members, enum_cls) -> list[Line]:
    return [Line(f"{prefix}:{value}", enum_cls(value).label, "count",
                 _per_tag(totals, lambda f, v=value: f[f"{prefix}_{v}"]))
            for value in members]


def breakdown(groups, key, label, prefix: str, order=None) -> list[Line]:
    merged = {tag: queries.regroup(rows, key) for tag, rows in groups.items()}
    names = set().union(*(rows.keys() for rows in merged.values()))
    lines = [Line(f"{prefix}:{name}", label(name), "count",
                  {tag: merged[tag].get(name, Figures())["received"] for tag in TAGS})
             for name in names]
    lines.sort(key=order or (lambda line: -(line.values["current"] or 0)))
    return lines


def label_of(index: dict, attribute: str = "name"):
    return lambda key: str(getattr(index[key], attribute)) if key in index else str(NONE_LABEL)


def _backlog_lines(periods: dict[str, Period], scope: Scope) -> list[Line]:
    snapshot = queries.backlog_at(periods, scope)
    labels = (("open", _l("Demandes ouvertes en fin de période")),
              ("age_2", _l("dont reçues depuis moins de 2 jours")),
              ("age_7", _l("dont de 2 à 7 jours")), ("age_30", _l("dont de 7 à 30 jours")),
              ("age_older", _l("dont de plus de 30 jours")),
              ("overdue", _l("dont hors délai")))
    return [Line(f"backlog:{name}", str(label), "count",
                 {tag: (snapshot[tag].get((), {}).get(name) or 0) if snapshot[tag] else None
                  for tag in TAGS}) for name, label in labels]


def mailbox_board(period: Period, scope: Scope) -> list[Section]:
    """Every question seed 004 asks of the functional mailbox, for the period and the slice."""
    periods = queries.compared(period)
    by_type = queries.read(periods, scope, ("type",))
    totals = _summed(by_type)
    by_entity = queries.read(periods, scope, ("entity_id",), ("received",))
    by_service = queries.read(periods, scope, ("service_id",), ("received",))
    entities, services = queries.entity_index(), queries.service_index()
    families = queries.family_index()
    labels, months = queries.monthly_figures(period, scope, months=25)

    def entity_attr(name):
        return lambda key: getattr(entities[key[0]], name) if key[0] in entities else None

    def enum_label(enum_cls):
        return lambda value: enum_cls(value).label if value is not None else str(NONE_LABEL)

    return [
        Section("summary", str(_l("Vue d'ensemble")), _lines(totals),
                chart=trends(labels, months)),
        Section("types", str(_l("Volume et délais par type de demande")), _by_type(by_type)),
        Section("channels", str(_l("Demandes par canal")),
                _columns(totals, "ch", CHANNELS, Channel)),
        Section("responses", str(_l("Types de réponse apportée")),
                _columns(totals, "resp", RESPONSES, ResponseType)),
        Section("entities", str(_l("Provenance par entité")),
                breakdown(by_entity, lambda k: k[0], label_of(entities, "path"), "entity")),
        Section("client_types", str(_l("Provenance par type de client")),
                breakdown(by_entity, entity_attr("client_type"), enum_label(ClientType),
                           "client_type")),
        Section("segments", str(_l("Provenance par segment")),
                breakdown(by_entity, entity_attr("segment"), enum_label(Segment),
                           "segment")),
        Section("services", str(_l("Demandes par service")),
                breakdown(by_service, lambda k: k[0], label_of(services), "service")),
        Section("families", str(_l("Demandes par famille de services")),
                breakdown(by_service, lambda k: services[k[0]].family_id
                           if k[0] in services else None, label_of(families), "family")),
        Section("backlog", str(_l("Encours et ancienneté")), _backlog_lines(periods, scope)),
    ]


SERVICE_COLUMNS = ("received", "resolved", "resolve_median", "resolve_rate", "csat")


def services_board(period: Period, scope: Scope) -> tuple[Section, list[tuple]]:
    """A product lead's view: their services' totals, then each service's own figures."""
    periods = queries.compared(period)
    by_service = queries.read(periods, scope, ("service_id",))
    totals = _summed(by_service)
    services = queries.service_index()
    rows = []
    for (service_id,) in sorted(by_service["current"].keys() | by_service["previous"].keys(),
                                key=lambda k: services[k[0]].name if k[0] in services else ""):
        if service_id not in services:
            continue
        figures = {tag: by_service[tag].get((service_id,), Figures()) for tag in TAGS}
        rows.append((services[service_id], _lines(figures, SERVICE_COLUMNS)))
    labels, months = queries.monthly_figures(period, scope, months=25)
    overview = Section("summary", str(_l("Vue d'ensemble de mes services")), _lines(totals),
                       chart=trends(labels, months))
    return overview, rows


def summary_lines(period: Period, scope: Scope) -> list[Line]:
    """The few mailbox figures the DSI management reads first."""
    periods = queries.compared(period)
    totals = _summed(queries.read(periods, scope, ("type",)))
    keys = ("received", "resolved", "take_rate", "resolve_rate", "resolve_median", "csat")
    backlog = _backlog_lines(periods, scope)
    return _lines(totals, keys) + [line for line in backlog
                                   if line.key in ("backlog:open", "backlog:overdue")]
