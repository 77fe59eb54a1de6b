"""Suggested targets: one table for both twins.

companion/rules/suggest.py is the reference; static/js/rules/suggest.js must give the same
answer on every case. tests/test_suggest.py checks Python against the table;
tests/browser/test_suggest_agreement.py runs the JavaScript over the same table in Chromium.

TITLES: a job title and the level it says. LISTS: three attendee lists, each with a goal and the
ids of the top five, in order, worked out by hand from the points in the module's docstring.
"""

from typing import NamedTuple


class Title(NamedTuple):
    title: str
    level: str | None


TITLES: list[Title] = [
    # Entry.
    Title("Intern", "entry"),
    Title("Product Design Intern", "entry"),
    Title("Student", "entry"),
    Title("PhD Student at MIT", "entry"),
    Title("Junior Developer", "entry"),
    Title("Jr. Data Analyst", "entry"),
    Title("Associate", "entry"),
    Title("Associate Product Manager", "entry"),
    Title("APM", "entry"),
    Title("Graduate Engineer", "entry"),
    Title("Stagiaire marketing", "entry"),
    Title("Étudiante en design", "entry"),
    Title("Becaria de Producto", "entry"),
    Title("Werkstudentin UX", "entry"),
    Title("Stażysta", "entry"),
    # Mid.
    Title("Product Manager", "mid"),
    Title("Product Manager II", "mid"),
    Title("PM", "mid"),
    Title("Software Engineer", "mid"),
    Title("Software Engineer II", "mid"),
    Title("Designer", "mid"),
    Title("Data Scientist", "mid"),
    Title("Marketing Manager", "mid"),
    Title("Ingeniera de software", "mid"),
    Title("Chef de produit", "mid"),
    Title("Développeuse front-end", "mid"),
    Title("Produktmanagerin", "mid"),
    Title("Gerente de Producto", "mid"),
    Title("Programátor", "mid"),
    Title("PM @ Acme", "mid"),
    # Senior.
    Title("Senior Product Manager", "senior"),
    Title("Sr. PM", "senior"),
    Title("Staff Engineer", "senior"),
    Title("Principal Designer", "senior"),
    Title("Senior Associate", "senior"),
    Title("Ingeniero Sénior", "senior"),
    Title("Senior Software Engineer II", "senior"),
    # Lead.
    Title("Lead Designer", "lead"),
    Title("Product Lead", "lead"),
    Title("Head of Growth", "lead"),
    Title("Group Product Manager", "lead"),
    Title("Group PM, Payments", "lead"),
    Title("Engineering Manager", "lead"),
    Title("Senior Engineering Manager", "lead"),
    Title("Chief of Staff", "lead"),
    Title("Chief of Staff to the CEO", "lead"),
    Title("Responsable produit", "lead"),
    Title("Jefa de Producto", "lead"),
    Title("Teamleiter Backend", "lead"),
    Title("Responsabile vendite", "lead"),
    Title("Vedoucí vývoje", "lead"),
    # Exec.
    Title("Director of Product", "exec"),
    Title("Senior Director, Engineering", "exec"),
    Title("Associate Director", "exec"),
    Title("VP Product", "exec"),
    Title("SVP, Sales", "exec"),
    Title("Vice President of Marketing", "exec"),
    Title("Chief Product Officer", "exec"),
    Title("Chief Executive Officer", "exec"),
    Title("CEO", "exec"),
    Title("CTO & Co-founder", "exec"),
    Title("COO", "exec"),
    Title("CMO", "exec"),
    Title("Founder", "exec"),
    Title("Co-Founder", "exec"),
    Title("Partner", "exec"),
    Title("Managing Partner", "exec"),
    Title("Managing Director", "exec"),
    Title("Directora de Producto", "exec"),
    Title("Directeur technique", "exec"),
    Title("Fondatrice", "exec"),
    Title("Geschäftsführerin", "exec"),
    Title("Direttore commerciale", "exec"),
    Title("Ředitel", "exec"),
    # Unknown.
    Title("Cook", None),
    Title("Line Cook", None),
    Title("Cooking instructor", None),
    Title("Coordinator", None),
    Title("Assistant to the CEO", None),
    Title("Executive Assistant", None),
    Title("Mentor", None),
    Title("", None),
    Title("—", None),
    Title("<b>CEO</b>", "exec"),  # markup is text: the word still says who they are
]


def person(id_, name, title="", company="", answers=None, **more):
    return {"id": id_, "name": name, "title": title, "company": company,
            "answers": answers or {}, **more}


LOOKING = "What are you looking to get out of this event?"

# An early-career PM (entry) who wants B2B growth and product analytics people, offers user
# research and SQL, and works at Northwind (left out).
PM_NIGHT = [
    person(1, "Ada Park", "Director of Product", "Globex", {LOOKING: "Hiring PMs"}),
    person(2, "Ben Ortiz", "Senior PM, B2B Growth", "Initech",
           {LOOKING: "Looking for someone who knows SQL to pair on dashboards"}),
    person(3, "Chloé Dubois", "Product Manager", "Hooli",
           {"Industry": "Product analytics"}),
    person(4, "Dev Rao", "Head of Growth", "Northwind Inc.", {LOOKING: "user research"}),
    person(5, "Eli Stone", "Cook", "Bistro 9"),
    person(6, "Fay Wong", "VP Product", "Umbrella", {LOOKING: "Meet people doing user research"}),
    person(7, "Gus Lee", "Associate Product Manager", "Globex", {LOOKING: "Learn SQL"}),
    person(8, "Hana Ito", "Group PM", "Stark", {"Industry": "B2B SaaS"}),
    person(9, "Ivan Petrov", "Staff Engineer", "Initech"),
    person(10, "Jo Kim", "Intern", "Hooli", {LOOKING: "B2B growth mentors"}),
]
PM_NIGHT_GOAL = {"seek": ["B2B growth", "product analytics"], "offer": ["user research", "SQL"],
                 "my_level": "entry", "seek_levels": None, "exclude_companies": ["Northwind"],
                 "never": [], "not_now": []}
# 2 Ben: senior 30 + 'B2B Growth' in title 15 + looking for SQL 20 = 65.
# 6 Fay: exec 30 + looking for user research 20 = 50.
# 1 Ada: exec 30 = 30; 8 Hana: lead 30 = 30; 9 Ivan: senior 30 = 30 (then by name: Ada, Hana,
# Ivan). 3 Chloé: mid 30 + 'Product analytics' in answers 10 = 40, above them.
PM_NIGHT_TOP = [2, 6, 3, 1, 8]

# A senior engineer in Madrid looking for fintech and payments leaders; levels default to lead
# and exec (above senior). Spanish and French titles; Pagos SL is their own company.
MADRID = [
    person(21, "Lucía Gómez", "Directora de Producto", "PagaYa", {"Sector": "Fintech"}),
    person(22, "Mateo García", "Jefe de Ingeniería", "Banco Sol",
           {"¿Qué buscas en este evento?": "Busco ingenieros de pagos"}),
    person(23, "Anaïs Moreau", "Responsable produit", "Fintech Lab"),
    person(24, "Óscar Ruiz", "Ingeniero Sénior", "PagaYa", {"Sector": "Fintech"}),
    person(25, "Inés Díaz", "CEO", "Pagos SL"),
    person(26, "Hugo Lambert", "Directeur technique", "Paiements Express",
           {"Sector": "Paiements"}),
    person(27, "Sofía Torres", "Estudiante", "Universidad", {"Sector": "Fintech"}),
    person(28, "Élise Girard", "Fondatrice", "Néobanque", {"Sector": "FinTech, pagos"}),
]
MADRID_GOAL = {"seek": ["fintech", "pagos"], "offer": ["ingenieros"], "my_level": "senior",
               "seek_levels": None, "exclude_companies": ["Pagos S.L."], "never": [],
               "not_now": []}
# 28 Élise: exec 30 + 'FinTech' in answers 10 + 'pagos' in answers 10 = 50.
# 22 Mateo: lead 30 + 'pagos' in answers 10 + looking for 'ingenieros' 20 = 60.
# 23 Anaïs: lead 30 + 'Fintech' at company 10 = 40. 21 Lucía: exec 30 + 'Fintech' 10 = 40.
# 26 Hugo: exec 30. 24 Óscar (senior) and 27 Sofía (entry) are not levels sought: 10 each.
MADRID_TOP = [22, 28, 23, 21, 26]

# A conference: five Globex directors (two may be in the top ten), someone I said "never" to
# at another event (same LinkedIn), one "not now", a known person gone quiet, one known and
# seen last week.
CONFERENCE = [
    person(41, "Amy Globe", "Director", "Globex Corporation"),
    person(42, "Bob Globe", "Director", "Globex"),
    person(43, "Cat Globe", "Director", "GLOBEX"),
    person(44, "Dan Globe", "Director", "Globex Inc"),
    person(45, "Eve Globe", "Director", "Globex"),
    person(46, "Finn Other", "Director", "Acme"),
    person(47, "Gia Never", "Director", "Hooli", linkedin="https://www.linkedin.com/in/gia-n/"),
    person(48, "Hal Later", "Director", "Stark"),
    person(49, "Ida Known", "Product Manager", "Wayne",
           known={"event": "PM Night", "last_contact": "2026-03-01"}),
    person(50, "Jon Recent", "Product Manager", "Wayne",
           known={"event": "PM Night", "last_contact": "2026-11-20"}),
    person(51, "Kai Plain", "Product Manager", "Wayne"),
    *(person(52 + n, name, "Director", company) for n, (name, company) in enumerate([
        ("Lia Nine", "Initech"), ("Max Ten", "Umbrella"), ("Ned Eleven", "Soylent"),
        ("Ola Twelve", "Tyrell"), ("Pia Thirteen", "Cyberdyne"), ("Quin Fourteen", "Oscorp"),
        ("Rui Fifteen", "Wonka"), ("Sam Sixteen", "Vandelay")])),
]
CONFERENCE_GOAL = {"seek": [], "offer": [], "my_level": "lead", "seek_levels": None,
                   "exclude_companies": [], "never": ["in:gia-n"], "not_now": [48],
                   "today": "2026-12-03"}
# Every director scores 30 (exec above lead); by name Amy, Bob, Cat... but only two Globex in
# the top ten, so Cat, Dan and Eve wait until after it; Finn and Lia come next. Ida (known,
# quiet nine months) has 10; Jon (seen last week) and Kai nothing.
CONFERENCE_TOP = [41, 42, 46, 52, 53]

LISTS = [
    ("pm-night", PM_NIGHT, PM_NIGHT_GOAL, PM_NIGHT_TOP),
    ("madrid", MADRID, MADRID_GOAL, MADRID_TOP),
    ("conference", CONFERENCE, CONFERENCE_GOAL, CONFERENCE_TOP),
]


class Known(NamedTuple):
    label: str
    interactions: object
    person: object
    known: dict | None


# known_from: the person I know an attendee as (store/people.js on the phone, people/ on the
# server) and their interactions, read into the `known` that the gone-quiet reason quotes.
KNOWN: list[Known] = [
    Known("met once at an event",
          [{"on": "2026-03-01", "event_title": "PM Night", "type": "met"}], {},
          {"event": "PM Night", "last_contact": "2026-03-01"}),
    Known("a later call: the last contact, no event to name",
          [{"on": "2025-11-10", "event_title": "PM Night"}, {"on": "2026-04-02", "type": "call"}],
          {}, {"event": "", "last_contact": "2026-04-02"}),
    Known("the latest of two events, whatever the order given",
          [{"on": "2026-05-20", "event_title": "Growth Summit"},
           {"on": "2025-01-15", "event_title": "PM Night"}], {},
          {"event": "Growth Summit", "last_contact": "2026-05-20"}),
    Known("two events on one day: the first title in order",
          [{"on": "2026-02-02", "event_title": "Zeta Meetup"},
           {"on": "2026-02-02", "event_title": "Alpha Drinks"},
           {"on": "2026-02-02", "event_title": ""}], {},
          {"event": "Alpha Drinks", "last_contact": "2026-02-02"}),
    Known("undated and malformed days are not contact",
          [{"on": "", "event_title": "Blank"}, {"on": "2026-02-30", "event_title": "Bad"},
           {"on": "2026-W05-1", "event_title": "Week"}, None, "x", ["2026-01-01"],
           {"on": "2025-12-24", "event_title": 7}],
          {}, {"event": "", "last_contact": "2025-12-24"}),
    Known("no interactions: when we first met",
          [], {"first_met_event": "Café Crème", "first_met_on": "2025-10-01"},
          {"event": "Café Crème", "last_contact": "2025-10-01"}),
    Known("no interactions, no first meeting: nothing to say", [], {"first_met_event": "X"},
          None),
    Known("not a list, not a person", None, None, None),
    Known("interactions win over the first meeting",
          [{"on": "2026-06-01", "event_title": "Demo Day"}],
          {"first_met_event": "PM Night", "first_met_on": "2024-01-01"},
          {"event": "Demo Day", "last_contact": "2026-06-01"}),
]
