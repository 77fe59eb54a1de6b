"""Attendee files in the layouts real platforms and hosts write, with invented people.

tests/fixtures/real-layouts/ holds one small file per layout: Luma with host questions and
statuses, Eventbrite with a buyer's email on every ticket, Tito's holder and buyer columns,
Meetup's member list (tab-separated text named .xls), a scraped Meetup list, a Zoom report,
Google Forms sign-in and call-for-papers sheets, a conference list under a title row, a Yes/No
column whose header says "name", headers in Czech, Spanish, French, German and Italian, a .txt
badge list and an enriched CRM sheet. Each test names the people who must come out.
"""

import codecs
import csv
import io

import pytest

from companion.imports.model import ImportProblem, RowNote
from companion.imports.service import parse_import

from .conftest import FIXTURES

LAYOUTS = FIXTURES / "real-layouts"


def read(name: str, **options):
    return parse_import((LAYOUTS / name).read_bytes(), filename=name, **options)


def names(preview) -> list[str]:
    return [person.name for person in preview.people]


def person(preview, name: str, index: int = 0):
    return [p for p in preview.people if p.name == name][index]


# file, format, the attending people, statuses, rows folded, rows skipped
EXPECTED = [
    ("luma-guests-questions.csv", "luma",
     ["Oriane Bellweather", "Tamsin Okonjo", "Ilse Vantongeren", "Ilse Vantongeren",
      "Roderick Amankwah"],
     {"attending": 5, "pending": 2, "invited": 1, "waitlist": 1, "declined": 1}, 0, 0),
    ("eventbrite-attendees-questions.csv", "eventbrite",
     ["Wenonah Castellanos", "Piet Abernathy", "Marisol Abernathy", "Ugo Benedetti"],
     {"attending": 4, "refunded": 1, "cancelled": 1, "transferred": 1, "declined": 1}, 0, 0),
    ("tito-tickets.csv", "tito",
     ["Hollis Achterberg", "Nneka Salminen", "Nneka Salminen", "Brannigan Holt"],
     {"attending": 4, "void": 1}, 0, 0),
    ("meetup-member-list.xls", "meetup",
     ["Adam", "Adam", "Adam", "Adam", "Adam", "Rowena Q.", "Teodor Vasquez"], {}, 1, 0),
    ("meetup-scraped-attendees.csv", "csv", ["Lior K.", "Maelle D.", "Lior K.", "Quincy A."],
     {}, 0, 0),
    ("zoom-participants.csv", "zoom",
     ["Anouk Brennan", "Thiago Mbeki", "Ravindra Oyelowo (Ravi)"], {}, 1, 0),
    ("gforms-signin.csv", "csv", ["Ezekiel Harmsworth", "Lucinda Paredes"], {}, 2, 1),
    ("gforms-cfp.csv", "csv", ["Pernille Achebe", "Joachim Rubio-Strand", "Vesna Oduya"],
     {}, 1, 0),
    ("conference-preamble.csv", "csv", ["Zoé Lefèvre", "Seán Ó Briain", "Mårten Ekström"],
     {}, 1, 1),
    ("name-on-list.csv", "csv", ["Ottilie Marchbanks", "Kofi Abernethy", "Ingeborg"], {}, 1, 0),
    ("speakers-cs.csv", "csv", ["Radovan Šťastný"], {"attending": 1, "cancelled": 1}, 0, 0),
    ("asistentes-es.csv", "csv", ["Inmaculada Ríos Velasco"],
     {"attending": 1, "waitlist": 1}, 0, 0),
    ("participants-fr.csv", "csv", ["Anaïs Delaunay"], {"attending": 1, "cancelled": 1}, 0, 0),
    ("teilnehmer-de.csv", "csv", ["Grete Brünnhilde"], {}, 0, 0),
    ("partecipanti-it.csv", "csv", ["Ludovica Sciarra"], {}, 0, 0),
    ("delegates.txt", "csv", ["Hesper Wainwright", "Corvin Adeyemi-Lund"], {}, 0, 0),
    ("enriched-crm.csv", "csv", ["Marguerite Osei-Barros", "Lorcan Villiers"], {}, 0, 0),
]


@pytest.mark.parametrize(("name", "format_name", "people", "statuses", "folded", "skipped"),
                         EXPECTED, ids=[case[0] for case in EXPECTED])
def test_each_layout_imports_the_right_people(name, format_name, people, statuses, folded,
                                              skipped):
    preview = read(name)
    assert (preview.format, names(preview)) == (format_name, people)
    assert preview.statuses == statuses
    assert (len(preview.folded), len(preview.skipped)) == (folded, skipped)
    left_out = sum(count for status, count in statuses.items() if status != "attending")
    assert len(preview.not_attending) == left_out
    # Every row is a person, folded into one, left out for its status, or skipped: none lost.
    for note in preview.folded + preview.skipped + preview.not_attending:
        assert note.row >= 1 and note.reason
    assert len({p.key for p in preview.people}) == len(preview.people)


def test_the_name_column_is_chosen_by_what_it_holds():
    # "Name on attendee list" holds Yes and No: the first and last name columns are the name.
    preview = read("name-on-list.csv")
    assert preview.mapping["first_name"] == "First Name"
    assert "name" not in preview.mapping
    # Tito: the ticket holder's full name, not the buyer's ("Order Name").
    tito = read("tito-tickets.csv")
    assert tito.mapping["name"] == "Ticket Full Name"
    assert tito.mapping["email"] == "Ticket Email"
    assert "Gregor Salminen" not in names(tito)


def test_people_without_email_are_told_apart_by_member_ids_and_ticket_references():
    members = read("meetup-member-list.xls")
    adams = [p for p in members.people if p.name == "Adam"]
    assert [p.ref for p in adams] == ["1110001", "1110002", "1110003", "1110004", "1110005"]
    assert len({p.key for p in adams}) == 5
    # The same member twice is one person, and the preview says why.
    assert members.folded == [
        RowNote(9, "same person as row 8 (same member or ticket id): folded into one")]
    tito = read("tito-tickets.csv")
    assert [p.ref for p in tito.people if p.name == "Nneka Salminen"] == ["ASDF-1", "ASDF-2"]
    scraped = read("meetup-scraped-attendees.csv")
    assert [p.key for p in scraped.people if p.name == "Lior K."] == ["ref:77001", "ref:77003"]


def test_rows_are_folded_by_name_only_when_nothing_else_tells_them_apart():
    preview = read("gforms-signin.csv")
    assert preview.folded == [
        RowNote(4, "same name as row 2, and no email, id or profile link tells them apart: "
                   "folded into one"),
        RowNote(6, "same name as row 2, and no email, id or profile link tells them apart: "
                   "folded into one"),
    ]
    assert preview.skipped == [RowNote(5, "no name")]
    # Two Luma guests called Ilse Vantongeren have two emails: two people.
    luma = read("luma-guests-questions.csv")
    assert [p.email for p in luma.people if p.name == "Ilse Vantongeren"] == [
        "ilse.v@example.com", "ivantongeren@example.org"]


def test_the_buyers_email_on_someone_elses_ticket_is_not_theirs():
    preview = read("eventbrite-attendees-questions.csv")
    marisol = person(preview, "Marisol Abernathy")
    assert (marisol.email, marisol.ref, marisol.key) == ("", "5510003", "ref:5510003")
    assert preview.warnings == [
        RowNote(4, "same email as row 3 but another name; imported without the email")]


def test_who_is_attending_and_the_owners_choice_to_include_the_waitlist_or_pending():
    preview = read("luma-guests-questions.csv")
    assert [(note.row, note.status) for note in preview.not_attending] == [
        (4, "pending"), (5, "invited"), (6, "waitlist"), (7, "declined"), (11, "pending")]
    both = read("luma-guests-questions.csv", include=("waitlist", "pending"))
    assert names(both) == ["Oriane Bellweather", "Tamsin Okonjo", "Bertil Quarrington",
                           "Caspian Nwachukwu", "Ilse Vantongeren", "Ilse Vantongeren",
                           "Roderick Amankwah", "Femke Oyelaran"]
    assert [note.status for note in both.not_attending] == ["invited", "declined"]
    # An included guest says on their record why they are not plainly attending.
    caspian = person(both, "Caspian Nwachukwu")
    assert ("approval_status", "waitlist") in caspian.answers


@pytest.mark.parametrize(("name", "who", "linkedin", "url"), [
    ("luma-guests-questions.csv", "Oriane Bellweather",
     "https://www.linkedin.com/in/oriane-bellweather-7f3k2q9", ""),
    ("luma-guests-questions.csv", "Tamsin Okonjo", "https://www.linkedin.com/in/tamsinokonjo", ""),
    ("luma-guests-questions.csv", "Ilse Vantongeren",
     "https://www.linkedin.com/in/ilse-vantongeren-%C3%A9cole", ""),
    # A company's page is their website, not their profile.
    ("luma-guests-questions.csv", "Roderick Amankwah", "",
     "https://www.linkedin.com/company/amankwah-robotics"),
    ("gforms-cfp.csv", "Pernille Achebe", "https://www.linkedin.com/in/pernilleachebe",
     "https://github.com/pachebe"),
    ("gforms-cfp.csv", "Vesna Oduya", "https://www.linkedin.com/in/vesna-oduya",
     "https://vesnaoduya.design"),
    ("enriched-crm.csv", "Marguerite Osei-Barros", "", "https://osei-coaching.example"),
    ("enriched-crm.csv", "Lorcan Villiers", "https://www.linkedin.com/in/lorcanvilliers", ""),
    ("meetup-member-list.xls", "Teodor Vasquez", "",
     "http://www.meetup.com/Data-Harbour/members/1110007/"),
])
def test_linkedin_in_every_form_and_several_links_in_one_cell(name, who, linkedin, url):
    found = person(read(name), who)
    assert (found.linkedin, found.url) == (linkedin, url)


def test_the_links_a_cell_holds_beyond_the_profile_and_website_are_kept_as_text():
    preview = read("gforms-cfp.csv")
    vesna = dict(person(preview, "Vesna Oduya").answers)
    assert vesna["Social links"] == ("vesnaoduya.design, https://twitter.com/vesnaoduya, "
                                     "linkedin.com/in/vesna-oduya")
    joachim = dict(person(preview, "Joachim Rubio-Strand").answers)
    assert joachim["Social links"] == "Twitter: @jrubiostrand"
    crm = dict(person(read("enriched-crm.csv"), "Marguerite Osei-Barros").answers)
    assert crm["linkedin_url"] == "https://www.linkedin.com/company/osei-coaching/"


@pytest.mark.parametrize(("name", "who", "fields"), [
    ("speakers-cs.csv", "Radovan Šťastný", dict(company="Cestovka s.r.o.", title="Vývojář")),
    ("asistentes-es.csv", "Inmaculada Ríos Velasco",
     dict(company="Aceitunas Sur", title="Directora de producto", email="inma@example.es")),
    ("participants-fr.csv", "Anaïs Delaunay",
     dict(company="Boulangerie Numérique", title="Développeuse", email="anais@example.fr")),
    ("teilnehmer-de.csv", "Grete Brünnhilde",
     dict(company="Schraubwerk GmbH", title="Leiterin Entwicklung", email="grete@example.de")),
    ("partecipanti-it.csv", "Ludovica Sciarra",
     dict(company="Pasta Dati", title="Data scientist", email="ludovica@example.it")),
    ("conference-preamble.csv", "Seán Ó Briain",
     dict(company="The Harbour Times", title="Editor – Data")),
    ("delegates.txt", "Hesper Wainwright",
     dict(company="Institute of Small Things", title="Lecturer")),
])
def test_headers_in_other_languages_and_odd_shapes(name, who, fields):
    found = person(read(name), who)
    assert {field: getattr(found, field) for field in fields} == fields


def test_a_title_row_above_the_header_is_noted_not_imported():
    preview = read("conference-preamble.csv")
    assert preview.columns == ["First Name", "Last Name", "Twitter", "Job Title", "Organization"]
    assert preview.skipped == [
        RowNote(1, "above the header row: a title or a note, not a person")]


@pytest.mark.parametrize(("name", "who", "answers"), [
    ("luma-guests-questions.csv", "Oriane Bellweather", (
        ("What is your GitHub?", "obellweather"), ("Which track are you doing?", "open hardware"),
        ("What are you looking to get out of this event?", "Meet people building wearables"))),
    # "N/A" and "-" say nothing: dropped. A line break in an answer stays.
    ("luma-guests-questions.csv", "Tamsin Okonjo",
     (("Which track are you doing?", "open hardware"),)),
    ("eventbrite-attendees-questions.csv", "Wenonah Castellanos", (
        ("Ticket Type", "General Admission"), ("How did you hear about this event?", "Newsletter"),
        ("Are you a consultant?", "No"), ("Industry", "Fintech"), ("Pronouns", "she/her"))),
    ("gforms-signin.csv", "Lucinda Paredes",
     (("Department", "FINANCE, INSURANCE & REAL ESTATE"),)),
    ("asistentes-es.csv", "Inmaculada Ríos Velasco",
     (("¿Qué esperas del evento?", "Conocer a otros PMs"),)),
])
def test_registration_answers_are_kept_per_attendee(name, who, answers):
    assert person(read(name), who).answers == answers


def test_answers_keep_line_breaks_and_folded_rows_keep_both_answers():
    ilse = person(read("luma-guests-questions.csv"), "Ilse Vantongeren")
    assert dict(ilse.answers)["What are you looking to get out of this event?"] == (
        "Hiring two firmware engineers\nand meeting investors")
    pernille = dict(person(read("gforms-cfp.csv"), "Pernille Achebe").answers)
    assert pernille["Title of your talk/workshop"] == "Sync without tears · Room databases in depth"


def test_platform_columns_and_private_details_are_not_answers():
    questions = set(read("eventbrite-attendees-questions.csv").questions)
    assert questions == {"Ticket Type", "How did you hear about this event?",
                         "Are you a consultant?", "Industry", "Pronouns"}
    for name in ("luma-guests-questions.csv", "tito-tickets.csv", "meetup-member-list.xls",
                 "zoom-participants.csv", "enriched-crm.csv", "meetup-scraped-attendees.csv"):
        asked = " ".join(read(name).questions).lower()
        for private in ("phone", "address", "email", "zip", "ip", "amount", "created",
                        "qr_code", "join time", "order", "_id", "photo"):
            assert private not in asked, (name, private)


# --- Hostile variants of the same layouts ----------------------------------------------------

def luma_rows(*extra: list[str]) -> bytes:
    header = ["api_id", "name", "email", "approval_status", "What is your LinkedIn profile?",
              "What are you looking to get out of this event?"]
    lines = [header, ["g1", "Oriane Bellweather", "oriane@example.org", "approved",
                      "/in/oriane-b", "Wearables"], *extra]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return buffer.getvalue().encode()


@pytest.mark.parametrize(("answer", "kept", "warned"), [
    ('=HYPERLINK("http://evil.example","x")', None, True),
    ("@SUM(1+1)", None, True),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>", False),
    ("x" * 5000, "x" * 1000, False),
    ("n/a", None, False), ("TBD", None, False), ("—", None, False), ("nan", None, False),
])
def test_hostile_answers(answer, kept, warned):
    preview = parse_import(luma_rows(["g2", "Tamsin Okonjo", "tamsin@example.com", "approved",
                                      "", answer]), filename="luma.csv")
    tamsin = person(preview, "Tamsin Okonjo")
    assert dict(tamsin.answers).get("What are you looking to get out of this event?") == kept
    assert bool([n for n in preview.warnings if n.row == 3]) == warned


@pytest.mark.parametrize("linkedin", [
    "javascript:alert(1)", "/in/<script>", "https://linkedin.com.evil.example/in/x",
    "https://www.linkedin.com/in/" + "a" * 600,
])
def test_hostile_linkedin_answers_never_become_profiles(linkedin):
    preview = parse_import(luma_rows(["g2", "Tamsin Okonjo", "tamsin@example.com", "approved",
                                      linkedin, ""]), filename="luma.csv")
    tamsin = person(preview, "Tamsin Okonjo")
    assert not tamsin.linkedin
    assert not tamsin.url.startswith("javascript")


def test_duplicate_headers_stay_two_questions():
    data = (b"Name,Comments,Comments,Status\r\nOriane,likes tea,vegetarian,going\r\n"
            b"Tamsin,,,not going\r\n")
    preview = parse_import(data, filename="list.csv")
    assert preview.people[0].answers == (("Comments", "likes tea"), ("Comments (2)", "vegetarian"))
    assert preview.not_attending == [RowNote(3, "marked “not going” in Status", "declined")]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_a_preamble_in_any_encoding(encoding):
    text = ("Guest list — exported 3 March\r\n\r\n\r\nNote: confidential,,\r\n"
            "Full name,Company,Status\r\nZoé Lefèvre,Le Courrier,confirmed\r\n"
            "Mårten Ekström,Radio Nord,waitlisted\r\n")
    preview = parse_import(text.encode(encoding), filename="list.csv")
    assert names(preview) == ["Zoé Lefèvre"]
    assert [note.row for note in preview.skipped] == [1, 4]
    assert preview.not_attending[0].status == "waitlist"


def test_a_tab_separated_file_named_xls_is_read_and_a_real_workbook_is_explained():
    data = "Name\tMember ID\tLocation\nAdam\t1\tBristol\nAdam\t2\tBath\n".encode("utf-16")
    preview = parse_import(data, filename="members.xls")
    assert [p.key for p in preview.people] == ["ref:1", "ref:2"]
    with pytest.raises(ImportProblem, match="old Excel workbook"):
        parse_import(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), filename="members.xls")


def test_a_name_header_over_yes_no_cells_is_never_the_name():
    data = b"Attendee,First Name,Last Name\r\nYes,Ottilie,Marchbanks\r\nNo,Kofi,Abernethy\r\n"
    assert names(parse_import(data, filename="x.csv")) == ["Ottilie Marchbanks", "Kofi Abernethy"]


def test_a_huge_cell_in_a_name_column_is_shortened_not_a_crash():
    data = codecs.BOM_UTF8 + b"Ticket Full Name,Order Name\r\n" + b"A" * 100_000 + b",Buyer\r\n"
    preview = parse_import(data, filename="tito.csv")
    assert len(preview.people[0].name) == 200
