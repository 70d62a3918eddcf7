"""Indicator maths on plain values: delay classes, percentiles read from them, each request's row.

No database: the calendar is the portal's office hours, the clock is passed in.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from indicators.facts import RequestRecord, fact_of, local_day
from indicators.maths import (
    BUCKET_EDGES,
    BUCKETS,
    bucket_of,
    histogram,
    percentile,
    share,
    variation,
)
from portal.calendars import OFFICE_HOURS
from tickets.sla import Span

PARIS = ZoneInfo("Europe/Paris")
TAKE, RESOLVE = 240, 960  # the normal priority's commitment: 4 h to take charge, 16 h to solve


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def record(created_at, taken_at=None, resolved_at=None, **values) -> RequestRecord:
    """A simple request of the portal with the normal commitment, unless told otherwise."""
    return RequestRecord(
        id=values.pop("id", 1), entity_id=values.pop("entity_id", 7),
        service_id=values.pop("service_id", 3), type=values.pop("type", "simple"),
        channel=values.pop("channel", "portal"), response_type=values.pop("response_type", None),
        created_at=created_at, taken_at=taken_at, resolved_at=resolved_at,
        reopen_count=values.pop("reopen_count", 0),
        take_target=values.pop("take_target", TAKE),
        resolve_target=values.pop("resolve_target", RESOLVE), **values)


def fact(request: RequestRecord, now: datetime) -> dict:
    return fact_of(request, OFFICE_HOURS, PARIS, now)


@pytest.mark.parametrize(("minutes", "index"), [
    (None, None), (-5, 0), (0, 0), (14, 0), (15, 1), (59, 3), (60, 4), (89, 4), (90, 5),
    (19199, BUCKETS - 2), (19200, BUCKETS - 1), (10**6, BUCKETS - 1),
])
def test_a_delay_falls_in_the_class_whose_lower_bound_it_reaches(minutes, index):
    assert bucket_of(minutes) == index


def test_ten_delays_between_one_hour_and_an_hour_and_a_half_have_a_median_of_75_minutes():
    counts = histogram([60, 61, 65, 70, 75, 80, 85, 88, 89, 89])
    assert counts[bucket_of(60)] == sum(counts) == 10
    assert percentile(counts, 0.5) == 75
    assert percentile(counts, 0.9) == 87


def test_a_percentile_interpolates_inside_the_class_that_holds_its_rank():
    counts = histogram([5] * 4 + [20] * 4)  # four in [0, 15), four in [15, 30)
    assert percentile(counts, 0.5) == 15
    assert percentile(counts, 0.9) == pytest.approx(27)  # rank 7.2: 3.2 of 4 into [15, 30)
    assert percentile(histogram([0, 600]), 0.5) == 15  # rank 1 is the top of [0, 15)


def test_no_delay_gives_no_median_rather_than_zero():
    assert percentile([0] * BUCKETS, 0.5) is None
    assert percentile(histogram([None, None]), 0.9) is None
    assert histogram([None, 30]) == histogram([30])


def test_the_open_last_class_gives_its_lower_bound_never_a_guess():
    counts = histogram([20000, 50000, 90000])
    assert percentile(counts, 0.5) == percentile(counts, 0.9) == BUCKET_EDGES[-1] == 19200
    mixed = histogram([30] * 5 + [30000] * 5)
    assert percentile(mixed, 0.9) == 19200


def test_variations_and_shares_do_not_divide_by_zero():
    assert variation(125, 100) == 0.25
    assert variation(50, 100) == -0.5
    assert variation(3, 0) is None
    assert variation(None, 4) is variation(4, None) is None
    assert share(1, 4) == 0.25
    assert share(0, 0) is None


def test_a_request_received_at_half_past_midnight_in_paris_counts_on_that_paris_day():
    received = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert local_day(received, PARIS) == date(2026, 2, 1)
    row = fact(record(received), now=datetime(2026, 2, 2, 12, tzinfo=UTC))
    assert (row["created_day"], row["created_month"]) == (date(2026, 2, 1), date(2026, 2, 1))
    summer = datetime(2026, 7, 31, 22, 15, tzinfo=UTC)  # 00:15 on 1 August, summer time
    assert local_day(summer, PARIS) == date(2026, 8, 1)


def test_delays_count_office_hours_only():
    # Monday 23 November 2026, 9:00; taken at 10:00; solved Tuesday at 10:00.
    row = fact(record(paris(2026, 11, 23, 9), paris(2026, 11, 23, 10), paris(2026, 11, 24, 10)),
               now=paris(2026, 12, 1, 9))
    assert (row["take_minutes"], row["resolve_minutes"]) == (60, 180 + 240 + 90)
    assert (row["take_bucket"], row["resolve_bucket"]) == (bucket_of(60), bucket_of(510))
    assert (row["resolved_day"], row["resolved_month"]) == (date(2026, 11, 24), date(2026, 11, 1))


def test_nights_weekends_and_public_holidays_are_not_counted():
    friday_evening = record(paris(2026, 11, 20, 17), paris(2026, 11, 23, 9),
                            paris(2026, 11, 23, 9))
    assert fact(friday_evening, now=paris(2026, 12, 1))["resolve_minutes"] == 30 + 30
    # Wednesday 11 November is Armistice Day.
    over_holiday = record(paris(2026, 11, 10, 17), paris(2026, 11, 12, 9),
                          paris(2026, 11, 12, 9))
    assert fact(over_holiday, now=paris(2026, 12, 1))["resolve_minutes"] == 30 + 30


def test_time_waiting_on_the_requester_is_left_out_of_the_delay():
    received, asked = paris(2026, 11, 23, 9), paris(2026, 11, 23, 10)
    answered, solved = paris(2026, 11, 25, 10), paris(2026, 11, 25, 11)
    spans = [Span(received, asked), Span(asked, answered, paused=True), Span(answered, solved)]
    row = fact(record(received, asked, solved, spans=spans, resolve_target=100),
               now=paris(2026, 12, 1))
    assert row["resolve_minutes"] == 120
    assert row["resolve_met"] is False
    assert row["first_contact"] is False, "it waited on the requester"


def test_a_target_reached_exactly_is_met_and_one_minute_more_is_missed():
    received = paris(2026, 11, 23, 13, 30)
    on_time = fact(record(received, paris(2026, 11, 23, 17, 30)), now=paris(2026, 12, 1))
    late = fact(record(received, paris(2026, 11, 24, 8, 31)), now=paris(2026, 12, 1))
    assert (on_time["take_minutes"], on_time["take_met"]) == (240, True)
    assert (late["take_minutes"], late["take_met"]) == (241, False)


def test_resolution_within_or_beyond_the_target_is_met_or_missed():
    args = (paris(2026, 11, 23, 9), paris(2026, 11, 23, 10), paris(2026, 11, 24, 10))
    assert fact(record(*args), now=paris(2026, 12, 1))["resolve_met"] is True  # 510 <= 960
    assert fact(record(*args, resolve_target=480), now=paris(2026, 12, 1))["resolve_met"] is False


def test_an_untaken_request_counts_late_once_past_its_target_and_undecided_before():
    received = paris(2026, 11, 23, 9)
    before = fact(record(received), now=paris(2026, 11, 23, 12))
    after = fact(record(received), now=paris(2026, 11, 24, 9))
    assert (before["take_met"], before["take_minutes"], before["take_bucket"]) == (
        None, None, None)
    assert (after["take_met"], after["take_minutes"]) == (False, None)
    assert (after["resolved_day"], after["resolve_met"], after["resolve_minutes"]) == (
        None, None, None)


def test_a_request_without_a_commitment_is_neither_met_nor_missed():
    row = fact(record(paris(2026, 11, 23, 9), paris(2026, 11, 25, 9), paris(2026, 11, 27, 9),
                      take_target=None, resolve_target=None), now=paris(2026, 12, 1))
    assert (row["take_met"], row["resolve_met"]) == (None, None)
    assert row["take_minutes"] == 420 + 450 + 30  # Monday from 9:00, Tuesday, 30 min


def test_first_contact_resolution_means_the_requester_never_had_to_come_back():
    args = (paris(2026, 11, 23, 9), paris(2026, 11, 23, 10), paris(2026, 11, 23, 11))
    now = paris(2026, 12, 1)
    asked_once = fact(record(*args, inbound=1), now)
    wrote_again = fact(record(*args, inbound=2), now)
    reopened = fact(record(*args, inbound=1, reopen_count=1), now)
    open_still = fact(record(*args[:2], inbound=1), now)
    assert (asked_once["first_contact"], asked_once["reopened"]) == (True, False)
    assert (wrote_again["first_contact"], wrote_again["reopened"]) == (False, False)
    assert (reopened["first_contact"], reopened["reopened"]) == (False, True)
    assert (open_still["first_contact"], open_still["reopened"]) == (False, False)


def test_the_rating_counts_only_once_the_request_is_resolved():
    received = paris(2026, 11, 23, 9)
    assert fact(record(received, received, paris(2026, 11, 23, 11), rating=4),
                paris(2026, 12, 1))["rating"] == 4
    assert fact(record(received, received, rating=4), paris(2026, 12, 1))["rating"] is None


def test_a_request_without_entity_service_or_response_goes_to_the_none_slices():
    row = fact(record(paris(2026, 11, 23, 9), entity_id=None, service_id=None),
               paris(2026, 11, 23, 10))
    assert (row["entity_id"], row["service_id"], row["response_type"]) == (0, 0, "")
