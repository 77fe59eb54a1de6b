"""Recognise an export by its header names, and decide which column holds which field."""

import functools
import re
from collections.abc import Callable, Sequence

from ..rules.names import fold_text
from .model import MAPPING_FIELDS, ImportProblem
from .rows import clean_cell, has_title_company_separator, is_email

# Columns only one service's export has. Two of them must be present, so a renamed or dropped
# column in a newer export still leaves the file recognised, and a generic CSV that happens to
# have one "Status" or "Guests" column is not mistaken for an export.
_MARKERS = {
    "luma": frozenset({
        "api id", "approval status", "qr code url", "checked in at", "ticket type id",
        "ticket name", "custom source", "has joined event", "eth address", "solana address",
    }),
    "eventbrite": frozenset({
        "order #", "order date", "attendee #", "attendee status", "ticket type", "price tier",
        "order type", "total paid", "fees paid", "eventbrite fees",
        "eventbrite payment processing", "barcode #", "buyer first name", "buyer last name",
    }),
    "meetup": frozenset({
        "url of member profile", "event host", "rsvp", "rsvped on", "joined group on",
        "user id", "member id", "guests", "attendance",
    }),
}

# Header names (as header_key spells them) for each field, best first.
_SYNONYMS = {
    "name": ("name", "full name", "fullname", "attendee name", "guest name", "participant name",
             "member name", "contact name", "your name", "display name", "attendee", "guest",
             "participant", "person"),
    "first_name": ("first name", "firstname", "first", "given name", "forename", "prenom"),
    "last_name": ("last name", "lastname", "last", "surname", "family name", "nom"),
    "email": ("email", "e mail", "email address", "e mail address", "attendee email",
              "guest email", "work email", "mail"),
    "title": ("title", "job title", "role", "position", "job", "occupation", "job role",
              "headline", "designation"),
    "company": ("company", "organisation", "organization", "employer", "company name",
                "organisation name", "organization name", "org", "workplace", "affiliation"),
    "title_company": ("title company", "title and company", "role company", "role and company",
                      "job title and company", "what do you do"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile"),
    "url": ("website", "url", "web site", "homepage", "home page", "personal website",
            "url of member profile", "member profile", "profile url", "profile", "link"),
}

_TITLE_WORDS = frozenset({"title", "role", "position", "occupation", "job", "designation"})
_COMPANY_WORDS = frozenset({
    "company", "organisation", "organization", "employer", "org", "workplace", "affiliation",
})
# Words that make a "... name" column something other than the person's full name.
_OTHER_NAMES = frozenset({
    "first", "last", "given", "family", "middle", "nick", "user", "ticket", "event", "group",
    "company", "organisation", "organization", "org", "business", "team", "school", "file",
    "product", "buyer", "purchaser", "venue", "job",
})
_NOT_BUYER = frozenset({"buyer", "purchaser"})

_KEYWORD_RULES: tuple[tuple[str, Callable[[frozenset[str], str], bool]], ...] = (
    ("linkedin", lambda words, key: "linkedin" in key),
    ("title_company", lambda words, key: "what do you do" in key
        or bool(words & _TITLE_WORDS and words & _COMPANY_WORDS)),
    ("first_name", lambda words, key: {"first", "name"} <= words and not words & _NOT_BUYER),
    ("last_name", lambda words, key: bool(words & {"last", "family", "surname"})
        and not words & _NOT_BUYER),
    ("name", lambda words, key: "name" in words and not words & _OTHER_NAMES),
    ("title", lambda words, key: bool(words & _TITLE_WORDS) and not words & {"ticket", "event"}),
    ("company", lambda words, key: bool(words & _COMPANY_WORDS)),
    ("url", lambda words, key: bool(words & {"website", "homepage", "portfolio"})),
)

STATUS_HEADERS = ("approval status", "attendee status", "rsvp", "rsvp status",
                  "registration status", "status", "attending", "going")
HOST_HEADERS = ("event host", "host", "is host", "co host", "organizer", "organiser")
_NO = frozenset({"no", "n", "false", "0"})
_SKIP_WORDS = ("not ", "declin", "reject", "cancel", "refund", "transferred", "deleted", "removed")
_WARN_WORDS = ("waitlist", "wait list", "waiting", "invited")
_YES = frozenset({"yes", "y", "true", "1", "x", "host", "co host"})

_NON_WORD = re.compile(r"[^a-z0-9#]+")

Rows = Sequence[tuple[int, list[str]]]


def header_key(header: str) -> str:
    """Return a header as comparable words: "What's your LinkedIn?" -> "what s your linkedin"."""
    return " ".join(_NON_WORD.sub(" ", fold_text(header)).split())


def recognise(keys: Sequence[str]) -> str:
    """Return "luma", "eventbrite" or "meetup" for a known export's header keys, else "csv"."""
    present = set(keys)
    best, best_score = "csv", 1
    for name, markers in _MARKERS.items():
        score = len(markers & present)
        if score > best_score:
            best, best_score = name, score
    return best


def has_name(columns: dict[str, int]) -> bool:
    """Tell whether a mapping says where the name is."""
    return bool(columns.keys() & {"name", "first_name", "last_name"})


def is_name_header(text: str) -> bool:
    """Tell whether text is a header for a name column, such as "Full name"."""
    key = header_key(text)
    return key in _SYNONYMS["name"] or key in _SYNONYMS["first_name"]


def guess_columns(keys: Sequence[str], sample: Rows) -> dict[str, int]:
    """Map fields to column indexes by header names, then by what unclaimed columns contain."""
    columns: dict[str, int] = {}

    def claim(field: str, accepts: Callable[[int], bool]) -> None:
        taken = columns.values()
        index = next((i for i in range(len(keys)) if i not in taken and accepts(i)), None)
        if index is not None:
            columns[field] = index

    for field, synonyms in _SYNONYMS.items():
        for synonym in synonyms:
            if field not in columns:
                claim(field, lambda i, synonym=synonym: keys[i] == synonym)
    for field, rule in _KEYWORD_RULES:
        if field not in columns:
            claim(field, lambda i, rule=rule: bool(keys[i]) and rule(frozenset(keys[i].split()),
                                                                      keys[i]))
    # Luma's custom questions carry any header the host typed; recognise them by their answers.
    if "linkedin" not in columns:
        claim("linkedin", lambda i: _mostly(sample, i, lambda v: "linkedin.com/" in v.lower()))
    if "email" not in columns:
        claim("email", lambda i: _mostly(sample, i, is_email))
    if "title" not in columns and "title_company" not in columns:
        claim("title_company", lambda i: _mostly(sample, i, has_title_company_separator, 3))
    if "title" in columns and "company" not in columns and "title_company" not in columns:
        # With no company column, "Role @ Company" in the title column is the only company there is.
        columns["title_company"] = columns.pop("title")
    return columns


def resolve_mapping(mapping: dict[str, str], header: Sequence[str]) -> dict[str, int]:
    """Turn a field -> header mapping into field -> column index, checking every entry."""
    keys = [header_key(h) for h in header]
    columns: dict[str, int] = {}
    for field, column in mapping.items():
        if field not in MAPPING_FIELDS:
            raise ImportProblem(f"The field “{field}” is not one an attendee has; "
                                f"use one of {', '.join(MAPPING_FIELDS)}.")
        if not column:
            continue  # a form's "(none)" choice
        if column in header:
            columns[field] = header.index(column)
        elif header_key(column) in keys:
            columns[field] = keys.index(header_key(column))
        else:
            raise ImportProblem(f"The column “{column}” chosen for {field} is not in this file.")
    if not has_name(columns):
        raise ImportProblem("Choose the column that holds each person's name.")
    return columns


def find_column(keys: Sequence[str], synonyms: Sequence[str]) -> int | None:
    """Return the index of the first synonym found among header keys, or None."""
    return next((keys.index(s) for s in synonyms if s in keys), None)


@functools.lru_cache(maxsize=256)  # a column of a few repeated values, read once per row
def status_verdict(value: str) -> str | None:
    """Return "skip" for a not-coming status, "warn" for an uncertain one, else None."""
    folded = fold_text(value).replace("_", " ")
    if not folded:
        return None
    if folded in _NO or any(word in folded for word in _SKIP_WORDS):
        return "skip"
    if any(word in folded for word in _WARN_WORDS):
        return "warn"
    return None


def is_yes(value: str) -> bool:
    """Tell whether a cell says yes (for flags such as Meetup's "Event Host")."""
    return fold_text(value).replace("-", " ") in _YES


def _mostly(sample: Rows, index: int, predicate: Callable[[str], bool], minimum: int = 1) -> bool:
    """Tell whether most non-empty values of a column in the sample rows satisfy predicate."""
    values = []
    for _, cells in sample:
        value = clean_cell(cells[index]) if index < len(cells) else ""
        if value:
            values.append(value)
    if not values or len(values) < min(minimum, len(sample)):
        return False
    return sum(map(predicate, values)) * 2 > len(values)
