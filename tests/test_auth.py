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
    # Browsers drop tabs and line breaks from URLs: "/\t/evil.example" is "//evil.example".
    ("/\t/evil.example", "/events/"),
    ("/\n/evil.example", "/events/"),
    ("/\r\nSet-Cookie: x=1", "/events/"),
    ("/ /evil.example", "/events/"),
    ("/events/?q=1#top", "/events/?q=1#top"),
    ("/app#/event/3", "/app#/event/3"),
])
def test_login_only_continues_to_local_pages(client, user, target, lands_on):
    response = client.post("/auth/login", query_string={"next": target},
                           data={"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(lands_on)
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize("query", ["next=/%09/evil.example", "next=/%0D%0ALocation:%20//evil",
                                   "next=%2F%2Fevil.example", "next=/%5Cevil.example"])
def test_the_reported_redirects_stay_home(client, user, query):
    """The report: next=/%09/evil.example went to //evil.example; CR/LF in next gave a 500."""
    response = client.post(f"/auth/login?{query}",
                           data={"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/events/")


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
    cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}
    assert set(cookies) == {"session", "companion_browser", "companion_account"}
    for name in ("session", "companion_browser"):
        assert "Secure" in cookies[name] and "HttpOnly" in cookies[name], name
        assert "SameSite=Lax" in cookies[name], name
    # The app reads which account is logged in (never a credential: the session is).
    account = cookies["companion_account"]
    assert "Secure" in account and "SameSite=Lax" in account and "HttpOnly" not in account


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


# ------------------------------------------------------- sessions end on the server, too

def copied_cookie(client) -> str:
    return client.get_cookie("session").value


def test_logging_out_ends_the_session_on_the_server(app, client, user):
    """Before, a copied cookie kept working for 30 days after logging out."""
    log_in(client)
    stolen = copied_cookie(client)
    client.post("/auth/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/api/me").status_code == 401
    assert thief.get("/events/").status_code == 302


def test_log_out_everywhere_ends_every_session_of_the_account(app, make_user, user):
    phone, laptop, bo = app.test_client(), app.test_client(), app.test_client()
    make_user("bo@example.com")
    for client in (phone, laptop):
        log_in(client)
    log_in(bo, "bo@example.com")
    page = laptop.get("/account/").get_data(as_text=True)
    assert "Log out everywhere" in page
    response = laptop.post("/account/logout-everywhere")
    assert response.status_code == 302 and "/auth/login" in response.location
    assert phone.get("/api/me").status_code == 401
    assert laptop.get("/api/me").status_code == 401
    assert bo.get("/api/me").status_code == 200  # someone else's sessions are theirs
    log_in(phone)
    assert phone.get("/api/me").status_code == 200


def test_changing_the_password_ends_the_other_sessions(app, user):
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone)
    log_in(laptop)
    response = laptop.post("/account/password", data={
        "password": PASSWORD, "new_password": "a new long password",
        "confirm_password": "a new long password"})
    assert response.status_code == 302
    assert laptop.get("/api/me").status_code == 200
    assert phone.get("/api/me").status_code == 401


def test_sessions_are_kept_in_the_database_and_capped(app, user):
    from sqlalchemy import func

    from companion.models import UserSession

    most = app.config["SESSIONS_PER_USER"]
    clients = [app.test_client() for _ in range(most + 3)]
    for client in clients:
        log_in(client)
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(UserSession))
        tokens = db.session.execute(select(UserSession.id)).scalars().all()
    assert rows == most
    assert all(len(token) == 64 for token in tokens)  # hashes: the cookie's token is not kept
    assert clients[0].get("/api/me").status_code == 401  # the oldest ended
    assert clients[-1].get("/api/me").status_code == 200


def test_a_session_from_another_worker_is_known_to_every_worker(app, user):
    from companion import create_app

    client = app.test_client()
    log_in(client)
    other = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                        "SESSION_COOKIE_SECURE": False,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    elsewhere = other.test_client()
    elsewhere.set_cookie("session", copied_cookie(client))
    assert elsewhere.get("/api/me").status_code == 200
    elsewhere.post("/auth/logout")
    assert client.get("/api/me").status_code == 401
