"""Business-hours arithmetic: its laws hold for any instant and duration, DST and holidays."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.businesshours import BusinessCalendar, french_holidays

PARIS = ZoneInfo("Europe/Paris")
DAY = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))  # 7 h 30 with a lunch break
OFFICE = BusinessCalendar({weekday: DAY for weekday in range(5)},
                          holidays_of_year=french_holidays(),
                          closed={date(2026, 8, day) for day in range(10, 15)})
ALSACE = BusinessCalendar({weekday: DAY for weekday in range(5)},
                          holidays_of_year=french_holidays(alsace_moselle=True))

instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31),
                        timezones=st.just(UTC))
durations = st.integers(min_value=0, max_value=60 * 24 * 40)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@settings(max_examples=300, deadline=None)
@given(start=instants, minutes=durations)
def test_adding_then_measuring_gives_the_duration_back(start, minutes):
    due = OFFICE.add_minutes(start, minutes)
    assert due >= start
    assert OFFICE.minutes_between(start, due) == minutes


@settings(max_examples=300, deadline=None)
@given(start=instants, minutes=st.integers(min_value=1, max_value=60 * 24 * 40))
def test_a_due_date_falls_at_the_end_of_open_time_never_at_night_or_on_a_holiday(start, minutes):
    due = OFFICE.add_minutes(start, minutes)
    assert OFFICE.is_open(due - timedelta(seconds=1))
    local = due.astimezone(PARIS)
    assert local.weekday() < 5
    assert not OFFICE.is_closed_day(local.date())
    assert time(8, 30) < local.time() <= time(17, 30)


@settings(max_examples=300, deadline=None)
@given(a=instants, b=instants, c=instants)
def test_measures_add_up_and_change_sign(a, b, c):
    a, b, c = sorted((a, b, c))
    assert OFFICE.minutes_between(a, b) + OFFICE.minutes_between(b, c) in (
        OFFICE.minutes_between(a, c), OFFICE.minutes_between(a, c) - 1)
    assert OFFICE.minutes_between(c, a) == -OFFICE.minutes_between(a, c)


@settings(max_examples=200, deadline=None)
@given(start=instants, minutes=durations)
def test_a_longer_duration_never_ends_earlier(start, minutes):
    assert OFFICE.add_minutes(start, minutes) <= OFFICE.add_minutes(start, minutes + 1)


def test_friday_evening_plus_eight_hours_is_tuesday_morning():
    assert OFFICE.add_minutes(paris(2026, 11, 20, 17, 45), 8 * 60) == paris(2026, 11, 24, 9, 0)


def test_lunch_breaks_nights_and_weekends_do_not_count():
    assert OFFICE.minutes_between(paris(2026, 11, 23, 11, 30), paris(2026, 11, 23, 14, 0)) == 60
    assert OFFICE.minutes_between(paris(2026, 11, 20, 17, 0), paris(2026, 11, 23, 9, 0)) == 60
    assert OFFICE.add_minutes(paris(2026, 11, 23, 11, 0), 90) == paris(2026, 11, 23, 14, 0)


def test_public_holidays_and_closures_do_not_count():
    # 11 November 2026 is a Wednesday.
    assert OFFICE.add_minutes(paris(2026, 11, 10, 16, 0), 120) == paris(2026, 11, 12, 9, 0)
    # The office is closed the week of 15 August (10-14 August 2026).
    assert OFFICE.minutes_between(paris(2026, 8, 7, 17, 30), paris(2026, 8, 17, 8, 30)) == 0


def test_alsace_moselle_adds_good_friday_and_saint_stephen():
    good_friday = paris(2026, 4, 3, 10, 0)
    assert OFFICE.is_open(good_friday)
    assert not ALSACE.is_open(good_friday)
    assert ALSACE.is_closed_day(date(2026, 12, 26))


@pytest.mark.parametrize("day", [date(2026, 3, 30), date(2026, 10, 26), date(2027, 3, 30)])
def test_days_after_a_clock_change_keep_their_seven_and_a_half_hours(day):
    opening = datetime.combine(day, time(0, 0), PARIS)
    assert OFFICE.minutes_between(opening, opening + timedelta(days=1)) == 450
    assert OFFICE.add_minutes(opening, 450).astimezone(PARIS).time() == time(17, 30)


@pytest.mark.parametrize(("day", "minutes"), [
    (date(2026, 3, 28), 1439), (date(2026, 3, 29), 1379), (date(2026, 10, 25), 1499)])
def test_a_round_the_clock_desk_counts_the_real_length_of_clock_change_days(day, minutes):
    always = BusinessCalendar({weekday: [(time(0, 0), time(23, 59))] for weekday in range(7)})
    midnight = datetime.combine(day, time(0, 0), PARIS)
    assert always.minutes_between(midnight, datetime.combine(day, time(23, 59), PARIS)) == minutes


def test_an_empty_week_or_a_backwards_interval_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        BusinessCalendar({})
    with pytest.raises(ValueError, match="does not move forward"):
        BusinessCalendar({0: [(time(12, 0), time(8, 0))]})
