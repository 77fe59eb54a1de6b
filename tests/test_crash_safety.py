"""Killing the process in the middle of an import leaves the whole import or none of it."""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion import create_app
from companion.accounts.service import create_user
from companion.db import db
from companion.models import Event

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 120_000  # a few seconds to read, most of a second to write: time enough to strike
DEADLINE = 120


@pytest.fixture(scope="module")
def big_list(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "attendees.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Name", "Email", "Job Title", "Company", "LinkedIn"])
        for n in range(PEOPLE):
            writer.writerow([f"Person Number {n}", f"person{n}@example.com",
                             "Senior Product Manager", f"Company {n % 977}",
                             f"https://www.linkedin.com/in/person-{n}"])
    return path


@pytest.fixture
def database(tmp_path) -> tuple[Path, int]:
    """A SQLite file with one account and one empty event; the app holds no connection."""
    path = tmp_path / "companion.sqlite"
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        user = create_user("ada@example.com", "correct horse battery")
        db.session.flush()
        event = Event(owner_id=user.id, title="Big night", timezone="UTC",
                      starts_at=datetime(2030, 1, 1, tzinfo=UTC))
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        db.engine.dispose()
    return path, event_id


def start_import(path: Path, event_id: int, csv_path: Path) -> subprocess.Popen:
    env = {**os.environ, "COMPANION_SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
           "COMPANION_SECRET_KEY": "x", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "companion", "import-attendees",
         str(event_id), str(csv_path)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def wal_size(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def inspect_database(path: Path, event_id: int) -> tuple[str, int, int, str]:
    """Open the file as the next process would (SQLite recovers the WAL) and read it."""
    connection = sqlite3.connect(path)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        count = connection.execute(
            "SELECT count(*) FROM attendees WHERE event_id = ?", (event_id,)).fetchone()[0]
        version = connection.execute(
            "SELECT pack_version FROM events WHERE id = ?", (event_id,)).fetchone()[0]
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()
    return integrity, count, version, mode


@pytest.mark.parametrize("strike_at_wal_bytes", [64 * 1024, 8 * 1024 * 1024])
def test_killed_import_leaves_all_or_nothing(database, big_list, strike_at_wal_bytes):
    path, event_id = database
    process = start_import(path, event_id, big_list)
    started = time.monotonic()
    try:
        # Wait until the write is under way: the WAL fills with the import's pages.
        while wal_size(path) < strike_at_wal_bytes:
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace")
                pytest.fail(f"the import ended before it could be interrupted: {output}")
            if time.monotonic() - started > DEADLINE:
                pytest.fail("the import never started writing")
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    integrity, count, version, mode = inspect_database(path, event_id)
    assert integrity == "ok"
    assert mode == "wal"
    assert count in (0, PEOPLE), f"half an import survived: {count} of {PEOPLE}"
    assert version == (1 if count == 0 else 2)  # the event changed with its list, or not at all

    # The file is healthy: the same import now runs to the end.
    rerun = start_import(path, event_id, big_list)
    output, _ = rerun.communicate(timeout=DEADLINE)
    assert rerun.returncode == 0, output.decode(errors="replace")
    integrity, count, _, _ = inspect_database(path, event_id)
    assert (integrity, count) == ("ok", PEOPLE)
