"""Text two devices wrote from the same start: every sentence kept, none written twice."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.sync.merge import SENTENCE, merge_text, sentence_key, sentence_keys


@pytest.mark.parametrize("current, base, new, kept", [
    ("", "", "Met at the bar.", "Met at the bar."),
    ("Met at 7", "", "Met at 7", "Met at 7"),
    ("server", "server", "device", "device"),  # nobody else changed it: the device's text
    ("server", "base", "base", "server"),  # the device changed nothing
    # Both went on with an unfinished sentence: the device's words follow on its line.
    ("Likes hiking", "Likes", "Likes chess", "Likes hiking chess"),
    ("Intro. Phone A.", "Intro.", "Intro. Email B.", "Intro. Phone A.\n\nEmail B."),
    # A device's later save, when its earlier one is already in: only the new sentence goes in,
    # after the one it follows, since that ends the text.
    ("Base. Laptop A.\n\nPhone A.", "Base.", "Base. Phone A. Phone B.",
     "Base. Laptop A.\n\nPhone A. Phone B."),
    # ... and after the sentence it follows where that one ends a line, not at the very end.
    ("Base. Laptop A.\n\nPhone A. Phone B.", "Base. Laptop A.", "Base. Laptop A. Laptop B.",
     "Base. Laptop A. Laptop B.\n\nPhone A. Phone B."),
    # A sentence the other device removed does not come back.
    ("Met at 7.", "Met at 7. Likes chess.", "Met at 7. Likes chess. Has a dog.",
     "Met at 7.\n\nHas a dog."),
    # Spacing alone does not make a sentence new.
    ("Met   at 7.  Likes chess.", "", "Met at 7. Likes chess.", "Met   at 7.  Likes chess."),
    # Lines without punctuation are sentences too.
    ("ask about hiring\nsend deck", "ask about hiring", "ask about hiring\nintro to Sam",
     "ask about hiring\nintro to Sam\nsend deck"),
])
def test_merge_cases(current, base, new, kept):
    assert merge_text(current, base, new) == kept


def test_a_note_typed_in_pauses_on_two_devices_holds_each_sentence_once():
    """The report's case: the phone saves after every pause, the laptop synced first."""
    server = "Base."
    server = merge_text(server, "Base.", "Base. Laptop A.")  # the laptop's save arrives first
    # The phone's two saves, both carrying the text the devices started from.
    for typed in ("Base. Phone A.", "Base. Phone A. Phone B."):
        server = merge_text(server, "Base.", typed)
    for sentence in ("Base.", "Laptop A.", "Phone A.", "Phone B."):
        assert server.count(sentence) == 1, server


def test_the_same_push_again_changes_nothing():
    once = merge_text("Shared start. Mine.", "Shared start.", "Shared start. Theirs.")
    assert merge_text(once, "Shared start.", "Shared start. Theirs.") == once
    assert merge_text(once, None, "Shared start. Theirs.") == once


def test_a_base_left_out_never_repeats_the_text():
    """A push without a base (what the attack did, 150 MiB in the end) adds only what is new."""
    text = "Met at the bar. Likes chess."
    for _ in range(50):
        text = merge_text(text, None, "Met at the bar. Likes chess.")
    assert text == "Met at the bar. Likes chess."


def test_known_sentence_keys_give_the_same_text_and_follow_it():
    current = "One. Two.\n\nThree."
    keys = sentence_keys(current)
    merged = merge_text(current, "One.", "One. Four.", keys)
    assert merged == merge_text(current, "One.", "One. Four.")
    assert keys == sentence_keys(merged)


sentence = st.sampled_from(["Met at 7.", "Likes chess.", "Has a dog!", "Ask about Q3?",
                            "intro to Sam", "Send the deck.", "Coffee next week."])
text = st.lists(st.tuples(sentence, st.sampled_from([" ", " ", "\n", "\n\n"])), max_size=6).map(
    lambda parts: "".join(words + gap for words, gap in parts).rstrip())


@settings(max_examples=300, deadline=None)
@given(current=text, base=text, new=text)
def test_nothing_a_device_added_is_lost_and_nothing_repeats(current, base, new):
    merged = merge_text(current, base, new)
    # Everything on the server stays; everything the device wrote that was not in its base
    # arrives (or it is the device's text, when nobody else changed anything).
    words = " ".join(merged.split())
    assert all(key in words for key in sentence_keys(current)) or merged == new
    # What the device added arrives: the sentences it typed on after its base, or else every
    # sentence of its text that its base did not have.
    added = new[len(base):] if new.startswith(base) else new
    assert all(key in words for key in sentence_keys(added) - sentence_keys(base))
    # No sentence is there twice that was not twice in one of the texts already.
    def counts(text):
        return Counter(sentence_key(found) for found in SENTENCE.findall(text))

    before = counts(current) | counts(new)
    for key, times in counts(merged).items():
        assert times <= max(before[key], 1), (key, merged)
