"""Business-hours arithmetic: add business minutes to an instant, count them between two.

Pure: the calendar (opening hours per weekday, time zone, closed days) and the instants are
passed in; nothing here reads the clock or the database. Opening hours are turned once into a
sorted list of open segments with their running total, so that both operations are a binary
search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

Interval = tuple[time, time]
YEARS_AROUND = 2


def french_holidays(alsace_moselle: bool = False) -> Callable[[int], set[date]]:
    """French public holidays of a year (Alsace-Moselle adds Good Friday and St Stephen)."""
    def of_year(year: int) -> set[date]:
        return set(holidays.France(years=year, subdiv="57" if alsace_moselle else None))

    return of_year


class BusinessCalendar:
    """Opening hours in a time zone, minus holidays and closure days."""

    def __init__(self, week: Mapping[int, Iterable[Interval]], tz: str = "Europe/Paris",
                 holidays_of_year: Callable[[int], set[date]] | None = None,
                 closed: Iterable[date] = ()) -> None:
        self.tz = ZoneInfo(tz)
        self.week = {day: tuple(sorted(week.get(day, ()))) for day in range(7)}
        for intervals in self.week.values():
            for start, end in intervals:
                if not start < end:
                    raise ValueError(f"opening interval {start}-{end} does not move forward")
        if not any(self.week.values()):
            raise ValueError("a calendar needs at least one opening interval")
        self.holidays_of_year = holidays_of_year or (lambda year: set())
        self.closed = frozenset(closed)
        self._first_year: int | None = None
        self._last_year = 0
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._before: list[int] = [0]  # business seconds before each segment, then the total

    def is_closed_day(self, day: date) -> bool:
        return day in self.closed or day in self.holidays_of_year(day.year)

    def is_open(self, at: datetime) -> bool:
        """Whether the instant falls inside opening hours."""
        moment = self._seconds(at)
        index = bisect_right(self._starts, moment) - 1
        return index >= 0 and moment < self._ends[index]

    def next_opening(self, at: datetime) -> datetime:
        """``at`` if open, else the next instant the desk opens."""
        return at if self.is_open(at) else self.add_seconds(at, 1) - timedelta(seconds=1)

    def add_minutes(self, start: datetime, minutes: int) -> datetime:
        """The instant when ``minutes`` business minutes have passed since ``start``."""
        return self.add_seconds(start, minutes * 60)

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Business minutes from ``start`` to ``end`` (negative when ``end`` comes first)."""
        seconds = self.seconds_between(start, end)
        return seconds // 60 if seconds >= 0 else -(-seconds // 60)

    def add_seconds(self, start: datetime, seconds: int) -> datetime:
        """The instant when ``seconds`` business seconds have passed since ``start``."""
        if seconds < 0:
            raise ValueError("cannot add a negative business duration")
        if seconds == 0:
            return start
        moment = self._seconds(start)
        target = self._position(moment) + seconds
        while target > self._before[-1]:
            self._cover(self._last_year + 1)
        index = bisect_left(self._before, target) - 1
        return datetime.fromtimestamp(self._starts[index] + target - self._before[index], UTC)

    def seconds_between(self, start: datetime, end: datetime) -> int:
        """Business seconds from ``start`` to ``end`` (negative when ``end`` comes first)."""
        first, last = self._seconds(start), self._seconds(end)
        return self._position(last) - self._position(first)

    def _position(self, moment: int) -> int:
        """Business seconds elapsed from the start of the covered range up to ``moment``."""
        index = bisect_right(self._starts, moment) - 1
        if index < 0:
            return 0
        if moment < self._ends[index]:
            return self._before[index] + moment - self._starts[index]
        return self._before[index + 1]

    def _seconds(self, at: datetime) -> int:
        """The instant as epoch seconds, making sure the years around it are covered."""
        if at.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is expected")
        year = at.astimezone(self.tz).year
        if self._first_year is None or year - YEARS_AROUND < self._first_year:
            self._build(year - YEARS_AROUND, max(self._last_year, year + YEARS_AROUND))
        while year + YEARS_AROUND > self._last_year:
            self._cover(self._last_year + 1)
        return int(at.timestamp())

    def _build(self, first_year: int, last_year: int) -> None:
        self._first_year, self._last_year = first_year, first_year - 1
        self._starts, self._ends, self._before = [], [], [0]
        for year in range(first_year, last_year + 1):
            self._cover(year)

    def _cover(self, year: int) -> None:
        """Append the open segments of one more year (years are added in order)."""
        closed = self.closed | self.holidays_of_year(year)
        day = date(year, 1, 1)
        while day.year == year:
            if day not in closed:
                for start, end in self.week[day.weekday()]:
                    opens = int(datetime.combine(day, start, self.tz).timestamp())
                    closes = int(datetime.combine(day, end, self.tz).timestamp())
                    self._starts.append(opens)
                    self._ends.append(closes)
                    self._before.append(self._before[-1] + closes - opens)
            day += timedelta(days=1)
        self._last_year = year
