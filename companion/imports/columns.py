"""Decide which column holds which field: by header names first, then by what the cells hold.

A header is a hint, not a promise: "Name on attendee list" holds Yes and No, Luma's "ticket_name"
holds "Standard", Tito has both "Ticket Full Name" and "Order Name". So a name column must hold
values that look like people's names, and a ticket holder's column beats the buyer's.
"""

from collections.abc import Callable, Sequence

from ..rules.links import linkedin_url
from .headers import (
    AMBIGUOUS_NAMES,
    BUYER_WORDS,
    HOST_HEADERS,
    KEYWORD_RULES,
    REF_HEADERS,
    SYNONYMS,
    is_status_header,
)
from .rows import clean_cell, has_title_company_separator, is_email, is_placeholder

Rows = Sequence[tuple[int, list[str]]]

# Cells that answer a yes/no question or stand for nothing: never a person's name.
_NOT_NAMES = frozenset({
    "yes", "no", "y", "n", "true", "false", "checked", "unchecked", "x", "ok", "none", "null",
    "nan", "ja", "nein", "si", "oui", "non", "ano", "ne",
})
NAME_SHARE = 0.5  # of a column's sampled values that must look like names
_MIN_DISTINCT = 0.2  # a column of a few repeated values ("Standard") is a category, not names


def could_be_name(value: str) -> bool:
    """Tell whether a cleaned cell could be a person's name: not Yes, a number or an address."""
    if not value or "://" in value or is_email(value):
        return False
    if value.casefold() in _NOT_NAMES or is_placeholder(value):
        return False
    return any(char.isalpha() for char in value)


def looks_like_linkedin(value: str) -> bool:
    lowered = value.lower()
    return "linkedin." in lowered or linkedin_url(value) is not None


def values(sample: Rows, index: int) -> list[str]:
    """Return the cleaned non-empty cells of a column in the sample rows."""
    found = []
    for _, cells in sample:
        if index < len(cells) and (value := clean_cell(cells[index])):
            found.append(value)
    return found


def share(found: list[str], predicate: Callable[[str], bool]) -> float:
    return sum(map(predicate, found)) / len(found) if found else 0.0


def _holds_names(sample: Rows, index: int) -> bool:
    found = values(sample, index)
    if len(found) >= 5 and len(set(found)) < len(found) * _MIN_DISTINCT:
        return False
    return not found or share(found, could_be_name) >= NAME_SHARE


def _is_buyer(key: str) -> bool:
    return bool(BUYER_WORDS & set(key.split()))


def _holds_emails(sample: Rows, index: int) -> bool:
    found = values(sample, index)
    return not found or share(found, is_email) > 0.5


def _holds_profiles(sample: Rows, index: int, key: str) -> bool:
    # "certainty__linkedin" holds "unknown"; "What is your LinkedIn?" may hold bare slugs.
    found = values(sample, index)
    return (not found or share(found, looks_like_linkedin) > 0
            or bool(set(key.split()) & {"url", "profile", "handle", "your", "username"}))


# What a column found by a keyword of its header must hold (an empty column is never refused:
# it costs nothing). A name column must hold names even when its header is an exact synonym.
_ACCEPTS: dict[str, Callable[[Rows, int, str], bool]] = {
    "name": lambda sample, i, key: _holds_names(sample, i),
    "email": lambda sample, i, key: _holds_emails(sample, i),
    "linkedin": _holds_profiles,
}
_ALWAYS = frozenset({"name"})


def _resolve_ambiguous(keys: Sequence[str], sample: Rows) -> dict[int, str]:
    """Return column -> field for headers such as "Name" that mean a half of the name here.

    "Name" beside "Surname" is the first name, "Nom" beside "Prénom" the last name; a column
    whose cells already hold the other half ("Ada Lovelace" beside "Lovelace") is the full name.
    """
    firsts = [i for i, key in enumerate(keys) if key in SYNONYMS["first_name"]
              and key not in AMBIGUOUS_NAMES]
    lasts = [i for i, key in enumerate(keys) if key in SYNONYMS["last_name"]]
    roles: dict[int, str] = {}
    for index, key in enumerate(keys):
        if key not in AMBIGUOUS_NAMES or bool(firsts) == bool(lasts):
            continue
        other = (lasts or firsts)[0]
        holds_other = sum(
            1 for _, cells in sample
            if max(index, other) < len(cells) and clean_cell(cells[other])
            and clean_cell(cells[other]).casefold() in clean_cell(cells[index]).casefold()
            and clean_cell(cells[other]) != clean_cell(cells[index])
        )
        if holds_other * 2 <= len(sample):
            roles[index] = "first_name" if lasts else "last_name"
    return roles


def guess_columns(keys: Sequence[str], sample: Rows) -> dict[str, int]:
    """Map fields to column indexes by header names, then by what unclaimed columns contain."""
    columns: dict[str, int] = {}
    roles = _resolve_ambiguous(keys, sample)
    synonym_of = {i: roles.get(i) or next((f for f, s in SYNONYMS.items() if key in s), None)
                  for i, key in enumerate(keys)}

    def choose(field: str, candidates: list[int], by_keyword: bool) -> None:
        taken = set(columns.values())
        accepts = _ACCEPTS.get(field) if by_keyword or field in _ALWAYS else None
        # The ticket holder's column first, the buyer's last; otherwise in the order given.
        ranked = sorted((i for i in candidates if i not in taken), key=lambda i: _is_buyer(keys[i]))
        if field == "linkedin" and by_keyword:  # the column that holds profile links first
            ranked.sort(key=lambda i: -share(values(sample, i), looks_like_linkedin))
        pick = next((i for i in ranked if accepts is None or accepts(sample, i, keys[i])), None)
        if pick is not None:
            columns[field] = pick

    def rank(field: str, i: int) -> int:
        return SYNONYMS[field].index(keys[i]) if keys[i] in SYNONYMS[field] else -1

    for field in SYNONYMS:
        exact = [i for i in range(len(keys)) if synonym_of[i] == field]
        choose(field, sorted(exact, key=lambda i, field=field: rank(field, i)), False)
    for field, rule in KEYWORD_RULES:
        if field not in columns:
            choose(field, [i for i in range(len(keys)) if keys[i] and synonym_of[i] is None
                           and rule(frozenset(keys[i].split()), keys[i])], True)
    if "linkedin" not in columns:  # Luma's questions carry any header the host typed
        _claim_by_values(columns, "linkedin", keys, sample, looks_like_linkedin)
    if "email" not in columns:
        _claim_by_values(columns, "email", keys, sample, is_email)
    if "title" not in columns and "title_company" not in columns:
        _claim_by_values(columns, "title_company", keys, sample, has_title_company_separator, 3)
    if "title" in columns and "company" not in columns and "title_company" not in columns:
        # With no company column, "Role @ Company" in the title column is the only company there is.
        columns["title_company"] = columns.pop("title")
    return columns


def _claim_by_values(columns: dict[str, int], field: str, keys: Sequence[str], sample: Rows,
                     predicate: Callable[[str], bool], minimum: int = 1) -> None:
    taken = set(columns.values()) | _special_columns(keys)
    for index in range(len(keys)):
        found = values(sample, index)
        if index in taken or len(found) < min(minimum, len(sample)):
            continue
        if found and share(found, predicate) > 0.5:
            columns[field] = index
            return


def _special_columns(keys: Sequence[str]) -> set[int]:
    return {i for i, key in enumerate(keys)
            if is_status_header(key) or key in HOST_HEADERS or key in REF_HEADERS}


def name_columns(keys: Sequence[str]) -> set[int]:
    """Return the columns named like a name or an email: never registration answers."""
    return {i for i, key in enumerate(keys) if key and (
        key in AMBIGUOUS_NAMES or any(key in SYNONYMS[f] for f in ("name", "first_name",
                                                                    "last_name", "email")))}


def status_columns(keys: Sequence[str], claimed: set[int]) -> list[int]:
    """Return every status column (approval, RSVP, void): a row must pass all of them."""
    return [i for i, key in enumerate(keys) if i not in claimed and is_status_header(key)]


def host_column(keys: Sequence[str], claimed: set[int]) -> int | None:
    return next((keys.index(h) for h in HOST_HEADERS
                 if h in keys and keys.index(h) not in claimed), None)


def ref_column(keys: Sequence[str], sample: Rows, claimed: set[int]) -> int | None:
    """Return the column of member or ticket ids, if its values tell people apart."""
    for header in REF_HEADERS:
        if header not in keys or (index := keys.index(header)) in claimed:
            continue
        found = values(sample, index)
        if found and len(set(found)) * 2 >= len(found):  # repeats are duplicates, folded later
            return index
    return None
