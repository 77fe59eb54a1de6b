"""Email addresses as people type them: one folded form to store and compare, and a check."""

import re

MAX_EMAIL = 254  # RFC 5321's limit on a forward path, less the angle brackets

_EMAIL_CHAR = r"[^@\s<>()\[\],;:\"'\\]"
_EMAIL = re.compile(rf"{_EMAIL_CHAR}+@{_EMAIL_CHAR}+\.[^@\s<>()\[\],;:\"'\\.]{{2,}}")


def fold_email(value: str | None) -> str:
    """Return the form every address is stored and compared in: trimmed, lower-case."""
    # NUL is never part of an address, and PostgreSQL refuses it in text: drop it here, once.
    return (value or "").replace("\x00", "").strip().lower()


def valid_email(value: str | None) -> str | None:
    """Return the folded address, or None when it is not something@something.tld.

    Accepts what exports and mail clients wrap around an address: "<ada@example.com>",
    "mailto:ada@example.com".
    """
    address = fold_email(value).strip("<>").removeprefix("mailto:")
    if len(address) <= MAX_EMAIL and _EMAIL.fullmatch(address):
        return address
    return None
