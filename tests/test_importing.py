import codecs
import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.imports.model import ImportProblem, NeedsMapping, RowNote
from companion.imports.model import ParsedAttendee as Parsed
from companion.imports.parse import parse_attendees, parse_upload
from companion.imports.pasted import parse_pasted
from companion.imports.rows import is_formula, split_title_company

from .conftest import FIXTURES


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", newline="\r\n"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding)


def fixture(name):
    return (FIXTURES / name).read_bytes()


def person(preview, name):
    return next(p for p in preview.people if p.name == name)


def assert_one_sentence(message):
    assert message[:1].isupper() and message.endswith(".")
    assert ". " not in message and "\n" not in message


# --- The real exports -----------------------------------------------------------------------

@pytest.mark.parametrize(("file", "format", "name", "expected"), [
    ("luma-guests.csv", "luma", "Leila Haddad",
     dict(title="Technical Recruiter", company="Acme, Inc.", email="leilahaddad@example.com")),
    ("luma-guests.csv", "luma", "Wei Murphy",
     dict(title="Product Manager", company="Figma",
          linkedin="https://www.linkedin.com/in/weimurphy-65", ref="gst-000002")),
    ("luma-guests.csv", "luma", "Ana Cohen", dict(title="Product Lead", company="")),
    ("eventbrite-attendees.csv", "eventbrite", "Mateo García",
     dict(title="Junior PM", company="Google", email="mateogarca@example.com")),
    ("eventbrite-attendees.csv", "eventbrite", "Ana Ivanov", dict(title="", company="Acme, Inc.")),
    ("meetup-attendees.csv", "meetup", "Ingrid Nakamura",
     dict(title="Associate Product Manager", company="",
          url="https://www.meetup.com/members/200000001/", ref="200000001")),
    ("meetup-attendees.csv", "meetup", "Tomás Rossi",
     dict(title="Software Engineer", company="Acme, Inc.", is_host=False)),
    ("generic-attendees.csv", "csv", "Zoë Müller",
     dict(title="Product Manager", company="Figma", email="zomller@example.com",
          linkedin="https://www.linkedin.com/in/zomller-80")),
    ("generic-attendees.csv", "csv", "Kenji Tanaka", dict(title="", company="Wattpad")),
])
def test_fixture_exports(file, format, name, expected):
    preview = parse_attendees(fixture(file))
    assert preview.format == format
    found = person(preview, name)
    assert {field: getattr(found, field) for field in expected} == expected


@pytest.mark.parametrize(("file", "row", "reason", "absent"), [
    ("luma-guests.csv", 11, "marked “declined” in approval_status", "Ingrid Nielsen"),
    ("luma-guests.csv", 29, "marked “declined” in approval_status", "José Novak"),
    ("eventbrite-attendees.csv", 2, "marked “Not Attending” in Attendee Status", "Omar Farouk"),
    ("meetup-attendees.csv", 10, "marked “No” in RSVP", "Daniel Kowalski"),
])
def test_fixture_rows_of_people_not_coming_are_left_out(file, row, reason, absent):
    preview = parse_attendees(fixture(file))
    assert RowNote(row, reason, "declined") in preview.not_attending
    assert absent not in {p.name for p in preview.people}


@pytest.mark.parametrize(("file", "statuses"), [
    ("luma-guests.csv", {"attending": 35, "pending": 3, "declined": 2}),
    ("eventbrite-attendees.csv", {"attending": 36, "declined": 4}),
    ("meetup-attendees.csv", {"attending": 35, "declined": 5}),
    ("generic-attendees.csv", {}),
])
def test_fixture_every_row_is_imported_or_explained(file, statuses):
    data_rows = len(fixture(file).decode("utf-8").splitlines()) - 1
    preview = parse_attendees(fixture(file))
    explained = preview.skipped + preview.folded + preview.not_attending
    assert len(preview.people) + len(explained) == data_rows
    assert preview.columns == next(csv.reader(io.StringIO(fixture(file).decode("utf-8"))))
    assert preview.statuses == statuses


@pytest.mark.parametrize(("file", "mapping"), [
    ("luma-guests.csv", {"ref": "api_id", "name": "name", "first_name": "first_name",
                         "last_name": "last_name",
                         "email": "email", "linkedin": "What's your LinkedIn?",
                         "title_company": "What do you do? (title & company)"}),
    ("eventbrite-attendees.csv", {"first_name": "First Name", "last_name": "Last Name",
                                  "email": "Email", "ref": "Attendee #", "title": "Job Title",
                                  "company": "Company"}),
    ("meetup-attendees.csv", {"name": "Name", "ref": "User ID", "title_company": "Title",
                              "url": "URL of Member Profile"}),
    ("generic-attendees.csv", {"name": "Full name", "title": "Role", "company": "Organisation",
                               "linkedin": "LinkedIn profile", "email": "E-mail"}),
])
def test_fixture_mapping_names_the_headers_used(file, mapping):
    assert parse_attendees(fixture(file)).mapping == mapping


@pytest.mark.parametrize("file", [
    "luma-guests.csv", "eventbrite-attendees.csv", "meetup-attendees.csv",
    "generic-attendees.csv", "pasted-attendees.txt",
])
def test_reading_the_same_file_twice_gives_the_same_unique_keys(file):
    first, second = parse_upload(fixture(file)), parse_upload(fixture(file))
    keys = [p.key for p in first.people]
    assert keys == [p.key for p in second.people]
    assert len(set(keys)) == len(keys)


# --- Layouts that vary between export versions ------------------------------------------------

LUMA_OLD = [
    ["api_id", "name", "email", "approval_status", "checked_in_at"],
    ["gst-1", "Ada Lovelace", "ADA@Example.com", "approved", ""],
    ["gst-2", "Bo Diddley", "bo@example.com", "declined", ""],
]
LUMA_REORDERED = [
    ["Email", "Last_Name", "Approval Status", "First_Name", "ticket_name", "qr_code_url",
     "Your LinkedIn URL", "Job title and company"],
    ["ada@example.com", "Lovelace", "approved", "Ada", "Standard", "https://lu.ma/check-in/x",
     "linkedin.com/in/ada/", "Analyst @ Babbage Ltd"],
]
LUMA_QUESTIONS_FOUND_BY_ANSWERS = [
    ["api_id", "name", "email", "approval_status", "Socials", "Tell us about yourself"],
    ["g1", "Ada Lovelace", "ada@example.com", "approved", "https://www.linkedin.com/in/ada",
     "Analyst at Babbage"],
    ["g2", "Grace Hopper", "grace@example.com", "waitlist", "", "Admiral at US Navy"],
    ["g3", "Alan Turing", "alan@example.com", "pending_approval",
     "https://uk.linkedin.com/in/alan?trk=x", "Mathematician at Bletchley Park"],
]
EVENTBRITE_RENAMED = [
    ["Attendee status", "Surname", "First Name", "Email", "Order #", "Ticket Type", "Company",
     "Job Title", "Gender"],
    ["Attending", "Hopper", "Grace", "grace@example.com", "1", "GA", "US Navy", "Admiral", ""],
    ["Refunded", "Turing", "Alan", "alan@example.com", "2", "GA", "", "", ""],
    ["Checked In", "Lovelace", "Ada", "ada@example.com", "3", "GA", "", "Analyst", "f"],
    ["Cancelled", "Diddley", "Bo", "bo@example.com", "4", "GA", "", "", ""],
]
EVENTBRITE_NO_COMPANY = [
    ["Order #", "Order Date", "First Name", "Last Name", "Email", "Job Title"],
    ["1", "2026-10-02", "Grace", "Hopper", "grace@example.com", "Admiral at US Navy"],
]
MEETUP_HOST = [
    ["Name", "User ID", "Title", "RSVP", "Event Host", "URL of Member Profile"],
    ["Ada Lovelace", "1", "Analyst @ ", "Yes", "Yes", "https://www.meetup.com/members/1/"],
    ["Bo Diddley", "2", "Singer @ Chess", "No", "No", "https://www.meetup.com/members/2/"],
    ["Grace Hopper", "3", "Admiral", "Waitlist", "No", "https://www.meetup.com/members/3/"],
]
MEETUP_MINIMAL = [
    ["Name", "RSVP", "RSVPed on", "Guests"],
    ["Alan Turing", "Yes", "2026/10/03", "0"],
]


@pytest.mark.parametrize(("rows", "format", "people"), [
    (LUMA_OLD, "luma", [Parsed("Ada Lovelace", email="ada@example.com", ref="gst-1")]),
    (LUMA_REORDERED, "luma", [Parsed("Ada Lovelace", "Analyst", "Babbage Ltd", "ada@example.com",
                                     "https://www.linkedin.com/in/ada",
                                     answers=(("ticket_name", "Standard"),))]),
    # Grace is on the waitlist and Alan waits for approval: not attendees.
    (LUMA_QUESTIONS_FOUND_BY_ANSWERS, "luma", [
        Parsed("Ada Lovelace", "Analyst", "Babbage", "ada@example.com",
               "https://www.linkedin.com/in/ada", ref="g1"),
    ]),
    (EVENTBRITE_RENAMED, "eventbrite", [
        Parsed("Grace Hopper", "Admiral", "US Navy", "grace@example.com"),
        Parsed("Ada Lovelace", "Analyst", "", "ada@example.com", answers=(("Gender", "f"),)),
    ]),
    (EVENTBRITE_NO_COMPANY, "eventbrite", [
        Parsed("Grace Hopper", "Admiral", "US Navy", "grace@example.com"),
    ]),
    (MEETUP_HOST, "meetup", [
        Parsed("Ada Lovelace", "Analyst", url="https://www.meetup.com/members/1/", is_host=True,
               ref="1"),
    ]),
    (MEETUP_MINIMAL, "meetup", [Parsed("Alan Turing")]),
])
def test_export_variants_are_recognised_by_header_names(rows, format, people):
    preview = parse_attendees(csv_bytes(rows))
    assert (preview.format, preview.people) == (format, people)


@pytest.mark.parametrize(("header", "value", "status"), [
    ("approval_status", "approved", "attending"),
    ("approval_status", "pending_approval", "pending"),
    ("approval_status", "declined", "declined"),
    ("approval_status", "rejected", "declined"),
    ("approval_status", "waitlist", "waitlist"),
    ("approval_status", "invited", "invited"),
    ("Attendee Status", "Attending", "attending"),
    ("Attendee Status", "Checked In", "attending"),
    ("Attendee Status", "Not Attending", "declined"),
    ("Attendee Status", "Refunded", "refunded"),
    ("Attendee Status", "Cancelled", "cancelled"),
    ("Attendee Status", "Canceled by attendee", "cancelled"),
    ("Attendee Status", "Transferred", "transferred"),
    ("Void Status", "", "attending"),
    ("Void Status", "voided", "void"),
    ("RSVP", "Yes", "attending"),
    ("RSVP", "No", "declined"),
    ("RSVP", "RSVP: No", "declined"),
    ("RSVP", "Waitlist", "waitlist"),
    ("Going?", "n", "declined"),
    ("Status", "Waiting list", "waitlist"),
    ("Status", "Awaiting approval", "pending"),
    ("Estado", "Pendiente", "pending"),
    ("Stav", "potvrzeno", "attending"),
    ("Registration status", "REFUND_PENDING", "refunded"),
])
def test_status_decides_who_is_coming(header, value, status):
    preview = parse_attendees(csv_bytes([["Name", header], ["Ada Lovelace", value]]))
    assert preview.statuses == {status: 1}
    if status == "attending":
        assert [p.name for p in preview.people] == ["Ada Lovelace"]
        assert preview.not_attending == []
    else:
        assert preview.people == []
        assert preview.not_attending == [RowNote(2, f"marked “{value}” in {header}", status)]


@pytest.mark.parametrize("status", ["waitlist", "pending"])
def test_the_waitlist_or_pending_rows_are_imported_when_chosen(status):
    rows = [["Name", "approval_status"], ["Ada", "approved"], ["Grace", "waitlist"],
            ["Alan", "pending_approval"], ["Bo", "declined"]]
    chosen = parse_attendees(csv_bytes(rows), include=[status, "declined", "nonsense"])
    kept = {"waitlist": "Grace", "pending": "Alan"}[status]
    assert [p.name for p in chosen.people] == ["Ada", kept]
    assert chosen.people[1].answers == (("approval_status", rows[2 if kept == "Grace" else 3][1]),)
    # Declined is not a choice: it stays out whatever is asked.
    assert [note.status for note in chosen.not_attending] == sorted(
        {"waitlist", "pending", "declined"} - {status}, key=["waitlist", "pending",
                                                            "declined"].index)
    assert chosen.included == {status}
    assert chosen.statuses == {"attending": 1, "waitlist": 1, "pending": 1, "declined": 1}


@pytest.mark.parametrize(("value", "split"), [
    ("Senior PM at Stripe", ("Senior PM", "Stripe")),
    ("PM @ Cohere", ("PM", "Cohere")),
    ("PM@Cohere", ("PM", "Cohere")),
    ("Technical Recruiter at Acme, Inc.", ("Technical Recruiter", "Acme, Inc.")),
    ("Associate Product Manager @", ("Associate Product Manager", "")),
    ("Head of Data AT Scale AI", ("Head of Data", "Scale AI")),
    ("Founder | Acme", ("Founder", "Acme")),
    ("Founder — Acme", ("Founder", "Acme")),
    ("at Acme", ("", "Acme")),
    ("Founder", ("Founder", "")),
    ("Chatbot Designer", ("Chatbot Designer", "")),
    ("Software Engineer, Acme", ("Software Engineer, Acme", "")),
    ("ada@example.com", ("ada@example.com", "")),
])
def test_split_title_company(value, split):
    assert split_title_company(value) == split


# --- Any other CSV: guessing the columns, or asking ------------------------------------------

@pytest.mark.parametrize(("header", "mapping"), [
    (["Full name", "Role", "Organisation", "LinkedIn profile", "E-mail"],
     {"name": "Full name", "title": "Role", "company": "Organisation",
      "linkedin": "LinkedIn profile", "email": "E-mail"}),
    (["Attendee", "Position", "Employer", "Email address", "Website"],
     {"name": "Attendee", "title": "Position", "company": "Employer",
      "email": "Email address", "url": "Website"}),
    ([" NAME ", "Job title", "Organization", "Linkedin URL", "URL"],
     {"name": "NAME", "title": "Job title", "company": "Organization",
      "linkedin": "Linkedin URL", "url": "URL"}),
    (["First name", "Last name", "Company", "Email"],
     {"first_name": "First name", "last_name": "Last name", "company": "Company",
      "email": "Email"}),
    (["Ticket name", "Name (as on badge)", "Company name", "Personal website"],
     {"name": "Name (as on badge)", "company": "Company name", "url": "Personal website"}),
    (["Guest name", "Role and company"],
     {"name": "Guest name", "title_company": "Role and company"}),
    (["Name", "Role"], {"name": "Name", "title_company": "Role"}),
])
def test_generic_columns_are_guessed_from_header_synonyms(header, mapping):
    preview = parse_attendees(csv_bytes([header, ["Ada Lovelace"] + ["Zed"] * (len(header) - 1)]))
    assert (preview.format, preview.mapping) == ("csv", mapping)


@pytest.mark.parametrize(("header", "guess"), [
    (["Nimi", "Sähköposti", "Yritys"], {"email": "Sähköposti"}),  # found by its answers
    (["Ticket", "Email", "Company"], {"email": "Email", "company": "Company"}),
])
def test_a_csv_without_a_recognisable_name_column_needs_a_mapping(header, guess):
    with pytest.raises(NeedsMapping) as raised:
        parse_attendees(csv_bytes([header, ["a", "b@example.com", "c"]]))
    assert (raised.value.columns, raised.value.guess) == (header, guess)
    assert_one_sentence(str(raised.value))


FRENCH = csv_bytes([["Nom complet", "Poste", "Société", "Courriel"],
                    ["Zoë Müller", "Ingénieure at Figma", "", "zoe@example.com"]])


@pytest.mark.parametrize(("mapping", "expected"), [
    ({"name": "Nom complet", "title": "Poste", "company": "Société", "email": "Courriel"},
     Parsed("Zoë Müller", "Ingénieure at Figma", "", "zoe@example.com")),
    ({"name": "nom  complet", "title_company": "Poste", "email": ""},
     Parsed("Zoë Müller", "Ingénieure", "Figma")),
    # Every column the mapping leaves out is a registration answer (the email, private, is not).
    ({"first_name": "Nom complet"}, Parsed("Zoë Müller", answers=(("Poste",
                                                                    "Ingénieure at Figma"),))),
])
def test_a_given_mapping_is_used(mapping, expected):
    preview = parse_attendees(FRENCH, mapping=mapping)
    assert (preview.format, preview.people) == ("csv", [expected])


@pytest.mark.parametrize(("mapping", "fragment"), [
    ({"name": "Full name"}, "“Full name”"),
    ({"title": "Poste"}, "name"),
    ({"name": "Nom complet", "phone": "Poste"}, "“phone”"),
])
def test_a_wrong_mapping_says_what_is_wrong(mapping, fragment):
    with pytest.raises(ImportProblem) as raised:
        parse_attendees(FRENCH, mapping=mapping)
    assert fragment in str(raised.value)
    assert_one_sentence(str(raised.value))


def test_a_mapping_forces_the_generic_reading_of_a_known_export():
    preview = parse_attendees(fixture("luma-guests.csv"), mapping={"name": "name"})
    assert preview.format == "csv"
    assert preview.mapping == {"name": "name"}
    # The columns left unmapped are answers; names, emails, phones and platform columns are not.
    assert preview.people[0] == Parsed("Leila Haddad", answers=(
        ("What do you do? (title & company)", "Technical Recruiter at Acme, Inc."),
    ))
    assert preview.people[1].answers[0] == (
        "What's your LinkedIn?", "https://www.linkedin.com/in/weimurphy-65")


# --- Encodings, delimiters and Excel habits ---------------------------------------------------

PEOPLE_ROWS = [
    ["Name", "Title", "Company", "Email"],
    ["José García", "Directeur général", "Acme, Inc.", "jose@example.com"],
    ["Zoë Müller", "Ingénieure; data", "Café Crème", "zoe@example.com"],
]
ENCODINGS = [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("utf-16-be", b""),
    ("cp1252", b""), ("latin-1", b""),
]


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter(encoding, bom, delimiter):
    data = bom + csv_bytes(PEOPLE_ROWS, delimiter=delimiter, encoding=encoding)
    preview = parse_attendees(data)
    assert preview.columns == PEOPLE_ROWS[0]
    assert preview.people == [Parsed(*row) for row in PEOPLE_ROWS[1:]]


def test_cp1252_punctuation_is_read_as_cp1252():
    data = "Name,Company\r\nDaniel O’Brien,Café – Crème\r\n".encode("cp1252")
    assert parse_attendees(data).people == [Parsed("Daniel O’Brien", company="Café – Crème")]


def test_decomposed_accents_are_stored_composed():
    data = "Name\nJose\u0301 Garci\u0301a\n".encode()
    assert parse_attendees(data).people[0].name == "José García"


@pytest.mark.parametrize(("text", "people", "skipped"), [
    ('sep=;\r\nName;Company\r\nAda;"Babbage; Ltd"\r\n', [Parsed("Ada", company="Babbage; Ltd")],
     []),
    ('"sep=,"\r\nName,Company\r\nAda,Babbage\r\n', [Parsed("Ada", company="Babbage")], []),
    ('Name,Title\r\n"Ada\nLovelace","Analyst,\r\nfirst class"\r\n',
     [Parsed("Ada Lovelace", "Analyst, first class")], []),
    ("Name,Email,,,\r\nAda,ada@example.com,,,\r\n", [Parsed("Ada", email="ada@example.com")], []),
    ("Name,Company\r\n\r\nAda,Babbage\r\n,\r\n\r\nBo,Chess\r\n\r\n\r\n",
     [Parsed("Ada", company="Babbage"), Parsed("Bo", company="Chess")], []),
    ("Name , Company\r\n  Ada\u00a0 Lovelace ,\u00a0Babbage\u202fLtd \r\n",
     [Parsed("Ada Lovelace", company="Babbage Ltd")], []),
    ("Name,Company\rAda,Babbage\rBo,Chess\r", [Parsed("Ada", company="Babbage"),
                                               Parsed("Bo", company="Chess")], []),
    ("Name,Company\nAda,Babbage\n", [Parsed("Ada", company="Babbage")], []),
    ("Name,Title,Company\r\nAda\r\n", [Parsed("Ada")], []),
    ("Name,Title\r\nAda\u200b,Analyst\x07\r\n", [Parsed("Ada", "Analyst")], []),
    # C1 controls (UTF-8 from a broken export) go; NEL still separates words, as a newline does.
    ("Name,Title\r\nAda\x9b Love\x80lace,Lead\x85Analyst\r\n",
     [Parsed("Ada Lovelace", "Lead Analyst")], []),
    # A quoted cell across lines is one spreadsheet row: the nameless row below it is row 3.
    ('Name,Title\r\n"Ada","multi\nline"\r\n,Analyst\r\n', [Parsed("Ada", "multi line")],
     [RowNote(3, "no name")]),
])
def test_excel_habits(text, people, skipped):
    preview = parse_attendees(text.encode())
    assert (preview.people, preview.skipped) == (people, skipped)


@pytest.mark.parametrize(("header", "delimiter"), [
    ("Name;Title, Company;Email", ";"),
    ('"Name, full",Email', ","),
    ("Name\tWhat's your role; company?\tEmail", "\t"),
])
def test_delimiter_is_read_from_the_header(header, delimiter):
    data = f"{header}\nAda{delimiter}x{delimiter}ada@example.com\n".encode()
    assert parse_attendees(data, mapping=None).people[0].name == "Ada"


# --- Files that cannot be imported ------------------------------------------------------------

BROKEN = [
    (b"", {}, "empty"),
    (b"  \r\n\r\n", {}, "empty"),
    (b"Name,Email\r\n", {}, "no attendees found"),
    (b"Name,Email\r\n,\r\n\r\n", {}, "no attendees found"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), {}, "Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), {}, "Excel workbook (.xls)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", {}, "PDF"),
    (b"\x89PNG\r\n\x1a\n" + bytes(50), {}, "image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", {}, "image"),
    (bytes(range(256)) * 8, {}, "binary"),
    (bytes(range(1, 32)) * 50, {}, "binary"),
    (b"Name\r\nAda Lovelace\r\n" * 100, {"max_bytes": 1000}, "over the import limit of 1000 bytes"),
    (b"Name\r\n" + b"x" * 3 * 1024 * 1024, {"max_bytes": 2 * 1024 * 1024},
     "The file is 3 MB, over the import limit of 2 MB."),
    (codecs.BOM_UTF16_LE + "Name\r\nAda".encode("utf-16-le") + b"\x00\xd8a\x00", {},
     "not valid UTF-16"),
    (b'Name,Title\r\nAda,"Analyst\r\nBo,PM\r\n', {}, "Row 2 is not valid CSV"),
    (b'Name,Title\r\nAda,Analyst\r\n"Bo" Diddley,PM\r\n', {}, "Row 3 is not valid CSV"),
    (b'Name\r\n"' + b"x" * 200_000 + b"\r\n", {}, "Row 2 is not valid CSV"),
]


@pytest.mark.parametrize(("data", "options", "fragment"), BROKEN)
def test_broken_files_get_one_clear_sentence(data, options, fragment):
    with pytest.raises(ImportProblem) as raised:
        parse_attendees(data, **options)
    assert fragment in str(raised.value)
    assert_one_sentence(str(raised.value))


def test_a_malformed_row_after_many_good_ones_still_stops_the_import():
    rows = [["Name"]] + [[f"Parsed {i}"] for i in range(500)]
    data = csv_bytes(rows) + b'"Unclosed\r\n'
    with pytest.raises(ImportProblem, match="Row 502 "):
        parse_attendees(data)


CSV_ISH = st.text(st.sampled_from(list('Name,;\t"\r\n =+-@<>aé—|Email@x.coTitleat\x00\ufeff')))


@given(st.one_of(st.binary(max_size=300), CSV_ISH.map(str.encode)))
def test_any_bytes_give_a_preview_or_an_import_problem(data):
    for parse in (parse_upload, parse_attendees):
        try:
            preview = parse(data)
        except ImportProblem as problem:
            assert_one_sentence(str(problem))
            continue
        assert all(0 < len(p.name) <= 200 for p in preview.people)
        assert len({p.key for p in preview.people}) == len(preview.people)


# --- Hostile and sloppy cells -----------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://evil.example","Click")', "=1+1",
    "+A1+B1", "-2+3+cmd|' /C calc'!A0", "-A1", "@A1", "+thing=1",
])
def test_formulas_are_recognised(value):
    assert is_formula(value)


@pytest.mark.parametrize("value", [
    "+1 416 555 0100", "-", "-5", "(416) 555-0100", "@janedoe", "- Jane", "Ada", "",
    "@Acme (formerly Foo)", "+ plus one",
])
def test_plain_text_and_phone_numbers_are_not_formulas(value):
    assert not is_formula(value)


@pytest.mark.parametrize("name", [
    "=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://evil.example","Click")', "+A1+B1",
])
def test_a_formula_name_skips_the_row(name):
    preview = parse_attendees(csv_bytes([["Name", "Company"], ["Ada", "x"], [name, "y"]]))
    assert [p.name for p in preview.people] == ["Ada"]
    assert preview.skipped == [RowNote(3, "the name is a spreadsheet formula")]


def test_a_formula_in_first_or_last_name_skips_the_row():
    data = csv_bytes([["First Name", "Last Name"], ["Ada", "=1+2"], ["Grace", "Hopper"]])
    preview = parse_attendees(data)
    assert preview.people == [Parsed("Grace Hopper")]
    assert preview.skipped == [RowNote(2, "the name is a spreadsheet formula")]


@pytest.mark.parametrize("column", ["Company", "Job Title", "Email", "Website"])
def test_a_formula_elsewhere_clears_that_cell_with_a_warning(column):
    data = csv_bytes([["Name", column], ["Ada Lovelace", "=cmd|' /C calc'!A0"]])
    preview = parse_attendees(data)
    assert preview.people == [Parsed("Ada Lovelace")]
    assert preview.warnings == [
        RowNote(2, f"the “{column}” cell was a spreadsheet formula and was left out")
    ]


@pytest.mark.parametrize(("name", "kept"), [
    ("@janedoe", "@janedoe"), ("- Jane", "- Jane"), ("Ada +1", "Ada +1"),
])
def test_names_that_only_look_odd_are_kept(name, kept):
    preview = parse_attendees(csv_bytes([["Name"], [name]]))
    assert ([p.name for p in preview.people], preview.warnings) == ([kept], [])


@pytest.mark.parametrize("name", ["", "  ", "-", "N/A", "none"])
def test_a_row_without_a_name_is_skipped(name):
    preview = parse_attendees(csv_bytes([["Name", "Company"], [name, "Acme"], ["Ada", ""]]))
    assert preview.people == [Parsed("Ada")]
    assert preview.skipped == [RowNote(2, "no name")]


@pytest.mark.parametrize("name", [
    "<script>alert(1)</script>", "<b>Bo</b> Diddley", "Ada <img src=x onerror=alert(1)>",
])
def test_markup_in_a_name_is_kept_as_text_with_a_warning(name):
    preview = parse_attendees(csv_bytes([["Name"], ["Ada"], [name]]))
    assert [p.name for p in preview.people] == ["Ada", name]
    assert preview.warnings == [
        RowNote(3, "the name contains markup such as <b>; it is kept as plain text")
    ]


def test_markup_in_a_company_is_kept_as_text_with_a_warning():
    preview = parse_attendees(csv_bytes([["Name", "Company"], ["Ada", "<i>Babbage</i>"]]))
    assert preview.people == [Parsed("Ada", company="<i>Babbage</i>")]
    assert preview.warnings == [
        RowNote(2, "the “Company” cell contains markup such as <b>; it is kept as plain text")
    ]


def test_a_less_than_sign_is_not_markup():
    assert parse_attendees(csv_bytes([["Name"], ["Ada <3 Bo"]])).warnings == []


def test_overlong_text_is_shortened_and_overlong_addresses_dropped_with_a_warning():
    long_url = "https://example.com/" + "a" * 500
    data = csv_bytes([["Name", "Job Title", "Website"], ["A" * 250, "T" * 600, long_url]])
    preview = parse_attendees(data)
    found = preview.people[0]
    assert (len(found.name), len(found.title), found.url) == (200, 500, "")
    assert preview.warnings == [
        RowNote(2, "the name is over 200 characters and was shortened"),
        RowNote(2, "the “Job Title” cell is over 500 characters and was shortened"),
        RowNote(2, "the “Website” cell is over 500 characters and was left out"),
    ]


@pytest.mark.parametrize(("value", "email", "warned"), [
    ("ADA@Example.COM", "ada@example.com", False),
    ("mailto:ada@example.com", "ada@example.com", False),
    ("  ada@example.com ", "ada@example.com", False),
    ("<ada@example.com>", "ada@example.com", False),
    ("ada at example dot com", "", True),
    ("ada@localhost", "", True),
    ("ada@@example.com", "", True),
    ("n/a", "", False),
    ("", "", False),
])
def test_emails_are_checked_and_lowercased(value, email, warned):
    preview = parse_attendees(csv_bytes([["Name", "Email"], ["Ada", value]]))
    assert preview.people[0].email == email
    assert bool(preview.warnings) == warned
    if warned:
        assert preview.warnings[0].row == 2 and value in preview.warnings[0].reason


@pytest.mark.parametrize(("linkedin", "url", "expected", "warned"), [
    ("https://www.linkedin.com/in/ada-lovelace/", "",
     ("https://www.linkedin.com/in/ada-lovelace", ""), False),
    ("http://ca.linkedin.com/in/ada?trk=public_profile", "",
     ("https://www.linkedin.com/in/ada", ""), False),
    ("linkedin.com/in/Ada-L", "", ("https://www.linkedin.com/in/Ada-L", ""), False),
    ("www.linkedin.com/in/ada#about", "", ("https://www.linkedin.com/in/ada", ""), False),
    ("https://m.linkedin.com/in/ada", "", ("https://www.linkedin.com/in/ada", ""), False),
    # A company's page is not the person's profile: it is kept as their website.
    ("https://www.linkedin.com/company/acme", "",
     ("", "https://www.linkedin.com/company/acme"), False),
    ("javascript:alert(1)", "", ("", ""), True),
    ("Ada Lovelace", "", ("", ""), True),
    ("https://ada.dev", "", ("", "https://ada.dev"), False),
    ("https://ada.dev", "https://other.dev", ("", "https://other.dev"), False),
    ("/in/ada-lovelace-1a2b3c", "", ("https://www.linkedin.com/in/ada-lovelace-1a2b3c", ""),
     False),
    ("https://uk.linkedin.com/in/ada%C3%AB/?trk=people-guest", "",
     ("https://www.linkedin.com/in/ada%C3%AB", ""), False),
    ("/in/", "", ("", ""), True),
    ("", "javascript:alert(document.cookie)", ("", ""), True),
    ("", "JaVaScRiPt:alert(1)", ("", ""), True),
    ("", "data:text/html,<script>alert(1)</script>", ("", ""), True),
    ("", "ftp://files.example.com", ("", ""), True),
    ("", "https://", ("", ""), True),
    ("", "www.ada.dev", ("", "https://www.ada.dev"), False),
    ("", "HTTPS://ada.dev/about", ("", "https://ada.dev/about"), False),
    ("", "ada.dev:8080/cv", ("", "https://ada.dev:8080/cv"), False),
])
def test_links_are_normalised_and_unsafe_ones_dropped(linkedin, url, expected, warned):
    preview = parse_attendees(csv_bytes([["Name", "LinkedIn", "Website"], ["Ada", linkedin, url]]))
    assert (preview.people[0].linkedin, preview.people[0].url) == expected
    assert bool(preview.warnings) == warned


# --- Duplicates -------------------------------------------------------------------------------

def test_duplicate_rows_collapse_into_one_person():
    data = csv_bytes([
        ["Name", "Email", "Title", "Company"],
        ["Ada Lovelace", "ada@example.com", "Analyst", ""],
        ["Grace Hopper", "grace@example.com", "Admiral", "US Navy"],
        ["ADA LOVELACE", "ADA@EXAMPLE.COM", "Countess", "Babbage Ltd"],
        ["Alan Turing", "", "", ""],
        ["Turing, Alan", "", "Mathematician", ""],
    ])
    preview = parse_attendees(data)
    assert preview.people == [
        Parsed("Ada Lovelace", "Analyst", "Babbage Ltd", "ada@example.com"),
        Parsed("Grace Hopper", "Admiral", "US Navy", "grace@example.com"),
        Parsed("Alan Turing", "Mathematician"),
    ]
    assert preview.skipped == []
    assert preview.folded == [
        RowNote(4, "same person as row 2 (same email): folded into one"),
        RowNote(6, "same name as row 5, and no email, id or profile link tells them apart: "
                   "folded into one"),
    ]


def test_a_shared_email_with_another_name_is_another_person():
    # Eventbrite repeats the buyer's email on every ticket of the order.
    data = csv_bytes([["First Name", "Last Name", "Email"],
                      ["Grace", "Hopper", "grace@example.com"],
                      ["Joan", "Clarke", "grace@example.com"]])
    preview = parse_attendees(data)
    assert preview.people == [Parsed("Grace Hopper", email="grace@example.com"),
                              Parsed("Joan Clarke")]
    assert preview.warnings == [RowNote(3, "same email as row 2 but another name; "
                                           "imported without the email")]


def test_a_duplicate_that_is_the_host_makes_the_person_the_host():
    data = csv_bytes([["Name", "RSVP", "Event Host"], ["Ada", "Yes", "No"], ["ada", "Yes", "Yes"]])
    assert parse_attendees(data).people == [Parsed("Ada", is_host=True)]


@pytest.mark.parametrize(("one", "other", "same"), [
    (Parsed("Ada", email="Ada@Example.com"), Parsed("Someone", email="ada@example.com"), True),
    (Parsed("García, Mateo"), Parsed("mateo garcia"), True),
    (Parsed("Ada Lovelace"), Parsed("Ada Lovelace", email="ada@example.com"), False),
])
def test_person_key(one, other, same):
    assert (one.key == other.key) == same


# --- Pasted lists ------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("Mateo Chen — Head of Growth at Acme, Inc.", Parsed("Mateo Chen", "Head of Growth",
                                                          "Acme, Inc.")),
    ("Nadia Haddad, Software Engineer, Acme, Inc.", Parsed("Nadia Haddad", "Software Engineer",
                                                           "Acme, Inc.")),
    ("Wei Nakamura, Software Engineer at Shopify", Parsed("Wei Nakamura", "Software Engineer",
                                                          "Shopify")),
    ("Fatima García, Group Product Manager", Parsed("Fatima García", "Group Product Manager")),
    ("Aisha O'Brien", Parsed("Aisha O'Brien")),
    ("Leila López – Data Scientist at Clio", Parsed("Leila López", "Data Scientist", "Clio")),
    ("Omar Silva - Principal PM at Meta", Parsed("Omar Silva", "Principal PM", "Meta")),
    ("Mei Dubois | Product Lead | Stripe", Parsed("Mei Dubois", "Product Lead", "Stripe")),
    ("Jonas Tanaka—Head of Growth at Figma", Parsed("Jonas Tanaka", "Head of Growth", "Figma")),
    ("Mary-Jane Watson, Photographer @ Daily Bugle", Parsed("Mary-Jane Watson", "Photographer",
                                                            "Daily Bugle")),
    ("Ada Lovelace\tAnalyst\tBabbage, Ltd", Parsed("Ada Lovelace", "Analyst", "Babbage, Ltd")),
    ("- Grace Hopper, Admiral, US Navy", Parsed("Grace Hopper", "Admiral", "US Navy")),
    ("3. Alan Turing — Mathematician at Bletchley Park",
     Parsed("Alan Turing", "Mathematician", "Bletchley Park")),
    ("Ada Lovelace <ADA@example.com>, Analyst", Parsed("Ada Lovelace", "Analyst",
                                                       email="ada@example.com")),
    ("Grace Hopper, Admiral, US Navy, grace@example.com, https://www.linkedin.com/in/grace",
     Parsed("Grace Hopper", "Admiral", "US Navy", "grace@example.com",
            "https://www.linkedin.com/in/grace")),
    ("  Zoë   Müller ,  Engineer  ", Parsed("Zoë Müller", "Engineer")),
])
def test_pasted_line(line, expected):
    preview = parse_pasted(line)
    assert (preview.format, preview.people, preview.columns, preview.mapping) == (
        "pasted", [expected], [], {})


def test_pasted_list_notes_use_line_numbers_and_skip_blank_lines():
    text = "Name, Title, Company\n\nAda Lovelace\n=1+1\n   \n<b>Bo</b>\nada lovelace, Analyst\n"
    preview = parse_pasted(text)
    assert preview.people == [Parsed("Ada Lovelace", "Analyst"), Parsed("<b>Bo</b>")]
    assert preview.skipped == [RowNote(4, "the name is a spreadsheet formula")]
    assert preview.folded == [RowNote(7, "same name as row 3, and no email, id or profile link "
                                         "tells them apart: folded into one")]
    assert preview.warnings == [
        RowNote(6, "the name contains markup such as <b>; it is kept as plain text")
    ]


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\ufeff"])
def test_an_empty_pasted_list_is_a_problem(text):
    with pytest.raises(ImportProblem, match="no attendees found"):
        parse_pasted(text)


def test_pasted_accents_are_stored_composed():
    assert parse_pasted("Jose\u0301 Garci\u0301a").people == [Parsed("José García")]


def test_pasted_fixture():
    preview = parse_pasted(fixture("pasted-attendees.txt").decode("utf-8"))
    lines = [line for line in fixture("pasted-attendees.txt").decode().splitlines() if line]
    assert (len(preview.people), preview.skipped, preview.warnings) == (len(lines), [], [])
    assert person(preview, "Tomás Sharma") == Parsed(
        "Tomás Sharma", "Associate Product Manager", "Acme, Inc.")


# --- Uploads: a CSV or a list -----------------------------------------------------------------

@pytest.mark.parametrize(("data", "format"), [
    (fixture("luma-guests.csv"), "luma"),
    (fixture("eventbrite-attendees.csv"), "eventbrite"),
    (fixture("meetup-attendees.csv"), "meetup"),
    (fixture("generic-attendees.csv"), "csv"),
    (fixture("pasted-attendees.txt"), "pasted"),
    (b"Ada Lovelace\nGrace Hopper\n", "pasted"),
    (b"Name\nAda Lovelace\n", "csv"),
    (b"Wei Nakamura, Software Engineer, Shopify\nAda Lovelace, Analyst, Babbage\n", "pasted"),
    (b"Full name;Role\nAda;Analyst\n", "csv"),
    (codecs.BOM_UTF16_LE + "Ada Lovelace — Analyst\r\n".encode("utf-16-le"), "pasted"),
])
def test_upload_reads_a_csv_or_a_list(data, format):
    assert parse_upload(data).format == format


@pytest.mark.parametrize("data", [
    b"Nimi,Asema\nAda,Analyytikko\n",
    b"sep=;\nWho;Rank\nAda;Analyst\n",  # Excel's delimiter line marks a CSV whatever its header
])
def test_upload_of_an_unknown_csv_asks_for_a_mapping(data):
    with pytest.raises(NeedsMapping):
        parse_upload(data)
    header = data.splitlines()[-2].decode()
    name_column, other = header.split(";" if ";" in header else ",")
    assert parse_upload(data, mapping={"name": name_column, "title": other}).people == [
        Parsed("Ada", data.splitlines()[-1].decode().split(header[len(name_column)])[1])]


def test_upload_refuses_binary():
    with pytest.raises(ImportProblem, match="xlsx"):
        parse_upload(b"PK\x03\x04" + bytes(100))
