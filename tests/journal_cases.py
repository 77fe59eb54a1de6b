"""Series keys, verdicts and the arrival reason: one table for both twins.

companion/rules/journal.py is the reference; static/js/rules/journal.js must agree with it on
every case (tests/browser/test_journal_agreement.py). tests/test_journal_rules.py checks Python
against the answers written here.
"""

from typing import NamedTuple


class Key(NamedTuple):
    id: str
    title: str
    host: str
    key: str


PM_NIGHT = "pm night"
KEYS: list[Key] = [
    Key("hash-month", "PM Night #42 – March", "", PM_NIGHT),
    Key("paren-month-year", "PM Night #43 (April 2026)", "", PM_NIGHT),
    Key("no-dot", "PM Night No. 44", "", PM_NIGHT),
    Key("iso-date", "PM Night 2026-05-12", "", PM_NIGHT),
    Key("ordinal-the", "The 45th PM Night", "", PM_NIGHT),
    Key("plain", "PM Night", "", PM_NIGHT),
    Key("case-space", "  pm   NIGHT  ", "", PM_NIGHT),
    Key("slash-date", "PM Night 12/05/2026", "", PM_NIGHT),
    Key("dotted-date", "PM Night · 12.05.2026", "", PM_NIGHT),
    Key("month-day", "PM Night, Mar 12", "", PM_NIGHT),
    Key("day-month", "PM Night 12 March", "", PM_NIGHT),
    Key("last-month", "PM Night – March", "", PM_NIGHT),
    Key("roman", "PM Night XIV", "", PM_NIGHT),
    Key("vol", "PM Night Vol. 3", "", PM_NIGHT),
    Key("edition-after", "PM Night, 5th edition", "", PM_NIGHT),
    Key("n-degree", "PM Night N° 46", "", PM_NIGHT),
    Key("n-ordinal", "PM Night Nº 47", "", PM_NIGHT),
    Key("fullwidth", "PM Night ＃４８", "", PM_NIGHT),
    Key("other-series", "PMs & Pizza", "", "pms and pizza"),
    Key("other-and", "PMs and Pizza #3", "", "pms and pizza"),
    Key("apostrophe", "Women’s Tech Breakfast #9", "", "womens tech breakfast"),
    Key("apostrophe-ascii", "Women's Tech Breakfast 10", "", "womens tech breakfast"),
    Key("french", "Apéro Produit – 3e édition", "", "apero produit"),
    Key("french-month", "Apéro Produit 12 février", "", "apero produit"),
    Key("spanish", "Noche de Producto 2ª edición", "", "noche de producto"),
    Key("german", "Produktabend März 2026", "", "produktabend"),
    Key("host", "PM Night #42", "Acme Events", "pm night @ acme events"),
    Key("other-host", "PM Night #42", "Globex", "pm night @ globex"),
    Key("host-case", "PM Night 43", "  ACME events ", "pm night @ acme events"),
    Key("host-empty", "PM Night 43", "   ", PM_NIGHT),
    Key("mars-first", "Mars Hackathon 2026", "", "mars hackathon"),
    Key("may-word", "May the Source Be With You", "", "may the source be with you"),
    Key("the-only", "The", "", "the"),
    Key("only-numbers", "2026", "", "2026"),
    Key("only-edition", "No. 5", "", "no 5"),
    Key("empty", "", "", ""),
    Key("single-letter-i", "I Love Product 2", "", "i love product"),
    Key("markup", "<b>PM Night</b> #4", "", "b pm night b"),
    Key("cjk", "プロダクト夜会 第3回", "", "フロタクト夜会 第3回"),
]


class Verdict(NamedTuple):
    id: str
    events: list
    verdict: str
    sentence: str


def ev(rating=None, worth=None, planned=0, met=0, new=0, coffees=0, went=True):
    return {"rating": rating, "worth": worth, "planned": planned, "met_planned": met,
            "new_people": new, "coffees": coffees, "went": went}


SERIES: list[Verdict] = [
    Verdict("none", [], "too early",
            "Too early to say: answer at least two of its events (0 answered so far)."),
    Verdict("one", [ev(5, "yes", 3, 3, 4, 2)], "too early",
            "Too early to say: answer at least two of its events (1 answered so far)."),
    Verdict("one-answered-one-skipped", [ev(5, "yes", coffees=1), ev(planned=3)], "too early",
            "Too early to say: answer at least two of its events (1 answered so far)."),
    Verdict("didnt-go-not-an-answer", [ev(4, "yes", coffees=1), ev(1, "no", went=False)],
            "too early",
            "Too early to say: answer at least two of its events (1 answered so far)."),
    Verdict("keep-coffee", [ev(4, "yes", 2, 1, 1, 1), ev(3, "maybe", 2, 0, 0, 0)], "keep",
            "Keep going: your answers lean yes and something came of it"
            " (1 coffee, 1 of 4 targets met, 1 new person)."),
    Verdict("keep-stars-targets", [ev(4, None, 2, 1), ev(5, None, 2, 1)], "keep",
            "Keep going: your answers lean yes and something came of it (2 of 4 targets met)."),
    Verdict("keep-new-people", [ev(None, "yes", new=3), ev(None, "no", new=1)], "keep",
            "Keep going: your answers lean yes and something came of it (4 new people)."),
    Verdict("liked-nothing-came", [ev(5, "yes", 4, 1, 1), ev(4, "yes", 4, 0, 2)],
            "try once more",
            "Try once more: your answers and what came of it don't agree yet"
            " (1 of 8 targets met, 3 new people)."),
    Verdict("drop", [ev(2, "no", 3, 0, 1), ev(1, "no", 2, 1, 0)], "drop",
            "Drop it: your answers lean no and no coffee came of it."),
    Verdict("drop-stars-only", [ev(2), ev(1), ev(3)], "drop",
            "Drop it: your answers lean no and no coffee came of it."),
    Verdict("disliked-but-coffee", [ev(1, "no", coffees=1), ev(2, "no")], "try once more",
            "Try once more: your answers and what came of it don't agree yet (1 coffee)."),
    Verdict("mixed-empty", [ev(3, "maybe"), ev(3, "maybe")], "try once more",
            "Try once more: your answers and what came of it don't agree yet."),
    Verdict("half-yes-is-yes", [ev(None, "yes", coffees=2), ev(None, "no")], "keep",
            "Keep going: your answers lean yes and something came of it (2 coffees)."),
    Verdict("half-no-is-not-no", [ev(None, "no"), ev(None, "maybe")], "try once more",
            "Try once more: your answers and what came of it don't agree yet."),
]


class Reason(NamedTuple):
    id: str
    title: str
    past: list
    plan_codes: list
    answer: dict | None


def past(*minutes):
    return [{"met_minutes": list(m)} for m in minutes]


REASONS: list[Reason] = [
    Reason("no-history", "PM Night", [], ["second-wave"], None),
    Reason("one-event", "PM Night", past([60, 70, 80]), ["second-wave"], None),
    Reason("two-second-wave", "PM Night", past([55, 70, 10], [52, 90]), ["second-wave"],
           {"code": "series-second-wave",
            "text": "At PM Night 4 of your 5 met targets were met 50 minutes or more after the"
                    " start: the second wave fits this series."}),
    Reason("two-doors", "Apéro Produit", past([5, 12], [0, 70]), ["second-wave"],
           {"code": "series-doors",
            "text": "At Apéro Produit 3 of your 4 met targets were met in the first 50"
                    " minutes: the doors fit this series."}),
    Reason("targets-first", "PM Night", past([55], [60]), ["doors-targets"],
           {"code": "series-second-wave-targets-first",
            "text": "At PM Night 2 of your 2 met targets were met 50 minutes or more after the"
                    " start: the second wave fits this series, but the people you must meet"
                    " come first."}),
    Reason("tie", "PM Night", past([10, 60], [20, 70]), ["second-wave"], None),
    Reason("nothing-met", "PM Night", past([], []), ["second-wave"], None),
    Reason("edge-50", "PM Night", past([50], [49, 50]), ["second-wave"],
           {"code": "series-second-wave",
            "text": "At PM Night 2 of your 3 met targets were met 50 minutes or more after the"
                    " start: the second wave fits this series."}),
    Reason("no-title", "   ", past([60], [60]), ["second-wave"],
           {"code": "series-second-wave",
            "text": "At this series 2 of your 2 met targets were met 50 minutes or more after"
                    " the start: the second wave fits this series."}),
]


class Name(NamedTuple):
    id: str
    title: str
    name: str


# The series as the arrival reason names it: the title as written, without the edition.
NAMES: list[Name] = [
    Name("hash-month", "PM Night #42 – March", "PM Night"),
    Name("ordinal-the", "The 45th PM Night", "PM Night"),
    Name("paren", "PM Night #43 (April 2026)", "PM Night"),
    Name("apostrophe", "Women’s Tech Breakfast #9", "Women’s Tech Breakfast"),
    Name("ampersand", "PMs & Pizza 3", "PMs & Pizza"),
    Name("accents", "Apéro Produit – 3e édition", "Apéro Produit"),
    Name("spaces", "  PM   Night  ", "PM Night"),
    Name("only-numbers", "2026", "2026"),
    Name("the-only", "The", "The"),
    Name("empty", "", ""),
    Name("markup", "<b>PM Night</b> #4", "b>PM Night</b"),
]
