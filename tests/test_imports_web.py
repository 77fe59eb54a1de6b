"""Importing an attendee list on the prep page: upload or paste, preview, map, confirm."""

import io
import re
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from companion.db import db, now_utc
from companion.imports.model import MAX_IMPORT_BYTES
from companion.imports.service import parse_import
from companion.models import Attendee, Membership, PendingImport

from .conftest import FIXTURES, log_in

FIXTURE_FORMATS = [
    ("luma-guests.csv", "Luma guest list"),
    ("eventbrite-attendees.csv", "Eventbrite attendee report"),
    ("meetup-attendees.csv", "Meetup attendee list"),
    ("generic-attendees.csv", "CSV file"),
    ("pasted-attendees.txt", "Pasted list"),
]
SMALL = b"Name,Email,Title\nAna Silva,ana@example.com,PM\nBen Carter,ben@example.com,Designer\n"


@pytest.fixture
def empty_event(make_event):
    return make_event()


def count(app, model=Attendee):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar()


def titles(app):
    with app.app_context():
        return dict(db.session.execute(select(Attendee.name, Attendee.title)).all())


def upload(client, event_id, data: bytes, filename="list.csv"):
    return client.post(f"/events/{event_id}/import", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def preview_url(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def import_file(client, event_id, data: bytes, filename="list.csv"):
    """Upload, open the preview, confirm; return (preview page, page after saving)."""
    url = preview_url(upload(client, event_id, data, filename))
    preview = client.get(url)
    assert preview.status_code == 200
    saved = client.post(url, follow_redirects=True)
    assert saved.status_code == 200
    return preview.get_data(as_text=True), saved.get_data(as_text=True)


def summary(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))


@pytest.mark.parametrize(("filename", "format_name"), FIXTURE_FORMATS)
def test_each_fixture_previews_then_saves(app, auth_client, empty_event, filename, format_name):
    data = (FIXTURES / filename).read_bytes()
    expected = parse_import(data, filename=filename)
    preview, saved = import_file(auth_client, empty_event, data, filename)
    facts = summary(preview)
    assert facts["Detected format"] == format_name
    assert facts["People in this import"] == str(len(expected.people))
    assert facts["New"] == str(len(expected.people))
    assert facts["Skipped rows"] == str(len(expected.skipped))
    for note in expected.skipped:
        assert f'<td class="num">{note.row}</td>' in preview
    assert str(escape(expected.people[0].name)) in preview
    assert f"Imported {len(expected.people)} new, updated 0." in saved
    assert count(app) == len(expected.people)
    assert count(app, PendingImport) == 0
    # The same file again updates nobody and duplicates nobody.
    _, again = import_file(auth_client, empty_event, data, filename)
    assert "Imported 0 new, updated 0." in again
    assert count(app) == len(expected.people)


def test_nothing_is_saved_before_confirming(app, auth_client, empty_event):
    preview_page = auth_client.get(preview_url(upload(auth_client, empty_event, SMALL)))
    assert "Ana Silva" in preview_page.get_data(as_text=True)
    assert count(app) == 0


def test_updated_list_updates_people_and_keeps_the_missing(app, auth_client, empty_event):
    import_file(auth_client, empty_event, SMALL)
    updated = (b"Name,Email,Title\nAna Silva,ana@example.com,Head of Product\n"
               b"Cleo Wu,cleo@example.com,Founder\n")
    preview, saved = import_file(auth_client, empty_event, updated)
    facts = summary(preview)
    assert (facts["New"], facts["Updated"], facts["Unchanged"]) == ("1", "1", "0")
    assert "1 person already on the list is not in this file; they stay." in preview
    assert "Imported 1 new, updated 1." in saved
    assert titles(app) == {"Ana Silva": "Head of Product", "Ben Carter": "Designer",
                           "Cleo Wu": "Founder"}


def test_duplicate_rows_collapse_into_one_person(app, auth_client, empty_event):
    data = SMALL + b"ana silva,ANA@example.com,PM\n"
    preview, _ = import_file(auth_client, empty_event, data)
    assert summary(preview)["People in this import"] == "2"
    assert count(app) == 2


def test_pasted_list(app, auth_client, empty_event):
    pasted = "Ana Silva, PM, Acme\nBen Carter — Designer at Figma\n"
    response = auth_client.post(f"/events/{empty_event}/import", data={"pasted": pasted})
    url = preview_url(response)
    page = auth_client.get(url).get_data(as_text=True)
    assert summary(page)["Detected format"] == "Pasted list"
    auth_client.post(url)
    assert titles(app) == {"Ana Silva": "PM", "Ben Carter": "Designer"}


def test_markup_in_names_is_shown_as_text(app, auth_client, empty_event):
    data = b"Name,Title\n<script>alert(1)</script>,<b>PM</b>\nAna Silva,PM\n"
    preview, _ = import_file(auth_client, empty_event, data)
    assert "<script>alert(1)" not in preview and "<b>PM" not in preview
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in preview
    assert '<td class="num">2</td>' in preview and "markup" in preview
    assert "<script>alert(1)</script>" in titles(app)  # stored as the text it is


def test_formula_cells_are_named_with_their_row(app, auth_client, empty_event):
    data = b"Name,Title\n=cmd|' /C calc'!A0,PM\nAna Silva,=HYPERLINK(\"http://x\")\n"
    preview, _ = import_file(auth_client, empty_event, data)
    assert '<td class="num">2</td>' in preview and "formula" in preview
    assert '<td class="num">3</td>' in preview
    assert titles(app) == {"Ana Silva": ""}


def test_unknown_columns_go_to_the_mapping_step(app, auth_client, empty_event):
    data = b"Col A,Col B,Col C\nAna Silva,PM,ana@example.com\nBen Carter,Designer,ben@example.com\n"
    url = preview_url(upload(auth_client, empty_event, data))
    page = auth_client.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "No column in this file looks like the attendees" in text
    assert '<select id="map-name" name="name">' in text and ">Col B</option>" in text
    assert "Save " not in text  # no confirm button before the mapping is given
    # Confirming anyway is refused and saves nothing.
    assert auth_client.post(url).status_code == 400
    assert count(app) == 0
    auth_client.post(url + "/mapping",
                     data={"name": "Col A", "title": "Col B", "email": "Col C", "company": ""})
    mapped = auth_client.get(url).get_data(as_text=True)
    assert summary(mapped)["People in this import"] == "2"
    assert '<option value="Col B" selected>' in mapped
    auth_client.post(url)
    assert titles(app) == {"Ana Silva": "PM", "Ben Carter": "Designer"}


def test_mapping_can_change_a_guessed_generic_csv(app, auth_client, empty_event):
    data = b"Full name,Role,Team\nAna Silva,PM,Growth\n"
    url = preview_url(upload(auth_client, empty_event, data))
    page = auth_client.get(url).get_data(as_text=True)
    assert "Which column holds what?" in page
    auth_client.post(url + "/mapping", data={"name": "Full name", "title": "Team",
                                             "company": "Not a column"})
    auth_client.post(url)
    assert titles(app) == {"Ana Silva": "Growth"}


def test_known_exports_skip_the_mapping_step(auth_client, empty_event):
    data = (FIXTURES / "luma-guests.csv").read_bytes()
    page = auth_client.get(preview_url(upload(auth_client, empty_event, data)))
    assert "Which column holds what?" not in page.get_data(as_text=True)


BROKEN = [
    ("empty file", b"", "list.csv", "The file is empty"),
    ("header only", b"Name,Email\n", "list.csv", "no attendees"),
    ("binary", bytes(range(256)) * 8, "list.csv", "not text"),
    ("image", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "photo.png", "image (PNG)"),
    ("excel workbook", b"PK\x03\x04" + b"\0" * 64, "list.xlsx", "Excel"),
    ("unclosed quote", b'Name,Title\nAna,"PM\n' + b"x" * 10, "list.csv", "Row"),
]


@pytest.mark.parametrize(("label", "data", "filename", "message"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_broken_files_are_refused_with_a_message(app, auth_client, event, label, data,
                                                 filename, message):
    before = count(app)
    response = upload(auth_client, event, data, filename)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text
    assert 'role="alert"' in text
    assert count(app) == before
    assert count(app, PendingImport) == 0


def test_a_file_over_the_import_limit_is_refused(app, auth_client, event):
    data = b"Name\n" + b"Ana Silva\n" * (MAX_IMPORT_BYTES // 10 + 1)
    response = upload(auth_client, event, data)
    assert response.status_code == 400
    assert "over the import limit" in response.get_data(as_text=True)
    assert count(app) == 3


@pytest.mark.parametrize("pasted", [False, True])
def test_a_list_over_the_row_limit_is_refused_and_one_at_it_is_read(
        app, auth_client, empty_event, monkeypatch, pasted):
    # The row limit bounds the server's memory where the byte limit cannot (narrow rows); a
    # small limit here stands for the real one, the code path is the same.
    from companion.imports import model, parse
    from companion.imports import pasted as pasted_module

    monkeypatch.setattr(parse, "MAX_IMPORT_ROWS", 5)
    monkeypatch.setattr(pasted_module, "MAX_IMPORT_ROWS", 5)
    names = [f"Person {letter} Example" for letter in "ABCDEF"]

    def send(people):
        text = "Name\n" + "".join(f"{name}\n" for name in people)
        if pasted:
            return auth_client.post(f"/events/{empty_event}/import", data={"pasted": text},
                                    content_type="multipart/form-data")
        return upload(auth_client, empty_event, text.encode())

    response = send(names)
    assert response.status_code == 400
    assert str(escape(model.TOO_MANY_ROWS)) in response.get_data(as_text=True)
    assert count(app, PendingImport) == 0
    assert send(names[:5]).status_code == 302  # at the limit: read, previewed
    assert count(app, PendingImport) == 1


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Choose a file to upload or paste a list first."),
    ({"pasted": "   \n  "}, "Choose a file to upload or paste a list first."),
    ({"pasted": "Ana Silva", "file": (SMALL, "a.csv")},
     "Choose a file or paste a list, not both."),
])
def test_the_form_needs_exactly_one_source(auth_client, empty_event, data, message):
    # A file object can be sent once; the case runs once per database, so open it here.
    data = {key: (io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value
            for key, value in data.items()}
    response = auth_client.post(f"/events/{empty_event}/import", data=data,
                                content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_request_over_the_body_limit_gets_a_friendly_413(app, auth_client, empty_event):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    response = upload(auth_client, empty_event, b"Name\n" + b"Ana Silva\n" * 500)
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert count(app, PendingImport) == 0


def test_a_pasted_list_over_the_form_limit_gets_a_friendly_413(app, auth_client, empty_event):
    app.config["MAX_FORM_MEMORY_SIZE"] = 1000
    response = auth_client.post(f"/events/{empty_event}/import",
                                data={"pasted": "Ana Silva, PM, Acme\n" * 100},
                                content_type="multipart/form-data")
    assert response.status_code == 413
    assert "save it as a CSV or text file" in response.get_data(as_text=True)


def test_previews_belong_to_their_owner_and_event(app, auth_client, make_user, make_event,
                                                  empty_event):
    url = preview_url(upload(auth_client, empty_event, SMALL))
    token = url.rsplit("/", 1)[-1]
    other_event = make_event()
    assert auth_client.get(f"/events/{other_event}/import/{token}").status_code == 404
    assert auth_client.post(f"/events/{other_event}/import/{token}").status_code == 404
    make_user(email="eve@example.com")
    eve = app.test_client()
    log_in(eve, "eve@example.com")
    assert eve.get(url).status_code == 404
    assert eve.post(url).status_code == 404
    assert count(app) == 0


def test_members_cannot_import(app, auth_client, make_user, empty_event):
    bob_id = make_user(email="bob@example.com")
    with app.app_context():
        db.session.add(Membership(event_id=empty_event, user_id=bob_id))
        db.session.commit()
    bob = app.test_client()
    log_in(bob, "bob@example.com")
    assert bob.get(f"/events/{empty_event}/import").status_code == 404
    assert upload(bob, empty_event, SMALL).status_code == 404
    assert count(app, PendingImport) == 0


def test_cancel_and_confirm_twice(app, auth_client, empty_event):
    url = preview_url(upload(auth_client, empty_event, SMALL))
    auth_client.post(url + "/cancel")
    assert count(app, PendingImport) == 0
    gone = auth_client.post(url)
    assert gone.status_code == 404 and "preview is gone" in gone.get_data(as_text=True)
    assert count(app) == 0
    url = preview_url(upload(auth_client, empty_event, SMALL))
    auth_client.post(url)
    assert auth_client.post(url).status_code == 404
    assert count(app) == 2


def test_old_previews_expire_and_are_cleared(app, auth_client, empty_event):
    old_url = preview_url(upload(auth_client, empty_event, SMALL))
    with app.app_context():
        db.session.execute(PendingImport.__table__.update().values(
            created_at=now_utc() - timedelta(days=2)))
        db.session.commit()
    assert auth_client.get(old_url).status_code == 404
    preview_url(upload(auth_client, empty_event, SMALL))
    assert count(app, PendingImport) == 1


# --- Who is attending, folded rows and registration answers ------------------------------------

LUMA = (FIXTURES / "real-layouts" / "luma-guests-questions.csv").read_bytes()


def answers_of(app, name):
    with app.app_context():
        return db.session.execute(select(Attendee.answers).where(Attendee.name == name)).scalar()


def test_the_preview_counts_each_status_and_lists_every_row_left_out(app, auth_client,
                                                                     empty_event):
    url = preview_url(upload(auth_client, empty_event, LUMA, "guests.csv"))
    page = auth_client.get(url).get_data(as_text=True)
    facts = summary(page)
    assert (facts["People in this import"], facts["Not attending"]) == ("5", "5")
    statuses = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td>',
                               page))
    assert statuses == {"Attending": "5", "Pending approval": "2", "Waitlist": "1",
                        "Invited, not registered": "1", "Declined": "1"}
    for row, status in ((4, "pending_approval"), (5, "invited"), (6, "waitlist"),
                        (7, "declined"), (11, "pending_approval")):
        assert (f'<tr><td class="num">{row}</td><td>marked “{status}” in approval_status'
                '</td></tr>') in page
    # The choice is offered for the waitlist and the pending, not for the declined.
    assert 'name="include" value="waitlist"' in page and 'name="include" value="pending"' in page
    assert 'value="declined"' not in page and 'value="invited"' not in page
    assert "Registration answers kept" in page and "What is your GitHub?" in page


def test_the_owner_can_include_the_waitlist_and_the_pending_then_save(app, auth_client,
                                                                      empty_event):
    url = preview_url(upload(auth_client, empty_event, LUMA, "guests.csv"))
    chosen = auth_client.post(url + "/statuses", data={"include": ["waitlist", "declined",
                                                                   "<script>"]})
    assert chosen.status_code == 302 and chosen.headers["Location"].endswith(url)
    page = auth_client.get(url).get_data(as_text=True)
    assert summary(page)["People in this import"] == "6"
    assert 'value="waitlist" checked' in page and 'value="pending">' in page
    assert "imported, as you chose" in page
    auth_client.post(url + "/statuses", data={"include": ["waitlist", "pending"]})
    assert summary(auth_client.get(url).get_data(as_text=True))["People in this import"] == "8"
    saved = auth_client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Imported 8 new, updated 0." in saved
    assert count(app) == 8
    assert ["approval_status", "waitlist"] in answers_of(app, "Caspian Nwachukwu")
    # Unticking everything leaves them out again on the next import: nothing is duplicated.
    url = preview_url(upload(auth_client, empty_event, LUMA, "guests.csv"))
    auth_client.post(url + "/statuses", data={})
    assert summary(auth_client.get(url).get_data(as_text=True))["New"] == "0"


def test_folded_rows_are_listed_with_their_row_and_reason(app, auth_client, empty_event):
    data = (FIXTURES / "real-layouts" / "gforms-signin.csv").read_bytes()
    preview, _ = import_file(auth_client, empty_event, data, "signin.csv")
    assert summary(preview)["Folded into another row"] == "2"
    assert ('<tr><td class="num">4</td><td>same name as row 2, and no email, id or profile link '
            'tells them apart: folded into one</td></tr>') in preview
    assert '<tr><td class="num">5</td><td>no name</td></tr>' in preview
    assert count(app) == 2


def test_registration_answers_are_saved_with_each_attendee_and_shown_as_text(
        app, auth_client, empty_event):
    data = ("Name,Email,What are you looking to get out of this event?\n"
            "Ana Silva,ana@example.com,<b>Hiring</b> PMs\nBen Carter,ben@example.com,N/A\n")
    preview, _ = import_file(auth_client, empty_event, data.encode())
    assert "<b>Hiring" not in preview
    assert answers_of(app, "Ana Silva") == [
        ["What are you looking to get out of this event?", "<b>Hiring</b> PMs"]]
    assert answers_of(app, "Ben Carter") == []
    # A re-import with another answer updates it; the same answer changes nothing.
    again = data.replace("N/A", "Meeting designers").encode()
    preview, _ = import_file(auth_client, empty_event, again)
    assert summary(preview)["Updated"] == "1"
    assert answers_of(app, "Ben Carter") == [
        ["What are you looking to get out of this event?", "Meeting designers"]]


def test_choosing_statuses_on_someone_elses_preview_is_not_found(app, auth_client, make_user,
                                                                 empty_event):
    url = preview_url(upload(auth_client, empty_event, LUMA, "guests.csv"))
    make_user(email="eve@example.com")
    eve = app.test_client()
    log_in(eve, "eve@example.com")
    assert eve.post(url + "/statuses", data={"include": "waitlist"}).status_code == 404
    with app.app_context():
        assert db.session.execute(select(PendingImport.include)).scalar() is None


def test_one_account_keeps_a_few_unconfirmed_uploads_not_a_pile(app, auth_client, empty_event,
                                                                 make_user):
    """Before, four unconfirmed 30 MiB uploads kept 138 MB for one account. Now the oldest go
    past PENDING_IMPORTS_PER_USER uploads or PENDING_IMPORT_BYTES_PER_USER bytes."""
    most = app.config["PENDING_IMPORTS_PER_USER"]
    urls = [preview_url(upload(auth_client, empty_event, SMALL)) for _ in range(most + 2)]
    assert count(app, PendingImport) == most
    assert auth_client.get(urls[0]).status_code == 404  # the oldest: "the preview is gone"
    assert auth_client.get(urls[-1]).status_code == 200
    # Bytes count too: a new big upload pushes older ones out, and never another account's.
    other = make_user("bo@example.com")
    with app.app_context():
        db.session.add(PendingImport(user_id=other, event_id=empty_event, data=b"x" * 1000))
        db.session.commit()
    app.config["PENDING_IMPORT_BYTES_PER_USER"] = len(SMALL) * 2 + 10
    big = SMALL + b"Cleo Diaz,cleo@example.com,Founder\n"
    preview_url(upload(auth_client, empty_event, big))
    with app.app_context():
        sizes = db.session.execute(select(PendingImport.user_id, func.length(PendingImport.data))
                                   ).all()
    mine = [size for owner, size in sizes if owner != other]
    assert sum(mine) <= app.config["PENDING_IMPORT_BYTES_PER_USER"] and len(big) in mine
    assert [size for owner, size in sizes if owner == other] == [1000]
