"""Reporting periods on plain dates: their bounds, the periods compared, and how they are read."""

from datetime import date

import pytest

from indicators.periods import Period, period_from_args

TODAY = date(2026, 3, 18)
LAST_WHOLE_MONTH = Period("mois", date(2026, 2, 1), date(2026, 2, 28))


@pytest.mark.parametrize(("kind", "anchor", "start", "end"), [
    ("mois", date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
    ("mois", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),
    ("mois", date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
    ("trimestre", date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31)),
    ("trimestre", date(2026, 5, 31), date(2026, 4, 1), date(2026, 6, 30)),
    ("trimestre", date(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30)),
    ("trimestre", date(2026, 11, 15), date(2026, 10, 1), date(2026, 12, 31)),
    ("annee", date(2026, 7, 14), date(2026, 1, 1), date(2026, 12, 31)),
])
def test_a_month_quarter_or_year_runs_from_its_first_to_its_last_day(kind, anchor, start, end):
    period = Period.of(kind, anchor)
    assert (period.kind, period.start, period.end) == (kind, start, end)


def test_the_month_before_january_is_december_of_the_year_before():
    january = Period.of("mois", date(2026, 1, 10))
    assert january.previous() == Period("mois", date(2025, 12, 1), date(2025, 12, 31))
    assert january.previous().next() == january


def test_the_quarter_and_year_before_go_back_across_the_new_year():
    assert Period.of("trimestre", date(2026, 2, 1)).previous() == Period(
        "trimestre", date(2025, 10, 1), date(2025, 12, 31))
    assert Period.of("annee", date(2026, 6, 1)).previous() == Period(
        "annee", date(2025, 1, 1), date(2025, 12, 31))


def test_the_same_month_a_year_before_has_its_own_length():
    february = Period.of("mois", date(2028, 2, 1))
    assert february.year_before() == Period("mois", date(2027, 2, 1), date(2027, 2, 28))
    assert Period.of("trimestre", date(2026, 5, 1)).year_before() == Period(
        "trimestre", date(2025, 4, 1), date(2025, 6, 30))


def test_chosen_days_ending_on_29_february_compare_with_28_february_a_year_before():
    chosen = Period("libre", date(2028, 2, 10), date(2028, 2, 29))
    assert chosen.year_before() == Period("libre", date(2027, 2, 10), date(2027, 2, 28))
    starting = Period("libre", date(2028, 2, 29), date(2028, 3, 10))
    assert starting.year_before() == Period("libre", date(2027, 2, 28), date(2027, 3, 10))


def test_chosen_days_compare_with_as_many_days_just_before():
    chosen = Period("libre", date(2026, 1, 15), date(2026, 3, 10))
    before = chosen.previous()
    assert before == Period("libre", date(2025, 11, 21), date(2026, 1, 14))
    assert before.days == chosen.days == 55
    assert chosen.next() == Period("libre", date(2026, 3, 11), date(2026, 5, 4))


def test_chosen_days_read_their_whole_months_monthly_and_their_ends_day_by_day():
    chosen = Period("libre", date(2026, 1, 15), date(2026, 3, 10))
    assert chosen.whole_months() == [date(2026, 2, 1)]
    assert chosen.loose_days() == [(date(2026, 1, 15), date(2026, 1, 31)),
                                   (date(2026, 3, 1), date(2026, 3, 10))]
    assert chosen.months() == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_every_day_of_a_period_is_read_once_whole_months_or_loose_days():
    for period in (Period("libre", date(2025, 12, 31), date(2026, 4, 1)),
                   Period("libre", date(2026, 2, 1), date(2026, 2, 28)),
                   Period("libre", date(2026, 2, 3), date(2026, 2, 20)),
                   Period.of("trimestre", date(2026, 8, 1)),
                   Period.of("annee", date(2024, 8, 1))):
        days = [day for month in period.whole_months()
                for day in _days(month, Period.of("mois", month).end)]
        days += [day for start, end in period.loose_days() for day in _days(start, end)]
        assert sorted(days) == _days(period.start, period.end), period


def test_a_month_or_a_quarter_is_read_from_monthly_rows_only():
    assert Period.of("mois", date(2026, 2, 1)).loose_days() == []
    assert Period.of("trimestre", date(2026, 2, 1)).whole_months() == [
        date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_days_inside_one_month_have_no_whole_month():
    chosen = Period("libre", date(2026, 2, 3), date(2026, 2, 20))
    assert chosen.whole_months() == []
    assert chosen.loose_days() == [(date(2026, 2, 3), date(2026, 2, 20))]


def test_no_choice_shows_the_last_whole_month():
    assert period_from_args({}, TODAY) == LAST_WHOLE_MONTH
    assert Period.default(date(2026, 1, 5)) == Period("mois", date(2025, 12, 1),
                                                      date(2025, 12, 31))


@pytest.mark.parametrize("args", [
    {"periode": "libre", "du": "2026-13-45", "au": "2026-03-01"},
    {"periode": "libre", "du": "2026-01-10"},
    {"periode": "libre", "du": "2026-03-10", "au": "2026-03-01"},
    {"periode": "libre", "du": "1999-01-01", "au": "1999-02-01"},
    {"periode": "libre", "du": "2020-01-01", "au": "2026-01-01"},
    {"periode": "libre", "du": "", "au": "x" * 500},
    {"periode": "semaine", "debut": "2026-01-05"},
    {"periode": "mois", "debut": "abc"},
    {"periode": "mois", "debut": "2126-01-01"},
])
def test_an_unreadable_choice_falls_back_to_the_last_whole_month(args):
    assert period_from_args(args, TODAY) == LAST_WHOLE_MONTH


def test_the_query_string_chooses_a_period_and_gives_it_back():
    chosen = [period_from_args(args, TODAY) for args in (
        {"periode": "mois", "debut": "2025-11-20"},
        {"periode": "trimestre", "debut": "2025-11-20"},
        {"periode": "annee", "debut": "2024-02-29"},
        {"periode": "libre", "du": "2026-01-15", "au": "2026-03-10"},
    )]
    assert chosen == [Period("mois", date(2025, 11, 1), date(2025, 11, 30)),
                      Period("trimestre", date(2025, 10, 1), date(2025, 12, 31)),
                      Period("annee", date(2024, 1, 1), date(2024, 12, 31)),
                      Period("libre", date(2026, 1, 15), date(2026, 3, 10))]
    assert [period_from_args(period.args(), TODAY) for period in chosen] == chosen


def test_a_kind_without_its_day_takes_the_last_month_or_the_current_quarter_and_year():
    assert period_from_args({"periode": "mois"}, TODAY) == LAST_WHOLE_MONTH
    assert period_from_args({"periode": "trimestre"}, TODAY) == Period.of("trimestre", TODAY)
    assert period_from_args({"periode": "annee"}, TODAY) == Period.of("annee", TODAY)


def _days(start: date, end: date) -> list[date]:
    return [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
