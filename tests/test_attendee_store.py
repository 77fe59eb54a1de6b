"""Saving imported people: new ones added, known ones updated, nobody duplicated or lost."""

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from companion.db import db
from companion.imports.model import ImportProblem
from companion.imports.model import ParsedAttendee as Parsed
from companion.imports.service import import_changes, parse_import, save_people
from companion.models import Attendee, Event


def people(*names, **fields):
    return [Parsed(name=name, **fields) for name in names]


def listed(event_id):
    """Return (name, title, position) of the event's attendees in list order."""
    return [tuple(row) for row in db.session.execute(
        select(Attendee.name, Attendee.title, Attendee.position)
        .where(Attendee.event_id == event_id).order_by(Attendee.position)
    )]


@pytest.fixture
def empty_event(app, make_event):
    event_id = make_event()
    with app.app_context():
        yield db.session.get(Event, event_id)


def save(event, persons):
    result = save_people(event, persons)
    db.session.commit()
    return result


def test_first_import_adds_everyone_in_file_order(empty_event):
    version = empty_event.pack_version
    assert save(empty_event, people("Zoë Müller", "Ana Silva", "Ben Carter")) == (3, 0)
    assert [(name, pos) for name, _, pos in listed(empty_event.id)] == [
        ("Zoë Müller", 0), ("Ana Silva", 1), ("Ben Carter", 2)]
    assert empty_event.pack_version == version + 1
    assert [a.name for a in empty_event.attendees] == ["Zoë Müller", "Ana Silva", "Ben Carter"]


def test_same_list_again_changes_nothing(empty_event):
    save(empty_event, people("Ana Silva", "Ben Carter"))
    version = empty_event.pack_version
    assert save(empty_event, people("Ana Silva", "Ben Carter")) == (0, 0)
    assert empty_event.pack_version == version
    assert len(listed(empty_event.id)) == 2


def test_updated_list_updates_adds_and_keeps_the_missing(empty_event):
    save(empty_event, [Parsed("Ana Silva", title="PM"), Parsed("Ben Carter", title="Designer"),
                       Parsed("Cleo Wu", title="Founder")])
    version = empty_event.pack_version
    result = save(empty_event, [Parsed("Ben Carter", title="Head of Design"),
                                Parsed("Dan Ode", title="Engineer"),
                                Parsed("Cleo Wu", title="Founder")])
    assert result == (1, 1)
    assert empty_event.pack_version == version + 1
    # File order first, then the people the file no longer has, in their old order.
    assert listed(empty_event.id) == [
        ("Ben Carter", "Head of Design", 0), ("Dan Ode", "Engineer", 1),
        ("Cleo Wu", "Founder", 2), ("Ana Silva", "PM", 3)]


def test_reordering_alone_bumps_the_pack_but_counts_no_update(empty_event):
    save(empty_event, people("Ana Silva", "Ben Carter"))
    version = empty_event.pack_version
    assert save(empty_event, people("Ben Carter", "Ana Silva")) == (0, 0)
    assert empty_event.pack_version == version + 1
    assert [name for name, _, _ in listed(empty_event.id)] == ["Ben Carter", "Ana Silva"]


@pytest.mark.parametrize(("first", "second", "expected_name"), [
    # Same email, name written differently: one person, the new spelling.
    (Parsed("Ana Silva", email="ana@example.com"), Parsed("Ana M. Silva", email="ANA@example.com"),
     "Ana M. Silva"),
    # No email: the name matches whatever its case, accents or order.
    (Parsed("Zoë Müller"), Parsed("müller, zoe"), "müller, zoe"),
])
def test_identity_survives_rewriting(empty_event, first, second, expected_name):
    save(empty_event, [first])
    assert save(empty_event, [second]) == (0, 1)
    assert [name for name, _, _ in listed(empty_event.id)] == [expected_name]


def test_duplicates_in_one_list_collapse_and_fill_blanks(empty_event):
    persons = [Parsed("Ana Silva", title="PM"), Parsed("Ben Carter"),
               Parsed("ana silva", company="Acme", title="CEO")]
    assert save(empty_event, persons) == (2, 0)
    row = db.session.execute(select(Attendee).where(Attendee.name == "Ana Silva")).scalar_one()
    assert (row.title, row.company, row.position) == ("PM", "Acme", 0)


def test_host_flag_is_data(empty_event):
    save(empty_event, people("Ana Silva"))
    assert save(empty_event, [Parsed("Ana Silva", is_host=True)]) == (0, 1)
    assert db.session.execute(select(Attendee.is_host)).scalar_one() is True


def test_other_events_are_untouched(app, make_event, empty_event):
    other_id = make_event(attendees=("Ana Silva",))
    save(empty_event, [Parsed("Ana Silva", title="Changed")])
    assert listed(other_id) == [("Ana Silva", "Product Manager", 0)]


def test_nothing_is_saved_until_the_caller_commits(empty_event):
    save_people(empty_event, people("Ana Silva", "Ben Carter"))
    db.session.rollback()
    assert listed(empty_event.id) == []


def test_overlong_values_are_cut_to_the_columns(empty_event):
    save(empty_event, [Parsed("N" * 300, title="T" * 900, email="")])
    row = db.session.execute(select(Attendee)).scalar_one()
    assert (len(row.name), len(row.title), len(row.key)) == (200, 500, 300)


def test_changes_count_new_updated_unchanged_missing(empty_event):
    save(empty_event, people("Ana Silva", "Ben Carter", "Cleo Wu"))
    incoming = [Parsed("Ana Silva"), Parsed("Ben Carter", title="x"), Parsed("Dan Ode")]
    changes = import_changes(empty_event.id, incoming)
    counts = (len(changes.inserts), len(changes.updates), changes.unchanged, changes.missing)
    assert counts == (1, 1, 1, 1)
    assert listed(empty_event.id)[1] == ("Ben Carter", "", 1)  # comparing writes nothing


def test_large_list_takes_a_constant_number_of_statements(app, empty_event):
    statements = []
    engine = db.engine

    def count(*args):
        statements.append(args[2])

    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        persons = [Parsed(f"Person {i}", email=f"p{i}@example.com") for i in range(3000)]
        assert save(empty_event, persons) == (3000, 0)
        first = len(statements)
        changed = [Parsed(p.name, email=p.email, title="new") for p in persons[::-1]]
        assert save(empty_event, changed) == (0, 3000)
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    # One SELECT of keys, one bulk INSERT or UPDATE (executemany), the pack version, the commit.
    assert first <= 6
    assert len(statements) - first <= 8
    assert db.session.execute(select(func.count(Attendee.id))).scalar() == 3000


@pytest.mark.parametrize(("data", "kwargs", "expected_format"), [
    (b"Ana Silva, PM, Acme\nBen Carter, Designer, Figma\n", {"filename": "list.txt"}, "pasted"),
    (b"Ana Silva, PM, Acme\nBen Carter, Designer, Figma\n", {"pasted": True}, "pasted"),
    (b"Name,Email\nAna Silva,ana@example.com\n", {"filename": "list.CSV"}, "csv"),
    (b"Name,Email\nAna Silva,ana@example.com\n", {"filename": "export"}, "csv"),
])
def test_parse_import_reads_each_origin(data, kwargs, expected_format):
    assert parse_import(data, **kwargs).format == expected_format


def test_a_broken_csv_file_is_reported_not_read_as_a_pasted_list():
    with pytest.raises(ImportProblem):
        parse_import(b"Role,Company\nPM,Acme\n", filename="export.csv")


def answers(event_id):
    return dict(db.session.execute(
        select(Attendee.name, Attendee.answers).where(Attendee.event_id == event_id)).all())


def test_registration_answers_are_stored_updated_and_compared(empty_event):
    asked = (("What are you looking for?", "Co-founders — “technical”, ideally 🚀"),
             ("Pronouns", "she/her"))
    assert save(empty_event, [Parsed("Ana Silva", answers=asked), Parsed("Ben Carter")]) == (2, 0)
    assert answers(empty_event.id) == {
        "Ana Silva": [list(pair) for pair in asked], "Ben Carter": []}
    # The same answers are no change; a changed answer is an update of that one person.
    assert save(empty_event, [Parsed("Ana Silva", answers=asked), Parsed("Ben Carter")]) == (0, 0)
    changed = (("What are you looking for?", "Investors"),)
    assert save(empty_event, [Parsed("Ana Silva", answers=changed),
                              Parsed("Ben Carter")]) == (0, 1)
    assert answers(empty_event.id)["Ana Silva"] == [["What are you looking for?", "Investors"]]


def test_people_keyed_by_member_id_stay_apart_on_reimport(empty_event):
    adams = [Parsed("Adam", ref=str(n)) for n in range(1, 6)]
    assert save(empty_event, adams) == (5, 0)
    assert save(empty_event, adams) == (0, 0)
    keys = db.session.execute(select(Attendee.key).where(Attendee.event_id == empty_event.id))
    assert sorted(keys.scalars()) == [f"ref:{n}" for n in range(1, 6)]


def test_answers_shared_by_many_and_past_the_kept_texts_are_stored_each_as_given(
        empty_event, monkeypatch):
    # Each distinct answer is encoded once and reused; past the memo's bound, encoded per row.
    monkeypatch.setattr("companion.imports.service.ANSWER_TEXTS_KEPT", 2)
    picked = [(("Industry", industry),) for industry in ("Fintech", "Climate", "Retail", "AI")]
    rows = [Parsed(f"Person {n}", answers=picked[n % 4]) for n in range(12)]
    rows.append(Parsed("Says <b>hi</b>", answers=(("Goal", '"quoted" & <tagged>'),)))
    assert save(empty_event, rows) == (13, 0)
    stored = answers(empty_event.id)
    assert stored == {person.name: [list(pair) for pair in person.answers] for person in rows}
