"""A large, realistic dataset for the dashboard benchmarks, loaded with PostgreSQL COPY.

Usage (as a module): generate(database_url, size, progress) -> {"rows": {...}, "seconds": {...}}
  or, on its own: python bench/dataset.py [--size N]   (default 50,000 requests)
The database (default `portal_bench_dash` on the local PostgreSQL, BENCH_DATABASE_URL
overrides) is dropped and recreated, its schema built by the real migrations, then filled:
22 entities in a tree, ~1,000 requesters and a few staff, 12 families / 50 services with their
commitments and subscriptions, `size` requests over three years up to now, ~2 messages each,
and post-request survey invitations / responses / answers for ~15 % of the resolved ones.
Resolved requests carry a response type; the requester writes again on one taken request in
four (so that not every one counts as resolved at first contact).
Sequences and the yearly request counters are set afterwards, so the portal can still insert.
Then the indicators' tables (facts, daily and monthly rollups, month-end backlog) are built by
the application's own code, `indicators.refresh.rebuild(now)` in an app context on this
database, committed; its duration and facts per second are printed and returned.
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from rebuild import build_indicators  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1/"
DEFAULT_NAME = "portal_bench_dash"
PASSWORD = "mot-de-passe-bench"
AGENT_EMAIL = "agent1@exemple.fr"
MANAGER_EMAIL = "rrc@exemple.fr"
REQUESTERS, AGENTS, LEADS = 1000, 12, 6
FAMILIES, SERVICES = 12, 50
YEARS = 3
SEGMENTS = ("core", "sensitive", "advocate", "none")
SUBJECTS = ("Accès VPN impossible", "Demande de poste de travail", "Imprimante hors service",
            "Création de compte applicatif", "Boîte aux lettres pleine", "Licence logicielle",
            "Lenteurs sur l'ERP", "Droits sur un partage réseau", "Téléphone mobile à remplacer",
            "Mise à jour du logiciel métier", "Réinitialisation de mot de passe",
            "Projet de migration de données", "Réclamation sur un délai de traitement")
PRIORITY_TARGETS = {"p1": (30, 240), "p2": (120, 960), "p3": (240, 1920), "p4": (480, 4800)}


def bench_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or SERVER + DEFAULT_NAME


def recreate(url: str) -> None:
    """Drop and create the bench database (never one of the test databases)."""
    name = make_url(url).database
    if name in ("portal_test", "portal_test_imap", "portal"):
        raise SystemExit(f"refusing to recreate {name}")
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def migrate(url: str) -> str:
    """Build the schema with the real migrations; return the app's SECRET_KEY."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()
    return app.config["SECRET_KEY"]


class Loader:
    """COPY rows into tables on one psycopg connection, timing and counting each table."""

    def __init__(self, conn, progress):
        self.conn, self.progress = conn, progress
        self.rows, self.seconds = {}, {}

    def copy(self, table: str, columns: tuple[str, ...], rows) -> int:
        started, count = time.perf_counter(), 0
        with self.conn.cursor() as cur, cur.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        elapsed = time.perf_counter() - started
        self.rows[table] = self.rows.get(table, 0) + count
        self.seconds[table] = round(self.seconds.get(table, 0) + elapsed, 2)
        self.progress(f"  {table:<24}{count:>10,} rows {elapsed:7.2f} s "
                      f"{count / max(elapsed, 1e-9):>10,.0f} rows/s")
        return count


def people(load: Loader, rng: random.Random, now: datetime, password_hash: str) -> dict:
    """Entities in a tree, requesters spread over them, and the staff."""
    entities, eid = [], 0
    for d in range(5):
        eid += 1
        top = eid
        entities.append((top, f"DIR{d + 1}", f"Direction {d + 1}", "direction", None,
                         rng.choice(("business", "business", "functional")),
                         SEGMENTS[d % 4], "medium", rng.randrange(200, 3000), "", True, now))
        for k in range(3 if d < 2 else 2):
            eid += 1
            entities.append((eid, f"DIR{d + 1}-D{k + 1}", f"Département {d + 1}.{k + 1}",
                             "department", top, entities[top - 1][5], rng.choice(SEGMENTS),
                             rng.choice(("low", "medium", "high")), rng.randrange(20, 400), "",
                             True, now))
    while eid < 22:
        eid += 1
        entities.append((eid, f"SITE{eid}", f"Site {eid}", "site", rng.randrange(1, 6),
                         "external" if eid % 5 == 0 else "business", rng.choice(SEGMENTS),
                         "medium", rng.randrange(10, 150), "", True, now))
    load.copy("entities", ("id", "code", "name", "kind", "parent_id", "client_type", "segment",
                           "potential", "headcount", "description", "is_active", "created_at"),
              entities)
    users, roles, requesters = [], [], []
    staff = [(MANAGER_EMAIL, "relations_manager")] + [
        (f"chef{i + 1}@exemple.fr", "product_lead") for i in range(LEADS)] + [
        (f"agent{i + 1}@exemple.fr", "agent") for i in range(AGENTS)] + [
        ("admin@exemple.fr", "admin")]
    for uid, (email, role) in enumerate(staff, start=1):
        users.append((uid, email, "Staff", f"{role.title()} {uid}", "", "", 1, password_hash,
                      True, 1, now))
        roles += [(uid, "requester"), (uid, role)]
    first = len(staff) + 1
    for uid in range(first, first + REQUESTERS):
        entity = rng.randrange(1, 23)
        users.append((uid, f"demandeur{uid}@exemple.fr", rng.choice(("Camille", "Dominique",
                      "Claude", "Alix", "Sacha")), f"Utilisateur{uid}", "", "", entity,
                      password_hash, True, 1, now))
        roles.append((uid, "requester"))
        requesters.append((uid, entity, users[-1][1], f"{users[-1][2]} Utilisateur{uid}"))
    load.copy("users", ("id", "email", "first_name", "last_name", "job_title", "phone",
                        "entity_id", "password_hash", "active", "session_version", "created_at"),
              users)
    load.copy("user_roles", ("user_id", "role"), roles)
    return {"requesters": requesters, "leads": list(range(2, 2 + LEADS)),
            "agents": list(range(2 + LEADS, 2 + LEADS + AGENTS)), "entities": len(entities)}


def catalogue(load: Loader, rng: random.Random, now: datetime, staff: dict) -> dict:
    """Families, services with a commitment per priority, and subscriptions of the entities."""
    load.copy("catalog_families", ("id", "slug", "name", "description", "icon", "colour",
                                   "position"),
              ((f, f"famille-{f}", f"Famille {f}", "", "grid", "#1f3a68", f)
               for f in range(1, FAMILIES + 1)))
    services = [(s, f"SRV-{s:03d}", (s - 1) % FAMILIES + 1, f"Service {s}", "", "", "", "", "",
                 "", "", "", "", rng.choice(("live", "live", "mature", "pilot")),
                 staff["leads"][s % LEADS], True, now, now, now, "", "")
                for s in range(1, SERVICES + 1)]
    load.copy("catalog_services", ("id", "code", "family_id", "name", "summary", "benefits",
                                   "strong_points", "included", "not_included", "audience",
                                   "how_to_order", "prerequisites", "keywords", "lifecycle",
                                   "owner_id", "target_all", "last_reviewed_at", "created_at",
                                   "updated_at", "draft_search", "published_search"), services)
    targets = {}
    for s in range(1, SERVICES + 1):
        factor = rng.choice((1, 1, 2, 3))
        for p, (take, resolve) in PRIORITY_TARGETS.items():
            targets[s, p] = (take * factor, resolve * factor)
    load.copy("catalog_commitments", ("service_id", "priority", "take_charge_minutes",
                                      "resolve_minutes"),
              ((s, p, *t) for (s, p), t in targets.items()))
    subscriptions = []
    for e in range(1, staff["entities"] + 1):
        for s in rng.sample(range(1, SERVICES + 1), 15):
            since = date(now.year - rng.randrange(0, 6), rng.randrange(1, 13), 1)
            until = since + timedelta(days=900) if rng.random() < 0.1 else None
            subscriptions.append((s, e, since, until, ""))
    load.copy("catalog_subscriptions", ("service_id", "entity_id", "since", "until", "note"),
              subscriptions)
    return targets


def pick(rng: random.Random, weights: dict, k: int) -> list:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


def requests(load: Loader, rng: random.Random, now: datetime, size: int, staff: dict,
             targets: dict) -> list:
    """`size` requests over three years up to now; return (id, row) of the resolved ones."""
    span = YEARS * 365 * 86400
    offsets = sorted(rng.random() ** 0.8 * span for _ in range(size))  # more recent ones
    channels = pick(rng, {"email": 55, "portal": 30, "phone": 12, "visit": 3}, size)
    types = pick(rng, {"simple": 70, "complex": 20, "project": 6, "complaint": 4}, size)
    priorities = pick(rng, {"p1": 2, "p2": 13, "p3": 65, "p4": 20}, size)
    responses = pick(rng, {"email": 50, "phone": 20, "remote": 20, "onsite": 7, "meeting": 3},
                     size)
    counters, resolved, tickets, built = {}, [], [], time.perf_counter()
    for i in range(size):
        tid = i + 1
        created = now - timedelta(seconds=span - offsets[i] + 60)
        year = created.year
        counters[year] = counters.get(year, 0) + 1
        uid, entity, email, name = rng.choice(staff["requesters"])
        service = rng.randrange(1, SERVICES + 1) if rng.random() < 0.93 else None
        prio = priorities[i]
        take_t, resolve_t = targets[service, prio] if service else PRIORITY_TARGETS[prio]
        take_due = created + timedelta(minutes=take_t * 3)
        resolve_due = created + timedelta(minutes=resolve_t * 3)
        taken = created + timedelta(minutes=rng.lognormvariate(4, 1.2))
        done = taken + timedelta(minutes=rng.lognormvariate(6.5, 1.5))
        age_days = (now - created).days
        backlog = rng.random() < (0.006 if age_days > 14 else 0.35)
        if backlog or done > now:
            status = rng.choice(("new", "assigned", "in_progress", "in_progress", "waiting"))
            taken = None if status == "new" or taken > now else taken
            status = "new" if taken is None else status
            done = closed = None
        else:
            closed = done + timedelta(days=7)
            status = "closed" if closed <= now else "resolved"
            closed = closed if status == "closed" else None
        breached = (done or now) > resolve_due
        reopens = 0 if rng.random() < 0.94 else rng.choice((1, 1, 2))
        updated = max(t for t in (created, taken, done, closed) if t is not None)
        assignee = rng.choice(staff["agents"]) if taken else None
        tickets.append((tid, f"DSI-{year}-{counters[year]:06d}", SUBJECTS[i % len(SUBJECTS)],
                        uid, email, name, entity, channels[i], service, types[i],
                        "medium", "medium", prio, status, assignee, created, updated, taken,
                        done, closed, reopens, take_t, resolve_t, take_due, resolve_due,
                        resolve_due if done is None else None, "", breached, 0,
                        responses[i] if done is not None else None))
        if done is not None:
            resolved.append(tickets[-1])
    built = time.perf_counter() - built
    load.seconds["tickets (built in Python)"] = round(built, 2)
    load.progress(f"  {size:,} requests built in Python in {built:.2f} s "
                  f"({size / max(built, 1e-9):,.0f} rows/s)")
    load.copy("tickets", ("id", "number", "subject", "requester_id", "requester_email",
                          "requester_name", "entity_id", "channel", "service_id", "type",
                          "urgency", "impact", "priority", "status", "assignee_id",
                          "created_at", "updated_at", "taken_at", "resolved_at", "closed_at",
                          "reopen_count", "take_charge_target", "resolve_target",
                          "take_charge_due_at", "resolve_due_at", "next_sla_check_at",
                          "sla_notified", "sla_breached", "reminders_sent", "response_type"),
              tickets)
    load.copy("ticket_counters", ("year", "last"), sorted(counters.items()))

    def messages():
        for t in tickets:
            yield (t[0], "inbound", None, t[4], t[5], "", "", t[2],
                   "Bonjour, voici ma demande.", t[15])
            if t[17] is not None:
                yield (t[0], "reply", t[14], "", "", t[4], "", t[2],
                       "Nous prenons votre demande.", t[17])
                if t[0] % 4 == 0:  # the requester comes back: not resolved at first contact
                    yield (t[0], "inbound", None, t[4], t[5], "", "", t[2],
                           "Avez-vous du nouveau ?", t[17] + ((t[18] or now) - t[17]) / 2)
            if t[18] is not None:
                yield (t[0], "reply", t[14], "", "", t[4], "", t[2],
                       "Votre demande est résolue.", t[18])
    load.copy("ticket_messages", ("ticket_id", "kind", "author_id", "from_addr", "from_name",
                                  "to_addrs", "cc_addrs", "subject", "body_text", "created_at"),
              messages())
    return resolved


def surveys(load: Loader, rng: random.Random, now: datetime, resolved: list,
            secret: str) -> None:
    """The post-request survey, invitations for ~15 % of resolved requests, their answers."""
    load.copy("surveys", ("id", "kind", "title", "edition", "intro", "status", "anonymous",
                          "segments", "roles", "delay_hours", "sampling_percent",
                          "cooldown_days", "reminder_days", "lifetime_days", "low_score",
                          "created_at"),
              [(1, "post_request", "Votre avis sur votre demande", "", "", "open", False, "[]",
                "[]", 24, 15, 30, 5, 15, 2, now - timedelta(days=YEARS * 366))])
    load.copy("survey_questions", ("id", "survey_id", "position", "code", "text", "help",
                                   "kind", "required", "choices", "low_label", "high_label",
                                   "expectation"),
              [(1, 1, 1, "satisfaction", "Satisfaction globale", "", "rating", True, "[]",
                "", "", ""),
               (2, 1, 2, "delay", "Délai de traitement", "", "rating", True, "[]", "", "", ""),
               (3, 1, 3, "comment", "Commentaire", "", "text", False, "[]", "", "", "")])
    invitations, responses, answers = [], [], []
    for t in resolved:
        if rng.random() >= 0.15:
            continue
        iid = len(invitations) + 1
        nonce = f"{rng.getrandbits(128):032x}"
        sent = t[18] + timedelta(hours=24)
        answered = rng.random() < 0.35 and sent + timedelta(days=2) < now
        answered_at = sent + timedelta(hours=rng.randrange(1, 48)) if answered else None
        state = "answered" if answered else ("expired" if sent + timedelta(days=15) < now
                                             else "sent")
        invitations.append((iid, 1, t[3], t[4], t[6], t[0], nonce, state, sent, sent,
                            sent + timedelta(days=15), answered_at, t[18]))
        if answered:
            rid = len(responses) + 1
            key = hmac.new(secret.encode(), f"{iid}:{nonce}".encode(), hashlib.sha256)
            score = rng.choices((1, 2, 3, 4, 5), weights=(4, 6, 15, 40, 35))[0]
            responses.append((rid, 1, key.hexdigest(), t[3], t[6], t[8], t[0], answered_at,
                              score <= 2))
            answers += [(rid, 1, score, "", "[]"), (rid, 2, max(1, score - rng.randrange(2)),
                                                   "", "[]"), (rid, 3, None, "", "[]")]
    load.copy("survey_invitations", ("id", "survey_id", "user_id", "email", "entity_id",
                                     "ticket_id", "nonce", "status", "due_at", "sent_at",
                                     "expires_at", "answered_at", "created_at"), invitations)
    load.copy("survey_responses", ("id", "survey_id", "invitation_key", "user_id",
                                   "entity_id", "service_id", "ticket_id", "submitted_at",
                                   "dissatisfied"), responses)
    load.copy("survey_answers", ("response_id", "question_id", "score", "text", "choices"),
              answers)


def finish(conn) -> None:
    """Move every id sequence past the loaded rows, then refresh the planner's statistics."""
    with conn.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.columns WHERE table_schema ="
                    " 'public' AND column_name = 'id' AND column_default LIKE 'nextval%'")
        for (table,) in cur.fetchall():
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)")
    conn.commit()
    conn.autocommit = True
    conn.execute("ANALYZE")


def generate(database_url: str, size: int, progress=print, indicators: bool = True) -> dict:
    """Recreate the database, migrate it and load the dataset; return row counts and seconds.

    With `indicators`, then rebuild the indicators' tables (see build_indicators).
    """
    from portal.security import hash_password

    started = time.perf_counter()
    recreate(database_url)
    secret = migrate(database_url)
    migrated = time.perf_counter() - started
    progress(f"schema built by the migrations in {migrated:.1f} s; loading {size:,} requests")
    rng, now = random.Random(2026), datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    password_hash = hash_password(PASSWORD)  # once, shared by every account
    plain = make_url(database_url).set(drivername="postgresql")
    with psycopg.connect(plain.render_as_string(hide_password=False)) as conn:
        load = Loader(conn, progress)
        staff = people(load, rng, now, password_hash)
        targets = catalogue(load, rng, now, staff)
        resolved = requests(load, rng, now, size, staff, targets)
        surveys(load, rng, now, resolved, secret)
        conn.commit()
        analyzed = time.perf_counter()
        finish(conn)
        load.seconds["setval+analyze"] = round(time.perf_counter() - analyzed, 2)
    total = time.perf_counter() - started
    progress(f"loaded {sum(load.rows.values()):,} rows in {total:.1f} s "
             f"(migrations {migrated:.1f} s)")
    return {"rows": load.rows, "seconds": load.seconds | {"migrate": round(migrated, 2),
                                                          "total": round(total, 2)},
            "rebuild": build_indicators(database_url, progress) if indicators else None}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    print(json.dumps(generate(bench_url(), parser.parse_args().size)))
