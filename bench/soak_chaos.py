"""The faults of bench/soak.py: SIGKILL the worker, restart PostgreSQL and Redis, supervise."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg

from tickets.mailbox.collect import LEASE

KILL_GAP = (40.0, 100.0)  # seconds between two kills of the worker
RESTART_DELAY = (0.5, 3.0)  # a supervisor's delay before starting it again
MOVING_WAIT = 60.0  # how long a targeted kill waits for the worker to be moving messages


@dataclass
class Stats:
    fed: int = 0
    kills: int = 0
    kills_mid_poll: int = 0
    in_flight_at_kills: int = 0
    worker_starts: int = 0
    pg_restarts: int = 0
    redis_restarts: int = 0
    unexpected_exits: int = 0

    def figures(self) -> dict:
        return dict(self.__dict__)


class Chaos:
    """Inject the planned faults while the feed runs, and restart whatever died on its own."""

    def __init__(self, rng: random.Random, stats: Stats, worker, beat, pg, redis, imap,
                 processed: str, feed_seconds: float, pg_mode: str) -> None:
        self.rng, self.stats = rng, stats
        self.worker, self.beat, self.pg, self.redis = worker, beat, pg, redis
        self.imap, self.processed, self.pg_mode = imap, processed, pg_mode
        self.feed_seconds = feed_seconds
        self.feeding_done = threading.Event()
        self.stop = threading.Event()
        self.start = time.monotonic()
        self.last_report = 0.0
        self.client = None

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.start:6.0f} s] {text}", flush=True)

    def plan(self) -> list[tuple[float, str]]:
        """Kills spread over the feed; PostgreSQL at 40 % of it, Redis at 70 %."""
        events, moment = [], self.rng.uniform(15, 30)
        while moment < self.feed_seconds:
            events.append((moment, "kill"))
            moment += self.rng.uniform(*KILL_GAP)
        events += [(0.4 * self.feed_seconds, "postgres"), (0.7 * self.feed_seconds, "redis")]
        return sorted(events)

    def run(self) -> None:
        self.client = self.imap.connect()
        try:
            for number, (moment, event) in enumerate(self.plan()):
                if not self.idle_until(self.start + moment):
                    break
                if event == "kill":
                    self.kill(targeted=number % 2 == 0)
                elif event == "postgres":
                    self.log(f"restarting PostgreSQL (-m {self.pg_mode})")
                    self.pg.restart(self.pg_mode)
                    self.stats.pg_restarts += 1
                else:
                    self.log("restarting Redis (no persistence: queued tasks are lost)")
                    self.redis.restart()
                    self.stats.redis_restarts += 1
            while not self.stop.wait(0.5):
                self.supervise()
        finally:
            self.client.logout()

    def idle_until(self, moment: float) -> bool:
        """Supervise until `moment`; False once the feed is over (no more faults)."""
        while time.monotonic() < moment:
            if self.feeding_done.is_set() or self.stop.is_set():
                return False
            self.supervise()
            self.report()
            time.sleep(0.2)
        return not self.feeding_done.is_set()

    def processed_count(self) -> int:
        typ, data = self.client.status(self.processed, "(MESSAGES)")
        if typ != "OK":
            return -1
        return int(data[0].decode().rsplit("MESSAGES", 1)[1].strip(" )"))

    def kill(self, targeted: bool) -> None:
        """SIGKILL the worker's process group; targeted, once it starts moving messages."""
        if targeted:
            before, deadline = self.processed_count(), time.monotonic() + MOVING_WAIT
            while time.monotonic() < deadline and not self.feeding_done.is_set():
                if self.processed_count() > before:
                    time.sleep(self.rng.uniform(0.0, 0.2))
                    break
                time.sleep(0.05)
        self.worker.kill()
        self.stats.kills += 1
        polling, in_flight = self.probe()
        self.stats.kills_mid_poll += polling
        self.stats.in_flight_at_kills += in_flight
        self.log(f"worker SIGKILLed (#{self.stats.kills}{', targeted' if targeted else ''}): "
                 f"{'in the middle of a poll' if polling else 'not polling'}, "
                 f"{in_flight} stored messages not yet processed")
        time.sleep(self.rng.uniform(*RESTART_DELAY))
        self.worker.start()
        self.stats.worker_starts = self.worker.starts

    def probe(self) -> tuple[bool, int]:
        """What the worker just killed left: (its mailbox lease, messages it stored unprocessed).

        The lease counts if this incarnation took it (an earlier dead one may still hold it).
        """
        started = self.worker.started_at
        try:
            with psycopg.connect(host="127.0.0.1", port=self.pg.port, user="postgres",
                                 dbname="portal_soak", connect_timeout=3) as conn:
                now = datetime.now(UTC).replace(tzinfo=None)
                held = conn.execute(
                    "SELECT count(*) FROM mailboxes WHERE locked_until > %s "
                    "AND locked_until - %s > %s", (now, LEASE, started)).fetchone()[0]
                pending = conn.execute(
                    "SELECT count(*) FROM inbound_messages WHERE outcome = 'received' "
                    "AND received_at > %s", (started,)).fetchone()[0]
            return bool(held), pending
        except psycopg.Error:
            return False, 0

    def supervise(self) -> None:
        """Restart a process that exited by itself, as systemd would, and count it."""
        for process in (self.worker, self.beat):
            if not process.alive() and not self.stop.is_set():
                self.stats.unexpected_exits += 1
                self.log(f"{process.name} exited by itself "
                         f"({process.process.returncode}): restarting it")
                process.start()
        self.stats.worker_starts = self.worker.starts

    def report(self) -> None:
        now = time.monotonic()
        if now - self.last_report >= 10:
            self.last_report = now
            inbox = self.client.status("INBOX", "(MESSAGES)")[1][0].decode()
            self.log(f"fed {self.stats.fed}, INBOX {inbox.rsplit('MESSAGES', 1)[1].strip(' )')}"
                     f", processed folder {self.processed_count()}, kills {self.stats.kills}")
