"""Event form values -> model fields: times in the event's zone, DST edges, every refusal."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from companion.events.fields import (
    FieldErrors,
    describe_when,
    find_zone,
    form_values,
    local_input,
    parse_event_fields,
)

VALID = {
    "title": "Product Night", "start": "2026-12-03T19:00", "end": "2026-12-03T22:00",
    "timezone": "America/Toronto", "venue": "The Loft", "address": "1 King St W",
    "kind": "networking", "networking_start": "", "url": "https://example.com/pn",
}


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(("changes", "expected"), [
    # Winter in Toronto is UTC-5.
    ({}, {"starts_at": utc(2026, 12, 4, 0, 0), "ends_at": utc(2026, 12, 4, 3, 0)}),
    # Summer in Toronto is UTC-4.
    ({"start": "2026-07-09T19:00", "end": "2026-07-09T21:30"},
     {"starts_at": utc(2026, 7, 9, 23, 0), "ends_at": utc(2026, 7, 10, 1, 30)}),
    # The same wall clock means a different instant in another zone.
    ({"timezone": "Europe/Paris"},
     {"starts_at": utc(2026, 12, 3, 18, 0), "ends_at": utc(2026, 12, 3, 21, 0)}),
    ({"timezone": "Asia/Kolkata"},
     {"starts_at": utc(2026, 12, 3, 13, 30), "ends_at": utc(2026, 12, 3, 16, 30)}),
    # Seconds, as some browsers send them.
    ({"start": "2026-12-03T19:00:00"}, {"starts_at": utc(2026, 12, 4, 0, 0)}),
    # The CLI gives ISO times with an offset: the offset wins over the zone.
    ({"start": "2026-12-03T19:00-05:00", "end": "2026-12-04T03:00Z"},
     {"starts_at": utc(2026, 12, 4, 0, 0), "ends_at": utc(2026, 12, 4, 3, 0)}),
    # Across the autumn change: 23:00 EDT -> 02:00 EST is four real hours.
    ({"start": "2026-10-31T23:00", "end": "2026-11-01T02:00"},
     {"starts_at": utc(2026, 11, 1, 3, 0), "ends_at": utc(2026, 11, 1, 7, 0)}),
    # A wall-clock time that happens twice means the first one (still EDT).
    ({"start": "2026-11-01T01:30", "end": "2026-11-01T03:00"},
     {"starts_at": utc(2026, 11, 1, 5, 30)}),
    ({"networking_start": "2026-12-03T19:45"}, {"networking_starts_at": utc(2026, 12, 4, 0, 45)}),
    ({"networking_start": "2026-12-03T19:00"}, {"networking_starts_at": utc(2026, 12, 4, 0, 0)}),
    ({"kind": "talk-first"}, {"kind": "talk-first"}),
    ({"kind": "conference"}, {"kind": "conference"}),
    ({"kind": ""}, {"kind": "networking"}),
    ({"title": "  Product\n\tNight  "}, {"title": "Product Night"}),
    ({"url": ""}, {"url": ""}),
    ({"url": "HTTP://Example.com/x?y=1"}, {"url": "HTTP://Example.com/x?y=1"}),
    ({"venue": "", "address": ""}, {"venue": "", "address": ""}),
    ({"title": "x" * 200}, {"title": "x" * 200}),
    ({"title": "<script>alert(1)</script>"}, {"title": "<script>alert(1)</script>"}),
])
def test_valid_values(changes, expected):
    fields = parse_event_fields(VALID | changes)
    for name, value in expected.items():
        assert fields[name] == value
    assert fields["starts_at"].tzinfo is not None


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"title": ""}, "title", "title"),
    ({"title": "   "}, "title", "title"),
    ({"title": "x" * 201}, "title", "200"),
    ({"venue": "v" * 201}, "venue", "200"),
    ({"address": "a" * 301}, "address", "300"),
    ({"timezone": ""}, "timezone", "time zone"),
    ({"timezone": "Mars/Olympus"}, "timezone", "not a known time zone"),
    ({"timezone": "../../etc/passwd"}, "timezone", "not a known time zone"),
    ({"timezone": "localtime"}, "timezone", "not a known time zone"),
    ({"start": ""}, "start", "enter a date"),
    ({"start": "tomorrow evening"}, "start", "not a date"),
    ({"start": "2026-13-03T19:00"}, "start", "not a date"),
    ({"start": "0001-01-01T00:00"}, "start", "year"),
    ({"end": ""}, "end", "enter a date"),
    ({"end": "2026-12-03T19:00"}, "end", "after the start"),
    ({"end": "2026-12-03T18:00"}, "end", "after the start"),
    ({"end": "2027-12-03T22:00"}, "end", "31 days"),
    # Toronto skips 02:00-03:00 on 8 March 2026.
    ({"start": "2026-03-08T02:30", "end": "2026-03-08T05:00"}, "start", "does not exist"),
    ({"networking_start": "2026-12-03T18:59"}, "networking_start", "between"),
    ({"networking_start": "2026-12-03T22:00"}, "networking_start", "between"),
    ({"networking_start": "soon"}, "networking_start", "not a date"),
    ({"kind": "party"}, "kind", "networking, talk-first, conference"),
    ({"url": "javascript:alert(1)"}, "url", "http"),
    ({"url": "ftp://example.com/x"}, "url", "http"),
    ({"url": "https://"}, "url", "http"),
    ({"url": "example.com"}, "url", "http"),
    ({"url": "https://exa mple.com"}, "url", "http"),
    ({"url": "https://example.com/" + "a" * 500}, "url", "500"),
])
def test_invalid_values_name_the_field(changes, field, fragment):
    with pytest.raises(FieldErrors) as caught:
        parse_event_fields(VALID | changes)
    assert field in caught.value.errors
    assert fragment in caught.value.errors[field]


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(FieldErrors) as caught:
        parse_event_fields(VALID | {"title": "", "kind": "x", "url": "nope", "end": "x"})
    assert set(caught.value.errors) == {"title", "kind", "url", "end"}
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("moment", "zone", "expected"), [
    (utc(2026, 12, 4, 0, 0), "America/Toronto", "2026-12-03T19:00"),
    (utc(2026, 7, 9, 23, 0), "America/Toronto", "2026-07-09T19:00"),
    (utc(2026, 12, 3, 18, 0), "Europe/Paris", "2026-12-03T19:00"),
    (utc(2026, 12, 3, 13, 30), "Asia/Kolkata", "2026-12-03T19:00"),
    (None, "UTC", ""),
])
def test_local_input(moment, zone, expected):
    assert local_input(moment, zone) == expected


@pytest.mark.parametrize("changes", [
    {}, {"timezone": "Europe/Paris"}, {"networking_start": "2026-12-03T20:15"},
    {"start": "2026-11-01T00:30", "end": "2026-11-01T03:30"},
])
def test_form_values_round_trip(changes):
    fields = parse_event_fields(VALID | changes)
    event = SimpleNamespace(**fields)
    assert parse_event_fields(form_values(event)) == fields


@pytest.mark.parametrize(("start", "end", "zone", "expected"), [
    (utc(2026, 12, 4, 0, 0), utc(2026, 12, 4, 3, 0), "America/Toronto",
     "Thu 3 Dec 2026, 19:00–22:00 EST"),
    (utc(2026, 7, 9, 23, 0), None, "America/Toronto", "Thu 9 Jul 2026, 19:00 EDT"),
    (utc(2026, 12, 3, 8, 0), utc(2026, 12, 4, 17, 0), "Europe/Paris",
     "Thu 3 Dec 2026, 09:00 – Fri 4 Dec 2026, 18:00 CET"),
])
def test_describe_when(start, end, zone, expected):
    assert describe_when(start, end, zone) == expected


@pytest.mark.parametrize(("typed", "zone"), [
    ("Toronto", "America/Toronto"),
    ("  toronto ", "America/Toronto"),
    ("new york", "America/New_York"),
    ("NEW_YORK", "America/New_York"),
    ("São Paulo", "America/Sao_Paulo"),
    ("america/toronto", "America/Toronto"),
    ("Europe/Paris", "Europe/Paris"),
    ("utc", "UTC"),
    ("Indianapolis", "America/Indiana/Indianapolis"),  # the canonical zone, not the old alias
    ("Kolkata", "Asia/Kolkata"),
])
def test_a_city_or_a_zone_in_any_case_names_its_zone(typed, zone):
    assert find_zone(typed) == zone
    assert parse_event_fields(VALID | {"timezone": typed})["timezone"] == zone


@pytest.mark.parametrize("typed", ["Atlantis", "", "   ", "localtime", "Toronto " * 20,
                                   "../../etc/passwd", "America/"])
def test_what_names_no_city_or_zone_is_refused(typed):
    assert find_zone(typed) is None
    with pytest.raises(FieldErrors) as caught:
        parse_event_fields(VALID | {"timezone": typed})
    assert set(caught.value.errors) == {"timezone"}


def test_one_submit_reports_every_bad_field_at_once():
    """A bad zone no longer hides the other errors: the form is fixed in one round."""
    with pytest.raises(FieldErrors) as caught:
        parse_event_fields(VALID | {"title": "", "timezone": "Atlantis", "start": "",
                                    "end": "soon", "url": "javascript:x"})
    assert set(caught.value.errors) == {"title", "timezone", "start", "end", "url"}
