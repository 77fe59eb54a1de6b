"""What the browser must agree on with the server, written once here and served to it.

The server renders these as the ES module /app/constants.js, precached with the app shell, so
the phone has them offline; no JavaScript module spells them out again (tests/test_constants.py).
"""

import json
from datetime import timedelta

from ..accounts.session import ACCOUNT_COOKIE
from ..config import DEFAULTS
from ..models import RECORD_MODELS, RECORD_NAMESPACE
from ..rules import arrival, journal
from ..rules.links import LINKEDIN_PROFILE
from ..rules.payload import MAX_CHARS, MAX_LINES
from ..sync.fields import CARD_FIELDS, PRIORITIES, SCHEMA, STATUSES, TEXT_FIELDS
from ..sync.service import BATCH_BYTES, MAX_CHANGES

# References a record makes to what the server owns: never defaulted on the device.
REFERENCES = ("event_id", "attendee_id")


def field_limits() -> dict[str, dict[str, int]]:
    """Return kind -> field -> the most characters the server accepts for it."""
    return {
        kind: {name: coerce.limit for name, coerce in fields.items() if hasattr(coerce, "limit")}
        for kind, fields in SCHEMA.items()
    }


def column_default(column):
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def record_defaults() -> dict[str, dict]:
    """Return kind -> the fields of a new record, from the models' column defaults."""
    return {
        kind: {name: column_default(model.__table__.c[name]) for name in SCHEMA[kind]
               if name not in REFERENCES}
        for kind, model in RECORD_MODELS.items()
        if kind != "contact"  # a contact is made whole from what was scanned or typed
    } | {"contact": {}}


def minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def browser_constants(config=DEFAULTS) -> dict[str, object]:
    """Return each constant the browser needs, by the name its modules import (settings from
    the app's configuration: the served module follows it)."""
    return {
        "ACCOUNT_COOKIE": ACCOUNT_COOKIE,
        # A push: at most this many changes and bytes (a refused size is split further); a
        # request not answered within the timeout is given up and tried again.
        "SYNC_LIMITS": {"changes": MAX_CHANGES, "bytes": BATCH_BYTES,
                        "timeoutMs": int(config["REQUEST_TIMEOUT_SECONDS"] * 1000)},
        "RECORD_NAMESPACE": str(RECORD_NAMESPACE),
        "PRIORITIES": list(PRIORITIES),
        "STATUSES": list(STATUSES),
        "TEXT_FIELDS": {kind: list(names) for kind, names in TEXT_FIELDS.items()},
        "FIELD_LIMITS": field_limits(),
        "RECORD_DEFAULTS": record_defaults(),
        "CARD_FIELDS": list(CARD_FIELDS),
        "LINKEDIN_PROFILE": LINKEDIN_PROFILE,
        "PAYLOAD_LIMITS": {"chars": MAX_CHARS, "lines": MAX_LINES},
        "EVENT_KINDS": list(arrival.KINDS),
        "ARRIVAL_MINUTES": {
            "defaultLength": minutes(arrival.DEFAULT_LENGTH),
            "assumedTalkLength": minutes(arrival.ASSUMED_TALK_LENGTH),
            "secondWaveDelay": minutes(arrival.SECOND_WAVE_DELAY),
            "minTimeAfterSecondWave": minutes(arrival.MIN_TIME_AFTER_SECOND_WAVE),
            "crowdWindow": [minutes(edge) for edge in arrival.CROWD_WINDOW],
        },
        "ARRIVAL_TEXTS": arrival.TEXTS,
        # What a series key leaves out of a title, next to a number (rules/journal.py).
        "SERIES_WORDS": {"months": sorted(journal.MONTHS),
                         "editions": sorted(journal.EDITION_WORDS)},
    }


def constants_module(config=DEFAULTS) -> str:
    """Return /app/constants.js: one frozen `export const` per constant."""
    lines = ["// Written by the server from companion/shell/constants.py: change it there."]
    for name, value in browser_constants(config).items():
        literal = json.dumps(value, ensure_ascii=False, sort_keys=True)
        lines.append(f"export const {name} = Object.freeze({literal});"
                     if isinstance(value, (dict, list)) else f"export const {name} = {literal};")
    return "\n".join(lines) + "\n"
