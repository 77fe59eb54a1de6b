"""Make a ParsedAttendee from one row's raw values, and gather people without duplicates."""

from collections.abc import Mapping
from dataclasses import replace

from ..rules.emails import valid_email

# One rule for what a LinkedIn profile link is, shared with the scanner's vCard reader.
from ..rules.links import LINKEDIN_PROFILE, linkedin_url
from ..rules.names import name_key
from .model import FIELDS, ParsedAttendee, Preview, RowNote
from .rows import (
    MAX_FIELD_CHARS,
    MAX_NAME_CHARS,
    clean_cell,
    has_markup,
    is_formula,
    is_linkedin,
    is_placeholder,
    split_title_company,
    truncate,
    web_url,
)

_OPTIONAL = ("title", "company", "title_company", "email", "linkedin", "url")
_PROSE = ("title", "company", "title_company")  # shown as text; addresses are checked instead
_FORMULA_STARTS = frozenset("=+-@")  # is_formula is false for anything starting otherwise

class Collector:
    """The people read so far, in order, plus the notes on rows skipped or imported with care."""

    def __init__(self) -> None:
        self.people: list[ParsedAttendee] = []
        self.skipped: list[RowNote] = []
        self.warnings: list[RowNote] = []
        self._slot_by_key: dict[str, int] = {}
        self._first_row: list[int] = []  # the row each person was first read from

    def skip(self, row: int, reason: str) -> None:
        self.skipped.append(RowNote(row, reason))

    def warn(self, row: int, reason: str) -> None:
        self.warnings.append(RowNote(row, reason))

    def add(self, row: int, person: ParsedAttendee) -> None:
        """Keep person, or fold them into the earlier row with the same key."""
        key = person.key
        slot = self._slot_by_key.get(key)
        if slot is not None and person.email:
            earlier = self.people[slot]
            if name_key(earlier.name) != name_key(person.name):
                # Eventbrite repeats the buyer's email on every ticket of an order: a second
                # name with the same email is another person, not a duplicate.
                self.warn(row, f"same email as row {self._first_row[slot]} but another name; "
                               "imported without the email")
                person = replace(person, email="")
                key = person.key
                slot = self._slot_by_key.get(key)
        if slot is None:
            self._slot_by_key[key] = len(self.people)
            self.people.append(person)
            self._first_row.append(row)
            return
        self.people[slot] = _fill_blanks(self.people[slot], person)
        self.skip(row, f"same person as row {self._first_row[slot]}")

    def preview(self, format_name: str, columns: list[str], mapping: dict[str, str]) -> Preview:
        return Preview(format_name, self.people, self.skipped, self.warnings, columns, mapping)


def _fill_blanks(person: ParsedAttendee, later: ParsedAttendee) -> ParsedAttendee:
    filled = {f: getattr(later, f) for f in FIELDS if not getattr(person, f) and getattr(later, f)}
    return replace(person, **filled, is_host=person.is_host or later.is_host)


def build_person(row: int, raw: Mapping[str, str], labels: Mapping[str, str],
                 notes: Collector, is_host: bool = False) -> ParsedAttendee | None:
    """Return the attendee in one row of raw values, or None after noting why the row is skipped.

    raw maps mapping fields (name, first_name, ..., title_company) to uncleaned values; labels
    names each field's source for messages, such as 'the “Job Title” cell'.
    """
    # This runs once per row of lists up to 70,000 people: the checks that rarely apply are
    # guarded by a cheap test on the spot rather than a function call per cell.
    name = _read_name(row, raw, notes)
    if name is None:
        return None
    values = dict.fromkeys(_OPTIONAL, "")
    for field, value in raw.items():
        if not value or field not in values:
            continue
        value = clean_cell(value)
        if len(value) <= 4 and (not value or is_placeholder(value)):
            continue
        if value[0] in _FORMULA_STARTS and is_formula(value):
            notes.warn(row, f"{labels.get(field, field)} was a spreadsheet formula "
                            "and was left out")
            continue
        if len(value) > MAX_FIELD_CHARS or ("<" in value and field in _PROSE):
            value = _read_long_or_marked(row, field, value, labels, notes)
        values[field] = value
    title, company = values["title"], values["company"]
    if values["title_company"]:
        split_title, split_company = split_title_company(values["title_company"])
        title, company = title or split_title, company or split_company
    email = ""
    if values["email"]:
        email = valid_email(values["email"]) or ""
        if not email:
            notes.warn(row, f"“{_excerpt(values['email'])}” is not an email address "
                            "and was left out")
    linkedin, url = values["linkedin"], values["url"]
    if url or (linkedin and not (linkedin.startswith(LINKEDIN_PROFILE) and _is_slug(linkedin))):
        linkedin, url = _read_links(row, linkedin, url, labels, notes)
    return ParsedAttendee(name, title, company, email, linkedin, url, is_host)


def _read_name(row: int, raw: Mapping[str, str], notes: Collector) -> str | None:
    name = raw.get("name", "")
    name = clean_cell(name) if name else ""
    parts = [name]
    if len(name) <= 4 and (not name or is_placeholder(name)):
        halves = (clean_cell(raw.get("first_name", "")), clean_cell(raw.get("last_name", "")))
        parts = [half for half in halves if half and not is_placeholder(half)]
        name = " ".join(parts)
    if any(part[:1] in _FORMULA_STARTS and is_formula(part) for part in parts):
        notes.skip(row, "the name is a spreadsheet formula")
        return None
    if not name:
        notes.skip(row, "no name")
        return None
    if "<" in name and has_markup(name):
        notes.warn(row, "the name contains markup such as <b>; it is kept as plain text")
    if len(name) > MAX_NAME_CHARS:
        notes.warn(row, f"the name is over {MAX_NAME_CHARS} characters and was shortened")
        name = truncate(name, MAX_NAME_CHARS)
    return name


def _read_long_or_marked(row: int, field: str, value: str, labels: Mapping[str, str],
                         notes: Collector) -> str:
    """Return a cleaned cell that is over the length limit or may hold markup, noting why."""
    label = labels.get(field, field)
    if field not in _PROSE:  # a shortened address would point somewhere else
        notes.warn(row, f"{label} is over {MAX_FIELD_CHARS} characters and was left out")
        return ""
    if has_markup(value):
        notes.warn(row, f"{label} contains markup such as <b>; it is kept as plain text")
    if len(value) > MAX_FIELD_CHARS:
        notes.warn(row, f"{label} is over {MAX_FIELD_CHARS} characters and was shortened")
        value = truncate(value, MAX_FIELD_CHARS)
    return value


def _is_slug(linkedin: str) -> bool:
    """Tell whether a https://www.linkedin.com/in/ address is already canonical: a bare slug."""
    slug = linkedin[len(LINKEDIN_PROFILE):]
    return bool(slug) and not any(mark in slug for mark in "/?# ")


def _read_links(row: int, linkedin_value: str, url_value: str, labels: Mapping[str, str],
                notes: Collector) -> tuple[str, str]:
    url = web_url(url_value) if url_value else ""
    if url is None:
        notes.warn(row, f"{labels.get('url', 'url')} is not a web address and was left out")
        url = ""
    linkedin = web_url(linkedin_value) if linkedin_value else ""
    if linkedin is None:
        notes.warn(row, f"{labels.get('linkedin', 'linkedin')} is not a web address "
                        "and was left out")
        linkedin = ""
    elif linkedin and not is_linkedin(linkedin):
        # A personal site typed into the LinkedIn question is still worth keeping as the website.
        if url:
            notes.warn(row, f"{labels.get('linkedin', 'linkedin')} is not a LinkedIn address "
                            "and was left out")
        url, linkedin = url or linkedin, ""
    return linkedin_url(linkedin) or linkedin, url


def _excerpt(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
