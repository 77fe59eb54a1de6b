"""journal.csv (an event a row) and series.csv (a series a row), formula-safe like every CSV."""

from collections.abc import Iterable, Mapping
from typing import Any

from ..contacts.export import safe_csv

JOURNAL_COLUMNS = (
    "date", "event", "series", "kind", "attendees", "went", "stars", "worth_going_back", "line",
    "targets_planned", "targets_met", "people_met", "new_people", "known_people", "coffees",
    "followups_within_72h", "targets_met_minutes_in",
)
SERIES_COLUMNS = (
    "series", "latest_event", "events", "answered", "average_stars", "yes", "maybe", "no",
    "targets_planned", "targets_met", "new_people", "coffees", "verdict", "why",
)


def _blank(value) -> str:
    return "" if value is None else str(value)


def journal_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    return safe_csv(JOURNAL_COLUMNS, ({
        "date": row["event"].starts_at.date().isoformat(), "event": row["event"].title,
        "series": row["series"], "kind": row["event"].kind, "attendees": row["attendees"],
        "went": "no" if row["went"] is False else ("yes" if row["answered"] else ""),
        "stars": _blank(row["rating"]), "worth_going_back": _blank(row["worth"]),
        "line": row["line"], "targets_planned": row["planned"],
        "targets_met": row["met_planned"], "people_met": row["met"],
        "new_people": row["new_people"], "known_people": row["known_people"],
        "coffees": row["coffees"], "followups_within_72h": row["followups_72h"],
        "targets_met_minutes_in": " ".join(str(m) for m in row["met_minutes"]),
    } for row in rows))


def series_csv(series: Iterable[Mapping[str, Any]]) -> str:
    return safe_csv(SERIES_COLUMNS, ({
        "series": item["key"], "latest_event": item["title"], "events": item["events"],
        "answered": item["answered"],
        "average_stars": "" if item["stars"] is None else f"{item['stars']:.1f}",
        "yes": item["yes"], "maybe": item["maybe"], "no": item["no"],
        "targets_planned": item["planned"], "targets_met": item["met_planned"],
        "new_people": item["new_people"], "coffees": item["coffees"],
        "verdict": item["verdict"], "why": item["sentence"],
    } for item in series))
