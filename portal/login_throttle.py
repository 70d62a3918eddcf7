"""Progressive delays on failed sign-ins, per account and client address.

After FREE_FAILURES failures for one account from one address, each next attempt from there
must wait 1 s, 2 s, 4 s... up to MAX_DELAY; the attempt is refused at once, never slept on.
Another address is not held back, so a stranger cannot lock the real user out. Counters live
in the rate limiter's storage (Redis in production), shared by every web process.
"""

from __future__ import annotations

import hashlib
import time

from portal.extensions import limiter

FREE_FAILURES = 5
MAX_DELAY = 300  # seconds
WINDOW = 3600  # failures older than this are forgotten


def _keys(account: str, address: str | None) -> tuple[str, str]:
    digest = hashlib.sha256(f"{account.strip().lower()}|{address}".encode()).hexdigest()[:32]
    return f"portail/connexion/echecs/{digest}", f"portail/connexion/attente/{digest}"


def delay_for(failures: int) -> int:
    """Seconds to wait before the next attempt after this many failures in a row."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** min(failures - FREE_FAILURES, 16), MAX_DELAY)


def seconds_to_wait(account: str, address: str | None, now: float | None = None) -> int:
    """How long this address must still wait before trying this account again; 0 if not."""
    storage = limiter.storage
    _failures, wait = _keys(account, address)
    if storage.get(wait) <= 0:
        return 0
    return max(1, round(storage.get_expiry(wait) - (now or time.time())))


def note_failure(account: str, address: str | None) -> None:
    """Count a failed sign-in and start the wait it earns."""
    failures_key, wait_key = _keys(account, address)
    failures = limiter.storage.incr(failures_key, WINDOW)
    if delay := delay_for(failures):
        limiter.storage.incr(wait_key, delay)


def note_success(account: str, address: str | None) -> None:
    """Forget the failures of this account from this address."""
    for key in _keys(account, address):
        limiter.storage.clear(key)
