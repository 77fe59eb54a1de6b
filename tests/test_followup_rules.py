"""companion/rules/followup.py against the shared table (tests/followup_cases.py)."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from companion.rules.followup import (
    LIMITS,
    MAX_UNANSWERED,
    draft,
    due_at,
    event_end,
    first_sentence,
    next_touch,
    promise_in,
    unanswered,
)

from .followup_cases import DRAFTS, DUES, NO_END, NOTES, TOUCHES


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize("case", DUES, ids=lambda case: case.id)
def test_due_at(case):
    assert due_at(case.kind, instant(case.base), case.zone) == instant(case.due)


@pytest.mark.parametrize("case", NO_END, ids=lambda case: case[1] or "no-end")
def test_an_event_without_an_end_lasts_two_hours(case):
    starts, ends, zone, kind, due = case
    base = event_end(instant(starts), ends and instant(ends))
    assert due_at(kind, base, zone) == instant(due)


def test_due_is_always_a_weekday_at_nine_in_the_event_zone():
    from zoneinfo import ZoneInfo
    rng = random.Random(16)
    zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland",
             "America/Los_Angeles", "Australia/Sydney", "Asia/Kolkata"]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(3000):
        base = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 730))
        zone, kind = rng.choice(zones), rng.choice(["thanks", "promise", "missed", "nudge"])
        local = due_at(kind, base, zone).astimezone(ZoneInfo(zone))
        assert (local.hour, local.minute) == (9, 0) and local.weekday() < 5
        assert timedelta(hours=4) < local - base.astimezone(ZoneInfo(zone)) < timedelta(days=10)


def test_due_at_refuses_naive_times_and_unknown_kinds():
    with pytest.raises(ValueError):
        due_at("thanks", datetime(2026, 3, 13, 22, 0), "Europe/Berlin")
    with pytest.raises(ValueError):
        due_at("lunch", datetime(2026, 3, 13, 22, 0, tzinfo=UTC), "Europe/Berlin")


@pytest.mark.parametrize("case", DRAFTS, ids=lambda case: case.id)
def test_draft(case):
    text = draft(case.kind, case.first_name, case.event_title, case.event_day, case.hook,
                 case.promise, case.channel)
    if not case.must_hold:
        assert text is None
        return
    assert len(text) <= LIMITS[case.channel]
    for part in case.must_hold:
        assert part in text


def test_drafts_are_made_of_the_words_given_and_the_template_only():
    """Nothing but the arguments reaches a draft: two users' words never mix."""
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyzÀÉÎõü🍣<>&\"' .!?\n"
    mine = "QQQ-" + "".join(rng.choice(alphabet) for _ in range(30))
    theirs = "ZZZ-other-users-note"
    for kind in ("thanks", "promise", "missed", "nudge"):
        for channel in LIMITS:
            text = draft(kind, "Dana", "PM Night", date(2026, 3, 12), mine, None, channel)
            assert mine.strip() in text and theirs not in text
            skeleton = text.replace(mine.strip(), "").replace("Dana", "").replace("PM Night", "")
            # What is left is the fixed wording: the same for every hook.
            other = draft(kind, "Dana", "PM Night", date(2026, 3, 12), "x", None, channel)
            assert skeleton == other.replace("x", "", 1).replace("Dana", "").replace(
                "PM Night", "")


def test_drafts_never_exceed_the_channel_limit():
    rng = random.Random(3)
    for _ in range(500):
        words = lambda n: "".join(rng.choice("ab 🍣.\n") for _ in range(rng.randrange(n)))  # noqa: E731
        channel = rng.choice(list(LIMITS))
        text = draft(rng.choice(["thanks", "promise", "missed", "nudge"]), words(300),
                     words(400), date(2026, 3, 12), "h" + words(3000), words(2000) or None,
                     channel)
        assert text is not None and len(text) <= LIMITS[channel]


@pytest.mark.parametrize("case", NOTES, ids=lambda case: case[0])
def test_hook_and_promise_from_a_note(case):
    _, note, sentence, promise = case
    assert first_sentence(note) == sentence
    assert promise_in(note) == promise


@pytest.mark.parametrize("case", TOUCHES, ids=lambda case: case[0])
def test_next_touch(case):
    _, history, answer = case
    assert next_touch(history) == answer


def test_never_more_than_two_touches_without_a_reply_over_random_histories():
    """Simulate people who answer or not; touches happen only when the rules allow them."""
    from companion.rules.followup import may_touch
    rng = random.Random(16)
    for _ in range(2000):
        history = []
        for _step in range(rng.randrange(1, 30)):
            roll = rng.random()
            if roll < 0.25:
                history.append("reply")
            elif roll < 0.6:
                # A new event: a thank-you, a promise or a missed note, only while allowed.
                kind = rng.choice(["thanks", "promise", "missed"])
                if may_touch(history):
                    history.append(kind)
            elif (touch := next_touch(history)) is not None:
                history.append(touch)
            assert unanswered(history) <= MAX_UNANSWERED
        # And whatever the history, no rule offers a third unanswered touch.
        if unanswered(history) >= MAX_UNANSWERED:
            assert next_touch(history) is None and not may_touch(history)
