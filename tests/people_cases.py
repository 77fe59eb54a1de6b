"""Who is the same person, and how a relationship stands: one table for both twins.

companion/rules/people.py is the reference; static/js/rules/people.js must agree with it on
every case (tests/browser/test_people_agreement.py). tests/test_people_rules.py checks Python
against the answers written here.
"""

from typing import NamedTuple


class Slug(NamedTuple):
    id: str
    text: str
    slug: str | None


SLUGS: list[Slug] = [
    Slug("full", "https://www.linkedin.com/in/Dana-Lee-123/?trk=x", "dana-lee-123"),
    Slug("no-scheme", "linkedin.com/in/dana-lee-123", "dana-lee-123"),
    Slug("path-only", "/in/x1", "x1"),
    Slug("country", "ca.linkedin.com/in/x1", "x1"),
    Slug("mobile", "https://m.linkedin.com/in/Dana", "dana"),
    Slug("http-www", "http://www.linkedin.com/in/dana/", "dana"),
    Slug("query", "https://linkedin.com/in/dana?originalSubdomain=ca", "dana"),
    Slug("fragment", "https://linkedin.com/in/dana#about", "dana"),
    Slug("deeper-path", "https://www.linkedin.com/in/dana/details/experience/", "dana"),
    Slug("trimmed", "  https://www.linkedin.com/in/dana  ", "dana"),
    Slug("percent", "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa", "josé-garcía"),
    Slug("percent-upper", "linkedin.com/in/ZO%C3%8B", "zoë"),
    Slug("percent-broken", "linkedin.com/in/dana%2", "dana%2"),
    Slug("percent-not-utf8", "linkedin.com/in/dana%FF", "dana%ff"),
    Slug("upper-host", "HTTPS://WWW.LINKEDIN.COM/IN/DANA", "dana"),
    Slug("company", "https://www.linkedin.com/company/acme/", None),
    Slug("school", "linkedin.com/school/mit", None),
    Slug("other-site", "https://github.com/in/dana", None),
    Slug("look-alike", "https://linkedin.com.evil.example/in/dana", None),
    Slug("plain-text", "Dana Lee", None),
    Slug("bare-slug", "dana-lee-123", None),
    Slug("empty", "", None),
    Slug("space-inside", "linkedin.com/in/dana lee", None),
    Slug("markup", "https://linkedin.com/in/<script>", None),
]


class Same(NamedTuple):
    id: str
    a: dict
    b: dict
    answer: str


def person(name="", emails=(), linkedin="", company=""):
    return {"name": name, "emails": list(emails), "linkedin": linkedin, "company": company}


SAME: list[Same] = [
    Same("email-case", person("Dana Lee", ["Dana@Acme.com"]),
         person("D. Lee", [" dana@acme.com "]), "same"),
    Same("email-among-several", person("Dana", ["a@x.io", "dana@acme.com"]),
         person("Dana", ["dana@acme.com"]), "same"),
    Same("email-wrapped", person("Dana", ["<dana@acme.com>"]),
         person("Other", ["mailto:dana@acme.com"]), "same"),
    Same("linkedin-forms", person("Dana", linkedin="https://www.linkedin.com/in/Dana-Lee/"),
         person("Dana Lee", linkedin="ca.linkedin.com/in/dana-lee?trk=x"), "same"),
    Same("linkedin-beats-company", person("Dana Lee", linkedin="/in/dlee", company="Acme"),
         person("Dana Lee", linkedin="linkedin.com/in/dlee", company="Globex"), "same"),
    Same("name-and-company", person("Dana Lee", company="Acme Inc."),
         person("dana lee", company="ACME"), "ask"),
    Same("surname-first", person("Lee, Dana", company="Acme"),
         person("Dana Lee", company="acme"), "ask"),
    Same("accents", person("José García", company="Telefónica"),
         person("Jose Garcia", company="Telefonica S.A."), "ask"),
    Same("apostrophe", person("Siobhán O'Brien", company="Stripe"),
         person("Siobhan OBrien", company="Stripe, Inc."), "ask"),
    Same("two-alex-kims", person("Alex Kim", company="Acme"),
         person("Alex Kim", company="Globex"), "different"),
    Same("name-alone", person("Alex Kim"), person("Alex Kim"), "different"),
    Same("name-alone-one-company", person("Alex Kim", company="Acme"),
         person("Alex Kim"), "different"),
    Same("different-emails", person("Alex Kim", ["alex@acme.com"], company="Acme"),
         person("Alex Kim", ["akim@acme.com"], company="Acme"), "ask"),
    Same("company-page-not-a-person",
         person("Dana", linkedin="https://linkedin.com/company/acme"),
         person("Sam", linkedin="https://linkedin.com/company/acme"), "different"),
    Same("not-an-email", person("A", ["n/a"]), person("B", ["n/a"]), "different"),
    Same("empty", person(), person(), "different"),
]


class Standing(NamedTuple):
    id: str
    interactions: list[dict]
    cadence_days: int | None
    today: str
    answer: dict


def touch(on, kind="met"):
    return {"on": on, "kind": kind}


def standing(last, due, state, warm):
    return {"last_contact": last, "due_on": due, "state": state, "warm": warm}


RELATIONSHIPS: list[Standing] = [
    Standing("never", [], None, "2026-06-01", standing(None, None, "none", False)),
    Standing("never-with-cadence", [], 61, "2026-06-01", standing(None, None, "due", False)),
    Standing("met-once", [touch("2026-05-01")], None, "2026-06-01",
             standing("2026-05-01", None, "none", False)),
    Standing("met-and-coffee", [touch("2026-05-01"), touch("2026-05-10", "coffee")], None,
             "2026-06-01", standing("2026-05-10", None, "none", True)),
    Standing("warm-ends-after-90-days", [touch("2026-01-01"), touch("2026-01-02", "call")],
             None, "2026-04-03", standing("2026-01-02", None, "none", False)),
    Standing("warm-on-day-90", [touch("2026-01-01"), touch("2026-01-02", "call")],
             None, "2026-04-02", standing("2026-01-02", None, "none", True)),
    Standing("one-way-touches-not-warm",
             [touch("2026-05-01", "message"), touch("2026-05-02", "followup-sent"),
              touch("2026-05-03", "other")], None, "2026-05-04",
             standing("2026-05-03", None, "none", False)),
    Standing("reply-counts", [touch("2026-05-01"), touch("2026-05-04", "reply")], 21,
             "2026-05-10", standing("2026-05-04", "2026-05-25", "ok", True)),
    Standing("due-on-the-day", [touch("2026-05-01")], 21, "2026-05-22",
             standing("2026-05-01", "2026-05-22", "due", False)),
    Standing("day-before-due", [touch("2026-05-01")], 21, "2026-05-21",
             standing("2026-05-01", "2026-05-22", "ok", False)),
    Standing("overdue-at-1.5x", [touch("2026-05-01")], 21, "2026-06-01",
             standing("2026-05-01", "2026-05-22", "overdue", False)),
    Standing("not-yet-overdue", [touch("2026-05-01")], 21, "2026-05-31",
             standing("2026-05-01", "2026-05-22", "due", False)),
    Standing("latest-wins-not-last-listed",
             [touch("2026-05-20", "coffee"), touch("2026-05-01")], 61, "2026-06-01",
             standing("2026-05-20", "2026-07-20", "ok", True)),
    Standing("warm-lost-past-cadence", [touch("2026-01-01"), touch("2026-01-05", "coffee")],
             21, "2026-02-01", standing("2026-01-05", "2026-01-26", "due", False)),
    Standing("year-cadence-leap", [touch("2027-12-31"), touch("2027-12-31", "call")], 365,
             "2028-12-30", standing("2027-12-31", "2028-12-30", "due", True)),
]


class Merge(NamedTuple):
    id: str
    a: dict
    b: dict
    answer: dict


def record(**fields):
    base = {"name": "", "emails": [], "linkedin": "", "phones": [], "company": "", "title": "",
            "first_met_event_id": None, "first_met_event": "", "first_met_on": "", "tags": [],
            "note": "", "cadence": "none", "archived": False}
    return base | fields


MERGES: list[Merge] = [
    Merge("fuller-wins",
          record(name="Dana", emails=["dana@acme.com"], company="Acme", title="PM",
                 first_met_on="2026-03-12", first_met_event="PM Night", first_met_event_id=4,
                 note="Likes climbing.", tags=["pm"]),
          record(name="Dana Lee", emails=["DANA@acme.com", "d@lee.io"], company="",
                 title="Senior PM", linkedin="https://www.linkedin.com/in/dana",
                 first_met_on="2026-05-01", first_met_event="Demo Day", first_met_event_id=9,
                 note="Hiring in Q3.", tags=["PM", "hiring"], cadence="2m", phones=["+1 555"]),
          record(name="Dana Lee", emails=["dana@acme.com", "d@lee.io"], company="Acme",
                 title="Senior PM", linkedin="https://www.linkedin.com/in/dana",
                 first_met_on="2026-03-12", first_met_event="PM Night", first_met_event_id=4,
                 note="Likes climbing.\n\nHiring in Q3.", tags=["pm", "hiring"],
                 cadence="2m", phones=["+1 555"])),
    Merge("same-note-once", record(name="A", note="Same."), record(name="B", note=" Same. "),
          record(name="A", note="Same.")),
    Merge("archived-only-when-both", record(name="A", archived=True), record(name="A"),
          record(name="A")),
    Merge("first-met-from-b", record(name="A"),
          record(name="A", first_met_on="2026-01-01", first_met_event="X", first_met_event_id=2),
          record(name="A", first_met_on="2026-01-01", first_met_event="X", first_met_event_id=2)),
]
