"""Who may read or change what: every route in the url_map, every kind of visitor, by any id.

One world, copied fresh for each route: Ada owns a private event and a shared one, Bo joined
the shared one, Eve is a stranger with an event of her own. Every private text is a canary
("CANARY-<owner>-…"); a response that shows a canary to someone else is a leak, whichever route
it came from. A route missing from EXPECTATIONS fails the build, so new routes are never
forgotten.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import select

from companion import create_app
from companion.accounts.service import create_user
from companion.accounts.session import token_hash
from companion.db import db
from companion.models import (
    Attendee,
    Card,
    Contact,
    Event,
    Followup,
    Goal,
    Interaction,
    JournalEntry,
    Mark,
    Membership,
    PendingImport,
    Person,
    Plan,
    Skip,
    SyncClient,
    User,
    UserSession,
    derived_id,
    new_token,
)
from companion.sync.clock import next_version

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ("anonymous", "stranger", "member", "owner")
ACTOR_USER = {"stranger": "eve", "member": "bo", "owner": "ada"}
EVENT_FORM = {
    "title": "CANARY-hacked-title", "timezone": "Europe/Paris", "start": "2026-12-10T18:30",
    "end": "2026-12-10T21:00", "venue": "Le Loft", "address": "5 rue de Rivoli",
    "kind": "networking", "networking_start": "", "url": "https://example.com/x",
}
MISSING_ID = 999_999


# ------------------------------------------------------------------------------ the world

@dataclass
class World:
    path: Path
    users: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # name -> session token
    events: dict[str, int] = field(default_factory=dict)
    share_token: str = ""
    pending: dict[str, str] = field(default_factory=dict)  # event name -> Ada's import token
    records: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (kind, id)


def add_event(owner: int, title: str, people: list[tuple[str, str]], **fields) -> Event:
    event = Event(owner_id=owner, title=title, starts_at=now_plus_days(30),
                  ends_at=now_plus_days(30, hours=3), timezone="America/Toronto",
                  venue=f"{title}-venue", kind="networking", **fields)
    for position, (name, email) in enumerate(people):
        event.attendees.append(Attendee(key=f"name:{name.lower()}", name=name, email=email,
                                        position=position, title="PM", company="Acme"))
    db.session.add(event)
    db.session.flush()
    return event


def now_plus_days(days: int, hours: int = 0) -> datetime:
    return datetime(2030, 1, 1, 0, 0, tzinfo=UTC) + timedelta(days=days, hours=hours)


def mark(user: int, event: Event, text: str) -> Mark:
    attendee = event.attendees[0]
    return Mark(id=derived_id("mark", user, attendee.id), user_id=user, event_id=event.id,
                attendee_id=attendee.id, priority="must", why=f"{text}-why",
                opener=f"{text}-opener", note=f"{text}-note", version=next_version())


def build_world(path: Path) -> World:
    """Create the world's database at path (with create_all) and describe it."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    world = World(path=path)
    with app.app_context():
        db.create_all()
        people = {}
        for name in ("ada", "bo", "eve"):
            person = create_user(f"{name}@example.com", PASSWORD, f"CANARY-{name}-card-name")
            db.session.flush()
            people[name] = person
            world.users[name] = person.id
            world.sessions[name] = new_token()
            db.session.add(UserSession(id=token_hash(world.sessions[name]), user_id=person.id))
        ada, bo, eve = (world.users[name] for name in ("ada", "bo", "eve"))
        db.session.flush()
        db.session.get(Card, (ada, derived_id("card", ada))).phone = "CANARY-ada-phone"
        private = add_event(ada, "CANARY-ada-private-title", [
            ("CANARY-ada-private-attendee", "canary-ada-private-attendee@example.test")])
        shared = add_event(ada, "CANARY-shared-title", [
            ("CANARY-shared-attendee", "canary-ada-shared-attendee-email@example.test")],
            share_token=new_token())
        own_eve = add_event(eve, "CANARY-eve-event-title", [("CANARY-eve-attendee", "")])
        own_bo = add_event(bo, "CANARY-bo-event-title", [("CANARY-bo-attendee", "")])
        world.events = {"private": private.id, "shared": shared.id, "eve": own_eve.id,
                        "bo": own_bo.id}
        world.share_token = shared.share_token
        db.session.add(Membership(event_id=shared.id, user_id=bo))
        rows = {
            "ada-mark-private": mark(ada, private, "CANARY-ada-mark-private"),
            "ada-mark-shared": mark(ada, shared, "CANARY-ada-mark-shared"),
            "bo-mark-shared": mark(bo, shared, "CANARY-bo-mark-shared"),
            "ada-plan": Plan(id=derived_id("plan", ada, private.id), user_id=ada,
                             event_id=private.id, travel_minutes=25, earliest="18:40",
                             version=next_version()),
        }
        for name, event in (("ada", shared), ("bo", shared), ("eve", own_eve)):
            rows[f"{name}-contact"] = Contact(
                id=str(uuid.uuid4()), user_id=world.users[name], event_id=event.id,
                attendee_id=event.attendees[0].id, name=f"CANARY-{name}-contact-name",
                note=f"CANARY-{name}-contact-note", source="manual", version=next_version())
        for name in ("ada", "bo"):
            # Goals rank every visible event: the member's suggestions must never show Ada's.
            user_id = world.users[name]
            rows[f"{name}-goal"] = Goal(
                id=derived_id("goal", user_id), user_id=user_id,
                seek=[f"CANARY-{name}-goal-seek", "PM"], offer=[f"CANARY-{name}-goal-offer"],
                my_level="entry", exclude_companies=[f"CANARY-{name}-goal-company"],
                version=next_version())
            rows[f"{name}-skip-never"] = Skip(
                id=derived_id("skip", user_id, "never", f"name:canary-{name}-never"),
                user_id=user_id, scope="never", key=f"name:canary-{name}-never",
                name=f"CANARY-{name}-never-name", version=next_version())
        rows["ada-skip-shared"] = Skip(
            id=derived_id("skip", ada, "event", shared.attendees[0].id), user_id=ada,
            scope="event", event_id=shared.id, attendee_id=shared.attendees[0].id,
            version=next_version())
        for name, event in (("ada", shared), ("bo", shared), ("eve", own_eve)):
            person = Person(
                id=str(uuid.uuid4()), user_id=world.users[name], name=f"CANARY-{name}-person",
                emails=[f"canary-{name}-person@example.test"], tags=[f"CANARY-{name}-tag"],
                note=f"CANARY-{name}-person-note", first_met_event_id=event.id,
                first_met_event=f"CANARY-{name}-first-met", version=next_version())
            rows[f"{name}-person"] = person
            rows[f"{name}-interaction"] = Interaction(
                id=str(uuid.uuid4()), user_id=world.users[name], person_ids=[person.id],
                on="2030-01-02", type="coffee", line=f"CANARY-{name}-interaction-line",
                event_id=event.id, version=next_version())
            attendee = event.attendees[0]
            rows[f"{name}-followup"] = Followup(
                id=derived_id("followup", world.users[name], "thanks", attendee.id, event.id),
                user_id=world.users[name], person_id=person.id, event_id=event.id,
                attendee_id=attendee.id, type="thanks", due=now_plus_days(31),
                draft=f"CANARY-{name}-followup-draft", version=next_version())
        for name, event in (("ada", shared), ("bo", shared), ("eve", own_eve)):
            rows[f"{name}-journal"] = JournalEntry(
                id=derived_id("journal", world.users[name], event.id), user_id=world.users[name],
                event_id=event.id, rating=2, worth="no", line=f"CANARY-{name}-journal-line",
                series=f"CANARY-{name}-series", version=next_version())
        db.session.add_all(rows.values())
        world.records = {label: (row.kind, row.id) for label, row in rows.items()}
        world.records |= {f"{name}-card": ("card", derived_id("card", world.users[name]))
                          for name in ("ada", "bo", "eve")}
        for name, event in (("private", private), ("shared", shared)):
            pending = PendingImport(user_id=ada, event_id=event.id, source="file",
                                    filename="CANARY-ada-upload.csv",
                                    data=b"Name\nCANARY-ada-pending-person\n")
            db.session.add(pending)
            db.session.flush()
            world.pending[name] = pending.id
        db.session.add(SyncClient(user_id=ada, client_id="ada-phone-0001", last_seq=7))
        db.session.commit()
    with app.app_context():
        db.engine.dispose()
    return world


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    return build_world(tmp_path_factory.mktemp("world") / "world.sqlite")


def app_on_copy(world: World, tmp_path):
    """Return an app on a fresh copy of the world (CSRF off: these tests check who, not how)."""
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(world.path, copy)
    return create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                       "SESSION_COOKIE_SECURE": False,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{copy}"})


@pytest.fixture
def world_app(world, tmp_path):
    app = app_on_copy(world, tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


def client_as(app, world: World, actor: str):
    """Return a test client logged in as the actor (no password check: faster, same session)."""
    client = app.test_client()
    if actor != "anonymous":
        with client.session_transaction() as session:
            session["sid"] = world.sessions[ACTOR_USER[actor]]
    return client


# ----------------------------------------------------------------------------- snapshots

def rows_of(query, model) -> frozenset:
    return frozenset(
        tuple(repr(getattr(row, column.key)) for column in model.__table__.columns)
        for row in db.session.execute(query).scalars()
    )


SNAPSHOT_TABLES = {
    "users": lambda a: (User, select(User).where(User.id != a)),
    "events": lambda a: (Event, select(Event).where(Event.owner_id != a)),
    "attendees": lambda a: (Attendee, select(Attendee).join(Event).where(Event.owner_id != a)),
    "memberships": lambda a: (Membership, select(Membership).where(Membership.user_id != a)),
    "marks": lambda a: (Mark, select(Mark).where(Mark.user_id != a)),
    "contacts": lambda a: (Contact, select(Contact).where(Contact.user_id != a)),
    "cards": lambda a: (Card, select(Card).where(Card.user_id != a)),
    "plans": lambda a: (Plan, select(Plan).where(Plan.user_id != a)),
    "goals": lambda a: (Goal, select(Goal).where(Goal.user_id != a)),
    "skips": lambda a: (Skip, select(Skip).where(Skip.user_id != a)),
    "people": lambda a: (Person, select(Person).where(Person.user_id != a)),
    "interactions": lambda a: (Interaction, select(Interaction).where(Interaction.user_id != a)),
    "followups": lambda a: (Followup, select(Followup).where(Followup.user_id != a)),
    "journal_entries": lambda a: (JournalEntry,
                                  select(JournalEntry).where(JournalEntry.user_id != a)),
    "sync_clients": lambda a: (SyncClient, select(SyncClient).where(SyncClient.user_id != a)),
    "pending_imports": lambda a: (PendingImport,
                                  select(PendingImport).where(PendingImport.user_id != a)),
    "user_sessions": lambda a: (UserSession, select(UserSession).where(UserSession.user_id != a)),
}
# Bookkeeping, not anyone's data: the version counter and failed-login records.
NOT_SNAPSHOT = {"server_clock", "login_attempts"}


def snapshot(app, actor_id: int | None) -> dict[str, frozenset]:
    """Return every row that does not belong to the actor, table by table."""
    with app.app_context():
        return {
            table: rows_of(query, model)
            for table, build in SNAPSHOT_TABLES.items()
            for model, query in [build(actor_id if actor_id is not None else -1)]
        }


def test_snapshot_covers_every_table(world_app):
    with world_app.app_context():
        tables = set(db.metadata.tables)
    assert tables - NOT_SNAPSHOT == set(SNAPSHOT_TABLES)


# ---------------------------------------------------------------------------- canaries

def canaries(app) -> set[str]:
    """Every canary string stored anywhere in the world."""
    found = set()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes):
                        value = value.decode("latin-1")
                    if isinstance(value, str):
                        found.update(re.findall(r"canary-[a-z0-9-]+", value, re.IGNORECASE))
    return found


def allowed_canaries(actor: str, shared_visible: bool) -> tuple[str, ...]:
    """Canary prefixes the actor may see: their own, and the shared event when they may."""
    if actor == "anonymous":
        own = ()
    else:
        own = (f"canary-{ACTOR_USER[actor]}-",)
    shared = ("canary-shared-",) if shared_visible else ()
    # Anything the actor typed into the request (the hacked title) may echo back to them.
    return own + shared + ("canary-hacked-",)


def leaked(body: str, all_canaries: set[str], allowed: tuple[str, ...]) -> list[str]:
    text = body.lower()
    return sorted(
        canary for canary in all_canaries
        if not canary.lower().startswith(allowed) and canary.lower() in text
    )


# ------------------------------------------------------------------------- expectations

@dataclass(frozen=True)
class Access:
    """Who a route serves: "public", "self" (own data only), "owner" or "member" of the event
    in the URL, or "token" (holders of a share link)."""

    scope: str
    form: dict | None = None
    json: dict | None = None
    query: dict | Callable[[World], dict] | None = None  # a callable: made from the world


def attack_push(world: World) -> dict:
    """A sync push that puts and deletes every record in the world, by its id."""
    changes = []
    for _label, (kind, record_id) in sorted(world.records.items()):
        fields = {"note": "CANARY-hacked-note"} if kind in ("mark", "contact") else {}
        if kind == "card":
            fields = {"name": "CANARY-hacked-name"}
        if kind == "plan":
            fields = {"travel_minutes": 5}
        if kind == "goal":
            fields = {"seek": ["CANARY-hacked-seek"]}
        if kind == "skip":
            fields = {"name": "CANARY-hacked-skip"}
        if kind == "person":
            fields = {"note": "CANARY-hacked-note", "name": "CANARY-hacked-name"}
        if kind == "interaction":
            fields = {"line": "CANARY-hacked-line", "person_ids": [record_id]}
        if kind == "followup":
            fields = {"draft": "CANARY-hacked-draft", "state": "sent"}
        if kind == "journal":
            fields = {"line": "CANARY-hacked-line", "rating": 5}
        changes.append({"kind": kind, "id": record_id, "op": "put", "fields": fields})
        changes.append({"kind": kind, "id": record_id, "op": "delete"})
    return {"client_id": "ada-phone-0001",
            "changes": [{"seq": 1 + n, **change} for n, change in enumerate(changes)]}


EXPECTATIONS: dict[str, Access] = {
    "static": Access("public"),
    "auth.register": Access("public", form={"email": "new@example.com", "password": PASSWORD}),
    "auth.login": Access("public", form={"email": "ada@example.com", "password": "wrong pw!"}),
    "auth.logout": Access("public"),
    "app_shell.index": Access("public"),
    "app_shell.app": Access("public"),
    "app_shell.manifest": Access("public"),
    "app_shell.constants": Access("public"),
    "app_shell.service_worker": Access("public"),
    "events.list_events": Access("self"),
    "events.create_event": Access("self", form=EVENT_FORM),
    "events.edit_event": Access("owner", form=EVENT_FORM),
    "events.delete_event": Access("owner"),
    "events.show_event": Access("member"),
    "events.share_event": Access("owner"),
    "events.revoke_share": Access("owner"),
    "events.remove_member": Access("owner"),
    "events.allow_rejoin": Access("owner"),
    "events.join_event": Access("token"),
    "events.leave_event": Access("member"),
    "imports.import_attendees": Access("owner", form={"pasted": "CANARY-hacked-person, Spy"}),
    "imports.preview_import": Access("owner"),
    "imports.map_columns": Access("owner", form={"name": "Name"}),
    "imports.choose_statuses": Access("owner", form={"include": "waitlist"}),
    "imports.confirm_import": Access("owner"),
    "imports.cancel_import": Access("owner"),
    "plans.calendar": Access("member"),
    "cards.qr_svg": Access("self"),
    "cards.badge_png": Access("self"),
    "cards.print_badge": Access("self"),
    "contacts.export": Access("self"),
    "followups.export_csv": Access("self"),
    "followups.export_calendar": Access("self"),
    "suggestions.export_csv": Access("member"),
    "account.show_account": Access("self"),
    "account.logout_everywhere": Access("self"),
    "account.export_json": Access("self"),
    "account.change_password": Access("self", form={
        "password": PASSWORD, "new_password": "CANARY-hacked-pw1", "confirm_password":
        "CANARY-hacked-pw1"}),
    "account.delete_account": Access("self", form={"password": PASSWORD}),
    "api.me": Access("self"),
    "api.list_events": Access("self"),
    "api.event_pack": Access("member"),
    "sync_api.push": Access("self", json={}),  # filled with attack_push(world)
    "sync_api.pull": Access("self", query={"client_id": "ada-phone-0001", "since": "0"}),
    # The event goes in the query: Ada's private one, which only Ada may ask about (the
    # matches tests below try every actor on every event).
    "people.matches": Access("self", query=lambda world: {"event_id": world.events["private"]}),
    "people.people_export_csv": Access("self"),
    "people.interactions_export_csv": Access("self"),
    "people.people_export_vcf": Access("self"),
    "journal.show_journal": Access("self"),
    "journal.journal_export_csv": Access("self"),
    "journal.series_export_csv": Access("self"),
    # My answers about an event I may see, never another's entry: members write their own.
    "journal.answer": Access("member", form={"rating": "5", "line": "CANARY-hacked-line"}),
}


def rule_cases():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(rule.endpoint, rule.rule, method,
                               id=f"{method} {rule.rule} ({rule.endpoint})")


def test_every_route_is_in_the_matrix():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - endpoints)
    assert not missing, f"add these routes to EXPECTATIONS: {missing}"
    assert not stale, f"these routes no longer exist: {stale}"


@dataclass(frozen=True)
class Target:
    """The ids one request carries, and what each actor may then do."""

    values: dict
    event: str | None = None  # "private" | "shared" | "missing" | "own" (the actor's own event)
    valid_token: bool = True


def targets(world: World, rule: str, endpoint: str, actor: str) -> list[Target]:
    """Return the id combinations to try for a route: others' ids, missing ids, crossed ids."""
    args = set(re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule))
    base: dict = {}
    if "filename" in args:
        base["filename"] = "css/app.css"
    if "fmt" in args:
        base["fmt"] = "vcf"
    if "user_id" in args:
        base["user_id"] = world.users["bo"]
    if endpoint == "events.join_event":
        return [Target(base | {"token": world.share_token}),
                Target(base | {"token": new_token()}, valid_token=False)]
    if "event_id" not in args:
        return [Target(base)]
    found = []
    for name in ("private", "shared", "missing"):
        event_id = world.events.get(name, MISSING_ID)
        values = base | {"event_id": event_id}
        if "token" in args:
            values["token"] = world.pending.get(name, new_token())
        found.append(Target(values, event=name))
    if "token" in args and actor in ("stranger", "member"):
        # Ada's import token on the actor's own event: the token alone must open nothing.
        own = world.events["eve" if actor == "stranger" else "bo"]
        found.append(Target(base | {"event_id": own, "token": world.pending["private"]},
                            event="own"))
    return found


def expected(scope: str, actor: str, target: Target) -> str:
    """Return "login", "denied" (404), "ok" (below 400) or "any" (below 500, no leak)."""
    if scope == "public":
        return "any"
    if actor == "anonymous":
        return "login"
    if scope == "self":
        return "any"
    if scope == "token":
        return "any" if target.valid_token else "denied"
    if target.event == "own":
        return "any"  # the route is the actor's own; the foreign token is checked by snapshot
    if target.event == "missing":
        return "denied"
    if actor == "owner":
        return "allowed"
    if actor == "member" and scope == "member" and target.event == "shared":
        return "ok"
    return "denied"


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "X-Frame-Options")


def send(client, method: str, url: str, access: Access, world: World, headers=None):
    kwargs = {"headers": headers or {}}
    if method == "POST":
        if access.json is not None:
            kwargs["json"] = attack_push(world) if url.endswith("/sync/push") else access.json
        elif access.form is not None:
            kwargs["data"] = access.form
    if access.query:
        kwargs["query_string"] = access.query(world) if callable(access.query) else access.query
    return client.open(url, method=method, **kwargs)


@pytest.mark.parametrize("endpoint, rule, method", list(rule_cases()))
def test_route_serves_only_whom_it_should(world, world_app, endpoint, rule, method):
    access = EXPECTATIONS[endpoint]
    all_canaries = canaries(world_app)
    is_api = rule.startswith("/api/")
    for actor in ACTORS:
        actor_id = world.users.get(ACTOR_USER.get(actor, ""))
        for target in targets(world, rule, endpoint, actor):
            with world_app.test_request_context():
                url = url_for(endpoint, **target.values)
            before = snapshot(world_app, actor_id) if actor != "owner" else None
            response = send(client_as(world_app, world, actor), method, url, access, world)
            where = f"{actor} {method} {url}"
            status = response.status_code
            assert status < 500, f"{where}: {status}"
            for header in SECURITY_HEADERS:
                assert header in response.headers, f"{where}: no {header}"
            outcome = expected(access.scope, actor, target)
            if outcome == "login":
                if is_api:
                    assert status == 401, f"{where}: {status}"
                else:
                    assert status == 302 and "/auth/login" in response.location, where
            elif outcome == "denied":
                assert status == 404, f"{where}: {status}, expected 404"
            elif outcome == "ok":
                assert status < 400, f"{where}: {status}"
            elif outcome == "allowed":
                assert status != 404, f"{where}: the owner was refused (wrong ids in the test?)"
            shared_visible = (actor in ("member", "owner")
                              or (endpoint == "events.join_event" and target.valid_token
                                  and actor != "anonymous"))
            body = response.get_data().decode("utf-8", "replace") + (response.location or "")
            leaks = leaked(body, all_canaries, allowed_canaries(actor, shared_visible))
            assert not leaks, f"{where} showed {leaks}"
            if before is not None:
                after = snapshot(world_app, actor_id)
                # Public routes may add rows (registering makes an account), never alter any.
                changed = [table for table in before if before[table] != after[table]
                           and not (access.scope == "public" and before[table] <= after[table])]
                assert not changed, f"{where} changed others' rows in {changed}"


@pytest.mark.parametrize("endpoint", ["events.show_event", "api.event_pack",
                                      "events.edit_event", "imports.import_attendees",
                                      "people.matches"])
def test_anothers_event_looks_exactly_like_a_missing_one(world, world_app, endpoint):
    """404 either way, same body: ids do not reveal what exists."""
    client = client_as(world_app, world, "stranger")
    with world_app.test_request_context():
        theirs = client.get(url_for(endpoint, event_id=world.events["private"]))
        missing = client.get(url_for(endpoint, event_id=MISSING_ID))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_data() == missing.get_data()


def test_pull_with_anothers_device_id_tells_nothing(world, world_app):
    client = client_as(world_app, world, "stranger")
    pulled = client.get("/api/sync/pull?client_id=ada-phone-0001&since=0").json
    assert pulled["last_seq"] == 0
    assert {record["fields"].get("name") for record in pulled["records"]} <= {
        "CANARY-eve-card-name", "CANARY-eve-contact-name", "CANARY-eve-person", None}


def test_a_hijacking_push_is_answered_as_if_the_ids_did_not_exist(world, world_app, tmp_path):
    """Every put and delete aimed at someone else's record gets, change by change, the answer
    the same change naming an id that exists nowhere gets; nothing of theirs changes."""
    (tmp_path / "second").mkdir()
    second_app = app_on_copy(world, tmp_path / "second")

    def answers(app, push):
        client = client_as(app, world, "stranger")
        response = client.post("/api/sync/push", json=push)
        assert response.status_code == 200
        return [(item["seq"], item["reason"]) for item in response.json["rejected"]]

    push = attack_push(world)
    nowhere = {"mark": derived_id("mark", MISSING_ID, 1),
               "plan": derived_id("plan", MISSING_ID, 1), "card": derived_id("card", MISSING_ID)}
    others = {record_id for label, (_, record_id) in world.records.items()
              if not label.startswith("eve-")}
    missing = {"client_id": "eve-phone-0002", "changes": [
        change | {"id": nowhere.get(change["kind"], str(uuid.uuid4()))}
        if change["id"] in others else change for change in push["changes"]]}
    before = snapshot(world_app, world.users["eve"])
    assert answers(world_app, push) == answers(second_app, missing)
    assert snapshot(world_app, world.users["eve"]) == before
    with second_app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("export", ["/contacts/export.vcf", "/contacts/export.csv"])
def test_contact_export_of_anothers_event_is_refused(world, world_app, export):
    for actor, event, status in (("stranger", "shared", 404), ("stranger", "private", 404),
                                 ("member", "private", 404), ("member", "shared", 200)):
        client = client_as(world_app, world, actor)
        response = client.get(export, query_string={"event": world.events[event]})
        assert response.status_code == status, (actor, event)
        body = response.get_data(as_text=True)
        assert not leaked(body, canaries(world_app), allowed_canaries(actor, True))


SEES = {"stranger": {"eve"}, "member": {"shared", "bo"}, "owner": {"private", "shared"}}


def test_matches_answer_only_about_events_one_may_see(world, world_app):
    all_canaries = canaries(world_app)
    for actor, visible in SEES.items():
        client = client_as(world_app, world, actor)
        missing = client.get(f"/api/people/matches?event_id={MISSING_ID}")
        for name, event_id in world.events.items():
            response = client.get(f"/api/people/matches?event_id={event_id}")
            if name in visible:
                assert response.status_code == 200, (actor, name)
                assert isinstance(response.json["matches"], list)
            else:
                assert (response.status_code, response.get_data()) == (
                    404, missing.get_data()), (actor, name)
            body = response.get_data(as_text=True)
            assert not leaked(body, all_canaries, allowed_canaries(actor, True)), (actor, name)


def test_a_member_learns_only_which_attendee_has_an_email_they_already_hold(world, world_app):
    shared = world.events["shared"]
    with world_app.app_context():
        attendee = db.session.execute(
            select(Attendee).where(Attendee.event_id == shared)).scalars().first()
        attendee_id, email = attendee.id, attendee.email
        person = str(uuid.uuid4())
        db.session.add(Person(id=person, user_id=world.users["bo"], name="Met elsewhere",
                              emails=[email], version=next_version()))
        db.session.commit()
    member = client_as(world_app, world, "member").get(
        f"/api/people/matches?event_id={shared}")
    assert member.json == {"matches": [[attendee_id, person]]}
    assert email not in member.get_data(as_text=True)
    # Bo's person is nobody else's: Ada, who owns the list, gets no match from it.
    owner = client_as(world_app, world, "owner").get(f"/api/people/matches?event_id={shared}")
    assert owner.json == {"matches": []}


@pytest.mark.parametrize("export", ["/people/people.csv", "/people/interactions.csv",
                                    "/people/people.vcf"])
def test_people_exports_hold_ones_own_people_only(world, world_app, export):
    all_canaries = canaries(world_app)
    for actor in ("stranger", "member", "owner"):
        name = ACTOR_USER[actor]
        body = client_as(world_app, world, actor).get(export).get_data(as_text=True)
        mine = f"CANARY-{name}-interaction-line" if "interactions" in export \
            else f"CANARY-{name}-person"
        assert mine in body, (actor, export)
        assert not leaked(body, all_canaries, (f"canary-{name}-",)), (actor, export)


# ------------------------------------------------------------------------- share links

def test_share_links_are_unguessable(world):
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    # 24 random bytes: 192 bits, URL-safe; guessing one is out of reach.
    assert all(len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)
    assert len(world.share_token) >= 32


def test_share_links_can_be_revoked_and_replaced(world, world_app):
    owner = client_as(world_app, world, "owner")
    stranger = client_as(world_app, world, "stranger")
    event = world.events["shared"]
    owner.post(f"/events/{event}/share/revoke")
    assert stranger.get(f"/events/join/{world.share_token}").status_code == 404
    assert stranger.post(f"/events/join/{world.share_token}").status_code == 404
    owner.post(f"/events/{event}/share")
    with world_app.app_context():
        fresh = db.session.get(Event, event).share_token
    assert fresh and fresh != world.share_token
    assert stranger.get(f"/events/join/{world.share_token}").status_code == 404
    assert stranger.post(f"/events/join/{fresh}").status_code == 302
    assert stranger.get(f"/api/events/{event}/pack").status_code == 200
    # Removing a member takes the access away again.
    owner.post(f"/events/{event}/members/{world.users['eve']}/remove")
    assert stranger.get(f"/api/events/{event}/pack").status_code == 404
    assert stranger.get(f"/events/{event}").status_code == 404


def test_a_removed_member_cannot_rejoin_with_the_same_link(world, world_app):
    owner = client_as(world_app, world, "owner")
    member = client_as(world_app, world, "member")
    event, bo = world.events["shared"], world.users["bo"]
    owner.post(f"/events/{event}/members/{bo}/remove")
    for method in ("GET", "POST"):
        response = member.open(f"/events/join/{world.share_token}", method=method)
        assert response.status_code == 403
        assert "You were removed from this event" in response.get_data(as_text=True)
    assert member.get(f"/api/events/{event}/pack").status_code == 404
    assert event not in [e["id"] for e in member.get("/api/events").json["events"]]
    page = owner.get(f"/events/{event}").get_data(as_text=True)
    assert "Let them rejoin" in page and "bo@example.com" in page
    # Until the owner lets them back.
    owner.post(f"/events/{event}/members/{bo}/allow")
    assert member.post(f"/events/join/{world.share_token}").status_code == 302
    assert member.get(f"/api/events/{event}/pack").status_code == 200


def test_a_removed_member_no_longer_sees_the_events_title_in_exports(world, world_app):
    """Bo met someone at Ada's shared event; Ada removes him and renames the event."""
    owner = client_as(world_app, world, "owner")
    member = client_as(world_app, world, "member")
    event = world.events["shared"]
    owner.post(f"/events/{event}/members/{world.users['bo']}/remove")
    owner.post(f"/events/{event}/edit", data=EVENT_FORM | {"title": "CANARY-shared-renamed"})
    for fmt in ("csv", "vcf"):
        body = member.get(f"/contacts/export.{fmt}").get_data(as_text=True)
        assert "CANARY-bo-contact-name" in body  # his contact stays his
        assert "CANARY-shared-renamed" not in body and "CANARY-shared-title" not in body
    everything = member.get("/account/export.json").get_data(as_text=True)
    assert "CANARY-shared-renamed" not in everything


# --------------------------------------------------------------------------------- CSRF

def test_every_state_changing_route_needs_the_csrf_token(world, tmp_path):
    copy = tmp_path / "csrf.sqlite"
    shutil.copyfile(world.path, copy)
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{copy}"})
    posts = [(rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
             if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert len(posts) > 10
    before = snapshot(app, None)
    for endpoint, rule in posts:
        access = EXPECTATIONS[endpoint]
        client = client_as(app, world, "owner")
        target = targets(world, rule, endpoint, "owner")[0]
        with app.test_request_context():
            url = url_for(endpoint, **target.values)
        for headers in ({}, {"X-CSRFToken": "forged-token"}):
            response = send(client, "POST", url, access, world, headers=headers)
            assert response.status_code == 400, f"POST {url} {headers}: {response.status_code}"
            if rule.startswith("/api/"):
                assert "security token" in response.json["error"]
    assert snapshot(app, None) == before
    with app.app_context():
        db.engine.dispose()


def test_the_real_token_is_accepted(world, tmp_path):
    copy = tmp_path / "csrf.sqlite"
    shutil.copyfile(world.path, copy)
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{copy}"})
    client = client_as(app, world, "owner")
    token = client.get("/api/me").json["csrf_token"]
    response = client.post("/api/sync/push", headers={"X-CSRFToken": token},
                           json={"client_id": "ada-laptop-01", "changes": []})
    assert response.status_code == 200
    shared = world.events["shared"]
    assert client.post(f"/events/{shared}/share/revoke",
                       data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.get(Event, shared).share_token is None
        db.engine.dispose()


# ------------------------------------------------------------------ no inline script, ever

TEMPLATE_FILES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda path: path.name)
def test_templates_hold_no_inline_script_or_handlers(template):
    """The CSP forbids them anyway; a template that needs one would break in the browser."""
    source = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source, re.IGNORECASE), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", source, re.IGNORECASE), "inline event handler"
    assert not re.search(r"\sstyle\s*=", source, re.IGNORECASE), "inline style attribute"
    assert "javascript:" not in source.lower()
    assert "|safe" not in source.replace(" ", ""), "markup from data must stay escaped"


def test_csp_forbids_inline_script_and_eval(world_app):
    headers = world_app.test_client().get("/auth/login").headers
    policy = dict(
        part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'self'"


@pytest.mark.parametrize("base_url, hsts", [("https://companion.example", True),
                                            ("http://localhost", False)])
def test_hsts_is_sent_over_https_only(world_app, base_url, hsts):
    response = world_app.test_client().get("/auth/login", base_url=base_url)
    assert ("Strict-Transport-Security" in response.headers) is hsts
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
