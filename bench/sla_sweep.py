"""One SLA sweep of the worker over many open requests, against a live scan of them all.

Usage: python bench/sla_sweep.py [--size N] [--database-url URL]
  N open requests (default 10,000, a quick run; --size 100000 for the full one), 1 % of them
  with a warning or breach due now. The database is BENCH_DATABASE_URL, else a fresh
  `portal_bench_sla` on the local PostgreSQL, else SQLite. The baseline, in the same run, is
  what a sweep without the indexed next-check column must do: load every open request with its
  spans and compute both timers. Prints the figures, then one JSON line.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.orm import selectinload  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1/"


def database_url(given: str | None, folder: Path) -> str:
    url = given or os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    try:
        with create_engine(SERVER + "postgres", isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text("DROP DATABASE IF EXISTS portal_bench_sla"))
            c.execute(text("CREATE DATABASE portal_bench_sla"))
        return SERVER + "portal_bench_sla"
    except Exception:  # noqa: BLE001  (no PostgreSQL here: measure on SQLite)
        return f"sqlite:///{folder / 'bench.db'}"


def seed(size: int, now: datetime) -> None:
    """Open requests with one running span each; 1 % have a check due now."""
    from portal.enums import ClientType, EntityKind, Priority, Role
    from portal.extensions import db
    from portal.models import Entity, User
    from tickets.models import SlaSpan, Ticket

    entity = Entity(code="BENCH", name="Bench", kind=EntityKind.DIRECTION,
                    client_type=ClientType.BUSINESS)
    manager = User(email="rrc@exemple.fr", first_name="R", last_name="RC", entity=entity)
    manager.set_roles({Role.RELATIONS_MANAGER})
    db.session.add_all([entity, manager])
    db.session.flush()
    rng = random.Random(7)
    rows = []
    for number in range(size):
        created = now - timedelta(minutes=rng.randrange(60, 60 * 24 * 10))
        due_now = number % 100 == 0
        check = now - timedelta(minutes=5) if due_now else now + timedelta(
            minutes=rng.randrange(10, 60 * 24 * 5))
        rows.append({"number": f"DSI-2026-{number + 1:06d}", "subject": "Bench",
                     "requester_email": "bench@exemple.fr", "entity_id": entity.id,
                     "priority": Priority.NORMAL, "created_at": created, "updated_at": created,
                     "take_charge_target": 240, "resolve_target": 960,
                     "take_charge_due_at": created + timedelta(hours=8),
                     "resolve_due_at": created + timedelta(days=3), "next_sla_check_at": check})
    ids = db.session.scalars(insert(Ticket).returning(Ticket.id), rows).all()
    db.session.execute(insert(SlaSpan), [
        {"ticket_id": ticket_id, "started_at": row["created_at"], "paused": False}
        for ticket_id, row in zip(ids, rows, strict=True)])
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(args.database_url, Path(folder))
        from flask_migrate import upgrade

        from portal import create_app
        from portal.extensions import db
        from tickets.enums import OPEN_STATUSES
        from tickets.models import Ticket
        from tickets.sla_jobs import sweep
        from tickets.timers import clocks

        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "VAR_DIR": folder,
                          "LOG_LEVEL": "WARNING", "BASE_URL": "http://portail.bench"})
        now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday, during opening hours
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            seed(args.size, now)
            seeded = time.perf_counter() - started
            started = time.perf_counter()
            rounds = handled = 0
            while (sent := sweep(now)) or rounds == 0:
                db.session.commit()
                rounds, handled = rounds + 1, handled + sent
            ours = time.perf_counter() - started
            started = time.perf_counter()
            sweep(now + timedelta(seconds=1))  # the next minute's run: nothing is due
            idle = time.perf_counter() - started
            db.session.commit()
            db.session.expire_all()
            started = time.perf_counter()
            tickets = db.session.scalars(select(Ticket).where(
                Ticket.status.in_(OPEN_STATUSES)).options(selectinload(Ticket.sla_spans))).all()
            late = sum(1 for t in tickets if (c := clocks(t, now)).resolve
                       and c.resolve.used >= c.resolve.target * 0.75)
            live = time.perf_counter() - started
            db.session.remove()
            db.engine.dispose()
    print(f"database: {url.split('@')[-1]}")
    print(f"{args.size:,} open requests seeded in {seeded:.1f} s")
    print(f"indexed sweep: {handled} notifications in {rounds} round(s), {ours * 1000:.0f} ms")
    print(f"next run with nothing due: {idle * 1000:.1f} ms (the indexed next-check column)")
    print(f"live scan of every open request: {live * 1000:.0f} ms ({late:,} past 75 %)")
    print(f"ratio live / indexed: {live / ours:.0f}x")
    print(json.dumps({"size": args.size, "sweep_ms": round(ours * 1000),
                      "idle_sweep_ms": round(idle * 1000, 1),
                      "live_scan_ms": round(live * 1000), "notifications": handled,
                      "database": "postgresql" if url.startswith("postgresql") else "sqlite"}))


if __name__ == "__main__":
    main()
