"""Time the attendee import against the plainest possible import of the same file.

The app's import reads the CSV the way an owner's upload is read (header recognition, cleaning,
formula and address checks, duplicates folded) and saves it in one transaction. The baseline
reads the same bytes with `csv.reader` and writes the same rows into the same table with one
sqlite3 `executemany`: the floor any import in Python could reach.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.schema import CreateIndex, CreateTable

from . import synthetic

BENCH_EMAIL = "organiser@example.com"
BENCH_PASSWORD = "benchmark-password"


SMALL_EVENT = 40  # a meetup: the same app with a list that costs nothing, for comparison


@dataclass
class ImportedDatabase:
    """The SQLite file the app's import wrote, ready to be served: the big event and a meetup."""

    url: str
    event_id: int
    attendees: int
    small_event_id: int


def fresh_sqlite(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def baseline_seconds(data: bytes, path: Path) -> float:
    """Import with nothing but csv.reader and one executemany into the attendees table."""
    from companion.models import Attendee

    fresh_sqlite(path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")  # as the app's database runs
    from sqlalchemy.dialects import sqlite

    table = Attendee.__table__
    connection.execute(str(CreateTable(table).compile(dialect=sqlite.dialect())))
    for index in table.indexes:
        connection.execute(str(CreateIndex(index).compile(dialect=sqlite.dialect())))
    connection.commit()
    started = time.perf_counter()
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    column = {name: i for i, name in enumerate(next(reader))}
    first, last, email = column["First Name"], column["Last Name"], column["Email"]
    title, company = column["Job Title"], column["Company"]
    # The lean export of --sizes (synthetic.LEAN_HEADER) has no website nor second question.
    linkedin, website = column["LinkedIn profile"], column.get("Website")
    questions = [(column[q], q) for q in (synthetic.GOAL_QUESTION, synthetic.INDUSTRY_QUESTION)
                 if q in column]
    connection.executemany(
        "INSERT INTO attendees (event_id, key, position, name, title, company, email, linkedin,"
        " url, is_host, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((1, f"email:{row[email]}", position, f"{row[first]} {row[last]}", row[title],
          row[company], row[email], row[linkedin], "" if website is None else row[website], False,
          json.dumps([[q, row[i]] for i, q in questions if row[i]], ensure_ascii=False))
         for position, row in enumerate(reader)),
    )
    connection.commit()
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def app_import_seconds(data: bytes, url: str) -> tuple[float, ImportedDatabase]:
    """Import into the database at `url` (emptied first) the way confirming an upload does."""
    from companion import create_app
    from companion.accounts.service import create_user
    from companion.db import db
    from companion.imports.service import parse_import, save_people
    from companion.models import Event

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        user = create_user(BENCH_EMAIL, BENCH_PASSWORD, "Organiser")
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        event = Event(owner_id=user.id, title="Synthetic Summit", starts_at=start,
                      ends_at=start + timedelta(hours=9), timezone="America/Toronto",
                      kind="conference", venue="Convention Centre")
        db.session.add(event)
        db.session.commit()
        started = time.perf_counter()
        preview = parse_import(data, filename="attendees.csv")
        created, _ = save_people(event, preview.people)
        db.session.commit()
        seconds = time.perf_counter() - started
        meetup = Event(owner_id=user.id, title="Product Meetup", starts_at=start,
                       ends_at=start + timedelta(hours=3), timezone="America/Toronto")
        db.session.add(meetup)
        db.session.flush()
        save_people(meetup, preview.people[:SMALL_EVENT])
        db.session.commit()
        imported = ImportedDatabase(url, event.id, created, meetup.id)
        db.engine.dispose()
    return seconds, imported


def measure(data: bytes, workdir: Path, repeats: int) -> dict:
    """Return the best of `repeats` runs of each, run in turns so both see the same machine."""
    ours, theirs, imported = [], [], None
    for _ in range(repeats):
        theirs.append(baseline_seconds(data, workdir / "baseline.sqlite"))
        seconds, imported = app_import_seconds(
            data, f"sqlite:///{fresh_sqlite(workdir / 'app.sqlite')}")
        ours.append(seconds)
    return {"seconds": min(ours), "baseline_seconds": min(theirs), "database": imported,
            "runs": ours, "baseline_runs": theirs}
