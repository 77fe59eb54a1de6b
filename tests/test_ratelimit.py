"""Login throttling: stored in the database, per email and per address, cleared by success."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from companion import create_app
from companion.accounts.throttle import Limits, TooManyAttempts, check_allowed, record_failure
from companion.db import db
from companion.models import LoginAttempt

from .conftest import PASSWORD, log_in

T0 = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)


def fail(client, times, email="ada@example.com", address="10.0.0.1"):
    for _ in range(times):
        response = client.post("/auth/login", data={"email": email, "password": "wrong guess"},
                               environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 401
    return response


def attempt(client, email="ada@example.com", password=PASSWORD, address="10.0.0.1"):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_too_many_wrong_passwords_pause_even_the_right_one(client, user):
    fail(client, Limits.per_email)
    response = attempt(client)
    assert response.status_code == 429
    assert "Too many attempts; try again in 15 minutes." in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == str(15 * 60)
    assert client.get("/api/me").status_code == 401


def test_the_count_is_shared_by_every_worker(app, client, user):
    """A second app on the same database (another worker, or a restart) sees the failures."""
    fail(client, Limits.per_email)
    other_worker = create_app({
        "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SESSION_COOKIE_SECURE": False,
    })
    assert attempt(other_worker.test_client()).status_code == 429


def test_success_clears_the_email_count(client, user):
    fail(client, Limits.per_email - 1)
    assert attempt(client).status_code == 302
    client.post("/auth/logout")
    fail(client, Limits.per_email - 1)
    assert attempt(client).status_code == 302


def test_unknown_emails_are_counted_like_known_ones(client):
    """The pause does not reveal whether an account exists."""
    fail(client, Limits.per_email, email="nobody@example.com")
    assert attempt(client, email="nobody@example.com").status_code == 429


def test_one_address_spraying_many_emails_is_paused(client, user):
    for number in range(Limits.per_address):
        fail(client, 1, email=f"guess{number}@example.com", address="203.0.113.9")
    assert attempt(client, address="203.0.113.9").status_code == 429
    # Ada, elsewhere, is not locked out by someone else's spraying.
    assert attempt(client, address="198.51.100.7").status_code == 302


def test_a_paused_attempt_is_not_counted(app, client, user):
    """Guessing on during the pause neither tests the password nor lengthens the pause."""
    fail(client, Limits.per_email)
    for _ in range(3):
        assert attempt(client, password="another guess").status_code == 429
    with app.app_context():
        email_rows = db.session.scalar(select(func.count()).where(
            LoginAttempt.key == "email:ada@example.com"))
    assert email_rows == Limits.per_email


@pytest.mark.parametrize("failures_at, now, minutes", [
    ([0, 1, 2, 3, 4], 5, 10),      # the oldest of five expires at 15
    ([0, 1, 2, 3, 4], 14.5, 1),    # half a minute left reads as one minute
    ([0, 10, 11, 12, 13, 14], 16, 9),  # 0 has expired; 10 is now the fifth newest
])
def test_wait_is_counted_from_the_failure_that_expires_next(app, failures_at, now, minutes):
    with app.app_context():
        for offset in failures_at:
            record_failure("ada@example.com", "10.0.0.1", now=T0 + timedelta(minutes=offset))
        with pytest.raises(TooManyAttempts) as paused:
            check_allowed("ada@example.com", "10.0.0.2", now=T0 + timedelta(minutes=now))
    assert paused.value.minutes == minutes
    unit = "minute" if minutes == 1 else "minutes"
    assert str(paused.value) == f"Too many attempts; try again in {minutes} {unit}."


def test_the_pause_ends_with_the_window_and_old_rows_go(app):
    limits = Limits()
    with app.app_context():
        for offset in range(limits.per_email):
            record_failure("ada@example.com", "10.0.0.1", now=T0 + timedelta(minutes=offset))
        check_allowed("ada@example.com", "10.0.0.1", now=T0 + timedelta(minutes=15, seconds=1))
        record_failure("bo@example.com", "10.0.0.3", now=T0 + timedelta(minutes=40))
        keys = db.session.execute(select(LoginAttempt.key)).scalars().all()
    assert sorted(keys) == ["email:bo@example.com", "ip:10.0.0.3"]


def test_limits_come_from_the_configuration(tmp_path):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite'}",
        "LOGIN_MAX_FAILURES": 2, "LOGIN_WINDOW_MINUTES": 60,
    })
    with app.app_context():
        db.create_all()
    client = app.test_client()
    fail(client, 2, email="zoe@example.com")
    response = attempt(client, email="zoe@example.com")
    assert response.status_code == 429 and "60 minutes" in response.get_data(as_text=True)


def test_login_still_works_normally(client, user):
    assert log_in(client).status_code == 302


def test_the_migration_makes_the_table_the_model_describes(tmp_path):
    from sqlalchemy import inspect

    app = create_app({"TESTING": True, "SECRET_KEY": "t",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"})
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        inspector = inspect(db.engine)
        columns = {column["name"] for column in inspector.get_columns("login_attempts")}
        indexes = {tuple(index["column_names"]) for index in inspector.get_indexes(
            "login_attempts")}
        db.engine.dispose()
    assert columns == set(LoginAttempt.__table__.columns.keys())
    assert {("key", "failed_at"), ("failed_at",)} <= indexes
