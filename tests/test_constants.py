"""The constants the browser shares with the server are written once, in Python, and served."""

import json
import re
from pathlib import Path

from companion.models import Card, Mark, Plan
from companion.shell.constants import browser_constants, constants_module
from companion.sync.fields import SCHEMA, ChangeRejected

EXPORT = re.compile(r"^export const (\w+) = (?:Object\.freeze\((.*)\)|(.*));$")


def served(client) -> dict:
    response = client.get("/app/constants.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    values = {}
    for line in response.get_data(as_text=True).splitlines()[1:]:
        name, frozen, plain = EXPORT.match(line).groups()
        values[name] = json.loads(frozen or plain)
    return values


def test_the_module_serves_every_constant_as_python_holds_it(client):
    assert served(client) == json.loads(json.dumps(browser_constants()))


def test_the_module_is_precached_with_the_shell(client):
    worker = client.get("/service-worker.js").get_data(as_text=True)
    assert '"url": "/app/constants.js"' in worker


def test_field_limits_are_the_limits_the_server_enforces():
    limits = browser_constants()["FIELD_LIMITS"]
    for kind, fields in limits.items():
        for name, limit in fields.items():
            coerce = SCHEMA[kind][name]
            value = "https://x.example/" + "a" * (limit - 18) if "link" in name or name in (
                "url", "website") else "a" * limit
            coerce(name, value)
            try:
                coerce(name, value + "a")
            except ChangeRejected:
                continue
            raise AssertionError(f"{kind}.{name} accepted more than {limit} characters")


def test_record_defaults_are_what_the_database_fills_in(app):
    defaults = browser_constants()["RECORD_DEFAULTS"]
    from companion.db import db

    with app.app_context():
        from datetime import UTC, datetime

        from companion.models import Attendee, Event, User

        user = User(email="d@example.com", password_hash="x")
        db.session.add(user)
        db.session.flush()
        event = Event(owner_id=user.id, title="E", starts_at=datetime.now(UTC), timezone="UTC")
        db.session.add(event)
        db.session.flush()
        attendee = Attendee(event_id=event.id, key="k", name="A")
        db.session.add(attendee)
        db.session.flush()
        rows = {
            "mark": Mark(id="m", user_id=user.id, event_id=event.id, attendee_id=attendee.id),
            "card": Card(id="c", user_id=user.id),
            "plan": Plan(id="p", user_id=user.id, event_id=event.id),
        }
        db.session.add_all(rows.values())
        db.session.flush()
        for kind, row in rows.items():
            assert {name: getattr(row, name) for name in defaults[kind]} == defaults[kind]
        db.session.rollback()


def test_the_module_is_valid_javascript_text():
    source = constants_module()
    assert source.startswith("// Written by the server")
    assert all(EXPORT.match(line) for line in source.splitlines()[1:])


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def test_no_browser_module_spells_a_shared_constant_again():
    static_js = Path(__file__).resolve().parent.parent / "static" / "js"
    sources = {path: path.read_text() for path in static_js.rglob("*.js")}
    constants = browser_constants()
    long_strings = {text for text in strings_in(constants) if len(text) >= 16}
    for path, source in sources.items():
        for text in long_strings:
            assert text not in source, f"{path.name} spells out {text[:40]!r}"
        for name in constants:
            assert not re.search(rf"\bconst {name} = [\[{{'\"0-9]", source), (
                f"{path.name} declares {name}: import it from /app/constants.js")
