"""What each offline-editable record may hold, and how a pushed value is checked."""

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from ..rules.emails import valid_email
from ..rules.followup import CHANNELS as FOLLOWUP_CHANNELS
from ..rules.followup import KINDS as FOLLOWUP_KINDS
from ..rules.followup import STATES as FOLLOWUP_STATES
from ..rules.journal import WORTH
from ..rules.links import http_url
from ..rules.people import CADENCES, INTERACTION_KINDS
from ..rules.suggest import LEVELS

PRIORITIES = ("must", "want", "maybe")
STATUSES = ("not-yet", "met", "missed")


class ChangeRejected(ValueError):
    """One change that cannot be applied; the message says why, for the person."""


Coerce = Callable[[str, Any], Any]


def text(limit: int) -> Coerce:
    def coerce(name, value):
        if not isinstance(value, str):
            raise ChangeRejected(f"{name} must be text.")
        if len(value) > limit:
            raise ChangeRejected(f"{name} is longer than {limit} characters.")
        # NUL carries nothing a person wrote, and PostgreSQL cannot store it in text.
        return value.replace("\x00", "")
    coerce.limit = limit  # the browser clips to the same limits (companion/shell/constants.py)
    return coerce


LINK_LIMIT = 500


def web_link(name, value):
    # The same test the QR code and the exports apply (rules/links.py): a link stored here
    # must never stop them later (a space, a "user@" part).
    value = text(LINK_LIMIT)(name, value).strip()
    if value and not http_url(value):
        raise ChangeRejected(f"{name} must be an http(s) link with no spaces and no user@ part.")
    return value


web_link.limit = LINK_LIMIT


def choice(options: tuple, *, nullable: bool = False) -> Coerce:
    def coerce(name, value):
        if value is None and nullable:
            return None
        if value not in options:
            raise ChangeRejected(f"{name} must be one of {', '.join(options)}.")
        return value
    return coerce


def flag(name, value):
    if not isinstance(value, bool):
        raise ChangeRejected(f"{name} must be true or false.")
    return value


def whole(low: int, high: int, *, nullable: bool = False) -> Coerce:
    def coerce(name, value):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ChangeRejected(f"{name} must be a whole number from {low} to {high}.")
        return value
    return coerce


def instant(name, value):
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(text(40)(name, value).replace("Z", "+00:00"))
    except ValueError:
        raise ChangeRejected(f"{name} must be an ISO 8601 time.") from None
    if parsed.tzinfo is None:
        raise ChangeRejected(f"{name} must carry a time zone.")
    return parsed.astimezone(UTC)


def clock_time(name, value):
    value = text(5)(name, value)
    # isascii: str.isdigit() is also true for "²" and "٣", which int() then refuses.
    if value and not (len(value) == 5 and value.isascii() and value[2] == ":"
                      and value[:2].isdigit() and value[3:].isdigit()
                      and int(value[:2]) < 24 and int(value[3:]) < 60):
        raise ChangeRejected(f"{name} must be a time like 18:45.")
    return value


def day(name, value):
    value = text(10)(name, value)
    if value:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
        # fromisoformat also reads "20260312"; the app and the exports write one form only.
        if parsed is None or parsed.isoformat() != value:
            raise ChangeRejected(f"{name} must be a date like 2026-03-12.")
    return value


def uuid_ref(name, value):
    """A reference to another record of the user's (a person), by its id."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) != 36 or str(_uuid(value)) != value:
        raise ChangeRejected(f"{name} must be a lower-case UUID.")
    return value


def _uuid(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def text_list(limit: int, count: int, *, each: Coerce | None = None) -> Coerce:
    """A list of at most `count` short texts; blanks and repeats go, the order stays."""
    def coerce(name, value):
        if not isinstance(value, list) or len(value) > count:
            raise ChangeRejected(f"{name} must be a list of at most {count} texts.")
        items = [text(limit)(name, item).strip() for item in value]
        if each is not None:
            items = [each(name, item) for item in items if item]
        return list(dict.fromkeys(item for item in items if item))
    # Not `limit`: that is a whole field's (constants.FIELD_LIMITS); this is each item's.
    coerce.item_limit, coerce.count = limit, count
    return coerce


def email_item(name, value):
    found = valid_email(value)
    if found is None:
        raise ChangeRejected(f"{name}: {value[:60]!r} is not an email address.")
    return found


def uuid_list(count: int) -> Coerce:
    def coerce(name, value):
        if not isinstance(value, list) or not 1 <= len(value) <= count:
            raise ChangeRejected(f"{name} must list 1 to {count} people.")
        # Every item must name someone: a blank would be an interaction with nobody.
        if any(not item for item in value):
            raise ChangeRejected(f"{name} must list people by their ids.")
        return list(dict.fromkeys(uuid_ref(name, item) for item in value))
    return coerce


def id_list(count: int) -> Coerce:
    def coerce(name, value):
        if not isinstance(value, list) or len(value) > count:
            raise ChangeRejected(f"{name} must be a list of at most {count} ids.")
        return list(dict.fromkeys(whole(1, 2**63 - 1)(name, item) for item in value))
    return coerce


CARD_FIELDS = ("name", "title", "company", "email", "phone", "linkedin", "website")


def field_list(name, value):
    if not isinstance(value, list) or any(item not in CARD_FIELDS for item in value):
        raise ChangeRejected(f"{name} must list card fields ({', '.join(CARD_FIELDS)}).")
    return list(dict.fromkeys(value))


def term_list(limit: int, count: int, *, nullable: bool = False) -> Coerce:
    """A list of at most `count` texts of at most `limit` characters; blanks and repeats go."""
    def coerce(name, value):
        if value is None and nullable:
            return None
        if not isinstance(value, list) or len(value) > count:
            raise ChangeRejected(f"{name} must be a list of at most {count} texts.")
        items = []
        for item in value:
            if not isinstance(item, str):
                raise ChangeRejected(f"{name} must be a list of texts.")
            if len(item) > limit:
                raise ChangeRejected(f"Each of {name} must be at most {limit} characters.")
            item = " ".join(item.replace("\x00", "").split())
            if item and item.casefold() not in {kept.casefold() for kept in items}:
                items.append(item)
        return items
    coerce.item_limit, coerce.count = limit, count
    return coerce


def level_list(name, value):
    if value is None:
        return None
    if not isinstance(value, list) or any(item not in LEVELS for item in value):
        raise ChangeRejected(f"{name} must list levels ({', '.join(LEVELS)}) or be null.")
    return [level for level in LEVELS if level in value]


# A goal's terms: a few words each ("B2B growth"), a few dozen at most.
TERM_LIMIT, TERMS = 100, 30


# A long note for a person met at an event is a few hundred characters; this is room for years
# of them. A merge of two devices' texts never makes a field longer (sync/service.py refuses
# that change instead), so the push of one change stays far below the push body limit.
TEXT_LIMIT = 20_000

EVENT_REF = whole(1, 2**63 - 1)
OPTIONAL_REF = whole(1, 2**63 - 1, nullable=True)

# kind -> field -> coercer. References (event_id, attendee_id) are checked for access elsewhere.
SCHEMA: dict[str, dict[str, Coerce]] = {
    "mark": {
        "event_id": EVENT_REF, "attendee_id": EVENT_REF,
        "priority": choice(PRIORITIES, nullable=True), "status": choice(STATUSES),
        "follow_up": flag, "promised": flag, "is_speaker": flag,
        "why": text(TEXT_LIMIT), "opener": text(TEXT_LIMIT), "note": text(TEXT_LIMIT),
        "met_at": instant, "person_id": uuid_ref,
    },
    "contact": {
        "event_id": OPTIONAL_REF, "attendee_id": OPTIONAL_REF,
        "name": text(200), "title": text(500), "company": text(500), "email": text(254),
        "phone": text(64), "linkedin": web_link, "url": web_link,
        "source": choice(("scan", "manual")), "raw": text(4096), "met_at": instant,
        "note": text(TEXT_LIMIT), "person_id": uuid_ref,
    },
    "card": {
        "name": text(200), "title": text(200), "company": text(200), "email": text(254),
        "phone": text(64), "linkedin": web_link, "website": web_link, "in_qr": field_list,
        "warm_goal": whole(1, 10_000),
    },
    "plan": {
        "event_id": EVENT_REF, "travel_minutes": whole(0, 600), "earliest": clock_time,
    },
    "journal": {
        "event_id": EVENT_REF, "went": flag, "rating": whole(1, 5, nullable=True),
        "worth": choice(WORTH, nullable=True), "line": text(500), "arrived_at": instant,
        "series": text(200),
    },
    "person": {
        "name": text(200), "emails": text_list(254, 10, each=email_item), "linkedin": web_link,
        "phones": text_list(64, 10), "company": text(500), "title": text(500),
        "first_met_event_id": OPTIONAL_REF, "first_met_event": text(200), "first_met_on": day,
        "tags": text_list(40, 30), "note": text(TEXT_LIMIT), "cadence": choice(tuple(CADENCES)),
        "snoozed_until": day, "archived": flag, "merged_into": uuid_ref,
        "not_same": id_list(1000), "cadence_asked": flag,
    },
    "interaction": {
        "person_ids": uuid_list(50), "on": day, "type": choice(INTERACTION_KINDS),
        "line": text(1000), "event_id": OPTIONAL_REF, "event_title": text(200),
        "title": text(500), "company": text(500),
    },
    "followup": {
        "person_id": uuid_ref, "event_id": EVENT_REF, "attendee_id": EVENT_REF,
        "type": choice(FOLLOWUP_KINDS), "due": instant, "state": choice(FOLLOWUP_STATES),
        "channel": choice(FOLLOWUP_CHANNELS), "draft": text(TEXT_LIMIT), "sent_at": instant,
        "replied_at": instant,
    },
    "goal": {
        "seek": term_list(TERM_LIMIT, TERMS), "offer": term_list(TERM_LIMIT, TERMS),
        "my_level": choice(("", *LEVELS)), "seek_levels": level_list,
        "exclude_companies": term_list(200, 20, nullable=True),
    },
    "skip": {
        "scope": choice(("event", "never")), "event_id": OPTIONAL_REF,
        "attendee_id": OPTIONAL_REF, "key": text(300), "name": text(200),
    },
}

# Free text that two devices may both have edited: merged, never overwritten.
TEXT_FIELDS = {"mark": ("why", "opener", "note"), "contact": ("note",), "card": (), "plan": (),
               "person": ("note",), "interaction": (), "followup": ("draft",), "goal": (),
               "skip": (), "journal": ()}

# What a deleted record forgets at once; its id and references stay for other devices.
ERASED_ON_DELETE = {
    "mark": ("why", "opener", "note"),
    "contact": ("name", "title", "company", "email", "phone", "linkedin", "url", "raw", "note"),
    "card": (), "plan": (), "journal": ("line", "series"),
    # "Forget this person": nothing of them stays but the id other devices need to delete.
    "person": ("name", "emails", "linkedin", "phones", "company", "title", "first_met_event",
               "tags", "note", "not_same"),
    "interaction": ("person_ids", "line", "event_title", "title", "company"),
    "followup": ("draft",),
    # A goal is one record whose size its schema bounds (TERMS x TERM_LIMIT per list).
    "goal": (), "skip": ("key", "name"),
}

# What a record holds before anything is written into it (the models' column defaults): a record
# made again after its deletion starts from these, not from what the tombstone kept.
BLANK: dict[str, dict[str, Any]] = {
    "mark": {"priority": None, "status": "not-yet", "follow_up": False, "promised": False,
             "is_speaker": False, "why": "", "opener": "", "note": "", "met_at": None,
             "person_id": None},
    "contact": {"event_id": None, "attendee_id": None, "name": "", "title": "", "company": "",
                "email": "", "phone": "", "linkedin": "", "url": "", "source": "manual",
                "raw": "", "met_at": None, "note": "", "person_id": None},
    "card": {},
    "plan": {"travel_minutes": 0, "earliest": ""},
    "journal": {"went": True, "rating": None, "worth": None, "line": "", "arrived_at": None,
                "series": ""},
    "person": {"name": "", "emails": [], "linkedin": "", "phones": [], "company": "", "title": "",
               "first_met_event_id": None, "first_met_event": "", "first_met_on": "",
               "tags": [], "note": "", "cadence": "none", "snoozed_until": "", "archived": False,
               "merged_into": None, "not_same": [], "cadence_asked": False},
    "interaction": {"person_ids": [], "on": "", "type": "other", "line": "", "event_id": None,
                    "event_title": "", "title": "", "company": ""},
    "followup": {"person_id": None, "due": None, "state": "todo", "channel": "email",
                 "draft": "", "sent_at": None, "replied_at": None},
    "goal": {"seek": [], "offer": [], "my_level": "", "seek_levels": None,
             "exclude_companies": None},
    "skip": {"key": "", "name": ""},
}

# Fields a new record must carry because its blank would say nothing (an interaction with nobody).
NEEDED_NEW = {"interaction": ("person_ids",)}

# Fields fixed when a record is created: they say what the record is about.
IDENTITY_FIELDS = {"mark": ("event_id", "attendee_id"), "plan": ("event_id",),
                   "followup": ("type", "event_id", "attendee_id"),
                   "skip": ("scope", "event_id", "attendee_id", "key"),
                   "journal": ("event_id",)}


def checked_fields(kind: str, fields: Any) -> dict[str, Any]:
    """Return the pushed fields coerced to their types, or raise ChangeRejected."""
    if not isinstance(fields, dict):
        raise ChangeRejected("fields must be an object.")
    schema = SCHEMA[kind]
    unknown = sorted(set(fields) - set(schema))
    if unknown:
        raise ChangeRejected(f"Unknown field for a {kind}: {unknown[0][:40]}.")
    return {name: schema[name](name, value) for name, value in fields.items()}


def serialise(record) -> dict[str, Any]:
    """Return a record's fields as JSON-ready values."""
    out = {}
    for name in SCHEMA[record.kind]:
        value = getattr(record, name)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        out[name] = value
    return out
