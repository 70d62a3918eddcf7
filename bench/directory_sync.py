"""Time the directory sync of a generated 2,100-person company served by a real slapd.

Usage: .venv/bin/python bench/directory_sync.py [--size N] [--database-url URL] [--page-size P]
  N people (default 2100) in a throw-away slapd on a loopback port (Debian's slapd and
  ldap-utils). Database: --database-url (emptied and migrated: use a throw-away one), else
  $BENCH_DATABASE_URL, else a fresh SQLite file. Runs a first sync (everyone created), then a
  second one (everyone unchanged), each through the production path (queue, read, apply,
  commit). Prints a table, then one JSON line.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from directory.models import get_settings  # noqa: E402
from directory.runs import execute_run, queue_run  # noqa: E402
from directory.settings import save_settings  # noqa: E402
from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.timeutil import utcnow  # noqa: E402
from tests.directory.company import PEOPLE_BASE, SERVICE_DN, SERVICE_PASSWORD  # noqa: E402
from tests.directory.conftest import ROLE_GROUPS  # noqa: E402
from tests.directory.ldap_server import SlapdServer  # noqa: E402


def empty_database() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()


def timed_run(label: str) -> dict:
    marks = {"start": time.perf_counter()}

    def on_read(count: int) -> None:
        marks["read"] = time.perf_counter()

    run = queue_run(None, utcnow())
    db.session.commit()
    run = execute_run(run, utcnow, on_read=on_read)
    end = time.perf_counter()
    assert run.status.value == "done", run.messages
    return {"run": label, "read": run.read, "created": run.created, "updated": run.updated,
            "unchanged": run.unchanged, "errors": run.errors,
            "read_s": round(marks["read"] - marks["start"], 2),
            "apply_s": round(end - marks["read"], 2), "total_s": round(end - marks["start"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2100, help="people in the directory")
    parser.add_argument("--page-size", type=int, default=500, help="paged search size")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-directory-"))
    url = args.database_url or f"sqlite:///{workdir / 'portal.db'}"
    server = SlapdServer(root=workdir / "slapd", size=args.size).load().start()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOG_LEVEL": "WARNING",
                      "LDAP_BIND_PASSWORD": SERVICE_PASSWORD, "LDAP_ALLOW_LOOPBACK": True,
                      "VAR_DIR": str(workdir)})
    try:
        with app.app_context():
            empty_database()
            save_settings(get_settings(), {
                "url": server.url, "bind_dn": SERVICE_DN, "base_dn": PEOPLE_BASE,
                "page_size": args.page_size, "role_groups": ROLE_GROUPS}, utcnow())
            db.session.commit()
            rows = [timed_run("first (all created)"), timed_run("second (all unchanged)")]
    finally:
        server.remove()
    database = url.split(":", 1)[0]
    print(f"Directory sync, {args.size} people, pages of {args.page_size}, {database}")
    print(f"{'run':<24}{'read':>6}{'created':>9}{'unchanged':>11}{'read s':>9}{'apply s':>9}"
          f"{'total s':>9}")
    for row in rows:
        print(f"{row['run']:<24}{row['read']:>6}{row['created']:>9}{row['unchanged']:>11}"
              f"{row['read_s']:>9}{row['apply_s']:>9}{row['total_s']:>9}")
    print(json.dumps({"bench": "directory_sync", "people": args.size, "database": database,
                      "runs": rows}))


if __name__ == "__main__":
    main()
