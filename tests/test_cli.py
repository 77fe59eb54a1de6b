"""The administration and scripting commands, run as `flask --app companion <command>` would."""

import json
from datetime import UTC, datetime

import click
import pytest
from sqlalchemy import func, inspect, select

from companion import create_app
from companion.accounts.service import authenticate
from companion.db import db
from companion.imports.service import parse_import
from companion.models import Attendee, Event

from .conftest import FIXTURES


def companion_commands() -> list[str]:
    """Return every command the app adds to `flask` (not Flask's own), read from the CLI."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        commands = app.cli.list_commands(click.Context(app.cli))
        return sorted(name for name in commands
                      if app.cli.get_command(click.Context(app.cli), name)
                      .callback.__module__.startswith("companion."))


def test_the_cli_has_the_documented_commands():
    assert companion_commands() == sorted(
        ["init-db", "create-user", "create-event", "import-attendees", "demo", "backup"])


@pytest.mark.parametrize("command", companion_commands())
def test_every_command_has_help(runner, command):
    result = runner.invoke(args=[command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_init_db_runs_the_migrations_on_an_empty_database(tmp_path):
    # Not the `app` fixture: its database already has every table from create_all().
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite'}"})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"users", "events", "attendees", "pending_imports"} <= tables


def test_create_user(app, runner):
    result = runner.invoke(args=["create-user", "Zoe@Example.com", "--password", "long enough pw"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert authenticate("zoe@example.com", "long enough pw") is not None


@pytest.mark.parametrize(("args", "message"), [
    (["not-an-email", "--password", "long enough pw"], "valid email"),
    (["ada@example.com", "--password", "long enough pw"], "already exists"),
    (["new@example.com", "--password", "short"], "at least 8"),
])
def test_create_user_refusals(runner, user, args, message):
    result = runner.invoke(args=["create-user", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_create_event_prints_the_id(app, runner, user):
    result = runner.invoke(args=[
        "create-event", "--owner", "ada@example.com", "--title", "PM Night",
        "--start", "2026-12-03T19:00", "--end", "2026-12-03T21:30-05:00",
        "--tz", "America/Toronto", "--kind", "talk-first", "--networking-start",
        "2026-12-03T19:45",
    ])
    assert result.exit_code == 0, result.output
    event_id = int(result.output.strip())
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.starts_at == datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
        assert event.ends_at == datetime(2026, 12, 4, 2, 30, tzinfo=UTC)
        assert event.networking_starts_at == datetime(2026, 12, 4, 0, 45, tzinfo=UTC)
        assert (event.kind, event.owner_id) == ("talk-first", user)


@pytest.mark.parametrize(("changes", "message"), [
    ({"--owner": "nobody@example.com"}, "No account"),
    ({"--tz": "Mars/Base"}, "not a known time zone"),
    ({"--end": "2026-12-03T18:00"}, "after the start"),
    ({"--kind": "party"}, "kind must be one of"),
])
def test_create_event_refusals(app, runner, user, changes, message):
    options = {"--owner": "ada@example.com", "--title": "T", "--start": "2026-12-03T19:00",
               "--end": "2026-12-03T21:00", "--tz": "America/Toronto"} | changes
    result = runner.invoke(args=["create-event", *[x for pair in options.items() for x in pair]])
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.execute(select(func.count(Event.id))).scalar() == 0


def attendee_count(app):
    with app.app_context():
        return db.session.execute(select(func.count(Attendee.id))).scalar()


@pytest.mark.parametrize("filename", [
    "luma-guests.csv", "eventbrite-attendees.csv", "meetup-attendees.csv",
    "generic-attendees.csv", "pasted-attendees.txt",
])
def test_import_attendees_json(app, runner, make_event, filename):
    event_id = make_event()
    expected = parse_import((FIXTURES / filename).read_bytes(), filename=filename)
    args = ["import-attendees", str(event_id), str(FIXTURES / filename), "--json"]
    dry = json.loads(runner.invoke(args=[*args, "--dry-run"]).output)
    assert dry["imported"] == len(expected.people)
    assert attendee_count(app) == 0
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert output == {
        "format": expected.format, "imported": len(expected.people), "updated": 0,
        "attending": len(expected.people), "statuses": expected.statuses, "included": [],
        "skipped": [{"row": note.row, "reason": note.reason} for note in expected.skipped],
        "not_attending": [{"row": note.row, "status": note.status, "reason": note.reason}
                          for note in expected.not_attending],
        "folded": [{"row": note.row, "reason": note.reason} for note in expected.folded],
        "warnings": [{"row": note.row, "reason": note.reason} for note in expected.warnings],
    }
    assert attendee_count(app) == len(expected.people)
    again = json.loads(runner.invoke(args=args).output)
    assert (again["imported"], again["updated"]) == (0, 0)


def test_import_attendees_text_output_and_update(app, runner, make_event, tmp_path):
    event_id = make_event()
    path = tmp_path / "list.csv"
    path.write_text("Name,Title\nAna Silva,PM\nBen Carter,Designer\nBen Carter,Designer\n")
    result = runner.invoke(args=["import-attendees", str(event_id), str(path)])
    assert result.exit_code == 0
    assert "Imported 2 new, updated 0" in result.output
    assert ("Folded row 4: same name as row 3, and no email, id or profile link tells them "
            "apart: folded into one") in result.output
    path.write_text("Name,Title\nAna Silva,Head of Product\n")
    result = runner.invoke(args=["import-attendees", str(event_id), str(path), "--json"])
    assert json.loads(result.output)["updated"] == 1
    assert attendee_count(app) == 2


def test_import_attendees_reports_who_is_not_attending_and_includes_on_request(
        app, runner, make_event, tmp_path):
    event_id = make_event()
    path = tmp_path / "luma.csv"
    path.write_text("api_id,name,email,approval_status\n"
                    "g1,Ana Silva,ana@example.com,approved\n"
                    "g2,Ben Carter,ben@example.com,pending_approval\n"
                    "g3,Cleo Diaz,cleo@example.com,waitlist\n"
                    "g4,Dev Patel,dev@example.com,declined\n")
    args = ["import-attendees", str(event_id), str(path), "--json", "--dry-run"]
    report = json.loads(runner.invoke(args=args).output)
    assert (report["imported"], report["attending"]) == (1, 1)
    assert report["statuses"] == {"attending": 1, "pending": 1, "waitlist": 1, "declined": 1}
    assert report["not_attending"] == [
        {"row": 3, "status": "pending", "reason": "marked “pending_approval” in approval_status"},
        {"row": 4, "status": "waitlist", "reason": "marked “waitlist” in approval_status"},
        {"row": 5, "status": "declined", "reason": "marked “declined” in approval_status"},
    ]
    report = json.loads(runner.invoke(args=[*args, "--include", "waitlist",
                                            "--include", "pending"]).output)
    assert (report["imported"], report["included"]) == (3, ["pending", "waitlist"])
    assert [row["status"] for row in report["not_attending"]] == ["declined"]
    refused = runner.invoke(args=[*args, "--include", "declined"])
    assert refused.exit_code != 0 and "declined" in refused.output
    text = runner.invoke(args=args[:-2]).output
    assert "By status: Attending 1, Pending approval 1, Waitlist 1, Declined 1" in text
    assert "Not attending row 5: marked “declined” in approval_status" in text


def test_import_attendees_with_a_mapping(app, runner, make_event, tmp_path):
    event_id = make_event()
    path = tmp_path / "odd.csv"
    path.write_text("Col A,Col B\nAna Silva,PM\n")
    refused = runner.invoke(args=["import-attendees", str(event_id), str(path)])
    assert refused.exit_code == 1
    assert "Col A, Col B" in refused.output and "--mapping" in refused.output
    result = runner.invoke(args=["import-attendees", str(event_id), str(path), "--json",
                                 "--mapping", "name=Col A", "--mapping", "title=Col B"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["imported"] == 1
    bad = runner.invoke(args=["import-attendees", str(event_id), str(path), "--mapping", "age=X"])
    assert bad.exit_code == 2 and "--mapping" in bad.output


@pytest.mark.parametrize(("content", "name", "fragment"), [
    (b"", "empty.csv", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "list.csv", "PNG"),
    (bytes(range(256)) * 4, "list.txt", "not text"),
    (b"Name,Email\n", "list.csv", "no attendees"),
])
def test_import_attendees_broken_file_exits_nonzero_with_one_line(app, runner, make_event,
                                                                  tmp_path, content, name,
                                                                  fragment):
    event_id = make_event()
    path = tmp_path / name
    path.write_bytes(content)
    for extra in ([], ["--json"]):
        result = runner.invoke(args=["import-attendees", str(event_id), str(path), *extra])
        assert result.exit_code == 1
        assert fragment in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert attendee_count(app) == 0


def test_import_attendees_unknown_event(runner, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Name\nAna\n")
    result = runner.invoke(args=["import-attendees", "999", str(path)])
    assert result.exit_code == 1 and "No event with id 999" in result.output


def test_demo_prints_the_login_and_how_to_start(app, runner):
    # As in the README's first command: demo starts from a database with no schema at all.
    with app.app_context():
        db.drop_all()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "demo@companion.test" in result.output and "companion-demo" in result.output
    assert "flask --app companion run" in result.output
    assert "http://localhost:5000" in result.output
