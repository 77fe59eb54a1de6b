"""Read one cell at a time: tidy text, spot formulas and markup, split titles, check addresses."""

import re

from ..rules.emails import valid_email
from ..rules.links import web_link

MAX_NAME_CHARS = 200
MAX_FIELD_CHARS = 500

# Invisible characters that whitespace splitting keeps: C0 and C1 controls, DEL, zero-width
# marks. (NEL, U+0085, is whitespace to str.split: left for it, so it still separates words.)
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]")
# What people type in a form when they mean "nothing"; a name like this is no name.
_PLACEHOLDERS = frozenset({
    "-", "--", "—", "–", ".", "?", "n/a", "na", "none", "null", "nil", "tbd",
})

# After a leading + - or @, what makes a spreadsheet compute instead of show text:
# a function call, a cell reference, DDE's pipe, a sheet's bang, or another "=".
_FORMULA_HINT = re.compile(r"[A-Za-z_][\w.]*\(|[|!=]|^[+\-@]\s*\$?[A-Za-z]{1,3}\$?\d")
_PLAIN_NUMBER = re.compile(r"[+\-]?[\d\s().\-/+]*")  # "+1 416 555 0100", "-", "-5"
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")

# "Senior PM at Stripe", "PM @ Cohere", "PM@Cohere", "Role @" (no company), "Founder | Acme".
_TITLE_COMPANY_SEPARATOR = re.compile(
    r"(?:^|\s+)(?:at|@)(?:\s+|$)|\s*@\s*|\s+\|\s+|\s*[—–]\s*", re.IGNORECASE
)

def clean_cell(value: str) -> str:
    """Return a cell's text on one line: invisible characters gone, whitespace collapsed."""
    if not value.isprintable():  # fast path: most cells have nothing to remove
        value = _INVISIBLE.sub("", value)
    # str.split() also splits on non-breaking spaces, tabs and the newlines of multi-line cells.
    return " ".join(value.split())


def is_placeholder(value: str) -> bool:
    """Tell whether a cleaned value is a stand-in for nothing, such as "-" or "N/A"."""
    return len(value) <= 4 and value.casefold() in _PLACEHOLDERS


def is_formula(value: str) -> bool:
    """Tell whether a spreadsheet would run this cleaned value as a formula."""
    if not value or value[0] not in "=+-@":
        return False
    if value[0] == "=":
        return True
    if _PLAIN_NUMBER.fullmatch(value):
        return False
    return _FORMULA_HINT.search(value) is not None


def has_markup(value: str) -> bool:
    """Tell whether a value contains an HTML-like tag."""
    return "<" in value and _MARKUP.search(value) is not None


def truncate(value: str, limit: int) -> str:
    """Return value cut to at most limit characters."""
    return value[:limit].rstrip()


def has_title_company_separator(value: str) -> bool:
    """Tell whether a value reads like "Title at Company" (and is not an email address)."""
    return _TITLE_COMPANY_SEPARATOR.search(value) is not None and not is_email(value)


def split_title_company(value: str) -> tuple[str, str]:
    """Split "Title at Company" into its parts; a value with no separator is all title."""
    match = _TITLE_COMPANY_SEPARATOR.search(value)
    if match is None or is_email(value):
        return value, ""
    # The first separator wins: company names contain commas ("Acme, Inc.") far more than titles
    # contain " at ".
    return value[: match.start()].strip(), value[match.end():].strip()


def is_email(value: str) -> bool:
    """Tell whether a value is an email address."""
    return valid_email(value) is not None


def web_url(value: str) -> str | None:
    """Return an http(s) address for a cleaned value (adding https:// to "www.x.org"), or None.

    The scanner's rule (rules/links.py web_link), with the scheme written in lower case.
    """
    link = web_link(value)
    if link is None:
        return None
    scheme, rest = link.split(":", 1)
    return scheme.lower() + ":" + rest
