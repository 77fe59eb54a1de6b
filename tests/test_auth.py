"""Accounts: register, log in, log out, and the protections on every response."""

import pytest
from sqlalchemy import select

from companion.db import db
from companion.models import Card, User

from .conftest import PASSWORD, log_in


def test_register_logs_in_and_seeds_the_card(app, client):
    response = client.post("/auth/register", data={
        "name": "Grace Hopper", "email": " Grace@Example.com ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/me").json["user"]["email"] == "grace@example.com"
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        assert user.password_hash != PASSWORD and PASSWORD not in user.password_hash
        card = db.session.execute(select(Card)).scalar_one()
        assert (card.name, card.email) == ("Grace Hopper", "grace@example.com")


@pytest.mark.parametrize("form, message", [
    ({"email": "not-an-email", "password": PASSWORD}, "valid email"),
    ({"email": "a@example.com", "password": "short"}, "at least 8"),
    ({"email": "a@example.com", "password": "aaaaaaaaaa"}, "repeated character"),
    ({"email": "a@example.com", "password": "x" * 300}, "at most 256"),
    ({"email": "ada@example.com", "password": PASSWORD}, "already exists"),
    ({"email": "<script>@x.io", "password": PASSWORD}, "valid email"),
])
def test_register_refuses_bad_input_with_a_message(client, user, form, message):
    response = client.post("/auth/register", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_login_and_logout(client, user):
    assert log_in(client, password="wrong password").status_code == 401
    assert client.get("/api/me").status_code == 401
    assert log_in(client).status_code == 302
    assert client.get("/api/me").status_code == 200
    client.post("/auth/logout")
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize("target, lands_on", [
    ("/events/", "/events/"),
    ("https://evil.example/", "/events/"),
    ("//evil.example/", "/events/"),
    ("/\\evil.example", "/events/"),
])
def test_login_only_continues_to_local_pages(client, user, target, lands_on):
    response = client.post("/auth/login", query_string={"next": target},
                           data={"email": "ada@example.com", "password": PASSWORD})
    assert response.headers["Location"].endswith(lands_on)


def test_session_cookie_is_secure_httponly_samesite(tmp_path):
    from companion import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
                      "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        from companion.accounts.service import create_user
        create_user("ada@example.com", PASSWORD)
        db.session.commit()
    response = app.test_client().post(
        "/auth/login", data={"email": "ada@example.com", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_every_response_carries_security_headers(client):
    headers = client.get("/auth/login").headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_state_changes_need_a_csrf_token(tmp_path):
    from companion import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
                      "SECRET_KEY": "x", "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert client.post("/auth/login", data={"email": "a@b.co", "password": "x"}).status_code == 400
    push = client.post("/api/sync/push", json={"client_id": "x" * 10, "changes": []})
    assert push.status_code == 400 and "security token" in push.json["error"]


def test_nul_in_the_email_is_a_wrong_login_not_a_crash(client, user):
    assert log_in(client, email="ada@example.com\x00").status_code == 302
    assert log_in(client, email="\x00nobody@example.com").status_code == 401
