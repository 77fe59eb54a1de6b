"""Which events are worth your evenings: series, their verdicts, and what a series tells the plan.

The talk behind Companion says: go to many events at first, then keep only the ones that were
worth it. These rules turn a few seconds of answers after each event (stars, "worth going
back?") and what came of it (targets met, new people, coffees) into a verdict per series.
static/js/rules/journal.js is the twin the phone runs offline; tests/journal_cases.py holds the
cases both must agree on, so change the two together.

Decisions:

- A series is named by its title without the edition: dates, years, numbers, ordinals, month
  names next to a number (or last), roman numerals and edition words ("No.", "Vol.", "edition")
  next to a number. "PM Night #42 – March" and "The 45th PM Night" are one series. A host, when
  known, keeps two hosts' same-named series apart. A title that is nothing but an edition keeps
  its own words, so no key is ever empty for a non-empty title.
- Verdicts count answered events only (stars or "worth going back?" given; "didn't go" is not an
  answer about the event). All comparisons are on whole numbers, so both languages agree.
- The arrival reason only adds a sentence: it never moves the plan (so never into the crowd
  window) and, when the plan is at the doors for a must-meet target, it says the targets come
  first.
"""

import re
from datetime import timedelta

from .arrival import SECOND_WAVE_DELAY
from .links import SPACE
from .names import fold_text

VERDICTS = ("keep", "try once more", "drop", "too early")
WORTH = ("yes", "maybe", "no")
SECOND_WAVE_MINUTES = int(SECOND_WAVE_DELAY.total_seconds() // 60)

_APOSTROPHES = re.compile("['\u2019\u02bc`]")
_TOKEN = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"[0-9]+(?:st|nd|rd|th|e|er|re|eme|ieme|o|a)?")
_ROMAN = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")
# The browser gets both lists as SERIES_WORDS (shell/constants.py).
MONTHS = frozenset(
    # English, French, Spanish, German, as fold_text leaves them (no accents).
    "january february march april may june july august september october november december "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre januar februar marz juni juli oktober dezember "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())
EDITION_WORDS = frozenset(
    "no nr n num number vol volume ed edition edicion ausgabe episode ep part season saison "
    "temporada".split())


def _is_number(token: str) -> bool:
    """True for 42, 2026, 45th, 1re, 2eme, and roman numerals of two letters or more (II, XIV)."""
    return bool(_NUMBER.fullmatch(token)) or (len(token) > 1 and bool(_ROMAN.fullmatch(token)))


def _words(text: str) -> list[str]:
    text = _APOSTROPHES.sub("", fold_text(text or "").replace("&", " and "))
    return _TOKEN.findall(text)


def _kept(words: list[str]) -> list[bool]:
    """Which of a title's words name its series (the rest are its edition)."""
    numbers = [_is_number(word) for word in words]

    def beside_number(i: int) -> bool:
        return (i > 0 and numbers[i - 1]) or (i + 1 < len(words) and numbers[i + 1])

    kept = [
        not numbers[i]
        and not (word in MONTHS and (beside_number(i) or (i == len(words) - 1 and i >= 2)))
        and not (word in EDITION_WORDS and beside_number(i))
        for i, word in enumerate(words)
    ]
    first = next((i for i, keep in enumerate(kept) if keep), None)
    if first is not None and words[first] == "the" and sum(kept) > 1:
        kept[first] = False
    return kept if any(kept) else [True] * len(words)


def series_name(title: str) -> str:
    """Return the title as written, without the edition around it: "The 45th PM Night" and
    "PM Night #42 – March" both read "PM Night" (what the arrival reason calls the series)."""
    text = title or ""
    spans = [(match.start(), match.end()) for match in _TOKEN.finditer(text)]
    words = ["".join(_words(text[start:end])) for start, end in spans]
    kept = [i for i, keep in enumerate(_kept(words)) if keep and words[i]]
    if not kept:
        return " ".join(part for part in SPACE.split(text) if part)
    name = text[spans[kept[0]][0]:spans[kept[-1]][1]]
    return " ".join(part for part in SPACE.split(name) if part)


def series_key(title: str, host: str = "") -> str:
    """Return the key that one series' events share: the title without its edition, plus the host.

    "PM Night #42 – March", "PM Night #43 (April 2026)", "PM Night No. 44", "PM Night 2026-05-12"
    and "The 45th PM Night" all give "pm night"; with host "Acme", "pm night @ acme".
    """
    words = _words(title)
    key = " ".join(word for word, keep in zip(words, _kept(words), strict=True) if keep)
    host_words = _words(host)
    return f"{key} @ {' '.join(host_words)}" if host_words else key


def is_answered(event: dict) -> bool:
    """True when the user said something about the event: stars or worth going back."""
    return event.get("went", True) is not False and (
        event.get("rating") is not None or event.get("worth") is not None)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _came_of_it(totals: dict) -> str:
    parts = []
    if totals["coffees"]:
        parts.append(_count(totals["coffees"], "coffee", "coffees"))
    if totals["planned"]:
        parts.append(f"{totals['met_planned']} of {totals['planned']} targets met")
    if totals["new_people"]:
        parts.append(_count(totals["new_people"], "new person", "new people"))
    return ", ".join(parts)


def series_summary(events: list[dict]) -> dict:
    """Return a series' totals, its verdict and the sentence that explains it.

    events: [{"rating": 1-5 | None, "worth": "yes" | "maybe" | "no" | None, "planned": int,
    "met_planned": int, "new_people": int, "coffees": int, "went": bool (default True)}].

    The verdict, over answered events only:
    - "too early" with fewer than two answered events;
    - "keep" when the answers lean yes (at least half "yes", or 4 stars or more on average) and
      something came of it (a coffee, half the planned targets met, or two new people an event);
    - "drop" when the answers lean no (more than half "no", or 2 stars or fewer on average) and
      no coffee came of any of them;
    - "try once more" otherwise: the answers and the results don't agree yet.
    """
    answered = [event for event in events if is_answered(event)]
    count = len(answered)
    ratings = [event["rating"] for event in answered if event.get("rating") is not None]
    worth = [event.get("worth") for event in answered]
    totals = {
        name: sum(int(event.get(name) or 0) for event in answered)
        for name in ("planned", "met_planned", "new_people", "coffees")
    }
    summary = {
        "events": len(events),
        "answered": count,
        "stars": sum(ratings) / len(ratings) if ratings else None,
        "yes": worth.count("yes"),
        "maybe": worth.count("maybe"),
        "no": worth.count("no"),
        **totals,
    }
    came = _came_of_it(totals)
    if count < 2:
        verdict = "too early"
        sentence = (f"Too early to say: answer at least two of its events"
                    f" ({count} answered so far).")
    else:
        leans_yes = 2 * summary["yes"] >= count or (ratings and sum(ratings) >= 4 * len(ratings))
        leans_no = 2 * summary["no"] > count or (ratings and sum(ratings) <= 2 * len(ratings))
        something = (totals["coffees"] > 0
                     or (totals["planned"] > 0 and 2 * totals["met_planned"] >= totals["planned"])
                     or totals["new_people"] >= 2 * count)
        if leans_yes and something:
            verdict = "keep"
            sentence = f"Keep going: your answers lean yes and something came of it ({came})."
        elif leans_no and not totals["coffees"]:
            verdict = "drop"
            sentence = "Drop it: your answers lean no and no coffee came of it."
        else:
            verdict = "try once more"
            sentence = ("Try once more: your answers and what came of it don't agree yet"
                        + (f" ({came})." if came else "."))
    return {**summary, "verdict": verdict, "sentence": sentence}


def series_verdict(events: list[dict]) -> str:
    """Return "keep", "try once more", "drop" or "too early" for a series' events."""
    return series_summary(events)["verdict"]


def arrival_reason(series_title: str, past: list[dict], plan_codes=()) -> dict | None:
    """Return a reason for the arrival plan from a series' past events, or None.

    past: the series' answered past events, [{"met_minutes": [minutes after the start at which
    each met target was met]}]. Needs two events or more and a clear majority of met targets on
    one side of the second wave. plan_codes: the codes of the plan's own reasons; at the doors
    for a must-meet target ("doors-targets"), a second-wave history never argues against it.
    """
    if len(past) < 2:
        return None
    minutes = [m for event in past for m in event.get("met_minutes") or []]
    after = sum(1 for m in minutes if m >= SECOND_WAVE_MINUTES)
    before = len(minutes) - after
    name = " ".join(word for word in SPACE.split(series_title or "") if word) or "this series"
    if 2 * after > len(minutes):
        text = (f"At {name} {after} of your {len(minutes)} met targets were met"
                f" {SECOND_WAVE_MINUTES} minutes or more after the start: the second wave fits"
                " this series")
        if "doors-targets" in plan_codes:
            return {"code": "series-second-wave-targets-first",
                    "text": text + ", but the people you must meet come first."}
        return {"code": "series-second-wave", "text": text + "."}
    if 2 * before > len(minutes):
        return {"code": "series-doors",
                "text": (f"At {name} {before} of your {len(minutes)} met targets were met in the"
                         f" first {SECOND_WAVE_MINUTES} minutes: the doors fit this series.")}
    return None


def event_numbers(events: list[dict], marks: list[dict], interactions: list[dict],
                  followups: list[dict] = ()) -> dict:
    """Return, per event id, what came of it, computed from records alone (no typing).

    events: [{"id", "start": aware datetime in the event's zone, "end": aware datetime | None}];
    marks: [{"event_id", "person_id", "priority", "status", "met_minutes": int | None}];
    interactions: [{"person_ids": [str], "on": date, "type", "event_id"}];
    followups: [{"event_id", "sent_at": aware datetime | None}].

    - planned: the event's targets (marks with a priority); met_planned: those marked met, and
      met_minutes: when each was met, in minutes after the start, where known.
    - met: the people met there (marks turned met, meetings logged at it); known_people: those
      with an interaction dated before the event's day; new_people: the others. A person met at
      events 1 and 3 is new at event 1 only.
    - coffees: coffees and calls with people met there, after its day, each counted for the
      latest event before it at which one of its people was met.
    - followups_72h: follow-ups for the event sent within 72 hours of its end (2 hours after the
      start when it has none).
    """
    by_id = {event["id"]: event for event in events}
    day = {event["id"]: event["start"].date() for event in events}
    numbers = {event_id: {"planned": 0, "met_planned": 0, "met": 0, "new_people": 0,
                          "known_people": 0, "followups_72h": 0, "coffees": 0, "met_minutes": []}
               for event_id in by_id}
    met_at: dict[int, set] = {event_id: set() for event_id in by_id}
    for mark in marks:
        event_id = mark.get("event_id")
        if event_id not in by_id:
            continue
        met = mark.get("status") == "met"
        if mark.get("priority"):
            numbers[event_id]["planned"] += 1
            if met:
                numbers[event_id]["met_planned"] += 1
                if mark.get("met_minutes") is not None:
                    numbers[event_id]["met_minutes"].append(mark["met_minutes"])
        if met and mark.get("person_id"):
            met_at[event_id].add(mark["person_id"])
    for item in interactions:
        if item.get("type") == "met" and item.get("event_id") in by_id:
            met_at[item["event_id"]].update(item.get("person_ids") or [])
    first_touch: dict[str, object] = {}
    for item in interactions:
        for person in item.get("person_ids") or []:
            if person not in first_touch or item["on"] < first_touch[person]:
                first_touch[person] = item["on"]
    for event_id, people in met_at.items():
        known = sum(1 for person in people
                    if person in first_touch and first_touch[person] < day[event_id])
        numbers[event_id].update(met=len(people), known_people=known,
                                 new_people=len(people) - known)
        numbers[event_id]["met_minutes"].sort()
    for item in interactions:
        if item.get("type") not in ("coffee", "call"):
            continue
        credited = set()
        for person in item.get("person_ids") or []:
            earlier = [event_id for event_id, people in met_at.items()
                       if person in people and day[event_id] < item["on"]]
            if earlier:
                credited.add(max(earlier, key=lambda event_id: by_id[event_id]["start"]))
        for event_id in credited:
            numbers[event_id]["coffees"] += 1
    for followup in followups:
        event = by_id.get(followup.get("event_id"))
        sent = followup.get("sent_at")
        if event is None or sent is None:
            continue
        end = event.get("end") or event["start"] + timedelta(hours=2)
        if sent - end <= timedelta(hours=72):
            numbers[event["id"]]["followups_72h"] += 1
    return numbers


def with_series_reason(plan: dict, reason: dict | None) -> dict:
    """Return an arrival plan (ArrivalPlan.to_dict()) with a series' reason added last.

    The times stay the plan's own: history explains, it never moves the plan.
    """
    if reason is None:
        return plan
    return {**plan, "reasons": [*plan["reasons"], reason]}
