"""Which text is a link we may make, a LinkedIn profile's address, and the whitespace we trim.

static/js/rules/links.js is the JavaScript twin (tests/links_cases.py holds the cases both must
agree on).
"""

import re

# The address every LinkedIn profile link is written as: LINKEDIN_PROFILE + the profile's slug.
LINKEDIN_PROFILE = "https://www.linkedin.com/in/"

# Whitespace trimmed from values: spelled out (not str.strip()) so the JavaScript twin trims
# exactly the same characters.
WHITESPACE = " \t\r\n\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + (
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
SPACE_CLASS = "".join(f"\\u{ord(char):04x}" for char in WHITESPACE)
SPACE = re.compile(f"[{SPACE_CLASS}]")
# Only plain http(s) with a host and no user part ("https://bank.com@evil.example").
_HTTP_URL = re.compile(
    rf"https?://[^/?#\\@{SPACE_CLASS}]+(?:[/?#][^{SPACE_CLASS}]*)?", re.IGNORECASE | re.ASCII
)
# A profile however people write it: with or without the scheme, www., m. or a country's
# subdomain, a trailing slash or a ?trk= query; or as Luma's questions collect it, "/in/<slug>".
_LINKEDIN = re.compile(
    r"(?:(?:https?://)?(?:(?:www|m|[a-z]{2})\.)?linkedin\.com)?/in/([^/?#<>\"'`\\]+)"
    r"(?:[/?#].*)?",
    re.IGNORECASE | re.DOTALL | re.ASCII,  # ASCII: case rules as in JavaScript's /i
)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,99}")
# A scheme ("javascript:"), but not a host and port ("host:8080").
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])")


def trim(value: str) -> str:
    """Return value without leading and trailing WHITESPACE."""
    return value.strip(WHITESPACE)


def http_url(value: str) -> str | None:
    """Return value when it is a plain http(s) URL, else None (javascript:, data:, ...)."""
    return value if _HTTP_URL.fullmatch(value) else None


def linkedin_url(value: str) -> str | None:
    """Return the canonical LINKEDIN_PROFILE + slug for a profile link, else None."""
    if SPACE.search(value) or not (match := _LINKEDIN.fullmatch(value)):
        return None
    return LINKEDIN_PROFILE + match[1]


# A host a link without a scheme may name: labels and a top-level domain of letters
# ("www.nettek.co.uk", "google.com"; not "v1.2", "e.g" or "file.txt.backup.old").
_BARE_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,6}(?::[0-9]{1,5})?",
                        re.IGNORECASE | re.ASCII)


def web_link(value: str) -> str | None:
    """Return a link as an http(s) URL, "https://" added to one written without a scheme
    ("www.x.co.uk", MECARD's "URL:google.com"); None for anything else (javascript:, text)."""
    value = trim(value)
    if http_url(value):
        return value
    if _SCHEME.match(value) or value.startswith("/"):
        return None
    host = re.split(r"[/?#]", value, maxsplit=1)[0]
    if not _BARE_HOST.fullmatch(host):
        return None
    return http_url("https://" + value)


def typed_link(value: str, *, linkedin: bool = False) -> str:
    """Return a typed-in website or LinkedIn profile as an http(s) URL, or raise ValueError."""
    value = trim(value)
    if linkedin and (profile := linkedin_url(value)):
        return profile
    if linkedin and _SLUG.fullmatch(value):
        return LINKEDIN_PROFILE + value  # just the profile slug
    # No scheme: assume https. A scheme that is not http(s) (javascript:, data:) is refused.
    if not _SCHEME.match(value):
        value = "https://" + value
    if not http_url(value):
        raise ValueError(f"{value!r} is not an http(s) link.")
    return value
