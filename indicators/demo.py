"""Demo indicators: the rollups counted from the demo's requests, as the worker would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from indicators.alerts import detect_flow_alerts
from indicators.board import local_today
from indicators.refresh import get_freshness, rebuild
from portal.demo import SeedCounts, Seeder


def seed_demo(now: datetime, counts: SeedCounts) -> Iterator[str]:
    """Rebuild every rollup from the requests just seeded (same result when run again)."""
    first = get_freshness() is None
    result = rebuild(now)
    detect_flow_alerts(local_today(now))
    if first:
        counts.created += 1
    else:  # derived data: recounting the same requests changes nothing a user sees
        counts.unchanged += 1
    yield f"Indicateurs : {result['facts']} demandes comptées"


SEEDER = Seeder(lambda: 1, seed_demo)
