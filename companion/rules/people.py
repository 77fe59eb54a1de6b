"""Who is the same person across events, and how a relationship stands: plain rules, no Flask.

static/js/rules/people.js is the JavaScript twin (tests/people_cases.py holds the cases both
must agree on): the phone links a scanned badge to a person and says "Known · last talked 8
months ago" offline, and must say what the server's exports say.
"""

import re
from datetime import date, timedelta

from .emails import valid_email
from .links import SPACE, trim
from .names import fold_text

# Cadence choices and their length in days; "none" is no cadence.
CADENCES = {"none": None, "3w": 21, "2m": 61, "6m": 183, "1y": 365}
CADENCE_LABELS = {"none": "None", "3w": "Every 3 weeks", "2m": "Every 2 months",
                  "6m": "Every 6 months", "1y": "Once a year"}
# What counts as being in touch when no cadence is chosen.
DEFAULT_WARM_DAYS = 90
# Touches where both sides took part: the ones that make a relationship warm.
TWO_WAY = frozenset({"met", "reply", "coffee", "call"})
INTERACTION_KINDS = ("met", "reply", "coffee", "call", "message", "followup-sent", "other")

# A profile however people write it (the same forms rules/links.py accepts): scheme, www., m.
# or a country's subdomain optional, a trailing slash or query, or just "/in/<slug>". A company
# page (/company/…) is not a person's profile.
_PROFILE = re.compile(
    r"(?:(?:https?://)?(?:(?:www|m|[a-z]{2})\.)?linkedin\.com)?/in/([^/?#<>\"'`\\]+)"
    r"(?:[/?#].*)?",
    re.IGNORECASE | re.DOTALL | re.ASCII,
)
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# Legal forms that one list writes and another leaves off ("Acme Inc." is "Acme").
_COMPANY_SUFFIXES = frozenset(
    "inc incorporated ltd limited llc llp corp corporation co gmbh ag sa sas sarl bv nv plc "
    "pty oy ab as srl spa kk".split())


def linkedin_slug(text: str | None) -> str | None:
    """Return a profile link's slug, lower-case and percent-decoded, or None.

    None for a company page, another site and plain text.
    """
    value = trim(text or "")
    if not value or SPACE.search(value) or not (match := _PROFILE.fullmatch(value)):
        return None
    slug = match[1]
    if "%" in slug:
        # Decode only a well-formed escape of UTF-8; anything else stays as written, as in
        # JavaScript, whose decodeURIComponent refuses it.
        if len(_PERCENT.findall(slug)) != slug.count("%"):
            return slug.lower()
        try:
            slug = _decode_percent(slug)
        except UnicodeDecodeError:
            return match[1].lower()
    return slug.lower() or None


def _decode_percent(text: str) -> str:
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "%":
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
        else:
            out.extend(text[i].encode("utf-8"))
            i += 1
    return out.decode("utf-8")


def _words(text: str) -> list[str]:
    # Apostrophes and full stops join ("O'Brien", "J.R."); other marks separate words.
    folded = fold_text(text).replace("'", "").replace(".", "")
    return "".join(ch if ch.isalnum() else " " for ch in folded).split()


def person_name_key(name: str | None) -> str:
    """Return a key equal for one name in any case, accents, punctuation or order."""
    # "Lee, Dana" is "Dana Lee": sorting the words makes the order not matter.
    return " ".join(sorted(_words(name or "")))


def company_key(company: str | None) -> str:
    """Return a company's name without case, accents, punctuation or a legal form."""
    words = _words(company or "")
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def _emails(person: dict) -> set[str]:
    return {found for email in person.get("emails") or () if (found := valid_email(email))}


def same_person(a: dict, b: dict) -> str:
    """Return "same", "ask" or "different" for two descriptions of people.

    a, b: {"name", "emails", "linkedin", "company"}. A shared email or LinkedIn profile is the
    same person; the same name at the same company is worth asking about; a name alone never
    links anyone (two Alex Kims at two companies are two people).
    """
    if _emails(a) & _emails(b):
        return "same"
    slug = linkedin_slug(a.get("linkedin"))
    if slug is not None and slug == linkedin_slug(b.get("linkedin")):
        return "same"
    name = person_name_key(a.get("name"))
    company = company_key(a.get("company"))
    if name and company and name == person_name_key(b.get("name")) \
            and company == company_key(b.get("company")):
        return "ask"
    return "different"


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def relationship(interactions: list[dict], cadence_days: int | None, today: date) -> dict:
    """Return how a relationship stands: last contact, when in touch is due, state, warmth.

    state: "none" without a cadence; "ok"; "due" on or past due_on; "overdue" on or past last
    contact + 1.5 x cadence. warm: at least two touches both sides took part in and the last
    contact within the cadence (DEFAULT_WARM_DAYS without one).
    """
    today = _day(today)
    days = [_day(item["on"]) for item in interactions]
    last = max(days, default=None)
    two_way = sum(1 for item in interactions if item["kind"] in TWO_WAY)
    window = cadence_days or DEFAULT_WARM_DAYS
    warm = two_way >= 2 and last is not None and (today - last).days <= window
    if not cadence_days:
        return {"last_contact": last, "due_on": None, "state": "none", "warm": warm}
    if last is None:
        return {"last_contact": None, "due_on": None, "state": "due", "warm": False}
    due_on = last + timedelta(days=cadence_days)
    overdue_on = last + timedelta(days=cadence_days * 3 // 2)
    state = "overdue" if today >= overdue_on else "due" if today >= due_on else "ok"
    return {"last_contact": last, "due_on": due_on, "state": state, "warm": warm}


def _fuller(a: str, b: str) -> str:
    a, b = a or "", b or ""
    return b if len(trim(b)) > len(trim(a)) else a


def _union(a: list, b: list, key=lambda value: fold_text(str(value))) -> list:
    seen, out = set(), []
    for value in [*(a or []), *(b or [])]:
        if (folded := key(value)) and folded not in seen:
            seen.add(folded)
            out.append(value)
    return out


def merged_person(a: dict, b: dict) -> dict:
    """Return the one person two merged records show: nothing is copied into either record.

    The fuller of each field wins (the longer text; a set cadence over none); emails, phones
    and tags are joined; both notes are kept; the earlier first meeting stays; archived only
    when both are. Unmerging shows each record as it always was.
    """
    first_a, first_b = a.get("first_met_on") or "", b.get("first_met_on") or ""
    first = a if first_a and (not first_b or first_a <= first_b) else b
    notes = [note for note in (a.get("note") or "", b.get("note") or "") if trim(note)]
    if len(notes) == 2 and trim(notes[0]) == trim(notes[1]):
        notes = notes[:1]
    return {
        **a,
        **{name: _fuller(a.get(name, ""), b.get(name, ""))
           for name in ("name", "linkedin", "company", "title")},
        "emails": _union(a.get("emails"), b.get("emails"), key=lambda e: valid_email(e) or ""),
        "phones": _union(a.get("phones"), b.get("phones"),
                         key=lambda p: "".join(ch for ch in str(p) if ch in "0123456789")),
        "tags": _union(a.get("tags"), b.get("tags")),
        "note": "\n\n".join(notes),
        "first_met_on": first.get("first_met_on") or "",
        "first_met_event_id": first.get("first_met_event_id"),
        "first_met_event": first.get("first_met_event") or "",
        "cadence": a.get("cadence") if a.get("cadence", "none") != "none"
        else b.get("cadence", "none"),
        "archived": bool(a.get("archived")) and bool(b.get("archived")),
    }
