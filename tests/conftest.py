"""Shared fixtures: app on SQLite or PostgreSQL, per-test cleanup, clients and factories."""

import os
import threading
from itertools import count

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.serving import make_server

from portal import create_app
from portal.enums import ClientType, EntityKind, Role, Segment
from portal.extensions import db as _db
from portal.extensions import limiter
from portal.models import Entity, User
from portal.security import hash_password
from portal.timeutil import utcnow

pytest_plugins = ["tests.catalog_factories", "tests.tickets_factories"]

PASSWORD = "mot-de-passe-de-test"
REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
_sequence = count(1)


def need(condition: bool, reason: str) -> None:
    """Skip when a real service is missing; in CI (PORTAL_REQUIRE_SERVICES=1) fail instead."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


# `make test` with PostgreSQL runs the suite twice. The suites of the other real servers
# (Chromium, Dovecot, OpenLDAP, Redis) run once, in the PostgreSQL phase; the tests that touch
# no database run once, in the SQLite phase. PORTAL_TEST_PHASE names the phase.
PHASE = os.environ.get("PORTAL_TEST_PHASE", "")
SERVER_FIXTURES = {"browser_type_launch_args", "imap_server", "slapd_server"}
SERVER_MARKERS = {"browser", "redis"}


def _needs_another_server(item) -> bool:
    return bool(SERVER_FIXTURES & set(item.fixturenames)
                or SERVER_MARKERS & {mark.name for mark in item.iter_markers()})


def pytest_collection_modifyitems(config, items):
    """Leave out of this phase what the other phase of `make test` runs."""
    if PHASE == "sqlite":
        elsewhere = [item for item in items if _needs_another_server(item)]
    elif PHASE == "postgresql":
        elsewhere = [item for item in items
                     if "app" not in item.fixturenames and not _needs_another_server(item)]
    else:
        return
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        left_out = set(map(id, elsewhere))
        items[:] = [item for item in items if id(item) not in left_out]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.db'}"


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="session")
def app(database_url, var_dir):
    """The portal, its schema built by the real migrations on the test database."""
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "VAR_DIR": str(var_dir),
        "OUTBOX_DIR": str(var_dir / "outbox"),
        "MAILDIR": str(var_dir / "mailbox"),
        "BLOB_DIR": str(var_dir / "blobs"),
        "BROKER_URL": "memory://",
        "CELERY_ALWAYS_EAGER": True,
        "WTF_CSRF_ENABLED": False,
        "SMTP_HOST": None,
        "BASE_URL": "http://portail.test",
        "IMAP_ALLOW_LOOPBACK": True,  # the tests' Dovecot listens on 127.0.0.1
        "MAIL_TRUSTED_AUTHSERV_IDS": "mx.exemple.fr",
        "MAIL_OWN_DOMAINS": "exemple.fr",
    })
    with app.app_context():
        _drop_everything()
        upgrade()
        _db.session.remove()
    return app


def _drop_everything() -> None:
    """Start from an empty database, whatever an earlier run or revision left in it."""
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
            return
    _db.drop_all()
    with _db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def db(app):
    """The database, emptied after each test."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        _empty_tables()
        limiter.reset()


def _empty_tables() -> None:
    """Delete every row; the catalogue's sheets and revisions reference each other."""
    tables = _db.metadata.sorted_tables
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(table.name for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        connection.execute(text("PRAGMA foreign_keys=OFF"))
        for table in reversed(tables):
            connection.execute(table.delete())
        connection.execute(text("PRAGMA foreign_keys=ON"))


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def make_entity(db):
    def factory(name: str | None = None, parent: Entity | None = None, **values) -> Entity:
        number = next(_sequence)
        entity = Entity(
            code=values.pop("code", f"ENT{number}"),
            name=name or f"Direction {number}",
            kind=EntityKind.DEPARTMENT if parent else EntityKind.DIRECTION,
            parent=parent,
            client_type=values.pop("client_type", ClientType.BUSINESS),
            segment=values.pop("segment", Segment.CORE),
            **values,
        )
        db.session.add(entity)
        db.session.commit()
        return entity

    return factory


@pytest.fixture
def make_user(db, make_entity):
    hashed = hash_password(PASSWORD)

    def factory(*roles: Role, entity: Entity | None = None, **values) -> User:
        number = next(_sequence)
        user = User(
            email=values.pop("email", f"user{number}@exemple.fr"),
            first_name=values.pop("first_name", "Camille"),
            last_name=values.pop("last_name", f"Testeur{number}"),
            entity=entity or make_entity(),
            password_hash=hashed,
            created_at=utcnow(),
            **values,
        )
        user.set_roles(set(roles))
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login_as(client, make_user):
    """Sign the test client in, through the real login form, as a user or a new user of a role."""

    def do_login(who: User | Role) -> User:
        user = who if isinstance(who, User) else make_user(who)
        response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, "login failed"
        return user

    return do_login


CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM", "/usr/bin/chromium")
# Keep Chromium off the network (autofill, accounts, updates) but let it reach the test server.
HOST_RESOLVER_RULES = (
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: Playwright cannot download its own browsers here."""
    need(os.path.exists(CHROMIUM), f"no Chromium at {CHROMIUM} (set PORTAL_TEST_CHROMIUM)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), HOST_RESOLVER_RULES],
    }


@pytest.fixture(scope="session")
def live_server_url(app):
    """The session's app served over real HTTP on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server_url):
    """Point Playwright's relative URLs at the live server.

    Defining it here also replaces pytest-playwright 0.10's fallback ``base_url``, an instance
    method that pytest 9.2 reports as deprecated (an error under ``filterwarnings = error``).
    """
    return live_server_url


@pytest.fixture
def live_server(app, db, live_server_url):
    """The live server's base URL, with CSRF protection on so the real forms are exercised."""
    previous = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    yield live_server_url
    app.config["WTF_CSRF_ENABLED"] = previous


@pytest.fixture
def page(page):
    """Playwright's page, failing the test if the browser blocked anything under the CSP."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    assert violations == [], "CSP violations in the browser"
