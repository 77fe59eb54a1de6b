"""When a follow-up is due and what its draft says: plain rules, no Flask.

static/js/rules/followup.js is the JavaScript twin (tests/followup_cases.py holds the cases both
must agree on): the phone makes due items offline, right after the event, and must date and word
them as the server's exports do.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

KINDS = ("thanks", "promise", "missed", "nudge")
STATES = ("todo", "sent", "snoozed", "dropped")
CHANNELS = ("email", "linkedin")
# A LinkedIn invitation note holds 200 characters; an email body of 1,500 keeps the whole
# mailto: link (subject and body, percent-encoded) under the ~2,000 some mail apps accept.
LIMITS = {"linkedin": 200, "email": 1500}
# Days after the event's day (after the sending day for a nudge).
DAYS_AFTER = {"thanks": 1, "promise": 1, "missed": 2, "nudge": 7}
DUE_TIME = time(9, 0)
# Before this hour the night still belongs to the day it began (an event ending at 00:30).
DAY_STARTS = 5
# An event with no end lasts this long.
DEFAULT_LENGTH = timedelta(hours=2)
# A person hears from you at most this many times in a row without answering.
MAX_UNANSWERED = 2

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# A sentence ends at . ! ? or … followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s|\n")
_PROMISE = re.compile(r"\b(?:i\s+)?promised\b", re.IGNORECASE)


def event_end(starts_at: datetime, ends_at: datetime | None) -> datetime:
    """Return when an event ends: its end, or two hours after its start when it has none."""
    return ends_at if ends_at is not None else starts_at + DEFAULT_LENGTH


def event_day(base: datetime, zone: str) -> date:
    """Return the day `base` belongs to in `zone`: its local date, the day before until 05:00."""
    if base.tzinfo is None:
        raise ValueError("base must be timezone-aware")
    local = base.astimezone(ZoneInfo(zone))
    return local.date() - timedelta(days=1) if local.hour < DAY_STARTS else local.date()


def due_at(kind: str, base: datetime, zone: str) -> datetime:
    """Return the UTC instant a follow-up of `kind` is due: 09:00 in `zone`, weekends to Monday."""
    if kind not in DAYS_AFTER:
        raise ValueError(f"unknown follow-up kind: {kind!r}")
    day = event_day(base, zone) + timedelta(days=DAYS_AFTER[kind])
    if day.weekday() >= 5:
        day += timedelta(days=7 - day.weekday())
    # 09:00 exists on every day in every zone (DST changes happen at night), so no fold.
    return datetime.combine(day, DUE_TIME, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def day_in_words(day: date) -> str:
    """Return 'Thursday, March 12', the same in every locale (the twin writes it alike)."""
    return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}"


def first_sentence(text: str | None) -> str:
    """Return the first sentence of a note as typed (trimmed), or '' for an empty note."""
    text = (text or "").strip()
    match = _SENTENCE_END.search(text)
    return (text[:match.start()] if match else text).strip()


def promise_in(text: str | None) -> str | None:
    """Return the sentence of a note that holds a promise ("I promised …"), or None."""
    rest = (text or "").strip()
    while rest:
        sentence = first_sentence(rest)
        if _PROMISE.search(sentence):
            return sentence
        rest = rest[len(sentence):].lstrip(".!?… \t\r\n")
        if not sentence:
            break
    return None


def first_name(name: str | None) -> str:
    """Return the first word of a name ('Dana' of 'Dana Lee'), or '' for none."""
    words = (name or "").split()
    return words[0] if words else ""


def clip(text: str, limit: int) -> str:
    """Return `text` cut to at most `limit` characters, an ellipsis marking the cut."""
    if len(text) <= limit:
        return text
    return text[:max(limit - 1, 0)].rstrip() + "…" if limit > 0 else ""


def _email(kind, first, event, day, hook, promise):
    opening = {
        "thanks": f"It was good to meet you at {event} on {day}. What we talked about: {hook}",
        "promise": f"As promised at {event} on {day}: {promise or hook}",
        "missed": f"Sorry we missed each other at {event} on {day}. I had hoped to meet you: "
                  f"{hook}",
        "nudge": f"Following up on my note after {event} on {day}. What we talked about: {hook}",
    }[kind]
    extra = f"\n\n{promise}" if promise and kind != "promise" else ""
    if kind == "promise" and promise:
        extra = f"\n\nWhat we talked about: {hook}"
    return f"Hi {first},\n\n{opening}{extra}\n\nWould you have time for a coffee soon?"


def _linkedin(kind, first, event, day, hook, promise):
    opening = {
        "thanks": f"good to meet you at {event} ({day}).",
        "promise": f"as promised at {event} ({day}):",
        "missed": f"sorry we missed each other at {event} ({day}).",
        "nudge": f"following up after {event} ({day}).",
    }[kind]
    body = promise if kind == "promise" and promise else hook
    return f"Hi {first}, {opening} {body}"


def draft(kind: str, first_name: str, event_title: str, event_day: date, hook: str | None,
          promise: str | None = None, channel: str = "email") -> str | None:
    """Return the draft message in the user's own words, or None when there is no hook.

    The hook is the first sentence of the note (the why, for a missed target); the promise is
    the sentence that holds one. Within the channel's limit, the text holds the first name, the
    event's title and the hook as typed; only words too long for the limit are cut.
    """
    if kind not in DAYS_AFTER:
        raise ValueError(f"unknown follow-up kind: {kind!r}")
    if channel not in LIMITS:
        raise ValueError(f"unknown channel: {channel!r}")
    hook = (hook or "").strip()
    if not hook:
        return None
    promise = (promise or "").strip() or None
    if promise == hook and kind != "promise":
        promise = None  # the note's first sentence is the promise: say it once
    limit = LIMITS[channel]
    render = _linkedin if channel == "linkedin" else _email
    first = clip((first_name or "").strip(), 40) or "there"
    event = (event_title or "").strip() or "the event"
    day = day_in_words(event_day)
    text = render(kind, first, event, day, hook, promise)
    if len(text) <= limit:
        return text
    # Too long: shorten the event's title, then the promise, then the hook, each only as much
    # as the others leave no room for.
    event = clip(event, 60)
    if promise:
        fixed = len(render(kind, first, event, day, hook, ""))
        promise = clip(promise, max(limit - fixed, 20))
    fixed = len(render(kind, first, event, day, "", promise))
    hook = clip(hook, max(limit - fixed, 1))
    return clip(render(kind, first, event, day, hook, promise), limit)


def unanswered(history: list[str]) -> int:
    """Return how many touches came after the last reply (a history in time order)."""
    count = 0
    for entry in history:
        count = 0 if entry == "reply" else count + 1
    return count


def may_touch(history: list[str]) -> bool:
    """Return whether one more touch keeps the person below two unanswered ones."""
    return unanswered(history) < MAX_UNANSWERED


def next_touch(history: list[str]) -> str | None:
    """Return "nudge" when a sent thank-you got no reply and a touch is allowed, else None.

    `history` is one person's touches and replies in time order. After two unanswered touches
    nothing more is due: the person passes to their cadence.
    """
    if not history or history[-1] != "thanks" or not may_touch(history):
        return None
    return "nudge"
