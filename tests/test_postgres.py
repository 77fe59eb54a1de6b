"""PostgreSQL: the migrations build the models' schema, and the server clock orders pushes.

Runs when COMPANION_TEST_POSTGRES_URL names a database the tests may use (.ci/run starts one).
Skipped without it on a developer's machine; in CI a missing PostgreSQL is a failure.
"""

import os
import threading
import uuid

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError

from companion import create_app
from companion.db import db
from companion.sync.clock import current_version, next_version

from .conftest import POSTGRES_URL

if not POSTGRES_URL:
    if os.environ.get("CI"):
        pytest.fail("CI must run the PostgreSQL tests: set COMPANION_TEST_POSTGRES_URL "
                    "(.ci/run starts a local PostgreSQL and sets it).", pytrace=False)
    pytest.skip("COMPANION_TEST_POSTGRES_URL is not set", allow_module_level=True)


@pytest.fixture
def schema():
    """A PostgreSQL schema of its own, so the migrations start from nothing; dropped after."""
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    yield name
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()


def app_in(schema: str):
    return create_app({
        "TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-c search_path={schema}"}},
    })


def test_migrations_build_exactly_the_models_schema_and_come_down_again(schema):
    app = app_in(schema)
    with app.app_context():
        flask_migrate.upgrade(directory=app.config["MIGRATIONS_DIR"])
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert tables == set(db.metadata.tables) | {"alembic_version"}
        flask_migrate.downgrade(directory=app.config["MIGRATIONS_DIR"], revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        db.engine.dispose()


def test_an_unfinished_push_holds_the_clock_and_hides_its_version(schema):
    # Push A takes a version and has not committed. Push B must wait for it (so versions commit
    # in order), and a pull must not move its cursor past A's version while A is in flight.
    app = app_in(schema)
    with app.app_context():
        db.create_all()
        next_version()
        db.session.commit()
        taken, release, done = threading.Event(), threading.Event(), threading.Event()
        seen = {}

        def push_a():
            with app.app_context():
                seen["a"] = next_version()
                taken.set()
                release.wait(timeout=10)
                db.session.commit()
                done.set()

        thread = threading.Thread(target=push_a)
        thread.start()
        try:
            assert taken.wait(timeout=10)
            assert current_version() == seen["a"] - 1
            db.session.execute(text("SET LOCAL lock_timeout = '300ms'"))
            with pytest.raises(OperationalError, match="lock timeout"):
                next_version()
            db.session.rollback()
        finally:
            release.set()
            thread.join(timeout=10)
        assert done.is_set()
        assert next_version() == seen["a"] + 1
        db.session.commit()
        db.engine.dispose()


def test_a_platform_database_url_reaches_postgresql(monkeypatch):
    # As Heroku, Render or Fly set it: `postgres://`, which SQLAlchemy alone cannot load.
    platform_url = "postgres://" + POSTGRES_URL.partition("://")[2]
    monkeypatch.delenv("COMPANION_SQLALCHEMY_DATABASE_URI", raising=False)
    monkeypatch.setenv("DATABASE_URL", platform_url)
    app = create_app()
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        assert db.engine.dialect.driver == "psycopg"
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        db.engine.dispose()
