"""Build the indicators' tables of a benchmark database with the application's own code.

`build_indicators(url)` runs `indicators.refresh.rebuild(now)` in an app context on that
database, commits, then times each step and counts the rows it wrote.
"""

import time

import psycopg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url


def build_indicators(database_url: str, progress=print) -> dict:
    """Rebuild the indicators' tables with the application's code, committed; time its steps.

    `indicators.refresh.rebuild(now)` reads every request in batches and writes its facts,
    then sums them into the daily and monthly rollups and the month-end backlog snapshots.
    """
    from indicators.models import backlog, facts, rollups
    from indicators.refresh import rebuild
    from portal import create_app
    from portal.extensions import db
    from portal.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "LOG_LEVEL": "WARNING"})
    steps, shown = {}, [0]
    with app.app_context():
        started = time.perf_counter()

        def step(done: int, total: int, name: str) -> None:
            steps.setdefault(name, time.perf_counter() - started)
            if name == "facts" and total and done * 10 // total > shown[0]:
                shown[0] = done * 10 // total
                elapsed = time.perf_counter() - started
                progress(f"  indicators: {done:>10,} / {total:,} facts {elapsed:7.1f} s "
                         f"{done / max(elapsed, 1e-9):>8,.0f} facts/s")

        counts = rebuild(utcnow(), step)
        rebuilt = time.perf_counter()
        db.session.commit()
        finished = time.perf_counter()
        keys = [rollups.c.scale, rollups.c.level]
        table_rows = {
            "facts": db.session.scalar(select(func.count()).select_from(facts)),
            "rollups": {"/".join(row[:-1]): row[-1] for row in db.session.execute(
                select(*keys, func.count()).group_by(*keys).order_by(*keys))},
            "backlog": db.session.scalar(select(func.count()).select_from(backlog))}
        db.session.remove()
        db.engine.dispose()
    with psycopg.connect(make_url(database_url).set(drivername="postgresql")
                         .render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute("ANALYZE indicator_request_facts, indicator_rollups, indicator_backlog")
    total = finished - started
    facts_s = steps.get("rollups", total) - steps.get("facts", 0)
    figures = {"seconds": round(total, 2), "facts_seconds": round(facts_s, 2),
               "sums_seconds": round(rebuilt - started - steps.get("rollups", 0), 2),
               "commit_seconds": round(finished - rebuilt, 2),
               "requests": counts["requests"], "facts": counts["facts"],
               "facts_per_s": round(counts["facts"] / max(total, 1e-9)),
               "backlog_months": counts["months"], "rows": table_rows}
    progress(f"indicators rebuilt by indicators.refresh.rebuild in {total:.1f} s "
             f"({figures['facts_per_s']:,} facts/s overall): facts {facts_s:.1f} s, "
             f"rollups + backlog {figures['sums_seconds']:.1f} s, commit "
             f"{figures['commit_seconds']:.1f} s; rollup rows "
             + ", ".join(f"{key} {count:,}" for key, count in table_rows["rollups"].items()))
    return figures
