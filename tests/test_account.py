"""My account: export all my data, change my password, delete the account and all of it."""

import json
import re
import uuid

import pytest
from sqlalchemy import func, inspect, select

from companion.accounts.throttle import Limits
from companion.db import db
from companion.models import Contact, Event, LoginAttempt, Membership, User
from companion.rules.payload import parse_vcard

from .conftest import PASSWORD
from .test_access_matrix import app_on_copy, build_world, client_as

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("account") / "world.sqlite")


@pytest.fixture
def world(template, tmp_path):
    """The access-matrix world on a fresh copy: Ada owns two events, Bo joined one, Eve."""
    app = app_on_copy(template, tmp_path)
    yield app, template
    with app.app_context():
        db.engine.dispose()


def login(app, email, password=PASSWORD):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.status_code
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def test_account_page_needs_login_and_is_in_the_nav(world):
    app, template = world
    assert app.test_client().get("/account/").status_code == 302
    ada = client_as(app, template, "owner")
    assert 'href="/account/"' in text(ada.get("/events/"))
    page = text(ada.get("/account/"))
    assert "ada@example.com" in page and "Delete my account" in page


def test_export_holds_everything_of_mine_and_nothing_of_anyone_else(world):
    app, template = world
    response = client_as(app, template, "owner").get("/account/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = response.json
    assert data["account"]["email"] == "ada@example.com"
    events = {event["title"]: event for event in data["events"]}
    assert set(events) == {"CANARY-ada-private-title", "CANARY-shared-title"}
    shared = events["CANARY-shared-title"]
    assert shared["share_link_active"] and shared["shared_with"] == ["bo@example.com"]
    assert [a["email"] for a in shared["attendees"]] == [
        "canary-ada-shared-attendee-email@example.test"]
    assert {mark["note"] for mark in data["marks"]} == {
        "CANARY-ada-mark-private-note", "CANARY-ada-mark-shared-note"}
    assert [contact["name"] for contact in data["contacts"]] == ["CANARY-ada-contact-name"]
    assert data["card"]["phone"] == "CANARY-ada-phone"
    assert [(plan["travel_minutes"], plan["earliest"]) for plan in data["plans"]] == [
        (25, "18:40")]
    assert [device["client_id"] for device in data["devices"]] == ["ada-phone-0001"]
    assert len(data["pending_imports"]) == 2 and data["memberships"] == []
    body = text(response).lower()
    assert "canary-bo-" not in body and "canary-eve-" not in body


def test_a_members_export_lists_the_events_shared_with_them(world):
    app, template = world
    data = client_as(app, template, "member").get("/account/export.json").json
    assert [m["title"] for m in data["memberships"]] == ["CANARY-shared-title"]
    assert [event["title"] for event in data["events"]] == ["CANARY-bo-event-title"]
    assert [mark["note"] for mark in data["marks"]] == ["CANARY-bo-mark-shared-note"]
    assert "canary-ada-" not in text(client_as(app, template, "member")
                                     .get("/account/export.json")).lower()


def test_deleted_records_are_in_the_export_flagged(world):
    app, template = world
    ada = client_as(app, template, "owner")
    _, contact_id = template.records["ada-contact"]
    ada.post("/api/sync/push", json={"client_id": "ada-laptop-01", "changes": [
        {"seq": 1, "kind": "contact", "op": "delete", "id": contact_id}]})
    [contact] = ada.get("/account/export.json").json["contacts"]
    assert contact["id"] == contact_id and contact["deleted"] is True


def test_the_vcard_export_on_the_account_page_holds_my_contacts(world):
    app, template = world
    ada = client_as(app, template, "owner")
    link = re.search(r'href="([^"]+\.vcf)"', text(ada.get("/account/")))[1]
    response = ada.get(link)
    assert response.mimetype == "text/vcard"
    assert [card["name"] for card in parse_vcard(text(response))] == ["CANARY-ada-contact-name"]


# ------------------------------------------------------------------------------ password

@pytest.mark.parametrize("form, message", [
    ({"password": "not my password", "new_password": NEW_PASSWORD,
      "confirm_password": NEW_PASSWORD}, "not your current password"),
    ({"password": PASSWORD, "new_password": "short", "confirm_password": "short"},
     "at least 8"),
    ({"password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": "something else"},
     "differ"),
    ({"password": PASSWORD, "new_password": "zzzzzzzzzz", "confirm_password": "zzzzzzzzzz"},
     "repeated character"),
])
def test_password_change_refusals_change_nothing(world, form, message):
    app, template = world
    ada = client_as(app, template, "owner")
    response = ada.post("/account/password", data=form)
    assert response.status_code == 400 and message in text(response)
    login(app, "ada@example.com")


def test_password_change_logs_out_every_other_session(world):
    app, _ = world
    laptop = login(app, "ada@example.com")
    phone = login(app, "ada@example.com")
    response = laptop.post("/account/password", data={
        "password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert laptop.get("/api/me").status_code == 200
    assert phone.get("/api/me").status_code == 401
    assert app.test_client().post("/auth/login", data={
        "email": "ada@example.com", "password": PASSWORD}).status_code == 401
    login(app, "ada@example.com", NEW_PASSWORD)


# ------------------------------------------------------------------------------ deletion

def user_columns(app) -> list[tuple[str, str]]:
    """Every (table, column) that points at an account."""
    with app.app_context():
        inspector = inspect(db.engine)
        return [
            (table, column)
            for table in inspector.get_table_names()
            for key in inspector.get_foreign_keys(table) if key["referred_table"] == "users"
            for column in key["constrained_columns"]
        ]


def count_where(app, table: str, column: str, value) -> int:
    with app.app_context():
        table_ = db.metadata.tables[table]
        return db.session.scalar(select(func.count()).where(table_.c[column] == value))


def test_deleting_needs_the_password(world):
    app, template = world
    ada = client_as(app, template, "owner")
    assert ada.get("/account/delete").status_code == 200
    response = ada.post("/account/delete", data={"password": "wrong password"})
    assert response.status_code == 400 and "nothing was changed" in text(response)
    with app.app_context():
        assert db.session.get(User, template.users["ada"]) is not None


def test_deleting_removes_the_account_and_everything_in_it(world):
    app, template = world
    ada_id, bo_id = template.users["ada"], template.users["bo"]
    app.test_client().post("/auth/login", data={"email": "ada@example.com", "password": "nope"})
    with app.app_context():
        before_other_users = db.session.scalar(select(func.count()).select_from(User)) - 1
    other_session = login(app, "ada@example.com")
    ada = client_as(app, template, "owner")
    response = ada.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302 and "/auth/login" in response.location
    assert ada.get("/api/me").status_code == 401
    assert other_session.get("/api/me").status_code == 401

    columns = user_columns(app)
    assert {table for table, _ in columns} >= {
        "events", "memberships", "marks", "contacts", "cards", "plans", "sync_clients",
        "pending_imports"}
    for table, column in columns:
        assert count_where(app, table, column, ada_id) == 0, f"{table}.{column} kept Ada's rows"
    owned = list(template.events[name] for name in ("private", "shared"))
    for table, column in (("attendees", "event_id"), ("marks", "event_id"),
                          ("plans", "event_id"), ("memberships", "event_id"),
                          ("pending_imports", "event_id")):
        for event_id in owned:
            assert count_where(app, table, column, event_id) == 0, f"{table} on Ada's event"
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(
            LoginAttempt.key.contains("ada@example.com"))) == 0
        assert db.session.scalar(select(func.count()).select_from(User)) == before_other_users
        # Bo's contact from Ada's event is still Bo's, no longer tied to the event.
        _, contact_id = template.records["bo-contact"]
        contact = db.session.get(Contact, (bo_id, contact_id))
        assert contact.user_id == bo_id and contact.name == "CANARY-bo-contact-name"
        assert (contact.event_id, contact.attendee_id) == (None, None)
        assert db.session.get(Event, template.events["bo"]) is not None
        assert db.session.scalar(select(func.count()).where(Membership.user_id == bo_id)) == 0
    # Bo's devices learn that the contact lost its event.
    pulled = client_as(app, template, "member").get("/api/sync/pull?since=0").json["records"]
    [bo_contact] = [r for r in pulled if r["id"] == contact_id]
    assert bo_contact["fields"]["event_id"] is None
    # And the email is free for a new account.
    assert app.test_client().post("/auth/register", data={
        "email": "ada@example.com", "password": PASSWORD}).status_code == 302


def test_a_deleted_accounts_session_never_opens_a_new_account(world):
    """SQLite may hand the deleted id to the next account; the old cookie must not follow."""
    app, template = world
    eve = client_as(app, template, "stranger")
    stale = app.test_client()
    with eve.session_transaction() as session:
        cookie_values = dict(session)
    with stale.session_transaction() as session:
        session.update(cookie_values)
    assert eve.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    newcomer = app.test_client()
    assert newcomer.post("/auth/register", data={
        "email": "zed@example.com", "password": PASSWORD}).status_code == 302
    assert stale.get("/api/me").status_code == 401
    assert stale.get("/api/sync/pull?since=0").status_code == 401


def test_password_confirmations_are_throttled_like_logins(world):
    app, template = world
    ada = client_as(app, template, "owner")
    for _ in range(Limits.per_pair):
        assert ada.post("/account/delete", data={"password": "guess"}).status_code == 400
    response = ada.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 429 and "Too many attempts" in text(response)
    with app.app_context():
        assert db.session.get(User, template.users["ada"]) is not None


def test_export_is_valid_json_with_every_promised_section(world):
    app, template = world
    data = json.loads(text(client_as(app, template, "stranger").get("/account/export.json")))
    assert set(data) == {"format", "exported_at", "account", "card", "events", "memberships",
                         "marks", "contacts", "plans", "people", "interactions", "followups",
                         "journal", "devices", "sessions", "pending_imports", "goal", "skips"}
    assert uuid.UUID(data["card"]["id"])
