"""Fixtures shared by every test: an app on a fresh database, clients, and small factories."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion import create_app
from companion.accounts import create_user
from companion.db import db
from companion.models import Attendee, Event

FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures"
PASSWORD = "correct horse battery"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium")


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        # Tests speak plain HTTP to the test client; production cookies stay Secure.
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        db.create_all()
    yield app


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
