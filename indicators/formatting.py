"""How indicator values and changes read, in the user's language, on pages, mails and PDFs."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

MISSING = "—"


def value_text(line, tag: str = "current") -> str:
    """A value as it reads: '71,3 %', '12,5 h', '1 204'."""
    value = line.values.get(tag)
    if value is None:
        return MISSING
    if line.unit == "share":
        return format_percent(value, "#,##0.# %")
    if line.unit == "hours":
        return _("%(hours)s h", hours=format_decimal(round(value, 1)))
    return format_decimal(round(value, 2) if isinstance(value, float) else value)


def change_text(line, tag: str = "previous") -> str:
    """A change as it reads: '+12 %', or '-3,2 pts' for a share; '—' when unknown."""
    change = line.change(tag)
    if change is None:
        return MISSING
    sign = "+" if change > 0 else ""
    if line.unit == "share":
        return f"{sign}{format_decimal(round(change * 100, 1))} {_('pts')}"
    return sign + format_percent(change, "#,##0.# %")


def change_direction(line, tag: str = "previous") -> str:
    change = line.change(tag)
    return "flat" if not change else ("up" if change > 0 else "down")


def indicator_text(line) -> str:
    """The value and its change from the previous period, for a mail."""
    return _("%(value)s (%(change)s par rapport à la période précédente)",
             value=value_text(line), change=change_text(line))


def register(app: Flask) -> None:
    app.jinja_env.filters["indicator_value"] = value_text
    app.jinja_env.filters["indicator_change"] = change_text
    app.jinja_env.filters["indicator_direction"] = change_direction
    app.jinja_env.filters["indicator_text"] = indicator_text
