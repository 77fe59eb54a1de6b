"""Make a ParsedAttendee from one row's raw values."""

import functools
import re
from collections.abc import Mapping, Sequence

from ..rules.emails import valid_email

# One rule for what a LinkedIn profile link is, shared with the scanner's vCard reader.
from ..rules.links import LINKEDIN_PROFILE, linkedin_url
from .answers import MAX_ANSWERS
from .collect import Collector
from .model import ParsedAttendee
from .rows import (
    MAX_FIELD_CHARS,
    MAX_NAME_CHARS,
    clean_cell,
    has_markup,
    is_formula,
    is_placeholder,
    split_title_company,
    truncate,
    web_url,
)

_OPTIONAL = ("title", "company", "title_company", "email", "linkedin", "url", "ref")
_PROSE = ("title", "company", "title_company")  # shown as text; addresses are checked instead
_FORMULA_STARTS = frozenset("=+-@")  # is_formula is false for anything starting otherwise
# Between the links of one cell: "https://linkedin.com/in/a https://github.com/a", "a, b", "a | b"
_LINK_SEPARATORS = re.compile(r"[\s,;|]+")
_AROUND_LINK = "()<>[]{}\"'`.,:;!"
# A host with a top-level domain: "e.g." and "v1.2" are not addresses, nor "nadezda.murinova".
_HOST = re.compile(r"(?:[\w-]+\.)+[^\W\d_]{2,6}", re.IGNORECASE)
# "user 607638237" (Meetup's User ID) and "607638237" (its Member ID) are one member.
_REF_PREFIX = re.compile(r"^(?:user|member|id|#)[\s:#]*", re.IGNORECASE)
# Titles and companies repeat down a conference's list ("Software Engineer" thousands of times):
# cleaned once each, every row holds the same string instead of a copy of its own (a quarter of
# a million people: tens of MB less while the import runs).
_REPEATED = frozenset(("title", "company"))
_clean_repeated = functools.lru_cache(maxsize=16_384)(clean_cell)


def build_person(row: int, raw: Mapping[str, str], labels: Mapping[str, str],
                 notes: Collector, is_host: bool = False, answers: Sequence[list] = (),
                 headers: Mapping[str, str] | None = None) -> ParsedAttendee | None:
    """Return the attendee in one row of raw values, or None after noting why the row is skipped.

    raw maps mapping fields (name, first_name, ..., title_company, ref) to uncleaned values;
    labels names each field's source for messages, such as 'the “Job Title” cell'; headers the
    column each field came from, the question a link cell's leftovers are kept under; answers
    the row's registration answers.
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
        value = _clean_repeated(value) if field in _REPEATED else clean_cell(value)
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
        linkedin, url, leftovers = _read_links(row, linkedin, url, labels, notes)
        if leftovers:
            answers = [*answers, *(((headers or {}).get(field, field), text)
                                   for field, text in leftovers)]
    ref = values["ref"]
    if ref and not ref[0].isdigit():
        ref = _REF_PREFIX.sub("", ref)
    return ParsedAttendee(name, title, company, email, linkedin, url, is_host, ref,
                          tuple(answers[:MAX_ANSWERS]) if answers else ())


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
                notes: Collector) -> tuple[str, str, list[tuple[str, str]]]:
    """Return the LinkedIn profile, the other link, and the link cells holding more than those.

    A cell may hold several links ("https://linkedin.com/in/a https://github.com/a"): the
    profile goes to linkedin, the first other link to url, and a cell with anything left over
    (more links, "Twitter: @a") is kept whole, as text, under its column's question.
    """
    profiles: list[str] = []
    others: list[str] = []
    cells = []
    # The website column first: its link is the website even when the LinkedIn column has one.
    for field, value in (("url", url_value), ("linkedin", linkedin_value)):
        if not value:
            continue
        tokens = [token for token in _LINK_SEPARATORS.split(value)
                  if token.strip(_AROUND_LINK) and not token.endswith(":")]  # "Twitter:" labels
        if len(tokens) <= 1 and " " not in value:
            link = _one_link(row, field, value, labels, notes)
            links, plain = ([link] if link else []), False
        else:
            links = [link for token in tokens if (link := _as_link(token.strip(_AROUND_LINK)))]
            plain = len(links) < len(tokens)
            if not links:
                notes.warn(row, f"{labels.get(field, field)} holds no web address; it is kept "
                                "as text with the registration answers")
        for link in links:
            (profiles if link.startswith(LINKEDIN_PROFILE) else others).append(link)
        cells.append((field, value, links, plain))
    linkedin, url = (profiles or [""])[0], (others or [""])[0]
    leftovers = [(field, value) for field, value, links, plain in cells
                 if plain or any(link not in (linkedin, url) for link in links)]
    return linkedin, url, leftovers


def _as_link(token: str) -> str | None:
    """Return a token as an http(s) address ("www.x.org" included), or None when it is not one."""
    if profile := linkedin_url(token):
        return profile
    url = web_url(token)
    if url is None:
        return None
    host = url.split("/")[2].rsplit(":", 1)[0]
    return url if _HOST.fullmatch(host) else None


def _one_link(row: int, field: str, value: str, labels: Mapping[str, str],
              notes: Collector) -> str:
    """Return a link cell's one address, or "" after a note on why it was left out."""
    if profile := linkedin_url(value):
        return profile
    url = web_url(value)
    if url is None:
        notes.warn(row, f"{labels.get(field, field)} is not a web address and was left out")
        return ""
    # A LinkedIn page that is not a profile (a company's), or a personal site typed into the
    # LinkedIn question, is still worth keeping as the website.
    return url


def _excerpt(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
