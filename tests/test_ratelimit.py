"""Throttling: wrong passwords wait, a burst cannot race the count, and the owner is never
locked out by someone else's guessing (companion/accounts/throttle.py)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from companion import create_app
from companion.accounts import service as accounts
from companion.accounts.throttle import (
    KNOWN_BROWSER_COOKIE,
    Limits,
    TooManyAttempts,
    count_login,
)
from companion.db import db
from companion.models import LoginAttempt, User

from .conftest import PASSWORD, log_in

T0 = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)
LIMITS = Limits()


def fail(client, times, email="ada@example.com", address="10.0.0.1"):
    for _ in range(times):
        response = client.post("/auth/login", data={"email": email, "password": "wrong guess"},
                               environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 401
    return response


def attempt(client, email="ada@example.com", password=PASSWORD, address="10.0.0.1"):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def known_browser(app, user):
    """A browser the owner logged in on before (and logged out of): it holds the cookie."""
    client = app.test_client()
    assert attempt(client, address="192.0.2.50").status_code == 302
    assert client.get_cookie(KNOWN_BROWSER_COOKIE) is not None
    client.post("/auth/logout")
    return client


def test_too_many_wrong_passwords_pause_even_the_right_one(client, user):
    fail(client, LIMITS.per_pair)
    response = attempt(client)
    assert response.status_code == 429
    assert "Too many attempts; try again in 15 minutes." in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == str(15 * 60)
    assert client.get("/api/me").status_code == 401


def test_the_count_is_shared_by_every_worker(app, client, user):
    """A second app on the same database (another worker, or a restart) sees the failures."""
    fail(client, LIMITS.per_pair)
    other_worker = create_app({
        "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SESSION_COOKIE_SECURE": False,
    })
    assert attempt(other_worker.test_client()).status_code == 429


def test_success_clears_the_count(client, user):
    fail(client, LIMITS.per_pair - 1)
    assert attempt(client).status_code == 302
    client.post("/auth/logout")
    client.delete_cookie(KNOWN_BROWSER_COOKIE)
    fail(client, LIMITS.per_pair - 1)
    assert attempt(client).status_code == 302


def test_unknown_emails_are_counted_like_known_ones(client):
    """The pause does not reveal whether an account exists."""
    fail(client, LIMITS.per_pair, email="nobody@example.com")
    assert attempt(client, email="nobody@example.com").status_code == 429


def test_one_address_spraying_many_emails_is_paused(client, user):
    for number in range(LIMITS.per_address):
        fail(client, 1, email=f"guess{number}@example.com", address="203.0.113.9")
    assert attempt(client, address="203.0.113.9").status_code == 429
    # Ada, elsewhere, is not locked out by someone else's spraying.
    assert attempt(client, address="198.51.100.7").status_code == 302


def test_a_paused_attempt_is_not_counted(app, client, user):
    """Guessing on during the pause neither tests the password nor lengthens the pause."""
    fail(client, LIMITS.per_pair)
    for _ in range(3):
        assert attempt(client, password="another guess").status_code == 429
    with app.app_context():
        email_rows = db.session.scalar(select(func.count()).where(
            LoginAttempt.key == "email:ada@example.com"))
    assert email_rows == LIMITS.per_pair


# ------------------------------------------------------------- the owner is never locked out

def test_guessing_from_one_address_does_not_lock_the_owner_out_elsewhere(client, user):
    """The report: five wrong passwords from one address, then the owner's right one from
    another address was refused for 15 minutes (and again, each time the guessing went on)."""
    fail(client, LIMITS.per_pair, address="203.0.113.9")
    assert attempt(client, address="203.0.113.9").status_code == 429
    assert attempt(client, address="198.51.100.7").status_code == 302


def test_the_owner_on_the_venues_wifi_logs_in_from_their_own_phone(app, client, user):
    """A venue's NAT makes everyone one address: a stranger there guesses at Ada's email until
    that address and her email are paused for unknown browsers; her phone, which logged in to
    her account before, is counted on its own."""
    phone = known_browser(app, user)
    venue = "203.0.113.9"
    for number in range(LIMITS.per_address):  # the address's whole allowance, on her email
        client.post("/auth/login", environ_base={"REMOTE_ADDR": venue},
                    data={"email": "ada@example.com", "password": f"guess {number}"})
    assert attempt(client, address=venue).status_code == 429  # the stranger's browser: paused
    assert attempt(phone, address=venue).status_code == 302  # Ada's phone: in
    assert phone.get("/api/me").status_code == 200


def test_guessing_from_many_addresses_stays_slow_and_the_owner_still_gets_in(app, client, user):
    phone = known_browser(app, user)
    for number in range(LIMITS.per_email):
        fail(client, 1, address=f"198.18.0.{number}")
    # A new address, an unknown browser: the email's pool for unknown browsers is used up.
    assert attempt(client, address="198.18.1.1", password="one more guess").status_code == 429
    assert attempt(client, address="198.18.1.1").status_code == 429
    assert attempt(phone, address="198.18.1.2").status_code == 302


def test_a_known_browser_guessing_wrong_waits_too(app, user):
    """A stolen phone with the cookie gets no more guesses than anyone."""
    phone = known_browser(app, user)
    fail(phone, LIMITS.per_browser, address="192.0.2.50")
    assert attempt(phone, address="192.0.2.50").status_code == 429
    assert attempt(app.test_client(), address="192.0.2.60").status_code == 302


def test_a_forged_known_browser_cookie_counts_as_unknown(app, client, user):
    client.set_cookie(KNOWN_BROWSER_COOKIE, "eyJuIjoiZm9yZ2VkIiwidSI6WzFdfQ.forged")
    fail(client, LIMITS.per_pair)
    assert attempt(client).status_code == 429


# ----------------------------------------------------------------------- no race, any workers

def serve(app):
    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://localhost:{server.server_port}"


def test_a_burst_of_wrong_passwords_gets_no_more_checks_than_the_limit(app, user, monkeypatch):
    """The report: a 40-way burst got 16 password checks against a limit of 5."""
    checks = []
    real_check = accounts.check_password_hash

    def counted_check(*args):
        checks.append(1)
        return real_check(*args)

    monkeypatch.setattr(accounts, "check_password_hash", counted_check)
    server, thread, url = serve(app)
    try:
        def guess(number):
            return requests.post(url + "/auth/login", timeout=60, allow_redirects=False,
                                 data={"email": "ada@example.com", "password": f"guess {number}"})

        with ThreadPoolExecutor(40) as pool:
            statuses = sorted(response.status_code for response in pool.map(guess, range(40)))
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert len(checks) <= LIMITS.per_pair
    assert statuses.count(401) == len(checks) and statuses.count(429) == 40 - len(checks)
    assert len(checks) >= 1


def test_a_burst_of_registrations_makes_no_more_accounts_than_the_limit(app):
    """The report: 20 accounts in 2 s from one address."""
    server, thread, url = serve(app)
    try:
        def register(number):
            return requests.post(url + "/auth/register", timeout=60, allow_redirects=False,
                                 data={"email": f"new{number}@example.com", "password": PASSWORD})

        with ThreadPoolExecutor(25) as pool:
            statuses = [response.status_code for response in pool.map(register, range(25))]
    finally:
        server.shutdown()
        thread.join(timeout=5)
    limit = app.config["REGISTRATIONS_PER_ADDRESS"]
    with app.app_context():
        made = db.session.scalar(select(func.count()).select_from(User))
    assert made == statuses.count(302) <= limit
    assert statuses.count(429) == 25 - made


def test_registration_is_throttled_per_address(client):
    limit = client.application.config["REGISTRATIONS_PER_ADDRESS"]

    def register(email, address, password=PASSWORD):
        return client.post("/auth/register", data={"email": email, "password": password},
                           environ_base={"REMOTE_ADDR": address})

    # A refused form (a short password) is not an account made and does not count.
    assert register("typo@example.com", "10.1.1.1", password="short").status_code == 400
    for number in range(limit):
        assert register(f"n{number}@example.com", "10.1.1.1").status_code == 302
        client.post("/auth/logout")
    refused = register("one-more@example.com", "10.1.1.1")
    assert refused.status_code == 429
    assert "Too many new accounts from this network; try again in" in refused.get_data(
        as_text=True)
    assert register("elsewhere@example.com", "10.2.2.2").status_code == 302


# ------------------------------------------------------------------------------ the window

@pytest.mark.parametrize("failures_at, now, minutes", [
    ([0, 1, 2, 3, 4], 5, 10),      # the oldest of five expires at 15
    ([0, 1, 2, 3, 4], 14.5, 1),    # half a minute left reads as one minute
    ([0, 10, 11, 12, 13, 15], 16, 9),  # 0 expired at 15; 10 is now the fifth newest
])
def test_wait_is_counted_from_the_failure_that_expires_next(app, failures_at, now, minutes):
    with app.app_context():
        for offset in failures_at:
            count_login("ada@example.com", "10.0.0.1", None,
                        now=T0 + timedelta(minutes=offset))
        with pytest.raises(TooManyAttempts) as paused:
            count_login("ada@example.com", "10.0.0.1", None, now=T0 + timedelta(minutes=now))
    assert paused.value.minutes == minutes
    unit = "minute" if minutes == 1 else "minutes"
    assert str(paused.value) == f"Too many attempts; try again in {minutes} {unit}."


def test_the_pause_ends_with_the_window_and_old_rows_go(app):
    with app.app_context():
        for offset in range(LIMITS.per_pair):
            count_login("ada@example.com", "10.0.0.1", None, now=T0 + timedelta(minutes=offset))
        count_login("ada@example.com", "10.0.0.1", None,
                    now=T0 + timedelta(minutes=15, seconds=1))
        count_login("bo@example.com", "10.0.0.3", None, now=T0 + timedelta(minutes=40))
        keys = db.session.execute(select(LoginAttempt.key)).scalars().all()
    assert sorted(key.split(":")[0] for key in keys) == ["email", "ip", "pair"]
    assert "email:bo@example.com" in keys and "ip:10.0.0.3" in keys


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
