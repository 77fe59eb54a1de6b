"""Keep the free text two devices wrote from the same starting text: every sentence once.

A device sends the text it started from (`base`, the value it last had from the server) with
every save of a field, its later saves before it has heard back included, so the server can
tell what that device added. What it added goes in; what is already there is not written twice,
and what neither device wrote now (a sentence the other device removed) does not come back.
"""

import re

# A sentence: from a non-space character to a run of . ! ? … followed by space or the end, or
# to the end of its line. A note without punctuation is one sentence per line.
SENTENCE = re.compile(r"\S.*?(?:[.!?…]+(?=\s|$)|(?=\n)|$)", re.S)
ENDS_SENTENCE = re.compile(r"[.!?…]\s*$|\n\s*$|^\s*$")


def sentence_key(sentence: str) -> str:
    """Return what makes two sentences the same: their words, whatever the spacing."""
    return " ".join(sentence.split())


def sentence_keys(text: str) -> set[str]:
    """Return the keys of every sentence in text."""
    return {sentence_key(sentence) for sentence in SENTENCE.findall(text)}


def merge_text(current: str, base: str | None, new: str, written: set[str] | None = None) -> str:
    """Return the text to keep when a device changes `base` to `new` and the server has `current`.

    `written` may hold sentence_keys(current), computed once for many merges into one text; it
    is updated to describe the text returned.
    """
    base = base or ""
    if current == base or current == new:
        merged = new
    elif new == base or new in current:
        merged = current
    elif new.startswith(base):
        merged = merge_typed_on(current, base, new, written)
    else:
        merged = merge_sentences(current, base, new, written)
    if written is not None and merged is not current:
        written.clear()
        written.update(sentence_keys(merged))
    return merged


def merge_typed_on(current: str, base: str, new: str, written: set[str] | None) -> str:
    """Merge what a device typed after the end of `base` (how notes mostly grow).

    Its earlier saves carried the same base, so what it typed before may be in the text
    already: only what follows that goes in, right after it. Anything else is merged sentence
    by sentence (merge_sentences).
    """
    typed = new[len(base):]
    words = typed.strip()
    if not words:
        return current
    before = base.rstrip()
    addition = words
    known = written if written is not None else sentence_keys(current)

    def new_to(text: str) -> bool:
        return not any(sentence_key(found) in known for found in SENTENCE.findall(text))

    if typed[:1] != "\n" and ENDS_SENTENCE.search(base) is None:
        # The device went on with the base's unfinished last sentence: go on with it where
        # the text has it at the end of a line, else it is that sentence as it now reads.
        unfinished = last_sentence(before) or ""
        spot = line_end_after_start(current, unfinished)
        if spot is not None:
            line = current[current.rfind("\n", 0, spot) + 1:spot]
            rest = words[overlap(line, words):].lstrip()
            if not rest:
                return current
            if new_to(rest):
                return current[:spot] + " " + rest + current[spot:]
        addition = (unfinished + typed).strip()
    spot, earlier = earlier_part(current, addition)
    rest = addition[earlier:]
    if earlier and new_to(rest):
        return current[:spot] + rest + current[spot:]
    return merge_sentences(current, base, new, known)


def last_sentence(text: str) -> str | None:
    found = SENTENCE.findall(text[-2000:]) if text else []
    return found[-1] if found else None


def line_end_after_start(text: str, start: str) -> int | None:
    """Return the end of the last line of text that has `start` at a sentence's beginning."""
    position = text.rfind(start) if start else -1
    while position >= 0:
        if begins_sentence(text, position):
            line_end = text.find("\n", position)
            return len(text[: len(text) if line_end < 0 else line_end].rstrip(" \t"))
        position = text.rfind(start, 0, position)
    return None


def overlap(line: str, words: str) -> int:
    """Return the length of the longest start of `words` that `line` ends with, at a word."""
    for length in range(min(len(line), len(words)), 0, -1):
        if line.endswith(words[:length]) and (length == len(words) or words[length].isspace()) \
                and (length == len(line) or line[-length - 1].isspace()):
            return length
    return 0


def earlier_part(current: str, addition: str) -> tuple[int, int]:
    """Find the longest start of `addition` that current holds as the end of a line.

    It must begin where a sentence or a line begins. Return where in current it ends and its
    length, or (0, 0).
    """
    first = addition.split(None, 1)[0]
    best = (0, 0)
    position = current.find(first)
    while position >= 0:
        line_end = current.find("\n", position)
        line_end = len(current) if line_end < 0 else line_end
        end = len(current[:line_end].rstrip(" \t"))
        length = end - position
        if length > best[1] and begins_sentence(current, position) \
                and addition.startswith(current[position:end]):
            best = (end, length)
        position = current.find(first, position + 1)
    return best


def begins_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t")
    return not before or before[-1] in "\n.!?…"


def merge_sentences(current: str, base: str, new: str, written: set[str] | None) -> str:
    """Merge an edit that is not only typing on: each run of sentences the device added goes
    after the sentence it follows, where that one ends a line, else as a paragraph at the end.
    A sentence already in the text, or one the device left as it was in the base, is skipped."""
    skip = (written if written is not None else sentence_keys(current)) | sentence_keys(base)
    runs: list[list] = []  # [start, end, anchor sentence or None, where the anchor ends]
    previous, previous_end, in_run = None, 0, False
    for match in SENTENCE.finditer(new):
        key = sentence_key(match.group())
        if key in skip:
            in_run = False
        else:
            skip.add(key)
            if in_run:
                runs[-1][1] = match.end()
            else:
                runs.append([match.start(), match.end(), previous, previous_end])
                in_run = True
        previous, previous_end = match.group(), match.end()
    merged = current
    for start, end, anchor, anchor_end in runs:
        addition = new[start:end]
        spot = line_end_of(merged, anchor) if anchor is not None else None
        if spot is not None:
            gap = new[anchor_end:start]
            merged = merged[:spot] + (gap if gap and not gap.strip() else " ") + addition \
                + merged[spot:]
        else:
            merged = merged.rstrip() + "\n\n" + addition if merged.strip() else addition
    return merged


def line_end_of(text: str, sentence: str) -> int | None:
    """Return where the last whole `sentence` in text ends, when a line ends there; else None."""
    position = text.rfind(sentence)
    while position >= 0:
        end = position + len(sentence)
        if position == 0 or text[position - 1].isspace():
            rest = text[end:].lstrip(" \t")
            return end if not rest or rest[0] == "\n" else None
        position = text.rfind(sentence, 0, position)
    return None
