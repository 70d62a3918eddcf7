"""Time the main pages of the core with the demo data, against /healthz as the baseline.

Usage: python bench/pages.py [--size N]   (N = requests per page; default 50, a quick run)
Prints a table, then one JSON line of the figures.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app  # noqa: E402
from portal.demo import DEMO_PASSWORD  # noqa: E402

PAGES = {
    "healthz (baseline)": ("/healthz", None),
    "login page": ("/connexion", None),
    "home, requester": ("/", "claire.martin@exemple.fr"),
    "home, relations manager": ("/", "nathalie.moreau@exemple.fr"),
    "home, admin": ("/", "admin@exemple.fr"),
    "entity tree": ("/entites/", "nathalie.moreau@exemple.fr"),
    "user list, page 1": ("/admin/utilisateurs", "admin@exemple.fr"),
    "user search": ("/admin/utilisateurs?q=ma&role=requester", "admin@exemple.fr"),
    "catalogue, requester": ("/catalogue/", "claire.martin@exemple.fr"),
    "catalogue search": ("/catalogue/recherche?q=messagerie", "claire.martin@exemple.fr"),
    "service sheet": ("/catalogue/service/COL-TEAMS", "claire.martin@exemple.fr"),
    "synopsis page": ("/catalogue/synopsis", "claire.martin@exemple.fr"),
    "coverage table": ("/catalogue/couverture", "nathalie.moreau@exemple.fr"),
}


def build_app(folder: Path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "VAR_DIR": str(folder), "WTF_CSRF_ENABLED": False,
                      "LOG_LEVEL": "WARNING"})
    runner = app.test_cli_runner()
    for command in (["db", "upgrade"], ["seed-demo"]):
        result = runner.invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(result.output)
    return app


def measure(app, path: str, email: str | None, size: int) -> float:
    """Return the median time of one request to path, in milliseconds."""
    client = app.test_client()
    if email:
        client.post("/connexion", data={"email": email, "password": DEMO_PASSWORD})
    client.get(path)
    times = []
    for _ in range(size):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return times[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50, help="requests per page")
    size = parser.parse_args().size
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder))
        figures = {name: measure(app, path, email, size) for name, (path, email) in PAGES.items()}
    baseline = figures["healthz (baseline)"]
    print(f"{'page':<28}{'median ms':>10}{'x baseline':>12}")
    for name, value in figures.items():
        print(f"{name:<28}{value:>10.2f}{value / baseline:>12.1f}")
    ratios = {name: round(value / baseline, 1) for name, value in figures.items()}
    print(json.dumps({"bench": "pages", "requests_per_page": size,
                      "median_ms": {name: round(value, 2) for name, value in figures.items()},
                      "ratio_to_baseline": ratios}))


if __name__ == "__main__":
    main()
