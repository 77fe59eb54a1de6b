"""Export the people I know and what happened between us: two CSVs and an address book.

Every CSV cell goes through the contacts export's safe_cell, so no spreadsheet runs a formula
someone put in their name or a badge put in a title; the .vcf is built by rules/vcard.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..contacts.export import safe_csv
from ..rules.lines import content_lines
from ..rules.links import trim, typed_link
from ..rules.people import CADENCE_LABELS
from ..rules.vcard import vcard_lines

PEOPLE_COLUMNS = (
    "name", "emails", "linkedin", "company", "title", "first_met_event", "first_met_date",
    "last_contact_date", "events", "cadence", "state", "warm", "tags", "note",
)
INTERACTION_COLUMNS = ("date", "kind", "people", "event", "line")
# Lists inside one cell (emails, tags, the people of an interaction).
LIST_SEPARATOR = "; "


def _joined(values) -> str:
    return LIST_SEPARATOR.join(trim(str(value)) for value in values or () if trim(str(value)))


def _state(person: Mapping[str, Any]) -> str:
    # Archived people leave the due lists in the app whatever their cadence says.
    return "archived" if person.get("archived") else person["standing"]["state"]


def people_csv(people: Iterable[Mapping[str, Any]]) -> str:
    """Return people (service.people_for_export rows) as RFC 4180 CSV with PEOPLE_COLUMNS."""
    def row(person):
        standing = person["standing"]
        last = standing["last_contact"]
        return {
            "name": person.get("name"), "emails": _joined(person.get("emails")),
            "linkedin": person.get("linkedin"), "company": person.get("company"),
            "title": person.get("title"), "first_met_event": person.get("first_met_event"),
            "first_met_date": person.get("first_met_on"),
            "last_contact_date": last.isoformat() if last else "",
            "events": person.get("events", 0),
            "cadence": CADENCE_LABELS.get(person.get("cadence"), ""),
            "state": _state(person), "warm": "yes" if standing["warm"] else "no",
            "tags": _joined(person.get("tags")), "note": person.get("note"),
        }
    return safe_csv(PEOPLE_COLUMNS, (row(person) for person in people))


def interactions_csv(interactions: Iterable[Mapping[str, Any]]) -> str:
    """Return interactions (service.interactions_for_export rows) as CSV, INTERACTION_COLUMNS."""
    return safe_csv(INTERACTION_COLUMNS, (
        {"date": item.get("on"), "kind": item.get("type"), "people": _joined(item.get("people")),
         "event": item.get("event_title"), "line": item.get("line")}
        for item in interactions
    ))


def met_line(person: Mapping[str, Any]) -> str:
    """Return "Met at {event} on {date} — {the note's first line}", with what is known of it."""
    event, day = trim(person.get("first_met_event") or ""), trim(person.get("first_met_on") or "")
    hook = next((trim(line) for line in (person.get("note") or "").splitlines() if trim(line)), "")
    met = ""
    if event or day:
        met = ("Met at " + event if event else "Met") + (" on " + day if day else "")
    return " — ".join(part for part in (met, hook) if part)


def _note(person: Mapping[str, Any]) -> str:
    # Phones show NOTE and hide X- properties: where we met and the hook lead, the rest of the
    # note follows, so nothing written about them is lost on the way to the address book.
    lines = (person.get("note") or "").splitlines()
    while lines and not trim(lines[0]):
        lines.pop(0)
    rest = "\n".join(lines[1:]).strip()
    return "\n".join(part for part in (met_line(person), rest) if part)


def _person_card(person: Mapping[str, Any]) -> str:
    emails = [trim(email) for email in person.get("emails") or () if trim(email)]
    phones = [trim(phone) for phone in person.get("phones") or () if trim(phone)]
    fields = {
        "name": trim(person.get("name") or "") or (emails or phones or ["Unnamed person"])[0],
        "title": person.get("title") or "", "company": person.get("company") or "",
        "email": emails[0] if emails else "", "phone": phones[0] if phones else "",
        "note": _note(person),
    }
    if link := trim(person.get("linkedin") or ""):
        try:
            fields["linkedin"] = typed_link(link, linkedin=True)
        except ValueError:
            fields["note"] = "\n".join(part for part in (fields["note"], link) if part)
    return content_lines(vcard_lines(fields, emails=emails[1:], phones=phones[1:],
                                     categories=person.get("tags") or ()))


def people_vcf(people: Iterable[Mapping[str, Any]]) -> str:
    """Return one vCard 3.0 per person: every email and phone, NOTE from met_line, CATEGORIES
    from the tags; CRLF, lines folded at 75 octets."""
    return "".join(_person_card(person) for person in people)
