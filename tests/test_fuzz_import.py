"""Hostile attendee lists: any bytes give a preview or a clear message; never a crash, never half
a save."""

import csv
import io
import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from companion.db import db
from companion.imports.model import ImportProblem, ParsedAttendee, Preview
from companion.imports.pasted import parse_pasted
from companion.imports.service import parse_import, unique_people
from companion.models import Attendee, Event, PendingImport

from .conftest import log_in

# COMPANION_FUZZ_SCALE=20 runs twenty times the examples, for a deeper hunt than every push needs.
SCALE = int(os.environ.get("COMPANION_FUZZ_SCALE", "1"))
FAST = settings(max_examples=150 * SCALE, deadline=None)
WEB = settings(max_examples=25 * SCALE, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture])

HEADERS = [
    "Name", "name", "Full Name", "First Name", "Last Name", "Email", "E-mail", "Company",
    "Organization", "Job Title", "Title", "LinkedIn", "Website", "approval_status",
    "Attendee Status", "Host", "RSVP", "Guests", "", "Notes", "名前",
]
NASTY_CELLS = [
    "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil\")", "+1 416 555 0100", "-", "@SUM(A1)",
    "N/A", "<b>bold</b>", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
    "javascript:alert(1)", "linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/x",
    "ada@example.com", "\"", "a,b;c\td", "two\nlines", "\x00", "\ufeff", "\u202e", "x" * 700,
    "approved", "declined", "Yes", "PM at Acme", "Zoë — Founder at Ünïcødé",
]
cells = st.one_of(st.text(max_size=30), st.sampled_from(NASTY_CELLS))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-32"]


@st.composite
def csv_files(draw) -> bytes:
    """A CSV as exports (and people) write them: known and odd headers, any cells, any codec."""
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)),
                           min_size=1, max_size=7))
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    buffer = io.StringIO()
    if draw(st.booleans()):
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(
            st.sampled_from(["\r\n", "\n", "\r"])))
        writer.writerow(header)
        writer.writerows(rows)
    else:  # hand-joined: unbalanced quotes, stray delimiters
        for row in [header, *rows]:
            buffer.write(delimiter.join(row) + "\n")
    text = buffer.getvalue()
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # now and then, damage the bytes
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut:]
    return data


def check_preview(preview: Preview) -> None:
    """What any successful reading must look like, whatever came in."""
    assert isinstance(preview, Preview)
    for person in preview.people:
        assert isinstance(person, ParsedAttendee)
        assert person.name and len(person.name) <= 200
        for value in (person.name, person.title, person.company):
            # No control character (C0, DEL, C1) reaches a name, title or company.
            assert not re.search(r"[\x00-\x1f\x7f-\x9f]", value), repr(value)
            assert len(value) <= 500
        assert not person.name.startswith("=")
        for link in (person.linkedin, person.url):
            assert link == "" or link.startswith(("https://", "http://")), link
        assert person.email == "" or "@" in person.email
    for note in [*preview.skipped, *preview.warnings]:
        assert note.row >= 1 and note.reason


def read(data: bytes, **kwargs) -> Preview | None:
    try:
        preview = parse_import(data, **kwargs)
    except ImportProblem as problem:
        message = str(problem)
        assert message.strip() and len(message) < 1000
        return None
    check_preview(preview)
    return preview


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["list.csv", "list.txt", "list", "x.tsv"]))
@example(b"", "list.csv")
@example(b"\xff\xfe\x00", "list.csv")
@example(b"PK\x03\x04rest", "list.csv")
@example(b"Name\n" + b"\x00" * 10, "list.csv")
def test_any_bytes_give_a_preview_or_a_message(data, filename):
    read(data, filename=filename)


@FAST
@given(csv_files(), st.sampled_from(["list.csv", "export.txt"]))
def test_any_csv_gives_a_preview_or_a_message(data, filename):
    read(data, filename=filename)


@FAST
@given(csv_files(), st.dictionaries(
    st.sampled_from(["name", "first_name", "last_name", "title", "company", "title_company",
                     "email", "linkedin", "url"]),
    st.one_of(st.sampled_from(HEADERS), st.text(max_size=8)), max_size=4))
def test_any_mapping_gives_a_preview_or_a_message(data, mapping):
    read(data, filename="list.csv", mapping=mapping)


@FAST
@given(st.lists(st.one_of(cells, st.builds(
    lambda name, title, company, sep: f"{name}{sep}{title} at {company}",
    cells, cells, cells, st.sampled_from([", ", " — ", " | ", " - "]))), max_size=15))
def test_any_pasted_list_gives_a_preview_or_a_message(lines):
    text = "\n".join(lines)
    try:
        preview = parse_pasted(text)
    except ImportProblem as problem:
        assert str(problem)
        return
    check_preview(preview)
    read(text.encode("utf-8"), pasted=True)


# ------------------------------------------------------------------ through the web pages

def fresh_event(app, owner_id: int) -> int:
    from datetime import UTC, datetime

    with app.app_context():
        event = Event(owner_id=owner_id, title="Fuzz night", timezone="UTC",
                      starts_at=datetime(2030, 1, 1, tzinfo=UTC))
        db.session.add(event)
        db.session.commit()
        return event.id


def attendee_count(app, event_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Attendee).where(Attendee.event_id == event_id))


def column_limits() -> dict[str, int]:
    return {column.key: column.type.length for column in Attendee.__table__.columns
            if getattr(column.type, "length", None)}


@WEB
@given(data=st.one_of(csv_files(), st.binary(max_size=600)),
       filename=st.sampled_from(["guests.csv", "guests.txt"]))
def test_upload_then_confirm_saves_all_or_nothing(app, client, user, data, filename):
    """Upload answers a preview or a 400; confirming saves exactly the preview; never a 500."""
    log_in(client)
    event_id = fresh_event(app, user)
    upload = client.post(f"/events/{event_id}/import",
                         data={"file": (io.BytesIO(data), filename)},
                         content_type="multipart/form-data")
    assert upload.status_code in (302, 400), upload.status_code
    assert attendee_count(app, event_id) == 0  # nothing before the owner confirms
    if upload.status_code == 400:
        return
    preview_page = client.get(upload.location)
    assert preview_page.status_code in (200, 400)
    confirm = client.post(upload.location)
    assert confirm.status_code in (302, 400), confirm.status_code
    if confirm.status_code == 400:
        assert attendee_count(app, event_id) == 0
        return
    expected = unique_people(parse_import(data, filename=filename).people)
    assert attendee_count(app, event_id) == len(expected)
    limits = column_limits()
    with app.app_context():
        for person in db.session.execute(
            select(Attendee).where(Attendee.event_id == event_id)
        ).scalars():
            for name, limit in limits.items():
                value = getattr(person, name)
                # SQLite ignores VARCHAR lengths; PostgreSQL would refuse the whole import.
                assert len(value) <= limit, f"{name} is {len(value)} > {limit}"


@WEB
@given(text=st.text(max_size=400))
def test_pasting_anything_never_breaks_the_page(app, client, user, text):
    log_in(client)
    event_id = fresh_event(app, user)
    response = client.post(f"/events/{event_id}/import", data={"pasted": text})
    assert response.status_code in (302, 400)
    assert attendee_count(app, event_id) == 0


def test_a_save_that_fails_midway_leaves_nothing(app, client, user, monkeypatch):
    """The database fails after the rows are written but before the commit: none of it stays."""
    import companion.imports.views as imports

    log_in(client)
    event_id = fresh_event(app, user)
    people = "\n".join(f"Person {n}, Engineer, Acme" for n in range(50))
    upload = client.post(f"/events/{event_id}/import", data={"pasted": people})
    real_save = imports.save_people

    def save_then_fail(event, found):
        real_save(event, found)
        db.session.flush()
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(imports, "save_people", save_then_fail)
    with pytest.raises(RuntimeError):
        client.post(upload.location)
    assert attendee_count(app, event_id) == 0
    with app.app_context():  # the upload waits, so the owner can try again
        assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 1
    monkeypatch.setattr(imports, "save_people", real_save)
    assert client.post(upload.location).status_code == 302
    assert attendee_count(app, event_id) == 50
