"""Flask extension instances, initialised by create_app."""

from flask import abort, has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from werkzeug.routing import IntegerConverter

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# No list of the portal has that many pages; a larger number would overflow the SQL OFFSET.
MAX_PAGE = 100_000
MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL: a larger one is an error there


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdConverter(IntegerConverter):
    """The <int:...> of the portal's routes: at most MAX_ID."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class PortalSQLAlchemy(SQLAlchemy):
    def init_app(self, app) -> None:
        # An <int:id> in a URL is a database id: past the column's range PostgreSQL raises
        # (a 500) where the row simply does not exist (a 404). Set before any route is added.
        app.url_map.converters["int"] = IdConverter
        super().init_app(app)

    def paginate(self, select, *, page=None, error_out=True, **kwargs):
        """Flask-SQLAlchemy's paginate, with the page asked in the query string bounded."""
        if page is None and has_request_context():
            page = request.args.get("page", type=int)
        if page is not None and page > MAX_PAGE:
            if error_out:
                abort(404)
            page = MAX_PAGE
        return super().paginate(select, page=page, error_out=error_out, **kwargs)


db = PortalSQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Let the web server, the worker and beat share one SQLite file safely."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
