"""Turn the values of an event form (or the CLI) into model fields, and model fields back into it.

Times arrive either as wall-clock "YYYY-MM-DDTHH:MM" in the event's zone (what
`<input type=datetime-local>` sends) or as ISO 8601 with an offset (scripts). They are stored as
aware UTC. Decisions on the daylight-saving edges:

- A wall-clock time that does not exist (clocks jump forward over it) is refused with a message;
  silently shifting it by an hour would put the event at a time the owner never typed.
- A wall-clock time that happens twice (clocks fall back) means its first occurrence, the one a
  person reading a poster would assume.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..rules.arrival import KINDS as EVENT_KINDS

MAX_LENGTHS = {"title": 200, "venue": 200, "address": 300, "url": 500, "timezone": 64}
MAX_DURATION = timedelta(days=31)  # longer is a typo in the year or month, not an event
YEARS = (1970, 2200)
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
FORM_ORDER = ("title", "timezone", "start", "end", "networking_start", "venue", "address", "kind",
              "url")
TIME_LABELS = {"start": "Start", "end": "End", "networking_start": "Networking start"}


class FieldErrors(ValueError):
    """Some fields cannot be taken; `.errors` maps each field name to a message for a person."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


# Files in the zone database that name no place: the server's own zone and a template.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def zone_names() -> frozenset[str]:
    """Return every IANA zone name this system knows."""
    return frozenset(available_timezones()) - NOT_ZONES


def _zone_key(text: str) -> str:
    """"São Paulo", "sao_paulo" and "SAO PAULO" alike: no accents, case or space differences."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "_".join(plain.replace("_", " ").split()).casefold()


@cache
def _zones_by_key() -> dict[str, str]:
    """Map a whole zone name, and a city (its last segment), to the zone it names."""
    by_key: dict[str, str] = {}
    # Deepest names first, so a city keeps its canonical zone (America/Indiana/Indianapolis)
    # over an old alias (America/Indianapolis); a whole name always wins over a city.
    for name in sorted(zone_names(), key=lambda zone: (-zone.count("/"), zone)):
        by_key.setdefault(_zone_key(name.rsplit("/", 1)[-1]), name)
    for name in zone_names():
        by_key[_zone_key(name)] = name
    return by_key


def find_zone(text: str) -> str | None:
    """Return the IANA zone a person meant: its name in any case, or a city ("Toronto")."""
    text = (text or "").strip()
    if text in zone_names():
        return text
    if not text or len(text) > MAX_LENGTHS["timezone"]:
        return None
    return _zones_by_key().get(_zone_key(text))


def parse_zone(name: str) -> ZoneInfo:
    """Return the IANA zone this name or city means, or raise ValueError for a person."""
    text = (name or "").strip()
    if not text:
        raise ValueError("Choose the event's time zone.")
    # Only listed names: ZoneInfo would also open any TZif file under the zone directory.
    name = find_zone(text)
    if name is None:
        raise ValueError(f"“{text[:64]}” is not a known time zone; type a city like Toronto "
                         "or a zone name like Europe/Paris.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"“{name}” is not a known time zone.") from None


def parse_time(value: str, zone: tzinfo, label: str = "Time") -> datetime:
    """Return the instant (aware, UTC) meant by a wall-clock time in `zone` or an ISO time."""
    text = (value or "").strip()
    if not text:
        raise ValueError(f"{label}: enter a date and time.")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{label}: “{text[:40]}” is not a date and time.") from None
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        raise ValueError(f"{label}: the year must be between {YEARS[0]} and {YEARS[1]}.")
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    local = parsed.replace(tzinfo=zone, fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != parsed:
        raise ValueError(
            f"{label}: {parsed:%H:%M} does not exist on {parsed:%Y-%m-%d} in {zone} "
            "(the clocks skip it); choose another time."
        )
    return instant


def clean_text(value: str | None, field: str, errors: dict[str, str]) -> str:
    """Return a one-line, trimmed text; note an error when it is too long."""
    text = " ".join(CONTROL.sub(" ", value or "").split())
    if len(text) > MAX_LENGTHS[field]:
        errors[field] = f"Keep the {field} to {MAX_LENGTHS[field]} characters or fewer."
    return text


def clean_url(value: str | None, errors: dict[str, str]) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) > MAX_LENGTHS["url"]:
        errors["url"] = f"Keep the link to {MAX_LENGTHS['url']} characters or fewer."
        return text
    parts = urlsplit(text)
    bad_characters = CONTROL.search(text) or " " in text
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or bad_characters:
        errors["url"] = "The event page must be a web address starting with http:// or https://."
    return text


def parse_event_fields(form: Mapping[str, str | None]) -> dict:
    """Return model fields from form values, or raise FieldErrors naming every bad field.

    Keys read: title, start, end, timezone, venue, address, kind, networking_start, url.
    """
    errors: dict[str, str] = {}
    fields: dict = {
        "title": clean_text(form.get("title"), "title", errors),
        "venue": clean_text(form.get("venue"), "venue", errors),
        "address": clean_text(form.get("address"), "address", errors),
        "url": clean_url(form.get("url"), errors),
        "kind": (form.get("kind") or "networking").strip(),
    }
    if not fields["title"] and "title" not in errors:
        errors["title"] = "Give the event a title."
    if fields["kind"] not in EVENT_KINDS:
        errors["kind"] = f"The kind must be one of {', '.join(EVENT_KINDS)}."
    try:
        zone = parse_zone(form.get("timezone") or "")
        fields["timezone"] = zone.key
    except ValueError as error:
        errors["timezone"] = str(error)
        # The times are still read (as if in UTC) so one submit reports every error at once;
        # only the check for a time the clocks skip needs the real zone.
        zone = UTC
    times: dict[str, datetime | None] = {}
    for name, label in TIME_LABELS.items():
        if name == "networking_start" and not (form.get(name) or "").strip():
            times[name] = None
            continue
        try:
            times[name] = parse_time(form.get(name) or "", zone, label)
        except ValueError as error:
            errors[name] = str(error)
    start, end, networking = (times.get(name) for name in TIME_LABELS)
    if start and end:
        if end <= start:
            errors["end"] = "The end must be after the start."
        elif end - start > MAX_DURATION:
            errors["end"] = f"An event can last at most {MAX_DURATION.days} days; check the dates."
        if networking and not start <= networking < end:
            errors["networking_start"] = "The networking start must be between start and end."
    if errors:
        # In the form's order, so the summary reads top to bottom like the fields it links to.
        raise FieldErrors(dict(sorted(errors.items(), key=lambda item: FORM_ORDER.index(item[0]))))
    fields.update(starts_at=start, ends_at=end, networking_starts_at=networking)
    return fields


def local_input(moment: datetime | None, zone_name: str) -> str:
    """Return the "YYYY-MM-DDTHH:MM" wall-clock value a datetime-local input shows for `moment`."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone_name)).strftime(LOCAL_FORMAT)


def describe_when(start: datetime, end: datetime | None, zone_name: str) -> str:
    """Return "Thu 3 Dec 2026, 19:00–22:00 EST" in the event's zone (both dates if they differ)."""
    zone = ZoneInfo(zone_name)
    first = start.astimezone(zone)
    text = f"{first:%a} {first.day} {first:%b %Y, %H:%M}"
    if end is not None:
        last = end.astimezone(zone)
        same_day = last.date() == first.date()
        text += f"–{last:%H:%M}" if same_day else f" – {last:%a} {last.day} {last:%b %Y, %H:%M}"
        first = last  # the abbreviation that applies at the end (DST may change in between)
    return f"{text} {first:%Z}"


def form_values(event) -> dict[str, str]:
    """Return the form values that describe an existing event (the edit form's contents)."""
    return {
        "title": event.title,
        "start": local_input(event.starts_at, event.timezone),
        "end": local_input(event.ends_at, event.timezone),
        "timezone": event.timezone,
        "venue": event.venue,
        "address": event.address,
        "kind": event.kind,
        "networking_start": local_input(event.networking_starts_at, event.timezone),
        "url": event.url,
    }
