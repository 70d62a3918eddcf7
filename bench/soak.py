"""Soak the mailbox pipeline: IMAP mail fed over time while the worker is SIGKILLed at random.

Usage: .venv/bin/python bench/soak.py [--size N] [--rate R] [--seed S] [--outbox smtp|files]
                                      [--pool threads|prefork] [--timeout S] [--keep]
  N messages (default 1000; --size 200 for a quick run) appended by IMAP in bursts, R a
  second on average (default 2), to a private Dovecot; collected by a real `celery worker`
  (the Procfile's pool: threads, 2) and `celery beat` on a private Redis and a private
  PostgreSQL (initdb in a temp dir, `flask db upgrade`): no shared service is touched.
  While feeding, the worker's process group is SIGKILLed every 40-100 s (every other kill
  as soon as it starts moving messages at the source) and restarted; PostgreSQL restarts
  once (-m immediate), Redis once (no persistence: queued tasks are lost). Acknowledgments
  go to an SMTP sink that counts deliveries per Message-ID (--outbox files: the .eml files
  of PORTAL_OUTBOX_DIR instead). Then it waits until INBOX is empty and all is settled, and
  checks: one inbound row per distinct raw with its one expected outcome, one request per
  new request, one acknowledgment per request delivered once, raws kept. A worker killed in
  the middle of a poll holds the mailbox lease and the messages it claimed for 5 minutes: a
  full run takes about 15 minutes, a quick one about 7.
  Prints the figures, then one JSON line; exits 1 if anything was lost or doubled.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from soak_chaos import Chaos, Stats  # noqa: E402
from soak_checks import settled, verify  # noqa: E402
from soak_mail import MailFactory, directory, read_ack  # noqa: E402
from soak_services import (  # noqa: E402
    CeleryProcess,
    PostgresServer,
    RedisServer,
    SmtpSink,
)

from portal import create_app  # noqa: E402
from portal.enums import ClientType, EntityKind, Role  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Entity, User  # noqa: E402
from tests.tickets.imap_server import PASSWORD, USER, DovecotServer  # noqa: E402
from tickets.enums import MailboxKind, UnknownSender  # noqa: E402
from tickets.mailbox.services import save_mailbox  # noqa: E402

PROCESSED = "Traites"
BURSTS = (1, 1, 1, 2, 3, 5, 10, 20, 40, 80)
QUEUE = "soak"


class FileOutbox:
    """The outbox written as .eml files (no SMTP host): one file per Message-ID."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, bytes] = {}

    def snapshot(self) -> list[tuple[str, bytes]]:
        """The files in the order first seen (a file is complete once its row is sent)."""
        for path in sorted(self.folder.glob("*.eml")) if self.folder.is_dir() else []:
            if path.name not in self.files:
                self.files[path.name] = path.read_bytes()
        return [(f"<{name.removesuffix('.eml')}>", raw) for name, raw in self.files.items()]

    @property
    def deliveries(self) -> Counter:
        return Counter(message_id for message_id, _raw in self.snapshot())

    def stop(self) -> None:
        return None


def portal_env(folder: Path, pg: PostgresServer, redis: RedisServer, sink) -> dict:
    var = folder / "var"
    env = {"PORTAL_DATABASE_URL": pg.url, "PORTAL_BROKER_URL": redis.url,
           "PORTAL_CELERY_QUEUE": QUEUE, "PORTAL_CELERY_EAGER": "", "PORTAL_VAR_DIR": str(var),
           "PORTAL_MAILDIR": str(var / "mailbox"), "PORTAL_BLOB_DIR": str(var / "blobs"),
           "PORTAL_OUTBOX_DIR": str(var / "outbox"), "PORTAL_MAILBOX_POLL_SECONDS": "2",
           "PORTAL_OUTBOX_SECONDS": "2", "PORTAL_SECRET_KEY": "soak-" + "k" * 40,
           "PORTAL_LOG_LEVEL": "INFO", "PORTAL_SMTP_HOST": "",
           "PORTAL_IMAP_ALLOW_LOOPBACK": "1"}  # our own Dovecot listens on 127.0.0.1
    if isinstance(sink, SmtpSink):
        env |= {"PORTAL_SMTP_HOST": "127.0.0.1", "PORTAL_SMTP_PORT": str(sink.port),
                "PORTAL_SMTP_SECURITY": "none"}
    return env


def seed(size: int, imap_port: int) -> int:
    """Directory users, an entity for external senders, and the IMAP mailbox; its id."""
    direction = Entity(code="DIR", name="Direction générale", kind=EntityKind.DIRECTION,
                       client_type=ClientType.BUSINESS)
    partners = Entity(code="EXT", name="Partenaires externes", kind=EntityKind.DIRECTION,
                      client_type=ClientType.BUSINESS)
    db.session.add_all([direction, partners])
    for first, last, address in directory(size):
        user = User(email=address, first_name=first, last_name=last, entity=direction)
        user.set_roles({Role.REQUESTER})
        db.session.add(user)
    db.session.flush()
    mailbox = save_mailbox(None, {
        "name": "Relations DSI (IMAP)", "kind": MailboxKind.IMAP,
        "address": "relations.dsi@exemple.fr", "host": "127.0.0.1", "port": imap_port,
        "use_tls": False, "username": USER, "folder": "INBOX", "processed_folder": PROCESSED,
        "default_entity_id": partners.id, "unknown_sender": UnknownSender.CONTACT,
        "active": True}, PASSWORD)
    db.session.commit()
    return mailbox.id


def count(imap: DovecotServer, folder: str) -> int:
    client = imap.connect()
    try:
        typ, data = client.status(folder, "(MESSAGES)")
        return int(data[0].decode().rsplit("MESSAGES", 1)[1].strip(" )")) if typ == "OK" else -1
    finally:
        client.logout()


def feed(factory: MailFactory, size: int, rate: float, imap: DovecotServer, sink,
         stats: Stats, rng: random.Random) -> list:
    """Append `size` messages, in bursts, at `rate` per second on average.

    Bursts (a printer down for a whole floor) make polls long enough to be killed midway.
    Replies answer the acknowledgments received so far.
    """
    fed, acks, seen = [], [], 0
    client, start, burst = imap.connect(), time.monotonic(), 0
    try:
        for index in range(size):
            delivered = sink.snapshot()
            for message_id, raw in delivered[seen:]:
                if (ack := read_ack(message_id, raw)) is not None:
                    acks.append(ack)
            seen = len(delivered)
            item = factory.next(index, acks)
            typ, data = client.append("INBOX", None, None, item.raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND failed: {data}")
            fed.append(item)
            stats.fed = len(fed)
            if burst <= 0:
                burst = rng.choice(BURSTS)
                time.sleep(max(0.0, start + (index + 1) / rate - time.monotonic()))
            burst -= 1
        time.sleep(max(0.0, start + size / rate - time.monotonic()))  # the last burst's pause
    finally:
        client.logout()
    return fed


def wait_settled(imap: DovecotServer, fed: list, sink, chaos: Chaos, timeout: float) -> bool:
    """Wait until INBOX is empty, every row settled and every acknowledgment delivered."""
    distinct = len({(item.message_id, item.sha256) for item in fed})
    deadline, quiet = time.monotonic() + timeout, 0
    while time.monotonic() < deadline:
        inbox = count(imap, "INBOX")
        try:
            rows, pending, unsent = settled()
        except Exception as exc:  # noqa: BLE001  (the database may be restarting)
            print(f"  database not answering: {type(exc).__name__}", flush=True)
            db.session.rollback()
            time.sleep(2)
            continue
        chaos.log(f"inbox {inbox}, rows {rows}/{distinct}, unsettled {pending}, "
                  f"unsent {unsent}, delivered {len(sink.deliveries)}")
        done = inbox == 0 and rows >= distinct and pending == 0 and unsent == 0
        quiet = quiet + 1 if done else 0
        if quiet >= 3:  # a few more polls: anything still to come would show now
            return True
        time.sleep(2)
    return False


def run(args, folder: Path) -> dict:
    rng = random.Random(args.seed)
    imap = DovecotServer(folder / "dovecot").start()
    pg = PostgresServer(folder / "postgres").start()
    redis = RedisServer(folder / "redis").start()
    sink = SmtpSink().start() if args.outbox == "smtp" else FileOutbox(
        folder / "var" / "outbox")
    env = os.environ | portal_env(folder, pg, redis, sink)
    os.environ.update(portal_env(folder, pg, redis, sink))
    processes = []
    try:
        upgrade = subprocess.run([sys.executable, "-m", "flask", "--app", "portal", "db",
                                  "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True,
                                 check=False)
        if upgrade.returncode != 0:
            raise SystemExit("flask db upgrade failed:\n" + upgrade.stderr)
        app = create_app({"LOG_LEVEL": "WARNING"})
        with app.app_context():
            seed(args.size, imap.port)
            worker = CeleryProcess(
                ["worker", "--pool", args.pool, "--concurrency", "2", "--loglevel", "INFO",
                 "--hostname", f"soak-{os.getpid()}@%h", "--without-mingle",
                 "--without-gossip", "--without-heartbeat"], env, folder / "worker.log",
                "worker")
            beat = CeleryProcess(["beat", "--loglevel", "INFO", "--schedule",
                                  str(folder / "beat-schedule")], env, folder / "beat.log",
                                 "beat")
            processes = [worker, beat]
            for process in processes:
                process.start()
            stats = Stats()
            chaos = Chaos(rng, stats, worker, beat, pg, redis, imap, PROCESSED,
                          feed_seconds=args.size / args.rate, pg_mode=args.pg_mode)
            thread = threading.Thread(target=chaos.run, name="chaos", daemon=True)
            start = time.monotonic()
            thread.start()
            factory = MailFactory(random.Random(args.seed + 1), directory(args.size))
            fed = feed(factory, args.size, args.rate, imap, sink, stats,
                       random.Random(args.seed + 2))
            chaos.feeding_done.set()
            print(f"fed {len(fed)} messages in {time.monotonic() - start:.0f} s; "
                  "waiting until everything is settled", flush=True)
            ok = wait_settled(imap, fed, sink, chaos, args.timeout)
            duration = time.monotonic() - start
            chaos.stop.set()
            thread.join()
            for process in processes:
                process.stop()
            figures = verify(fed, sink.deliveries, count(imap, "INBOX"),
                             count(imap, PROCESSED))
            if not ok:
                figures["problems"].insert(0, f"not settled after {args.timeout:.0f} s")
            db.session.remove()
            db.engine.dispose()
        return figures | {"duration_s": round(duration, 1),
                          "per_s": round(len(fed) / duration, 2)} | stats.figures()
    finally:
        for process in processes:
            process.kill()
        sink.stop()
        redis.stop()
        pg.stop()
        imap.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="messages to feed")
    parser.add_argument("--rate", type=float, default=2.0, help="messages appended per second")
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--outbox", choices=("smtp", "files"), default="smtp")
    parser.add_argument("--pool", choices=("threads", "prefork"), default="threads")
    parser.add_argument("--pg-mode", choices=("immediate", "fast"), default="immediate")
    parser.add_argument("--timeout", type=float, default=1200.0,
                        help="seconds to wait for everything to settle after feeding")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir and its logs")
    args = parser.parse_args()
    # A plain `kill` must still stop every server this script started (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    folder.chmod(0o755)  # Dovecot's and PostgreSQL's users must traverse it
    figures = {}
    try:
        figures = run(args, folder)
    finally:
        failed = not figures or figures.get("problems")
        if args.keep or failed:
            print(f"kept: {folder} (worker.log, beat.log, postgres/, redis/, dovecot/)")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    report(args, figures)
    sys.exit(1 if figures["problems"] else 0)


def report(args, figures: dict) -> None:
    acks = figures["acks"]
    print(f"messages: {figures['appended']} appended ({figures['distinct']} distinct raws), "
          f"{figures['rows']} inbound rows")
    print(f"duration: {figures['duration_s']:.0f} s, {figures['per_s']:.2f} msg/s "
          f"(fed at {args.rate}/s, pool {args.pool})")
    print(f"faults: {figures['kills']} worker SIGKILLs ({figures['kills_mid_poll']} in the "
          f"middle of a poll, {figures['in_flight_at_kills']} stored messages not yet processed "
          f"at the kills), {figures['worker_starts']} worker starts, PostgreSQL restarted "
          f"{figures['pg_restarts']}x ({args.pg_mode}), Redis restarted "
          f"{figures['redis_restarts']}x, unexpected exits {figures['unexpected_exits']}")
    print(f"outcomes: {figures['outcomes']}")
    print(f"requests: {figures['requests']} for {figures['expected_requests']} new requests")
    print(f"acknowledgments: {acks['rows']} rows, {acks['delivered']} delivered, resent "
          f"{acks['resent']}, missing {acks['missing']} (withheld by the cap on senders outside "
          f"the directory: {acks['withheld_outsiders']} of {acks['outsider_requests']})")
    print(f"lost={figures['lost']} duplicated={figures['duplicated']} "
          f"failed={figures['failed']} inbox_left={figures['inbox_left']}")
    for problem in figures["problems"]:
        print(f"PROBLEM: {problem}")
    print(json.dumps({key: figures[key] for key in (
        "appended", "distinct", "rows", "duration_s", "per_s", "kills", "kills_mid_poll",
        "in_flight_at_kills",
        "worker_starts", "pg_restarts", "redis_restarts", "unexpected_exits", "lost",
        "duplicated", "failed", "requests", "outcomes", "acks")} | {
        "ok": not figures["problems"]}))


if __name__ == "__main__":
    main()
