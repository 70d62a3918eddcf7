"""Due-date computations per second on realistic business calendars.

Usage: python bench/sla.py [--size N]   (N = computations per calendar; default 50,000, quick)

The baseline, measured in the same run on the first tenth of the same inputs, is the
straightforward algorithm: walk the calendar day by day, building each opening interval with
the time zone. Each of its results is checked against the portal's. Prints a table, then one
JSON line.
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.businesshours import BusinessCalendar, french_holidays  # noqa: E402

OFFICE_DAY = ((clock(8, 30), clock(12, 0)), (clock(13, 30), clock(17, 30)))
CALENDARS = {
    "office, lunch break, French holidays, August closure": dict(
        week={day: OFFICE_DAY for day in range(5)}, holidays_of_year=french_holidays(),
        closed={date(2026, 8, 10) + timedelta(days=n) for n in range(5)}),
    "office, Alsace-Moselle holidays": dict(
        week={day: OFFICE_DAY for day in range(5)},
        holidays_of_year=french_holidays(alsace_moselle=True)),
    "extended desk, 7:00-20:00 Monday to Saturday": dict(
        week={day: ((clock(7, 0), clock(20, 0)),) for day in range(6)},
        holidays_of_year=french_holidays()),
}
# Commitments of the catalogue: take charge within 30 min to 8 h, resolve within 4 h to 10 days.
DURATIONS = (30, 60, 120, 240, 480, 960, 1440, 2400, 4800)


def naive_add(calendar: BusinessCalendar, closed: set[date], start: datetime,
              minutes: int) -> datetime:
    """Walk day by day, interval by interval: the baseline (closed days known in advance)."""
    remaining = timedelta(minutes=minutes)
    if not remaining:
        return start
    day = start.astimezone(calendar.tz).date()
    while True:
        if day not in closed:
            for opens, closes in calendar.week[day.weekday()]:
                begin = max(datetime.combine(day, opens, calendar.tz), start)
                end = datetime.combine(day, closes, calendar.tz)
                if begin >= end:
                    continue
                if end - begin >= remaining:
                    return (begin + remaining).astimezone(UTC)
                remaining -= end - begin
        day += timedelta(days=1)


def inputs(size: int, seed: int = 2026) -> list[tuple[datetime, int]]:
    rng = random.Random(seed)
    origin = datetime(2026, 1, 1, tzinfo=UTC)
    return [(origin + timedelta(seconds=rng.randrange(2 * 365 * 86400)), rng.choice(DURATIONS))
            for _ in range(size)]


def rate(function, cases) -> tuple[float, list]:
    started = time.perf_counter()
    results = [function(start, minutes) for start, minutes in cases]
    return len(cases) / (time.perf_counter() - started), results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    size = parser.parse_args().size
    cases = inputs(size)
    figures = {}
    print(f"{size:,} due dates per calendar\n")
    print(f"{'calendar':<55} {'ours /s':>12} {'baseline /s':>12} {'ratio':>7}")
    for name, spec in CALENDARS.items():
        calendar = BusinessCalendar(**spec)
        calendar.add_minutes(cases[0][0], 1)  # build the segments once, as a worker does
        ours, results = rate(calendar.add_minutes, cases)
        closed = set(calendar.closed).union(
            *(calendar.holidays_of_year(year) for year in (2026, 2027, 2028)))
        sample = cases[: max(1, size // 10)]
        baseline, expected = rate(
            lambda s, m, c=calendar, k=closed: naive_add(c, k, s, m), sample)
        mismatches = sum(a != b for a, b in zip(results, expected, strict=False))
        if mismatches:
            raise SystemExit(f"{name}: {mismatches} due dates differ from the baseline")
        between, _ = rate(calendar.minutes_between, [(s, d) for (s, _m), d in
                                                     zip(cases, results, strict=True)])
        print(f"{name:<55} {ours:>12,.0f} {baseline:>12,.0f} {ours / baseline:>6.1f}x"
              f"   (elapsed-time measures: {between:,.0f}/s)")
        figures[name] = {"due_dates_per_s": round(ours), "baseline_per_s": round(baseline),
                         "ratio": round(ours / baseline, 1), "measures_per_s": round(between)}
    slowest = min(figure["due_dates_per_s"] for figure in figures.values())
    print(f"\nslowest calendar: {slowest:,} due dates/s (aim: 100,000/s); "
          "the baseline's results all equal the portal's")
    print(json.dumps({"size": size, "min_due_dates_per_s": slowest, "calendars": figures},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
