"""The .ics builder: RFC 5545 structure, escaping and folding, checked by parsing it back."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.rules.arrival import plan_arrival
from companion.rules.ics import arrival_description, escape_text, event_calendar
from companion.rules.lines import fold_line as fold

TORONTO = ZoneInfo("America/Toronto")
START = datetime(2026, 11, 5, 19, 0, tzinfo=TORONTO)
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def build(**overrides):
    fields = dict(
        uid="e7b1c2d4@companion", title="Product Night", start=START,
        end=START + timedelta(hours=2), now=NOW, location="The Loft, 1 King St W",
        description="Arrive at 19:50.", url="https://example.com/pn",
        alarm_at=START + timedelta(minutes=20),
    ) | overrides
    return event_calendar(**fields)


def unescape(value: str) -> str:
    """Undo TEXT escaping (RFC 5545 3.3.11)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse(text: str) -> list[tuple[str, dict, str]]:
    """Unfold and split into (name, params, raw value), checking line ends and lengths."""
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a multi-byte character
    unfolded = re.sub(r"\r\n[ \t]", "", text[:-2])
    properties = []
    for line in unfolded.split("\r\n"):
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        properties.append((name, dict(param.split("=", 1) for param in params), value))
    return properties


def components(properties):
    """Return {component path: {name: [values]}} and check BEGIN/END nesting."""
    stack, found = [], {}
    for name, params, value in properties:
        if name == "BEGIN":
            stack.append(value)
            found.setdefault("/".join(stack), {})
        elif name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close {stack}"
        else:
            assert stack, f"{name} outside any component"
            found["/".join(stack)].setdefault(name, []).append((params, value))
    assert not stack, f"unclosed {stack}"
    return found


def test_structure_and_utc_times():
    found = components(parse(build()))
    assert set(found) == {"VCALENDAR", "VCALENDAR/VEVENT", "VCALENDAR/VEVENT/VALARM"}
    calendar, event, alarm = (found[key] for key in sorted(found))
    assert calendar["VERSION"] == [({}, "2.0")]
    assert calendar["PRODID"]
    assert event["UID"] == [({}, "e7b1c2d4@companion")]
    assert event["DTSTAMP"] == [({}, "20261101T120000Z")]
    assert event["DTSTART"] == [({}, "20261106T000000Z")]  # 19:00 EST
    assert event["DTEND"] == [({}, "20261106T020000Z")]
    assert unescape(event["LOCATION"][0][1]) == "The Loft, 1 King St W"
    assert event["URL"] == [({}, "https://example.com/pn")]
    assert alarm["ACTION"] == [({}, "DISPLAY")]
    assert alarm["DESCRIPTION"]
    assert alarm["TRIGGER"] == [({"VALUE": "DATE-TIME"}, "20261106T002000Z")]


def test_optional_parts_are_left_out():
    found = components(parse(build(location="", description="", url="", alarm_at=None)))
    assert set(found) == {"VCALENDAR", "VCALENDAR/VEVENT"}
    assert not {"LOCATION", "DESCRIPTION", "URL"} & set(found["VCALENDAR/VEVENT"])


HOSTILE = [
    "Drinks, talks; and more",
    "back\\slash \\n not a newline",
    "line one\nline two\r\nline three\rline four",
    "Title\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
    "END:VCALENDAR",
    "emoji 🎉🧑‍🤝‍🧑 and accents éàü 日本語 " * 8,
    "x" * 200,
    "é" * 200,
    ";" * 100 + "," * 100,
    "🎉" * 60,
    "tab\tkept",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_round_trips(text):
    found = components(parse(build(title=text, location=text, description=text, alarm_text=text)))
    event = found["VCALENDAR/VEVENT"]
    normalised = re.sub(r"\r\n|\r", "\n", text)
    for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
        assert [unescape(value) for _, value in event[name]] == [normalised], name
    assert unescape(found["VCALENDAR/VEVENT/VALARM"]["DESCRIPTION"][0][1]) == normalised
    assert len(found) == 3  # no component was injected


def test_control_characters_are_dropped():
    assert escape_text("a\x00b\x1bc\x7fd") == "abcd"


def test_lone_surrogate_does_not_break_the_file():
    calendar = build(title="bad \ud800 char")
    assert "SUMMARY:bad ? char" in calendar


@pytest.mark.parametrize("line", ["A" * 75, "A" * 76, "é" * 38, "é" * 100, "🎉" * 40, "a🎉" * 30])
def test_fold_at_75_octets_on_character_boundaries(line):
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line
    # Greedy: every line but the last is full up to one character.
    for piece in pieces[:-1]:
        assert len(piece.encode("utf-8")) > 75 - 4


@pytest.mark.parametrize("overrides, message", [
    ({"start": datetime(2026, 11, 5, 19, 0)}, "timezone-aware"),
    ({"now": datetime(2026, 11, 1, 12, 0)}, "timezone-aware"),
    ({"alarm_at": datetime(2026, 11, 5, 18, 0)}, "timezone-aware"),
    ({"end": START}, "end after"),
    ({"uid": "  "}, "uid"),
    ({"url": "javascript:alert(1)"}, "http"),
    ({"url": "https://example.com/a\r\nEND:VEVENT"}, "http"),
    ({"url": "https://example.com/a b"}, "http"),
])
def test_bad_input_is_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        build(**overrides)


def test_arrival_plan_in_the_description_and_alarm_at_leave_by():
    # 2026-11-01 is the day Toronto leaves daylight time: 19:50 here is EST.
    start = datetime(2026, 11, 1, 19, 0, tzinfo=TORONTO)
    plan = plan_arrival(start, start + timedelta(hours=2), travel_minutes=35)
    description = arrival_description(plan, TORONTO)
    assert description.splitlines()[:3] == [
        "Arrive at 19:50 (second wave).",
        "Leave by 19:15.",
        "Other good moment: 19:00 (doors).",
    ]
    assert plan.reasons[0].text in description
    calendar = build(start=start, end=start + timedelta(hours=2), description=description,
                     alarm_at=plan.leave_by)
    found = components(parse(calendar))
    assert unescape(found["VCALENDAR/VEVENT"]["DESCRIPTION"][0][1]) == description
    assert found["VCALENDAR/VEVENT/VALARM"]["TRIGGER"][0][1] == "20261102T001500Z"


def test_description_lists_warnings():
    plan = plan_arrival(START, must_meet=1, earliest=START + timedelta(minutes=5))
    description = arrival_description(plan, TORONTO)
    assert "Other good moment" not in description
    assert f"Note: {plan.warnings[0].text}" in description
