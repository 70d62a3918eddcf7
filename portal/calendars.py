"""Business calendars kept in the database, and their conversion to the arithmetic's calendar."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from sqlalchemy import JSON, Date, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.businesshours import BusinessCalendar, french_holidays
from portal.extensions import db
from portal.timeutil import UTCDateTime, utcnow

WEEKDAYS = range(7)
OFFICE = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
OFFICE_HOURS = BusinessCalendar({day: OFFICE for day in range(5)},
                                holidays_of_year=french_holidays())
_INTERVAL = re.compile(r"^\s*(\d{1,2})[:hH](\d{2})\s*[-–à]+\s*(\d{1,2})[:hH](\d{2})\s*$")
_cache: dict[tuple[int, datetime], BusinessCalendar] = {}


class Calendar(db.Model):
    """Opening hours per weekday, a time zone, French holidays and closures."""

    __tablename__ = "business_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    timezone: Mapped[str] = mapped_column(String(60), default="Europe/Paris")
    alsace_moselle: Mapped[bool] = mapped_column(default=False)
    is_default: Mapped[bool] = mapped_column(default=False)
    week: Mapped[dict] = mapped_column(JSON)  # {"0": [["08:30", "12:00"], ...], ...}
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    closures: Mapped[list[Closure]] = relationship(
        cascade="all, delete-orphan", order_by="Closure.first_day")

    def intervals(self, weekday: int) -> list[tuple[time, time]]:
        return [(time.fromisoformat(start), time.fromisoformat(end))
                for start, end in self.week.get(str(weekday), [])]

    def closed_days(self) -> set[date]:
        return {day for closure in self.closures for day in closure.days()}


class Closure(db.Model):
    """Days the desk is closed besides public holidays (e.g. the week of 15 August)."""

    __tablename__ = "business_calendar_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("business_calendars.id"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(120), default="")

    def days(self) -> list[date]:
        return [date.fromordinal(n) for n in range(self.first_day.toordinal(),
                                                    self.last_day.toordinal() + 1)]


def parse_intervals(text: str) -> list[tuple[str, str]]:
    """Read '08:30-12:00, 13:30-17:30' into ordered, non-overlapping (start, end) pairs."""
    pairs = []
    for chunk in filter(None, (part.strip() for part in re.split(r"[,;]", text or ""))):
        found = _INTERVAL.match(chunk)
        if found is None:
            raise ValueError(chunk)
        start = time(int(found.group(1)), int(found.group(2)))
        end = time(int(found.group(3)), int(found.group(4)))
        if not start < end:
            raise ValueError(chunk)
        pairs.append((start, end))
    pairs.sort()
    for (_s1, end1), (start2, _e2) in zip(pairs, pairs[1:], strict=False):
        if start2 < end1:
            raise ValueError(text)
    return [(start.strftime("%H:%M"), end.strftime("%H:%M")) for start, end in pairs]


def format_intervals(pairs: list) -> str:
    return ", ".join(f"{start}-{end}" for start, end in pairs)


def business_calendar(calendar: Calendar) -> BusinessCalendar:
    """The arithmetic's calendar for a stored one, built once per version."""
    key = (calendar.id, calendar.updated_at)
    if key not in _cache:
        _cache[key] = BusinessCalendar(
            {day: calendar.intervals(day) for day in WEEKDAYS}, calendar.timezone,
            holidays_of_year=french_holidays(calendar.alsace_moselle),
            closed=calendar.closed_days())
    return _cache[key]


def get_default_calendar() -> Calendar | None:
    return db.session.scalar(select(Calendar).where(Calendar.is_default.is_(True)).limit(1))


def default_business_calendar() -> BusinessCalendar:
    """The default calendar's arithmetic, else office hours with French holidays."""
    stored = get_default_calendar()
    return business_calendar(stored) if stored is not None else OFFICE_HOURS


def local_today() -> date:
    """Today in the default calendar's time zone, the day business dates are counted on."""
    return utcnow().astimezone(default_business_calendar().tz).date()


def list_calendars() -> list[Calendar]:
    return list(db.session.scalars(select(Calendar).order_by(Calendar.name)))


def calendar_choices(blank: str) -> list[tuple[int, str]]:
    """(id, name) pairs for a select, 0 meaning 'the default calendar'."""
    return [(0, blank)] + [(calendar.id, calendar.name) for calendar in list_calendars()]


def save_calendar(calendar: Calendar | None, *, name: str, timezone: str, alsace_moselle: bool,
                  is_default: bool, week: dict[int, list], closures: list[tuple],
                  now: datetime) -> Calendar:
    """Create or update a calendar; only one is the default."""
    calendar = calendar or Calendar()
    calendar.name, calendar.timezone, calendar.alsace_moselle = name, timezone, alsace_moselle
    calendar.week = {str(day): [list(pair) for pair in week.get(day, [])] for day in WEEKDAYS}
    calendar.closures = [Closure(first_day=first, last_day=last, label=label)
                         for first, last, label in closures]
    calendar.updated_at = now
    others = [other for other in db.session.scalars(
        select(Calendar).where(Calendar.is_default.is_(True))) if other is not calendar]
    if is_default:
        for other in others:
            other.is_default = False
    calendar.is_default = is_default or not others  # there is always one default
    db.session.add(calendar)
    db.session.flush()
    return calendar
