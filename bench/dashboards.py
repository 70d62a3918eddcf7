"""Agent queue and indicator dashboards over a large dataset, under gunicorn, against baselines.

Usage: python bench/dashboards.py [--size N] [--requests R] [--live-runs L] [--reuse]
  N requests in the dataset (default 10,000, a quick run of under a minute; --size 1000000
  for the full run, several minutes to generate and to rebuild the indicators), built by
  bench/dataset.py into `portal_bench_dash` (BENCH_DATABASE_URL overrides), its indicator
  rollups then rebuilt by the application's `indicators.refresh.rebuild` (timed, facts/s);
  --reuse keeps the database already there, rollups included. The portal runs under
  `gunicorn -w 4` on a free loopback port; an agent (the queue pages) and the relations
  manager (the dashboards, /indicateurs/) sign in through the real login form (CSRF token
  included), then each page is fetched R times (default 20 at the quick size, 50 from
  200,000 requests) after a warm-up, and its p50 / p95 printed.
  Baselines, measured in the same run once gunicorn is stopped:
  - queue pages: the same queue query (count + one page, with its eager loads) run directly
    through SQLAlchemy in this process: the ratio is what the HTTP round trip, the session and
    the template add to it;
  - dashboards: `board.mailbox_board(period, scope)` called in-process (the rollup reads and
    the Python around them, no HTTP, no template), and the same figures aggregated live from
    `tickets` by bench/live_indicators.py (see its docstring) for the same three compared
    periods: live / http says how many times the live aggregation alone costs the whole page.
    The board runs R times, the live aggregation L times (default 10, as one takes seconds
    at 1,000,000 requests: its p95 is then the slowest of the 10).
    The received, resolved and open-at-end totals of each compared period shown by the
    dashboard are checked against the live ones (column `check`).
  Prints the figures, then one JSON line.
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dataset import AGENT_EMAIL, MANAGER_EMAIL, PASSWORD, bench_url, generate  # noqa: E402
from live_indicators import LiveScope, live_board  # noqa: E402

QUEUE = "/demandes/file"
BOARD = "/indicateurs/"
TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()  # the portal's today (PORTAL_TIMEZONE)


@dataclass(frozen=True)
class Board:
    """A mailbox dashboard: its query string (the period and the slice)."""

    args: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return BOARD + (f"?{urllib.parse.urlencode(self.args)}" if self.args else "")


def _month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _boards(today: date) -> list[tuple[str, str, Board]]:
    """The dashboards timed: (label, path, Board)."""
    quarter = _month(today.replace(month=(today.month - 1) // 3 * 3 + 1), -3)  # last whole one
    year = {"periode": "annee", "debut": f"{today.year}-01-01"}
    loose = _month(today, -4).replace(day=15)  # 75 days: a loose end, a whole month, a loose end
    boards = [("board, month (default)", Board()),
              ("board, quarter", Board({"periode": "trimestre", "debut": quarter.isoformat()})),
              ("board, year", Board(year)),
              ("board, year, entity 1", Board(year | {"entite": 1})),
              ("board, year, family 3", Board(year | {"famille": 3})),
              ("board, 75 days", Board({"periode": "libre", "du": loose.isoformat(),
                                        "au": (loose + timedelta(days=74)).isoformat()}))]
    return [(label, board.path, board) for label, board in boards]


# The pages timed: (label, path, baseline): queue filters for the direct-query baseline, or
# the Board whose in-process and live-aggregation baselines are measured.
PAGES = [
    ("queue, default", QUEUE, {}),
    ("queue, one entity", QUEUE + "?entite=3", {"entity_id": 3}),
    ("queue, search", QUEUE + "?q=VPN", {"text": "VPN"}),
    ("queue, all, page 50", QUEUE + "?statut=all&page=50", {"status": "all", "page": 50}),
    *_boards(TODAY),
]
LIMIT_MS = 250  # the dashboards' p95 target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, folder: Path, log: Path) -> subprocess.Popen:
    env = dict(os.environ, PORTAL_DATABASE_URL=url, PORTAL_ENV="development",
               PORTAL_VAR_DIR=str(folder), PORTAL_SMTP_HOST="",
               PORTAL_BASE_URL=f"http://127.0.0.1:{port}")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", "4", "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "portal:create_app()"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError as error:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise SystemExit("gunicorn did not start:\n"
                                 + log.read_text(errors="replace")) from error
            time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    process.terminate()  # gunicorn's graceful stop of its workers
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def login(base: str, email: str):
    """An opener with a cookie jar, signed in through the real form."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(base + "/connexion") as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token in the login form")
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email,
                                   "password": PASSWORD}).encode()
    with opener.open(base + "/connexion", data=data) as response:
        if response.url.endswith("/connexion"):
            raise SystemExit(f"login failed for {email}")
    return opener


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1,
                                                   int(len(ordered) * 0.95))]


def time_page(opener, url: str, count: int) -> tuple[float, float, int]:
    """p50, p95 in ms of count GETs after a warm-up of every worker, and the page's size."""
    for _ in range(8):
        with opener.open(url) as response:
            body = response.read()
            if response.status != 200 or response.url.split("?")[0].endswith("/connexion"):
                raise SystemExit(f"{url}: {response.status} {response.url}")
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with opener.open(url) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return *percentiles(times), len(body)


def time_queries(app, count: int) -> dict:
    """The queue query of each page run directly: count + one page, as db.paginate does."""
    from portal.extensions import db
    from portal.models import get_user_by_email
    from tickets.queries import QueueFilter, queue_query

    figures = {}
    with app.test_request_context():
        agent = get_user_by_email(AGENT_EMAIL)
        for label, _path, values in PAGES:
            if isinstance(values, Board):
                continue
            values = dict(values)
            page = values.pop("page", 1)
            query = queue_query(agent, QueueFilter(**values))
            times = []
            for attempt in range(count + 1):
                started = time.perf_counter()
                result = db.paginate(query, page=page, per_page=25, error_out=False)
                rows = [(t.number, t.service, t.entity, t.assignee) for t in result.items]
                db.session.expunge_all()
                if attempt:
                    times.append((time.perf_counter() - started) * 1000)
            figures[label] = (*percentiles(times), result.total, len(rows))
        db.session.remove()
    return figures


def _check(sections, totals: dict, hidden: tuple[str, ...] = ()) -> str:
    """'ok', or where the dashboard's received / resolved / open totals differ from live.

    hidden: tags whose columns the page does not show (a year's "year before", which is its
    previous period); they are left out.
    """
    lines = {line.key: line for section in sections for line in section.lines}
    wrong = []
    for tag, live in totals.items():
        if tag in hidden:
            continue
        for key, name in (("received", "received"), ("resolved", "resolved"),
                          ("backlog:open", "open")):
            shown = lines[key].values.get(tag) or 0
            if shown != live[name]:
                wrong.append(f"{tag} {name} {shown:,} vs live {live[name]:,}")
    return "; ".join(wrong) or "ok"


def time_boards(app, url: str, count: int, live_count: int) -> dict:
    """Each dashboard's board.mailbox_board in-process, and the same figures aggregated live.

    The two are timed alternately after one warm-up each (count board runs, live_count live
    ones), the session removed after each board as at the end of a request; the live
    aggregation runs on its own psycopg connection in autocommit.
    """
    import psycopg
    from sqlalchemy.engine import make_url
    from werkzeug.datastructures import MultiDict

    from indicators import board, queries
    from indicators.periods import period_from_args
    from portal.extensions import db
    from portal.timeutil import utcnow

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    figures = {}
    with app.test_request_context(), psycopg.connect(plain, autocommit=True) as conn:
        now = utcnow()
        for label, _path, spec in PAGES:
            if not isinstance(spec, Board):
                continue
            args = MultiDict({key: str(value) for key, value in spec.args.items()})
            period = period_from_args(args, board.local_today(now))
            filters = queries.filters_from_args(args)
            scope = queries.scope_of(filters)
            db.session.remove()
            periods = queries.compared(period)
            hidden = ("year",) if period.previous() == period.year_before() else ()
            live_scope = LiveScope(filters.entity_id,
                                   filters.segment.value if filters.segment else None,
                                   filters.family_id, filters.service_id)
            boards, lives = [], []
            for attempt in range(count + 1):
                started = time.perf_counter()
                sections = board.mailbox_board(period, scope)
                elapsed = (time.perf_counter() - started) * 1000
                db.session.remove()
                if attempt:
                    boards.append(elapsed)
                if attempt > live_count:
                    continue
                started = time.perf_counter()
                live = live_board(conn, periods, live_scope, now.replace(tzinfo=None))
                if attempt:
                    lives.append((time.perf_counter() - started) * 1000)
            figures[label] = {"board": percentiles(boards), "live": percentiles(lives),
                              "check": _check(sections, live["totals"], hidden),
                              "period": f"{period.start}..{period.end}",
                              "received": live["totals"]["current"]["received"]}
        db.session.remove()
    return figures


def serve(url: str, count: int) -> dict:
    """p50, p95 and size of every page under gunicorn -w 4, queue as agent, boards as manager."""
    served = {}
    with tempfile.TemporaryDirectory(prefix="bench-dash-") as folder:
        process = None
        try:
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            process = start_gunicorn(url, port, Path(folder), Path(folder) / "gunicorn.log")
            agent, manager = login(base, AGENT_EMAIL), login(base, MANAGER_EMAIL)
            for label, path, baseline in PAGES:
                opener = manager if isinstance(baseline, Board) else agent
                served[label] = time_page(opener, base + path, count)
        finally:
            if process is not None:
                stop(process)
    return served


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="requests in the dataset")
    parser.add_argument("--requests", type=int, default=None,
                        help="timed GETs per page (default 20 under 200,000 requests, else 50)")
    parser.add_argument("--live-runs", type=int, default=None,
                        help="timed live aggregations per dashboard (default 10)")
    parser.add_argument("--reuse", action="store_true", help="keep the existing database")
    args = parser.parse_args()
    count = args.requests or (50 if args.size >= 200_000 else 20)
    live_count = args.live_runs or 10
    url = bench_url()
    started, load_before = time.perf_counter(), os.getloadavg()
    dataset = None if args.reuse else generate(url, args.size, print)
    generated = time.perf_counter() - started
    served = serve(url, count)
    servedat = time.perf_counter()
    from portal import create_app
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOG_LEVEL": "WARNING"})
    direct = time_queries(app, count)
    queried = time.perf_counter()
    boards = time_boards(app, url, count, live_count)
    with app.app_context():
        db.engine.dispose()
    total = time.perf_counter() - started
    phases = {"generate": round(generated, 1), "serve": round(servedat - started - generated, 1),
              "queue_queries": round(queried - servedat, 1),
              "boards_and_live": round(total - (queried - started), 1)}
    rebuild = dataset["rebuild"] if dataset else None
    print(f"database: {url.split('@')[-1]}, {args.size if dataset else 'reused'} requests"
          f"{f', generated in {generated:.1f} s' if dataset else ''}")
    if rebuild:
        print(f"indicators rebuild (indicators.refresh.rebuild): {rebuild['seconds']:.1f} s, "
              f"{rebuild['facts']:,} facts, {rebuild['facts_per_s']:,} facts/s (facts "
              f"{rebuild['facts_seconds']:.1f} s, rollups + backlog "
              f"{rebuild['sums_seconds']:.1f} s, commit {rebuild['commit_seconds']:.1f} s)")
    print(f"gunicorn -w 4, agent {AGENT_EMAIL} (queue), manager {MANAGER_EMAIL} (boards), "
          f"{count} GETs per page; in-process: {count} runs per queue query and board, "
          f"{live_count} per live aggregation")
    print(f"{'page':<24}{'http p50':>9}{'p95':>8}{'query p50':>11}{'p95':>8}"
          f"{'ratio p50':>10}{'matches':>11}{'KiB':>6}")
    results = {}
    for label, path, baseline in PAGES:
        if isinstance(baseline, Board):
            continue
        p50, p95, size = served[label]
        q50, q95, matches, _rows = direct[label]
        print(f"{label:<24}{p50:>9.1f}{p95:>8.1f}{q50:>11.1f}{q95:>8.1f}"
              f"{p50 / q50:>10.1f}{matches:>11,}{size / 1024:>6.0f}")
        results[label] = {"path": path, "http_p50_ms": round(p50, 1),
                          "http_p95_ms": round(p95, 1), "query_p50_ms": round(q50, 1),
                          "query_p95_ms": round(q95, 1), "ratio_p50": round(p50 / q50, 1),
                          "matches": matches}
    print(f"{'dashboard':<24}{'http p50':>9}{'p95':>8}{'board p50':>11}{'p95':>8}"
          f"{'live p50':>10}{'p95':>8}{'live/http p50':>14}{'p95':>6}{'KiB':>5}"
          f"{'<' + str(LIMIT_MS) + ' ms':>9}  period, check")
    for label, path, baseline in PAGES:
        if not isinstance(baseline, Board):
            continue
        p50, p95, size = served[label]
        b50, b95 = boards[label]["board"]
        l50, l95 = boards[label]["live"]
        under = p95 < LIMIT_MS
        print(f"{label:<24}{p50:>9.1f}{p95:>8.1f}{b50:>11.1f}{b95:>8.1f}{l50:>10.1f}{l95:>8.1f}"
              f"{l50 / p50:>14.1f}{l95 / p95:>6.1f}{size / 1024:>5.0f}"
              f"{'yes' if under else 'NO':>9}  {boards[label]['period']}, "
              f"{boards[label]['check']}")
        results[label] = {"path": path, "period": boards[label]["period"],
                          "http_p50_ms": round(p50, 1), "http_p95_ms": round(p95, 1),
                          "board_p50_ms": round(b50, 1), "board_p95_ms": round(b95, 1),
                          "live_p50_ms": round(l50, 1), "live_p95_ms": round(l95, 1),
                          "live_over_http_p50": round(l50 / p50, 1),
                          "live_over_http_p95": round(l95 / p95, 1),
                          "http_p95_under_250_ms": under, "received": boards[label]["received"],
                          "check": boards[label]["check"]}
    load = {"start": [round(x, 2) for x in load_before],
            "end": [round(x, 2) for x in os.getloadavg()]}
    print(f"total run: {total:.1f} s ({', '.join(f'{k} {v} s' for k, v in phases.items())}); "
          f"load average (1, 5, 15 min) at start {load['start']}, at end {load['end']}, "
          f"{os.cpu_count()} CPUs")
    print(json.dumps({"bench": "dashboards", "size": args.size if dataset else None,
                      "requests_per_page": count, "live_runs": live_count, "pages": results,
                      "generate_s": round(generated, 1) if dataset else None,
                      "rebuild": rebuild, "rows": dataset["rows"] if dataset else None,
                      "phases_s": phases, "loadavg": load, "cpus": os.cpu_count(),
                      "total_s": round(total, 1)}))


if __name__ == "__main__":
    main()
