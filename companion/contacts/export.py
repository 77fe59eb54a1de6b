"""Export the people you met: a .vcf address book and a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..rules.lines import content_lines
from ..rules.links import trim, typed_link
from ..rules.vcard import vcard_lines

CSV_COLUMNS = (
    "name", "title", "company", "email", "phone", "linkedin", "url", "event", "met_at", "note",
)
# OWASP CSV injection: a cell starting with one of these is a formula to Excel, LibreOffice
# and Google Sheets. The full-width forms are included because some Excel locales read them too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# An international phone number: "+", then only digits, spaces and ( ) . - with at least five
# digits. Nothing in it can name a function or a cell, so a spreadsheet reading it as a formula
# cannot run anything; it stays as typed, without the quote that would corrupt the number.
_PHONE = re.compile(r"\+[0-9][0-9 ().\-]*[0-9]")


def _is_phone(text: str) -> bool:
    return bool(_PHONE.fullmatch(text)) and sum(char.isdigit() for char in text) >= 5


def safe_cell(value: Any) -> str:
    """Return value as CSV cell text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    # A quote makes the cell literal text: the price of never evaluating =HYPERLINK(...) from
    # a scanned card. A phone number ("+1 416 ...") is safe as it is and keeps its form.
    if text.startswith(_FORMULA_STARTS) and not _is_phone(text):
        return "'" + text
    return text


def safe_csv(columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Return RFC 4180 CSV (CRLF) with a header of `columns`, then each row's cells by column
    name, every cell through safe_cell: the one writer of every CSV export."""
    columns = tuple(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(safe_cell(row[column]) for column in columns)
    return buffer.getvalue()


def format_met_at(value: datetime | str | None, zone: str = "") -> str:
    """Return when you met as "YYYY-MM-DD HH:MM EST" in the event's zone (`zone`, an IANA
    name), else in UTC; naive datetimes are taken as UTC."""
    if value is None:
        return ""
    if isinstance(value, str):
        return trim(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        where = ZoneInfo(zone) if zone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        where = UTC
    return value.astimezone(where).strftime("%Y-%m-%d %H:%M %Z")


def _text(contact: Mapping[str, Any], key: str) -> str:
    value = contact.get(key)
    return "" if value is None else trim(str(value))


def _contact_card(contact: Mapping[str, Any]) -> str:
    """Return one contact as a folded vCard 3.0, the meeting kept in NOTE."""
    fields = {key: _text(contact, key) for key in ("name", "title", "company", "email", "phone")}
    # A vCard must have a name; a contact added by hand may only have an email or phone.
    fields["name"] = fields["name"] or fields["email"] or fields["phone"] or "Unnamed contact"
    notes = [_text(contact, "note")]
    for key, field in (("url", "website"), ("linkedin", "linkedin")):
        if link := _text(contact, key):
            try:
                fields[field] = typed_link(link, linkedin=field == "linkedin")
            except ValueError:
                notes.append(link)  # javascript:, data: ... stay readable but never a link
    event = _text(contact, "event")
    met_at = format_met_at(contact.get("met_at"), _text(contact, "timezone"))
    # Phones show NOTE but hide X- properties, so when and where you met goes in NOTE.
    if event or met_at:
        notes.append(("Met at " + event if event else "Met") + (" on " + met_at if met_at else ""))
    fields["note"] = "\n".join(note for note in notes if note)
    # The tags of the person the contact is (people feature): phones file contacts by them.
    return content_lines(vcard_lines(fields, categories=contact.get("categories") or ()))


def contacts_vcf(contacts: Iterable[Mapping[str, Any]]) -> str:
    """Return the contacts as one .vcf text: vCard 3.0, CRLF, lines folded at 75 octets."""
    return "".join(_contact_card(contact) for contact in contacts)


def contacts_csv(contacts: Iterable[Mapping[str, Any]]) -> str:
    """Return the contacts as RFC 4180 CSV with CSV_COLUMNS, every cell formula-safe."""
    return safe_csv(CSV_COLUMNS, (
        {key: _text(contact, key) for key in CSV_COLUMNS}
        | {"met_at": format_met_at(contact.get("met_at"), _text(contact, "timezone"))}
        for contact in contacts))
