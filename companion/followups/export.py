"""Export follow-up items: a formula-safe CSV and an RFC 5545 calendar of the ones still due."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from ..contacts.export import safe_csv
from ..rules.ics import PRODID, escape_text, utc_stamp
from ..rules.lines import content_lines

CSV_COLUMNS = ("name", "event", "type", "state", "due", "channel", "sent_at",
               "replied_at", "draft")
ENTRY_LENGTH = timedelta(minutes=15)
OPEN_STATES = ("todo", "snoozed")
LABELS = {"thanks": "Thank", "promise": "Keep your promise to", "missed": "Write to",
          "nudge": "Nudge"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


def followups_csv(items: Iterable[Mapping[str, Any]]) -> str:
    """Return the items as CSV, one row each; no cell can run as a spreadsheet formula."""
    return safe_csv(CSV_COLUMNS, (
        {column: _plain(item.get(column)) for column in CSV_COLUMNS} for item in items))


def followups_calendar(items: Iterable[Mapping[str, Any]], now: datetime) -> str:
    """Return a VCALENDAR with a 15-minute entry at each open item's due time, and a reminder.

    The UID is the item's id, so importing a newer export updates the entries it already made;
    SEQUENCE (the row's server version, which only rises) and LAST-MODIFIED tell a calendar
    which copy is the newer one.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for item in items:
        if item["state"] not in OPEN_STATES or item.get("due") is None:
            continue
        due = item["due"]
        summary = f"{LABELS[item['type']]} {item['name'] or 'someone'} ({item['event']})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(item['id'])}@followups.companion",
            f"DTSTAMP:{utc_stamp(now)}",
            f"SEQUENCE:{int(item.get('version') or 0)}",
            f"DTSTART:{utc_stamp(due)}",
            f"DTEND:{utc_stamp(due + ENTRY_LENGTH)}",
            f"SUMMARY:{escape_text(summary)}",
        ]
        if item.get("updated_at") is not None:
            lines.append(f"LAST-MODIFIED:{utc_stamp(item['updated_at'])}")
        if item.get("draft"):
            lines.append(f"DESCRIPTION:{escape_text(item['draft'])}")
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape_text(summary)}",
                  "TRIGGER:PT0M", "END:VALARM", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return content_lines(lines)
