"""Reporting periods: a month, a quarter, a year or chosen days, and the periods compared.

Pure: today is passed in. Days are the DSI's calendar days (Paris midnight to midnight).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KINDS = {"mois": _l("Mois"), "trimestre": _l("Trimestre"), "annee": _l("Année"),
         "libre": _l("Dates choisies")}
MAX_DAYS = 3 * 366
YEARS = range(2000, 2100)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after day's month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """The days from start to end, both included."""

    kind: str
    start: date
    end: date

    @classmethod
    def of(cls, kind: str, anchor: date) -> Period:
        """The month, quarter or year holding the anchor day."""
        if kind == "annee":
            return cls(kind, date(anchor.year, 1, 1), date(anchor.year, 12, 31))
        first = month_start(anchor)
        if kind == "trimestre":
            first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
        length = 3 if kind == "trimestre" else 1
        return cls(kind, first, add_months(first, length) - timedelta(days=1))

    @classmethod
    def default(cls, today: date) -> Period:
        """The last whole month."""
        return cls.of("mois", add_months(today, -1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before, of the same kind (the same number of days when chosen)."""
        if self.kind == "libre":
            return Period("libre", self.start - timedelta(days=self.days),
                          self.start - timedelta(days=1))
        return Period.of(self.kind, self.start - timedelta(days=1))

    def next(self) -> Period:
        if self.kind == "libre":
            return Period("libre", self.end + timedelta(days=1),
                          self.end + timedelta(days=self.days))
        return Period.of(self.kind, self.end + timedelta(days=1))

    def year_before(self) -> Period:
        """The same days a year earlier."""
        if self.kind == "libre":
            return Period("libre", _year_earlier(self.start), _year_earlier(self.end))
        return Period.of(self.kind, _year_earlier(self.start))

    def whole_months(self) -> list[date]:
        """The first days of the months lying wholly inside the period."""
        months, month = [], month_start(self.start)
        if month < self.start:
            month = add_months(month, 1)
        while add_months(month, 1) - timedelta(days=1) <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    def loose_days(self) -> list[tuple[date, date]]:
        """The day ranges of the period outside its whole months (at most two)."""
        months = self.whole_months()
        if not months:
            return [(self.start, self.end)]
        ranges = []
        if self.start < months[0]:
            ranges.append((self.start, months[0] - timedelta(days=1)))
        after = add_months(months[-1], 1)
        if after <= self.end:
            ranges.append((after, self.end))
        return ranges

    def months(self) -> list[date]:
        """The first days of every month the period touches."""
        months, month = [], month_start(self.start)
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def label(self) -> str:
        if self.kind == "mois":
            return format_date(self.start, "MMMM y")
        if self.kind == "trimestre":
            return _("T%(quarter)s %(year)s", quarter=(self.start.month + 2) // 3,
                     year=self.start.year)
        if self.kind == "annee":
            return str(self.start.year)
        return _("du %(start)s au %(end)s", start=format_date(self.start, "d MMM y"),
                 end=format_date(self.end, "d MMM y"))

    def args(self) -> dict:
        """The query-string arguments that choose this period again."""
        if self.kind == "libre":
            return {"periode": "libre", "du": self.start.isoformat(),
                    "au": self.end.isoformat()}
        return {"periode": self.kind, "debut": self.start.isoformat()}


def _day(raw: str | None) -> date | None:
    try:
        day = date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return None
    return day if day.year in YEARS else None


def period_from_args(args, today: date) -> Period:
    """The period asked for in the query string; anything unreadable gives the default."""
    kind = args.get("periode", "")
    if kind == "libre":
        start, end = _day(args.get("du")), _day(args.get("au"))
        if start and end and start <= end and (end - start).days < MAX_DAYS:
            return Period("libre", start, end)
        return Period.default(today)
    anchor = _day(args.get("debut"))
    if kind in KINDS and anchor:
        return Period.of(kind, anchor)
    if kind in KINDS:
        return Period.of(kind, add_months(today, -1) if kind == "mois" else today)
    return Period.default(today)
