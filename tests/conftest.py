"""Fixtures shared by every test: an app on a fresh database, clients, and small factories."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.exc import ProgrammingError

from companion import create_app
from companion.accounts.service import create_user
from companion.db import db
from companion.models import Attendee, Event

# Attendee exports in the layouts of Luma, Eventbrite and Meetup, a generic CSV and a pasted list.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PASSWORD = "correct horse battery"

# A PostgreSQL database of its own for the tests (every table in it is emptied per test). When set,
# every test that uses `app` runs twice: on SQLite and on PostgreSQL.
POSTGRES_URL = os.environ.get("COMPANION_TEST_POSTGRES_URL", "")
BACKENDS = ("sqlite", "postgresql") if POSTGRES_URL else ("sqlite",)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium")


def rebuild_postgres_schema(engine) -> None:
    """Drop every table in the test database (Alembic's too) and create the models' tables."""
    from companion.db import Base

    everything = MetaData()
    everything.reflect(engine)
    everything.drop_all(engine)
    Base.metadata.create_all(engine)


@pytest.fixture(scope="session")
def postgres_reset():
    """Build the schema once per run; return the statements that empty it before each test."""
    from companion.db import Base

    engine = create_engine(POSTGRES_URL)
    rebuild_postgres_schema(engine)
    engine.dispose()
    # Emptying every table in one statement is far quicker than create_all for each test.
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    # A test that ran the migrations leaves Alembic's table: the next one starts from none.
    return ("DROP TABLE IF EXISTS alembic_version",
            f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def empty_postgres(statements) -> None:
    """Empty the test database, or build it again when a test dropped its tables."""
    try:
        for statement in statements:
            db.session.execute(text(statement))
        db.session.commit()
    except ProgrammingError:  # e.g. the demo test starts from a database with no schema
        db.session.rollback()
        rebuild_postgres_schema(db.engine)


@pytest.fixture(params=BACKENDS if len(BACKENDS) > 1 else None)
def app(request, tmp_path):
    backend = getattr(request, "param", "sqlite")
    if backend == "postgresql":
        database_url = POSTGRES_URL
    else:
        database_url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        # Tests speak plain HTTP to the test client; production cookies stay Secure.
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        if backend == "postgresql":
            empty_postgres(request.getfixturevalue("postgres_reset"))
        else:
            db.create_all()
    yield app
    with app.app_context():
        # Close this app's connections now: PostgreSQL allows only so many at once.
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    def make(email="ada@example.com", password=PASSWORD, name="Ada Lovelace"):
        with app.app_context():
            user = create_user(email, password, name)
            db.session.commit()
            return user.id
    return make


@pytest.fixture
def user(make_user):
    return make_user()


def log_in(client, email="ada@example.com", password=PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


@pytest.fixture
def auth_client(client, user):
    log_in(client)
    return client


@pytest.fixture
def make_event(app, user):
    def make(owner_id=None, attendees=(), **overrides):
        start = datetime(2026, 12, 3, 0, 0, tzinfo=UTC)  # 19:00 in Toronto
        fields = dict(
            title="Product Night", starts_at=start, ends_at=start + timedelta(hours=3),
            timezone="America/Toronto", venue="The Loft", address="1 King St W",
            kind="networking", url="https://example.com/pn",
        ) | overrides
        with app.app_context():
            event = Event(owner_id=owner_id or user, **fields)
            for position, name in enumerate(attendees):
                event.attendees.append(Attendee(
                    key=f"name:{name.lower()}", name=name, position=position,
                    title="Product Manager", company="Acme",
                ))
            db.session.add(event)
            db.session.commit()
            return event.id
    return make


@pytest.fixture
def event(make_event):
    return make_event(attendees=("Mateo García", "Nadia Sharma", "Omar Farouk"))
