"""Pages of the agent queue over a large dataset, served by gunicorn, against the bare query.

Usage: python bench/dashboards.py [--size N] [--requests R] [--reuse]
  N requests in the dataset (default 50,000, a quick run of well under a minute: ~8 s to
  generate, ~4 s to serve; --size 1000000 for the full run, a few minutes to generate), built
  by bench/dataset.py into `portal_bench_dash` (BENCH_DATABASE_URL overrides); --reuse keeps
  the one already there. The portal runs under `gunicorn -w 4` on a free loopback port; an
  agent signs in through the real login form (CSRF token included), then each page is fetched
  R times (default 50) and its p50 / p95 printed. The baseline, in the same run, is the same
  queue query (count + one page, with its eager loads) run directly through SQLAlchemy in this
  process: the ratio is what the HTTP round trip, the session and the template add to it.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dataset import AGENT_EMAIL, PASSWORD, bench_url, generate  # noqa: E402

QUEUE = "/demandes/file"
# The pages timed: (label, path, queue filters for the direct-query baseline or None).
# The indicators' dashboards join this list as they are built, each with its own baseline.
PAGES = [
    ("queue, default", QUEUE, {}),
    ("queue, one entity", QUEUE + "?entite=3", {"entity_id": 3}),
    ("queue, search", QUEUE + "?q=VPN", {"text": "VPN"}),
    ("queue, all, page 50", QUEUE + "?statut=all&page=50", {"status": "all", "page": 50}),
]


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


def login(base: str):
    """An opener with a cookie jar, signed in as the agent through the real form."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(base + "/connexion") as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token in the login form")
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": AGENT_EMAIL,
                                   "password": PASSWORD}).encode()
    with opener.open(base + "/connexion", data=data) as response:
        if response.url.endswith("/connexion"):
            raise SystemExit("login failed")
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


def time_queries(url: str, count: int) -> dict:
    """The queue query of each page run directly: count + one page, as db.paginate does."""
    from portal import create_app
    from portal.extensions import db
    from portal.models import get_user_by_email
    from tickets.queries import QueueFilter, queue_query

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOG_LEVEL": "WARNING"})
    figures = {}
    with app.test_request_context():
        agent = get_user_by_email(AGENT_EMAIL)
        for label, _path, values in PAGES:
            if values is None:
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
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000, help="requests in the dataset")
    parser.add_argument("--requests", type=int, default=50, help="timed GETs per page")
    parser.add_argument("--reuse", action="store_true", help="keep the existing database")
    args = parser.parse_args()
    url = bench_url()
    started = time.perf_counter()
    dataset = None if args.reuse else generate(url, args.size, print)
    generated = time.perf_counter() - started
    process, served = None, {}
    with tempfile.TemporaryDirectory(prefix="bench-dash-") as folder:
        try:
            port = free_port()
            process = start_gunicorn(url, port, Path(folder), Path(folder) / "gunicorn.log")
            opener = login(f"http://127.0.0.1:{port}")
            for label, path, _values in PAGES:
                served[label] = time_page(opener, f"http://127.0.0.1:{port}{path}",
                                          args.requests)
        finally:
            if process is not None:
                stop(process)
    direct = time_queries(url, args.requests)
    total = time.perf_counter() - started
    print(f"database: {url.split('@')[-1]}, {args.size if dataset else 'reused'} requests"
          f"{f', generated in {generated:.1f} s' if dataset else ''}")
    print(f"gunicorn -w 4, agent {AGENT_EMAIL}, {args.requests} GETs per page")
    print(f"{'page':<22}{'http p50':>9}{'p95':>8}{'query p50':>11}{'p95':>8}"
          f"{'ratio p50':>10}{'matches':>9}{'KiB':>6}")
    results = {}
    for label, (p50, p95, size) in served.items():
        q50, q95, matches, _rows = direct[label]
        print(f"{label:<22}{p50:>9.1f}{p95:>8.1f}{q50:>11.1f}{q95:>8.1f}"
              f"{p50 / q50:>10.1f}{matches:>9,}{size / 1024:>6.0f}")
        results[label] = {"http_p50_ms": round(p50, 1), "http_p95_ms": round(p95, 1),
                          "query_p50_ms": round(q50, 1), "query_p95_ms": round(q95, 1),
                          "ratio_p50": round(p50 / q50, 1), "matches": matches}
    print(f"total run: {total:.1f} s")
    print(json.dumps({"bench": "dashboards", "size": args.size if dataset else None,
                      "requests_per_page": args.requests, "pages": results,
                      "generate_s": round(generated, 1) if dataset else None,
                      "rows": dataset["rows"] if dataset else None, "total_s": round(total, 1)}))


if __name__ == "__main__":
    main()
