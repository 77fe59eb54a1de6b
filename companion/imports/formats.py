"""Recognise an export by its header names, and read a mapping the owner chose."""

from collections.abc import Sequence

from ..rules.names import fold_text
from .headers import header_key
from .model import MAPPING_FIELDS, ImportProblem

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
        "user id", "member id", "guests", "attendance", "rsvped yes", "meetups attended",
    }),
    "tito": frozenset({
        "ticket full name", "ticket first name", "ticket last name", "ticket email",
        "ticket reference", "unique ticket url", "order reference", "void status",
        "unique order url", "ticket created date",
    }),
    "zoom": frozenset({
        "name original name", "user email", "join time", "leave time", "duration minutes",
    }),
}
_YES = frozenset({"yes", "y", "true", "1", "x", "host", "co host"})


def recognise(keys: Sequence[str]) -> str:
    """Return the export ("luma", "eventbrite", ...) a file's header keys show, else "csv"."""
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


def is_yes(value: str) -> bool:
    """Tell whether a cell says yes (for flags such as Meetup's "Event Host")."""
    return fold_text(value).replace("-", " ") in _YES
