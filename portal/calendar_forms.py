"""The calendar form: weekly hours as text, closures as lines, and a preview."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length

from portal.calendars import parse_intervals
from portal.forms import REQUIRED

DAY_NAMES = (_l("Lundi"), _l("Mardi"), _l("Mercredi"), _l("Jeudi"), _l("Vendredi"),
             _l("Samedi"), _l("Dimanche"))
BAD_HOURS = _l("Écrivez les plages ainsi : 08:30-12:00, 13:30-17:30 (dans l'ordre, sans "
               "chevauchement), ou laissez vide si le jour est fermé.")
_CLOSURE = re.compile(r"^\s*(\S+)(?:\s*(?:[-–→]|au)\s*(\S+))?\s*(?::\s*(.*))?$")


def _hours_field(index: int):
    return StringField(DAY_NAMES[index], validators=[Length(max=120)])


def _day(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_closures(text: str) -> list[tuple[date, date, str]]:
    """One closure per line: '10/08/2026 - 14/08/2026 : Fermeture estivale' or one day."""
    closures = []
    for line in filter(None, (line.strip() for line in (text or "").splitlines())):
        found = _CLOSURE.match(line)
        if found is None:
            raise ValueError(line)
        first = _day(found.group(1))
        last = _day(found.group(2)) if found.group(2) else first
        if last < first or (last - first).days > 366:
            raise ValueError(line)
        closures.append((first, last, (found.group(3) or "").strip()[:120]))
    return closures


class CalendarForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=120)])
    timezone = StringField(_l("Fuseau horaire"), default="Europe/Paris",
                           validators=[DataRequired(REQUIRED), Length(max=60)])
    alsace_moselle = BooleanField(_l("Jours fériés d'Alsace-Moselle (Vendredi saint, "
                                     "26 décembre)"))
    is_default = BooleanField(_l("Calendrier par défaut"))
    day0, day1, day2, day3, day4, day5, day6 = (_hours_field(i) for i in range(7))
    closures = TextAreaField(_l("Fermetures exceptionnelles"), validators=[Length(max=5000)])

    def day_fields(self):
        return [self[f"day{index}"] for index in range(7)]

    def validate_timezone(self, field) -> None:
        try:
            ZoneInfo(field.data.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(_l("Fuseau inconnu ; par exemple Europe/Paris.")) from None

    def validate_closures(self, field) -> None:
        try:
            parse_closures(field.data)
        except ValueError as exc:
            raise ValidationError(_("Ligne illisible : « %(line)s ». Écrivez par exemple "
                                    "10/08/2026 - 14/08/2026 : Fermeture estivale.",
                                    line=str(exc)[:80])) from None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self.day_fields():
            try:
                parse_intervals(field.data)
            except ValueError:
                field.errors.append(BAD_HOURS)
                valid = False
        if valid and not any((field.data or "").strip() for field in self.day_fields()):
            self.day0.errors.append(_l("Ouvrez au moins une plage dans la semaine."))
            valid = False
        return valid
