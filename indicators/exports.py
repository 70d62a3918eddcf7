"""The dashboards' tables as one flat sheet: a line per indicator and per period compared."""

from __future__ import annotations

from flask_babel import gettext as _

from indicators.periods import Period


def _value(line, tag):
    value = line.values.get(tag)
    if value is None:
        return ""
    return round(value, 4) if isinstance(value, float) else value


def _change(line, tag):
    change = line.change(tag)
    return "" if change is None else round(change, 4)


def board_table(period: Period, sections) -> tuple[list, list]:
    """Header and rows: section, indicator, unit, the three periods' values and changes."""
    header = [_("Rubrique"), _("Indicateur"), _("Unité"), period.label,
              period.previous().label, _("Évolution"), period.year_before().label,
              _("Évolution sur un an")]
    rows = []
    for section in sections:
        for line in section.lines:
            rows.append([section.title, line.label, line.unit, _value(line, "current"),
                         _value(line, "previous"), _change(line, "previous"),
                         _value(line, "year"), _change(line, "year")])
    return header, rows
