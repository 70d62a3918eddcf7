"""SLA timers as running and paused segments: pure arithmetic, the calendar and clock passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.businesshours import BusinessCalendar

# The commitment of a request no service's commitment covers yet, in business minutes per
# priority (P1..P4): take charge, resolve. The relations manager may change it in the settings.
DEFAULT_COMMITMENTS = {"p1": (60, 240), "p2": (240, 960), "p3": (480, 2400), "p4": (960, 4800)}

# How the request type scales the service's commitments; a project has no resolution target.
TYPE_FACTORS = {"simple": 1, "complex": 2, "project": None, "complaint": 1}


@dataclass(frozen=True)
class Promise:
    """A commitment that comes from no service: the global default for a priority."""

    take_charge_minutes: int
    resolve_minutes: int


def default_promise(priority: str, stored: dict[str, tuple[int, int]]) -> Promise:
    """The default commitment for a priority: the stored one, else the built-in one."""
    take_charge, resolve = stored.get(priority) or DEFAULT_COMMITMENTS[priority]
    return Promise(take_charge, resolve)


@dataclass(frozen=True)
class Span:
    """A stretch of a request's life: the timer runs, or is paused (waiting on the requester)."""

    started_at: datetime
    ended_at: datetime | None
    paused: bool = False


@dataclass(frozen=True)
class Timer:
    """Where one target stands: business minutes used, left, paused, and the due instant."""

    target: int
    used: int
    paused: int
    due_at: datetime | None

    @property
    def remaining(self) -> int:
        return self.target - self.used

    @property
    def share_used(self) -> float:
        return self.used / self.target if self.target else 1.0


def measure(calendar: BusinessCalendar, spans: list[Span], target: int,
            now: datetime, stop: datetime | None = None) -> Timer:
    """Count business minutes over the spans (up to ``stop`` if the timer stopped there).

    The due instant is where running time reaches the target: in the past once breached,
    ahead while running, unknown (None) while paused short of the target.
    """
    until = min(stop, now) if stop else now
    goal, used, paused = target * 60, 0, 0
    due_at = None
    for span in spans:
        end = min(span.ended_at or until, until)
        if end <= span.started_at:
            continue
        length = calendar.seconds_between(span.started_at, end)
        if span.paused:
            paused += length
            continue
        if due_at is None and used + length >= goal:
            due_at = calendar.add_seconds(span.started_at, goal - used)
        used += length
    last = spans[-1] if spans else None
    running_now = last is not None and not last.paused and last.ended_at is None and stop is None
    if due_at is None and running_now:
        due_at = calendar.add_seconds(max(last.started_at, until), goal - used)
    return Timer(target=target, used=used // 60, paused=paused // 60, due_at=due_at)


def scaled(minutes: int | None, ticket_type: str) -> int | None:
    """A commitment scaled by the request type (None: no target)."""
    factor = TYPE_FACTORS.get(ticket_type, 1)
    return None if minutes is None or factor is None else minutes * factor
