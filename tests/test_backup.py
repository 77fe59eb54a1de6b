"""Back up with `flask --app companion backup`, restore by replacing the file: nothing is lost."""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from companion import create_app
from companion.accounts.service import create_user
from companion.db import db

from .conftest import PASSWORD, log_in
from .test_access_matrix import snapshot

ROOT = Path(__file__).resolve().parent.parent


def make_app(path: Path, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                       "SESSION_COOKIE_SECURE": False,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", **config})


def stop(app) -> None:
    """What stopping the server does to the database: every connection closed."""
    with app.app_context():
        db.engine.dispose()


def fill(app) -> None:
    """An account with an event, attendees, a mark and a contact, made through the app."""
    with app.app_context():
        db.create_all()
        create_user("ada@example.com", PASSWORD, "Ada")
        db.session.commit()
    client = app.test_client()
    log_in(client)
    client.post("/events/new", data={
        "title": "Product Night", "timezone": "Europe/Paris", "start": "2026-12-10T18:30",
        "end": "2026-12-10T21:00", "kind": "networking"})
    upload = client.post("/events/1/import", data={"pasted": "Mateo García, PM, Acme\nNadia"})
    client.post(upload.location)
    pack = client.get("/api/events/1/pack").json
    attendee = pack["attendees"]["id"][0]  # the first id comes whole, later ones as steps
    me = client.get("/api/me").json["user"]["id"]
    from companion.models import derived_id

    client.post("/api/sync/push", json={"client_id": "backup-device", "changes": [
        {"seq": 1, "kind": "mark", "op": "put", "id": derived_id("mark", me, attendee),
         "fields": {"event_id": 1, "attendee_id": attendee, "note": "Ask about pricing"}},
        {"seq": 2, "kind": "contact", "op": "put", "id": str(uuid.uuid4()),
         "fields": {"name": "Wei Chen", "source": "scan"}},
    ]})


def backup(app, target: Path, *args: str):
    return app.test_cli_runner().invoke(args=["backup", str(target), *args])


def test_backup_has_help(tmp_path):
    result = make_app(tmp_path / "x.sqlite").test_cli_runner().invoke(args=["backup", "--help"])
    assert result.exit_code == 0 and "restore" in result.output.lower()


def test_restore_brings_back_exactly_what_was_backed_up(tmp_path):
    live = tmp_path / "instance" / "companion.sqlite"
    live.parent.mkdir()
    app = make_app(live)
    fill(app)
    saved = snapshot(app, None)
    copy = tmp_path / "backups" / "companion-backup.sqlite"
    copy.parent.mkdir()
    result = backup(app, copy)
    assert result.exit_code == 0, result.output
    assert "1 accounts, 1 events and 2 attendees" in result.output

    # Life goes on after the backup: more data, a deleted event, a new password.
    client = app.test_client()
    log_in(client)
    client.post("/api/sync/push", json={"client_id": "backup-device", "changes": [
        {"seq": 3, "kind": "contact", "op": "put", "id": str(uuid.uuid4()),
         "fields": {"name": "After the backup", "source": "manual"}}]})
    client.post("/events/1/delete")
    client.post("/account/password", data={"password": PASSWORD, "new_password": "newer pass 1",
                                           "confirm_password": "newer pass 1"})
    assert snapshot(app, None) != saved

    # The documented restore: stop the server, replace the file, delete -wal and -shm, start.
    stop(app)
    shutil.copyfile(copy, live)
    for suffix in ("-wal", "-shm"):
        live.with_name(live.name + suffix).unlink(missing_ok=True)
    restored = make_app(live)
    assert snapshot(restored, None) == saved
    client = restored.test_client()
    assert log_in(client).status_code == 302  # the password of the backup's time
    assert client.get("/api/events/1/pack").json["event"]["title"] == "Product Night"
    stop(restored)


def test_the_copy_holds_only_committed_data_even_mid_write(tmp_path):
    live = tmp_path / "companion.sqlite"
    app = make_app(live)
    fill(app)
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE events SET title = 'half-written' WHERE id = 1")
    try:
        result = backup(app, tmp_path / "copy.sqlite")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT title FROM events").fetchall() == [("Product Night",)]
    copy.close()


def test_backup_never_overwrites_by_accident(tmp_path):
    app = make_app(tmp_path / "companion.sqlite")
    fill(app)
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"an older backup")
    result = backup(app, target)
    assert result.exit_code != 0 and "--force" in result.output
    assert target.read_bytes() == b"an older backup"
    assert backup(app, target, "--force").exit_code == 0
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not (tmp_path / "copy.sqlite.partial").exists()


@pytest.mark.parametrize("uri", ["postgresql://companion@localhost/companion", "sqlite://"])
def test_backup_of_anything_but_a_sqlite_file_says_what_to_use(tmp_path, uri):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": uri})
    result = backup(app, tmp_path / "copy.sqlite")
    assert result.exit_code != 0 and "pg_dump" in result.output
    assert not (tmp_path / "copy.sqlite").exists()


def test_the_documented_command_works_against_a_running_server(tmp_path):
    """`flask --app companion backup PATH`, configured as the README says, while an app is up."""
    live = tmp_path / "companion.sqlite"
    app = make_app(live)
    fill(app)
    client = app.test_client()
    log_in(client)  # the server keeps its connections open meanwhile
    env = {**os.environ, "COMPANION_SQLALCHEMY_DATABASE_URI": f"sqlite:///{live}",
           "COMPANION_SECRET_KEY": "x", "PYTHONPATH": str(ROOT)}
    copy = tmp_path / "nightly.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "companion", "backup", str(copy)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert client.get("/api/events").json["events"][0]["title"] == "Product Night"
    restored = make_app(copy)
    assert snapshot(restored, None) == snapshot(app, None)
    stop(restored)
    stop(app)
