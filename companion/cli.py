"""Administration and scripting: `flask --app companion <command>` (each has --help)."""

import json
import os
import sqlite3
from pathlib import Path

import click
import flask_migrate
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, make_url, select

from .accounts.service import AccountError, create_user, find_user
from .db import db
from .demo.service import seed_demo
from .events.fields import FieldErrors, parse_event_fields
from .events.service import create_event as add_event
from .imports.model import MAPPING_FIELDS, ImportProblem, NeedsMapping
from .imports.service import import_changes, parse_import, save_people
from .imports.statuses import INCLUDABLE
from .imports.statuses import LABELS as STATUS_LABELS
from .models import Attendee, Event, User


def init_app(app) -> None:
    """Register the commands on the app."""
    for command in (init_db, create_user_command, create_event, import_attendees, demo, backup):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the database schema by running the migrations."""
    upgrade_schema()
    click.echo("The database schema is up to date.")


def upgrade_schema() -> None:
    directory = current_app.config["MIGRATIONS_DIR"]
    if not (Path(directory) / "env.py").exists():
        raise click.ClickException(f"No migrations found in {directory}.")
    flask_migrate.upgrade(directory=directory)


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 8 characters; asked for when not given.")
@click.option("--name", default="", help="The name on the user's card.")
def create_user_command(email: str, password: str, name: str):
    """Create an account that logs in with EMAIL and the password."""
    try:
        user = create_user(email, password, name)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.email} (user {user.id}).")


@click.command("create-event")
@with_appcontext
@click.option("--owner", required=True, help="Email of the account that owns the event.")
@click.option("--title", required=True)
@click.option("--start", required=True,
              help="ISO time; with an offset (2026-12-03T19:00-05:00) or wall-clock in --tz.")
@click.option("--end", required=True, help="ISO time, like --start.")
@click.option("--tz", "timezone", required=True, help="IANA time zone, e.g. America/Toronto.")
@click.option("--kind", default="networking", show_default=True,
              help="networking, talk-first or conference.")
@click.option("--networking-start", default="", help="ISO time the networking part starts.")
@click.option("--venue", default="")
@click.option("--address", default="")
@click.option("--url", default="", help="The event page (http or https).")
def create_event(owner: str, **values):
    """Create an event and print its id."""
    user = find_user(owner)
    if user is None:
        raise click.ClickException(f"No account with the email {owner}.")
    try:
        fields = parse_event_fields(values)
    except FieldErrors as error:
        raise click.ClickException(" ".join(error.errors.values())) from None
    event = add_event(user, fields)
    db.session.commit()
    click.echo(event.id)


def parse_mapping(pairs: tuple[str, ...]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or field.strip() not in MAPPING_FIELDS:
            raise click.BadParameter(
                f"use FIELD=Header with FIELD one of {', '.join(MAPPING_FIELDS)}",
                param_hint="--mapping",
            )
        mapping[field.strip()] = header.strip()
    return mapping or None


@click.command("import-attendees")
@with_appcontext
@click.argument("event_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--mapping", multiple=True, metavar="FIELD=Header",
              help="Which column holds a field (repeatable); forces the generic CSV reading.")
@click.option("--include", multiple=True, type=click.Choice(INCLUDABLE),
              help="Also import the rows with this status (repeatable): the waitlist, or the "
                   "guests pending approval.")
def import_attendees(event_id: int, file: Path, dry_run: bool, as_json: bool, mapping, include):
    """Import an attendee list (Luma, Eventbrite, Meetup, Tito, Zoom, any CSV, or a text list).

    Only the rows of people attending are imported: pending, waitlisted, invited, declined,
    cancelled, refunded and void rows are counted and listed, not saved (--include brings in
    the waitlist or the pending ones). A file that cannot be imported exits with status 1 and
    a one-line reason; nothing is saved.
    """
    event = db.session.get(Event, event_id)
    if event is None:
        raise click.ClickException(f"No event with id {event_id}.")
    try:
        preview = parse_import(file.read_bytes(), filename=file.name,
                               mapping=parse_mapping(mapping), include=include)
    except NeedsMapping as need:
        columns = ", ".join(need.columns)
        raise click.ClickException(
            f"{need} Columns: {columns}. Pass --mapping name=Header (and others)."
        ) from None
    except ImportProblem as problem:
        raise click.ClickException(str(problem)) from None
    if dry_run:
        changes = import_changes(event.id, preview.people)
        created, updated = len(changes.inserts), len(changes.updates)
    else:
        created, updated = save_people(event, preview.people)
        db.session.commit()
    if as_json:
        click.echo(json.dumps(import_report(preview, created, updated), ensure_ascii=False))
        return
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {created} new, updated {updated} ({preview.format}, "
               f"{len(preview.people)} people in the file).")
    if preview.statuses:
        click.echo("By status: " + ", ".join(
            f"{STATUS_LABELS[name]} {count}" for name, count in sorted(
                preview.statuses.items(), key=lambda item: list(STATUS_LABELS).index(item[0]))))
    for label, notes in (("Skipped", preview.skipped), ("Not attending", preview.not_attending),
                         ("Folded", preview.folded), ("Note on", preview.warnings)):
        for note in notes:
            click.echo(f"{label} row {note.row}: {note.reason}")


def import_report(preview, created: int, updated: int) -> dict:
    """Return what `import-attendees --json` prints: the counts, and every row left out."""
    def rows(notes, *, status=False):
        return [{"row": note.row, **({"status": note.status} if status else {}),
                 "reason": note.reason} for note in notes]

    return {
        "format": preview.format, "imported": created, "updated": updated,
        "attending": len(preview.people), "statuses": preview.statuses,
        "included": sorted(preview.included),
        "skipped": rows(preview.skipped), "not_attending": rows(preview.not_attending, status=True),
        "folded": rows(preview.folded), "warnings": rows(preview.warnings),
    }


@click.command("demo")
@with_appcontext
def demo():
    """Create the schema, the demo account and its event (running it again changes nothing)."""
    upgrade_schema()
    email, password, event_id = seed_demo()
    click.echo(f"Demo ready: log in at http://localhost:5000 as {email} with password {password}")
    click.echo(f"(demo event {event_id}; start the server with: flask --app companion run)")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH when it already exists.")
def backup(path: Path, force: bool):
    """Copy the SQLite database to PATH, safely, while the server keeps running.

    Uses SQLite's online backup: the copy is one consistent moment, checked before it is kept.
    To restore: stop the server, replace the database file with the copy, delete the -wal and
    -shm files beside it, start the server (README: Backup and restore).
    """
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(
            "backup copies a SQLite database file; for PostgreSQL use pg_dump."
        )
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; pass --force to replace it.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        with db.engine.connect() as connection:
            connection.connection.driver_connection.backup(target)
        verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"The copy failed its integrity check ({verdict}).")
    os.replace(partial, path)  # a half-written copy never carries the final name
    users, events, attendees = (
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Event, Attendee)
    )
    click.echo(f"Backed up {users} accounts, {events} events and {attendees} attendees to {path} "
               f"({path.stat().st_size / 1024 / 1024:.1f} MB).")
