"""Build an RFC 5545 calendar entry for an event, with a reminder when it is time to leave."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from urllib.parse import urlsplit

from .arrival import ArrivalPlan, require_aware
from .lines import content_lines

PRODID = "-//Companion//Event companion//EN"
STRATEGY_NAMES = {"doors": "doors", "second-wave": "second wave", "conference": "conference"}
# Control characters are not allowed in TEXT (RFC 5545 3.3.11); tab is, newlines are escaped.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NEWLINE = re.compile(r"\r\n|\r|\n")


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines; drop control characters."""
    # A lone surrogate cannot be encoded as UTF-8; replace it rather than fail the download.
    value = value.encode("utf-8", "replace").decode("utf-8")
    value = CONTROL.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return NEWLINE.sub("\\\\n", value)


def utc_stamp(moment: datetime) -> str:
    """Format an aware datetime as a UTC DATE-TIME (20261105T235000Z)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def checked_url(url: str) -> str:
    """Return an http(s) URL unchanged, or raise ValueError: a URI value is not escaped."""
    if re.search(r"[\x00-\x20\x7f]", url) or urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


def event_calendar(
    *,
    uid: str,
    title: str,
    start: datetime,
    end: datetime,
    now: datetime,
    location: str = "",
    description: str = "",
    url: str = "",
    alarm_at: datetime | None = None,
    alarm_text: str = "Time to leave for the event",
) -> str:
    """Return a VCALENDAR with one VEVENT in UTC times and an optional reminder at `alarm_at`.

    Raises ValueError for naive datetimes, an end not after the start, an empty uid or a URL
    that is not http(s).
    """
    require_aware(start=start, end=end, now=now, alarm_at=alarm_at)
    if end <= start:
        raise ValueError("the event must end after it starts")
    if not uid.strip():
        raise ValueError("uid must not be empty")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SUMMARY:{escape_text(title)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{checked_url(url)}")
    if alarm_at is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(alarm_text)}",
            f"TRIGGER;VALUE=DATE-TIME:{utc_stamp(alarm_at)}",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return content_lines(lines)


def arrival_description(plan: ArrivalPlan, tz: tzinfo) -> str:
    """Describe an arrival plan in plain lines, with times in the event's time zone `tz`."""

    def clock(moment: datetime) -> str:
        return moment.astimezone(tz).strftime("%H:%M")

    lines = [
        f"Arrive at {clock(plan.arrive_at)} ({STRATEGY_NAMES[plan.strategy]}).",
        f"Leave by {clock(plan.leave_by)}." if plan.leave_by is not None
        else "No leave-by yet: set your travel time in the app's arrival plan.",
    ]
    if plan.alternative is not None:
        other = "second wave" if plan.strategy == "doors" else "doors"
        lines.append(f"Other good moment: {clock(plan.alternative)} ({other}).")
    lines += [note.text for note in plan.reasons]
    lines += [f"Note: {note.text}" for note in plan.warnings]
    return "\n".join(lines)
