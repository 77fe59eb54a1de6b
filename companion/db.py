"""The database handle, migrations and the column types every model shares."""

from datetime import UTC, datetime

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from .write_turns import WAIT_SECONDS

# Named constraints so Alembic can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def now_utc() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store instants as naive UTC and hand them back aware, on SQLite as on PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def render_item(kind, obj, autogen_context):
    """Write UTCDateTime into migration scripts as a plain DateTime: scripts need no app code."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


@event.listens_for(Engine, "connect")
def tune_sqlite(connection, record) -> None:
    """Enforce foreign keys (cascades) and use WAL, so a crash never leaves half a write.

    Writers queue for their turn (write_turns.py) before SQLite's own wait comes into it.
    """
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={WAIT_SECONDS * 1000}")
        cursor.close()


def init_app(app) -> None:
    """Bind the database and the migration commands to the app."""
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(app.config["MIGRATIONS_DIR"]),
        render_as_batch=True, render_item=render_item,
    )
