"""When follow-ups are due and what their drafts say: one table for both twins.

companion/rules/followup.py is the reference; static/js/rules/followup.js must agree with it on
every case (tests/browser/test_followup_agreement.py, run in a browser whose own zone is neither
event's). tests/test_followup_rules.py checks Python against the answers written here.
"""

from datetime import date
from typing import NamedTuple


class Due(NamedTuple):
    id: str
    kind: str
    base: str  # the event's end (or when the thank-you was sent), an ISO instant
    zone: str  # the event's zone
    due: str  # the answer, UTC


DUES: list[Due] = [
    # Friday 22:00 in Berlin: Saturday is a weekend day, so Monday 09:00 CET.
    Due("friday-night-berlin", "thanks", "2026-03-13T21:00:00Z", "Europe/Berlin",
        "2026-03-16T08:00:00Z"),
    # Ends 00:30 Saturday local: the night belongs to Friday, so still Monday.
    Due("after-midnight-friday", "thanks", "2026-03-13T23:30:00Z", "Europe/Berlin",
        "2026-03-16T08:00:00Z"),
    # Tuesday's event ending 01:30 Wednesday: due Wednesday, not Thursday.
    Due("after-midnight-weekday", "promise", "2026-05-13T23:30:00Z", "Europe/Berlin",
        "2026-05-14T07:00:00Z"),
    # 04:59 is still the night before, 05:00 is the new day.
    Due("just-before-five", "thanks", "2026-05-13T02:59:00Z", "Europe/Berlin",
        "2026-05-13T07:00:00Z"),
    Due("at-five", "thanks", "2026-05-13T03:00:00Z", "Europe/Berlin", "2026-05-14T07:00:00Z"),
    # Europe springs forward on Sunday 29 March 2026: Monday 09:00 is CEST (UTC+2).
    Due("eu-spring-forward", "thanks", "2026-03-27T20:00:00Z", "Europe/Berlin",
        "2026-03-30T07:00:00Z"),
    # Saturday's party ends 03:30 CEST, the hour after the clocks jumped: Saturday's night.
    Due("eu-spring-night", "thanks", "2026-03-29T01:30:00Z", "Europe/Berlin",
        "2026-03-30T07:00:00Z"),
    # Europe falls back on Sunday 25 October 2026: Thursday + 2 is Saturday -> Monday, CET.
    Due("eu-fall-back", "missed", "2026-10-22T19:00:00Z", "Europe/Berlin",
        "2026-10-26T08:00:00Z"),
    # America springs forward on Sunday 8 March 2026: Monday 09:00 EDT (UTC-4).
    Due("us-spring-forward", "thanks", "2026-03-07T01:00:00Z", "America/New_York",
        "2026-03-09T13:00:00Z"),
    # America falls back on Sunday 1 November 2026: a nudge a week after Wednesday, in EST.
    Due("us-fall-back-nudge", "nudge", "2026-10-28T14:00:00Z", "America/New_York",
        "2026-11-04T14:00:00Z"),
    # The thank-you sent on a Tuesday afternoon: nudge on the next Tuesday.
    Due("nudge-seven-days", "nudge", "2026-04-14T13:00:00Z", "Europe/Berlin",
        "2026-04-21T07:00:00Z"),
    # Sent on a Saturday: seven days later is a Saturday again -> Monday.
    Due("nudge-weekend", "nudge", "2026-04-18T10:00:00Z", "Europe/Berlin",
        "2026-04-27T07:00:00Z"),
    # Missed on a Thursday: D+2 is Saturday -> Monday.
    Due("missed-weekend", "missed", "2026-04-16T18:00:00Z", "Europe/Berlin",
        "2026-04-20T07:00:00Z"),
    Due("missed-weekday", "missed", "2026-04-13T18:00:00Z", "Europe/Berlin",
        "2026-04-15T07:00:00Z"),
    # An event in Tokyo on Friday evening; the device is elsewhere (the agreement test runs the
    # browser in Los Angeles): 09:00 Monday in Tokyo.
    Due("event-zone-not-device", "thanks", "2026-06-05T12:00:00Z", "Asia/Tokyo",
        "2026-06-08T00:00:00Z"),
    # Where it is already Saturday in UTC but still Friday in Los Angeles.
    Due("west-of-utc", "thanks", "2026-06-06T05:00:00Z", "America/Los_Angeles",
        "2026-06-08T16:00:00Z"),
    # Across the date line: Saturday morning in Auckland although Friday in UTC: Monday.
    Due("east-of-utc", "promise", "2026-06-05T20:00:00Z", "Pacific/Auckland",
        "2026-06-07T21:00:00Z"),
]

# An event without an end lasts two hours: (starts, ends or None, zone, kind, due).
NO_END = [
    # Tuesday 23:30 Berlin, no end: ends 01:30 Wednesday, still Tuesday's night.
    ("2026-05-12T21:30:00Z", None, "Europe/Berlin", "thanks", "2026-05-13T07:00:00Z"),
    # Tuesday 19:00 Berlin with an end 21:00: the same due time from the end itself.
    ("2026-05-12T17:00:00Z", "2026-05-12T19:00:00Z", "Europe/Berlin", "thanks",
     "2026-05-13T07:00:00Z"),
    # Friday 21:00 Berlin, no end: over at 23:00 Friday, so Monday 09:00 CET.
    ("2026-03-13T20:00:00Z", None, "Europe/Berlin", "thanks", "2026-03-16T08:00:00Z"),
    # Friday 23:30, no end: over at 01:30 Saturday, still Friday's night: Monday.
    ("2026-03-13T22:30:00Z", None, "Europe/Berlin", "thanks", "2026-03-16T08:00:00Z"),
    # Saturday 23:30 CET the night the clocks spring forward: over 01:30 CET, Saturday's night;
    # Sunday moves to Monday 09:00 CEST.
    ("2026-03-28T22:30:00Z", None, "Europe/Berlin", "thanks", "2026-03-30T07:00:00Z"),
    # Starting 01:30 CEST the night they fall back, two hours (one of them repeated): 02:30
    # CET, Saturday's night; missed D+2 is Monday, 09:00 CET.
    ("2026-10-24T23:30:00Z", None, "Europe/Berlin", "missed", "2026-10-26T08:00:00Z"),
    # Friday evening in Tokyo, no end, the device elsewhere: Monday 09:00 JST.
    ("2026-06-05T10:00:00Z", None, "Asia/Tokyo", "promise", "2026-06-08T00:00:00Z"),
]


class Draft(NamedTuple):
    id: str
    kind: str
    first_name: str
    event_title: str
    event_day: date
    hook: str | None
    promise: str | None
    channel: str
    must_hold: tuple  # texts the draft contains as typed; () when the draft is None


LONG = "We talked about moving from agency work into a product role " * 10
DRAFTS: list[Draft] = [
    Draft("thanks-email", "thanks", "Dana", "PM Night", date(2026, 3, 12),
          "Hiring a growth PM", None, "email", ("Dana", "PM Night", "Hiring a growth PM",
                                                 "Thursday, March 12")),
    Draft("thanks-linkedin", "thanks", "Dana", "PM Night", date(2026, 3, 12),
          "Hiring a growth PM", None, "linkedin", ("Dana", "PM Night", "Hiring a growth PM")),
    Draft("no-hook", "thanks", "Dana", "PM Night", date(2026, 3, 12), None, None, "email", ()),
    Draft("blank-hook", "thanks", "Dana", "PM Night", date(2026, 3, 12), "  \n ", None,
          "linkedin", ()),
    Draft("promise", "promise", "Sam", "Product Camp", date(2026, 6, 5),
          "Runs the data team", "I promised to send the deck", "email",
          ("Sam", "Product Camp", "Runs the data team", "I promised to send the deck")),
    Draft("promise-linkedin", "promise", "Sam", "Product Camp", date(2026, 6, 5),
          "Runs the data team", "I promised to send the deck", "linkedin",
          ("Sam", "Product Camp", "I promised to send the deck")),
    Draft("thanks-with-promise", "thanks", "Sam", "Product Camp", date(2026, 6, 5),
          "Runs the data team", "I promised an intro to Lee", "email",
          ("Runs the data team", "I promised an intro to Lee")),
    Draft("missed-why", "missed", "Ana", "Growth Meetup", date(2026, 4, 16),
          "She leads onboarding at Acme", None, "email",
          ("Ana", "Growth Meetup", "She leads onboarding at Acme")),
    Draft("nudge", "nudge", "Lee", "PM Night", date(2026, 3, 12), "Moving to Lisbon", None,
          "linkedin", ("Lee", "PM Night", "Moving to Lisbon")),
    # Markup and quotes are words like any other: kept as typed, never interpreted.
    Draft("markup", "thanks", "<b>Zoë</b>", "Night & \"Day\"", date(2026, 3, 12),
          "<img src=x onerror=alert(1)> loves 🍣", None, "email",
          ("<b>Zoë</b>", "Night & \"Day\"", "<img src=x onerror=alert(1)> loves 🍣")),
    # Too long for LinkedIn: cut to 200, the name and event still there.
    Draft("long-linkedin", "thanks", "Dana", "PM Night", date(2026, 3, 12), LONG, None,
          "linkedin", ("Dana", "PM Night")),
    Draft("long-email", "thanks", "Dana", "PM Night " * 30, date(2026, 3, 12),
          LONG * 4, "I promised " + LONG, "email", ("Dana",)),
    Draft("emoji-at-limit", "thanks", "Dana", "PM Night", date(2026, 3, 12), "🍣" * 300, None,
          "linkedin", ("Dana", "PM Night")),
    Draft("no-first-name", "thanks", "", "", date(2026, 12, 31), "Ex-Spotify", None, "email",
          ("Ex-Spotify", "Thursday, December 31")),
]

# Notes -> (first sentence, the promise in it).
NOTES = [
    ("hiring-then-promise", "Hiring a growth PM. I promised to send the deck!",
     "Hiring a growth PM.", "I promised to send the deck!"),
    ("promised-first", "Promised an intro to Lee. Ex-Spotify", "Promised an intro to Lee.",
     "Promised an intro to Lee."),
    ("line-break", "Runs data at Acme\nI promised coffee", "Runs data at Acme",
     "I promised coffee"),
    ("no-promise", "Loves climbing... and chess", "Loves climbing...", None),
    ("compromised-is-not", "Talked about a compromised laptop", "Talked about a compromised laptop",
     None),
    ("empty", "", "", None),
    ("decimal", "Raised 2.5M last year. Hiring", "Raised 2.5M last year.", None),
]

# Touch histories (time order) -> the touch due next: "nudge" or None.
TOUCHES = [
    ("after-thanks", ["thanks"], "nudge"),
    ("after-reply", ["thanks", "reply"], None),
    ("two-unanswered", ["missed", "thanks"], None),
    ("after-nudge", ["thanks", "nudge"], None),
    ("reply-resets", ["thanks", "nudge", "reply", "thanks"], "nudge"),
    ("promise-then-thanks", ["promise", "thanks"], None),
    ("nothing", [], None),
]
