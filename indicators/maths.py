"""Indicator maths on plain values: delay classes, percentiles from them, variations, shares.

Delays are counted in business minutes and kept as a histogram over fixed classes, so that
any period and any slice sums into one histogram whose median and 90th percentile are read by
linear interpolation inside the class that holds them. Nothing here touches the database.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

# Upper bounds of the delay classes, in business minutes; the last class is open-ended.
BUCKET_EDGES = (15, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 600, 720, 960, 1200, 1440,
                1920, 2400, 3600, 4800, 7200, 9600, 14400, 19200)
BUCKETS = len(BUCKET_EDGES) + 1


def bucket_of(minutes: int | None) -> int | None:
    """The class of a delay: 0 holds [0, 15) minutes, the last one 19,200 minutes and more."""
    if minutes is None:
        return None
    return bisect_right(BUCKET_EDGES, max(0, minutes))


def percentile(counts: Sequence[int], q: float) -> float | None:
    """The q-quantile (0 < q < 1) in business minutes of a delay histogram, interpolated.

    The rank q·n falls in one class; its position there is spread evenly between the class's
    bounds. In the open last class the lower bound is returned (a floor, never a guess).
    """
    total = sum(counts)
    if not total:
        return None
    rank, seen = q * total, 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            low = BUCKET_EDGES[index - 1] if index else 0
            if index == len(BUCKET_EDGES):
                return float(low)
            return low + (BUCKET_EDGES[index] - low) * (rank - seen) / count
        seen += count
    return float(BUCKET_EDGES[-1])


def histogram(minutes: Sequence[int | None]) -> list[int]:
    """The class counts of delays (None, no delay yet, left out)."""
    counts = [0] * BUCKETS
    for value in minutes:
        if value is not None:
            counts[bucket_of(value)] += 1
    return counts


def share(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


def variation(current: float | None, previous: float | None) -> float | None:
    """The relative change from previous to current (0.25 is +25 %); None from nothing."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / previous


def hours(minutes: float | None) -> float | None:
    return None if minutes is None else minutes / 60
