"""SLA timers: running and paused spans on a business calendar, with an injected clock."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.businesshours import BusinessCalendar, french_holidays
from tickets.sla import Span, measure, scaled

PARIS = ZoneInfo("Europe/Paris")
OFFICE = BusinessCalendar(
    {day: ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30))) for day in range(5)},
    holidays_of_year=french_holidays())


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_a_running_timer_is_due_after_its_target_in_business_time():
    spans = [Span(paris(2026, 11, 20, 17, 45), None)]
    timer = measure(OFFICE, spans, 480, now=paris(2026, 11, 23, 10, 0))
    assert timer.used == 90
    assert timer.due_at == paris(2026, 11, 24, 9, 0)
    assert timer.remaining == 390


def test_waiting_for_the_requester_pauses_and_pushes_the_due_date():
    received, asked, answered = (paris(2026, 11, 23, 9, 0), paris(2026, 11, 23, 10, 0),
                                 paris(2026, 11, 25, 10, 0))
    spans = [Span(received, asked), Span(asked, answered, paused=True), Span(answered, None)]
    timer = measure(OFFICE, spans, 240, now=paris(2026, 11, 25, 11, 0))
    assert (timer.used, timer.paused) == (120, 900)
    assert timer.due_at == paris(2026, 11, 25, 14, 30)


def test_a_paused_timer_has_no_due_date_until_it_resumes():
    spans = [Span(paris(2026, 11, 23, 9, 0), paris(2026, 11, 23, 10, 0)),
             Span(paris(2026, 11, 23, 10, 0), None, paused=True)]
    timer = measure(OFFICE, spans, 240, now=paris(2026, 11, 27, 9, 0))
    assert timer.due_at is None
    assert timer.used == 60


def test_a_breached_timer_keeps_the_instant_it_was_due():
    spans = [Span(paris(2026, 11, 23, 9, 0), None)]
    timer = measure(OFFICE, spans, 60, now=paris(2026, 11, 24, 9, 0))
    assert timer.due_at == paris(2026, 11, 23, 10, 0)
    assert timer.remaining < 0


def test_a_stopped_timer_counts_only_up_to_its_stop():
    spans = [Span(paris(2026, 11, 23, 9, 0), None)]
    timer = measure(OFFICE, spans, 240, now=paris(2026, 11, 30, 9, 0),
                    stop=paris(2026, 11, 23, 9, 45))
    assert (timer.used, timer.due_at) == (45, None)


def test_request_types_scale_the_commitments():
    assert (scaled(240, "simple"), scaled(240, "complex"), scaled(240, "project")) == (
        240, 480, None)


instants = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1),
                        timezones=st.just(PARIS))


@settings(max_examples=200, deadline=None)
@given(start=instants, pause_at=st.integers(0, 60 * 24 * 10),
       pause_for=st.integers(1, 60 * 24 * 10), target=st.integers(1, 60 * 40))
def test_a_pause_moves_time_out_of_the_count_and_shifts_the_due_date_by_its_length(
        start, pause_at, pause_for, target):
    paused_at = start + timedelta(minutes=pause_at)
    resumed_at = paused_at + timedelta(minutes=pause_for)
    now = resumed_at + timedelta(days=30)
    plain = measure(OFFICE, [Span(start, None)], target, now)
    spans = [Span(start, paused_at), Span(paused_at, resumed_at, paused=True),
             Span(resumed_at, None)]
    with_pause = measure(OFFICE, spans, target, now)
    assert with_pause.used + with_pause.paused in (plain.used, plain.used - 1)
    if plain.due_at <= paused_at:
        assert with_pause.due_at == plain.due_at
    else:
        pause_length = OFFICE.minutes_between(paused_at, resumed_at)
        assert with_pause.paused == pause_length
        assert OFFICE.minutes_between(plain.due_at, with_pause.due_at) in (
            pause_length, pause_length - 1)
