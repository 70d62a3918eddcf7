"""Ingest realistic mail through the production path, against a naive importer as baseline.

Usage: .venv/bin/python bench/ingest.py [--size N] [--database-url URL] [--in-process]
                                        [--profile] [--keep]
  N generated mails (default 300: a quick run, under a minute; --size 2000 for the full run)
  plus every file of ../shared/corpus/mail, delivered into a fresh Maildir's new/. Database:
  --database-url (empty), else $BENCH_DATABASE_URL, else a fresh `portal_bench` on the local
  PostgreSQL (dropped after), else SQLite. Worker: a real `celery worker` on Redis db 14 runs
  tickets.poll_mailboxes, else (no Redis, --in-process, --profile) poll_mailbox() in-process.
  Baseline, same messages and database: stdlib parse + one INSERT and COMMIT per message.
"""

import argparse
import cProfile
import email.policy
import json
import os
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailmix import deliver, mix  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.outbox import OutboxMessage  # noqa: E402
from tickets.enums import Outcome  # noqa: E402
from tickets.mailbox.collect import poll_mailbox  # noqa: E402
from tickets.mailbox.models import InboundMessage, Mailbox  # noqa: E402
from tickets.mailbox.services import ensure_default_mailbox  # noqa: E402
from tickets.models import Ticket  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1/postgres"
BROKER = "redis://127.0.0.1:6379/14"
TIMEOUT = 1800.0
COLUMNS = ("message_id", "subject", "sender", "body")
UNTHROTTLED = {"PORTAL_SENDER_BURST_LIMIT": "100000", "PORTAL_ACK_LIMIT_PER_HOUR": "100000"}


def pg_admin(statement: str) -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(statement))
    admin.dispose()


def pick_database(url: str | None, folder: Path) -> tuple[str, bool]:
    """The database URL to use, and whether this script created it (and must drop it)."""
    if url:
        if make_url(url).database in ("portal_test", "portal_test_imap"):
            raise SystemExit(f"refusing to use {make_url(url).database}")
        return url, False
    try:
        pg_admin("DROP DATABASE IF EXISTS portal_bench WITH (FORCE)")
        pg_admin("CREATE DATABASE portal_bench")
        return PG_ADMIN.removesuffix("postgres") + "portal_bench", True
    except Exception as exc:  # noqa: BLE001  (no PostgreSQL here: fall back to SQLite)
        print(f"PostgreSQL not usable ({type(exc).__name__}), falling back to SQLite")
        return f"sqlite:///{folder / 'bench.db'}", False


def setup(args, folder: Path) -> tuple[str, bool, redis.Redis | None]:
    """Pick the database and the broker, and export the portal's PORTAL_* settings."""
    url, created = pick_database(args.database_url, folder)
    broker = None
    if not (args.in_process or args.profile):
        broker = redis.Redis.from_url(BROKER, socket_connect_timeout=1, socket_timeout=5)
        try:
            broker.ping()
        except redis.RedisError:
            broker = None
    var = folder / "var"
    os.environ.update(UNTHROTTLED | {
        "PORTAL_DATABASE_URL": url, "PORTAL_VAR_DIR": str(var),
        "PORTAL_MAILDIR": str(var / "mailbox"), "PORTAL_BLOB_DIR": str(var / "blobs"),
        "PORTAL_OUTBOX_DIR": str(var / "outbox"), "PORTAL_SMTP_HOST": "",
        "PORTAL_CELERY_EAGER": "",
        "PORTAL_BROKER_URL": BROKER if broker else f"sqla+sqlite:///{var / 'broker.db'}"})
    return url, created, broker


def run_baseline(engine, folder: Path, sqlite: bool) -> tuple[float, int]:
    """Naive importer of a folder's files: parse, read subject/from/body, INSERT, COMMIT."""
    key = "id integer primary key" if sqlite else "id serial primary key"
    insert = text("INSERT INTO bench_baseline (message_id, subject, sender, body) "
                  "VALUES (:message_id, :subject, :sender, :body)")
    errors = 0
    with engine.connect() as conn:
        conn.execute(text(f"CREATE TABLE bench_baseline ({key}, message_id text, "
                          "subject text, sender text, body text)"))
        conn.commit()
        start = time.perf_counter()
        for path in sorted(folder.iterdir()):
            raw = path.read_bytes()
            try:
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                body = msg.get_body(("plain", "html"))
                body = body.get_content() if body is not None else ""
                found = (msg["message-id"], msg["subject"], msg["from"], body)
                values = {name: str(value or "").replace("\x00", "").encode(errors="replace")
                          .decode() for name, value in zip(COLUMNS, found, strict=True)}
            except Exception:  # noqa: BLE001  (a naive importer would crash; store blanks)
                errors += 1
                values = dict.fromkeys(COLUMNS, "")
            conn.execute(insert, values)
            conn.commit()
        elapsed = time.perf_counter() - start
        conn.execute(text("DROP TABLE bench_baseline"))
        conn.commit()
    return elapsed, errors


def progress(maildir: Path) -> tuple[int, int]:
    """(files still in new/, inbound rows still 'received'), from a fresh transaction."""
    left = sum(1 for entry in os.scandir(maildir / "new") if entry.is_file())
    pending = db.session.scalar(select(func.count(InboundMessage.id)).where(
        InboundMessage.outcome == Outcome.RECEIVED))
    db.session.commit()
    return left, pending


def start_worker(log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "worker.app", "worker", "--pool",
               "threads", "--concurrency", "2", "-Q", "celery", "--loglevel", "INFO",
               "--hostname", f"bench-{os.getpid()}@%h", "--without-mingle",
               "--without-gossip", "--without-heartbeat"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ),
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while " ready." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("worker did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.1)
    return process


def stop_worker(process: subprocess.Popen) -> None:
    """Warm shutdown (SIGTERM) as a supervisor would; kill only if it hangs."""
    process.send_signal(signal.SIGTERM)  # a no-op once it has exited
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_celery(app, maildir: Path, broker: redis.Redis, worker) -> tuple[float, int]:
    """Keep one poll task waiting in the queue (beat at full speed) until all is settled."""
    celery, polls = app.extensions["celery"], 0
    start = time.perf_counter()
    while progress(maildir) != (0, 0):
        if worker.poll() is not None or time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"worker gone or timed out, progress {progress(maildir)}")
        if broker.llen("celery") == 0:
            celery.send_task("tickets.poll_mailboxes")
            polls += 1
        time.sleep(0.05)
    return time.perf_counter() - start, polls


def run_in_process(maildir: Path, profiler: cProfile.Profile | None) -> tuple[float, int]:
    mailbox_id = ensure_default_mailbox().id
    db.session.commit()
    polls, start = 0, time.perf_counter()
    while progress(maildir) != (0, 0):
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"timed out, progress {progress(maildir)}")
        if profiler:
            profiler.runcall(poll_mailbox, mailbox_id)
        else:
            poll_mailbox(mailbox_id)
        polls += 1
    return time.perf_counter() - start, polls


def report(maildir: Path) -> dict:
    outcomes = dict(db.session.execute(select(InboundMessage.outcome, func.count())
                                       .group_by(InboundMessage.outcome)).all())
    ack = select(func.count(OutboxMessage.id)).where(OutboxMessage.category == "ack")
    return {"rows": db.session.scalar(select(func.count(InboundMessage.id))),
            "outcomes": {str(key.value): value for key, value in sorted(outcomes.items())},
            "requests": db.session.scalar(select(func.count(Ticket.id))),
            "acks": db.session.scalar(ack),
            "new": sum(1 for _ in (maildir / "new").iterdir()),
            "cur": sum(1 for _ in (maildir / "cur").iterdir()),
            "errors": [m.last_error for m in db.session.scalars(select(Mailbox)) if m.last_error]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300, help="generated messages")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--in-process", action="store_true", help="no Celery worker")
    parser.add_argument("--profile", action="store_true", help="cProfile, in-process")
    parser.add_argument("--keep", action="store_true", help="keep temp dirs and database")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    url, created, broker = setup(args, folder)
    maildir, worker, sqlite = folder / "var" / "mailbox", None, url.startswith("sqlite")
    deliver(messages := mix(args.size), maildir)
    profiler = cProfile.Profile() if args.profile else None
    app = create_app({"LOG_LEVEL": "WARNING"})
    try:
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["db", "upgrade"])
            if result.exit_code != 0:
                raise SystemExit(result.output)
            base_before, base_errors = run_baseline(db.engine, maildir / "new", sqlite)
            if broker:
                broker.delete("celery")  # stale tasks of an interrupted run
                worker = start_worker(folder / "worker.log")
                ours_s, polls = run_celery(app, maildir, broker, worker)
                stop_worker(worker)
            else:
                ours_s, polls = run_in_process(maildir, profiler)
            figures = report(maildir)
            base_after, _errors = run_baseline(db.engine, maildir / "cur", sqlite)
    finally:
        if worker is not None:
            stop_worker(worker)
            broker.delete("celery")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if created and not args.keep:
            pg_admin("DROP DATABASE IF EXISTS portal_bench WITH (FORCE)")
        if args.keep:
            print(f"kept: {folder}" + (" and database portal_bench" if created else ""))
        else:
            shutil.rmtree(folder, ignore_errors=True)
    n, base_s = len(messages), min(base_before, base_after)
    ours, base = n / ours_s, n / base_s
    database = "sqlite" if sqlite else make_url(url).get_backend_name()
    how = "celery" if broker else "in-process"
    print(f"messages: {n} ({args.size} generated + {n - args.size} corpus files)")
    print(f"database: {database} ({make_url(url).render_as_string(hide_password=True)})")
    print(f"worker: {how}, {polls} polls" + (
        " (real `celery worker --pool threads --concurrency 2` as in the Procfile,"
        " tickets.poll_mailboxes"
        f" through {BROKER})" if broker else " (poll_mailbox() called in this process)"))
    print("throttles raised: " + ", ".join(f"{k}={v}" for k, v in UNTHROTTLED.items()))
    print(f"rows: {figures['rows']}, outcomes: {figures['outcomes']}")
    print(f"requests created: {figures['requests']}, acknowledgments queued: {figures['acks']}")
    print(f"left in new/: {figures['new']}, in cur/: {figures['cur']}, "
          f"mailbox errors: {figures['errors'] or 'none'}")
    print(f"baseline (stdlib parse + 1 INSERT/COMMIT each; {base_errors} parse errors; best of "
          f"a pass before and after: {base_before:.2f} s, {base_after:.2f} s): {base:.1f} msg/s")
    print(f"ours (first poll to all settled): {ours_s:.2f} s, {ours:.1f} msg/s")
    print(f"ratio = ours / baseline = {ours / base:.2f}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
    print(json.dumps({"messages": n, "ours_per_s": round(ours, 1), "baseline_per_s": round(
        base, 1), "ratio": round(ours / base, 2), "database": database, "worker": how,
        "outcomes": figures["outcomes"]}))


if __name__ == "__main__":
    main()
