"""Gather the people of an import in order: duplicates folded, every left-out row noted."""

from dataclasses import replace

from ..rules.names import name_key
from .answers import ANSWER_JOINER, MAX_ANSWER_CHARS, MAX_ANSWERS
from .model import FIELDS, IDENTITY_NAMES, ParsedAttendee, Preview, RowNote
from .rows import truncate


class Collector:
    """The people read so far, in order, plus the notes on rows skipped, folded or left out."""

    def __init__(self) -> None:
        self.people: list[ParsedAttendee] = []
        self.skipped: list[RowNote] = []
        self.warnings: list[RowNote] = []
        self.folded: list[RowNote] = []
        self.not_attending: list[RowNote] = []
        self._slot_by_key: dict[str, int] = {}
        self._first_row: list[int] = []  # the row each person was first read from

    def skip(self, row: int, reason: str) -> None:
        self.skipped.append(RowNote(row, reason))

    def warn(self, row: int, reason: str) -> None:
        self.warnings.append(RowNote(row, reason))

    def leave_out(self, row: int, reason: str, status: str) -> None:
        self.not_attending.append(RowNote(row, reason, status))

    def add(self, row: int, person: ParsedAttendee) -> None:
        """Keep person, or fold them into an earlier row with the same identity and name.

        The same email, id or profile with another name is another person (Eventbrite repeats
        the buyer's email on every ticket of an order): a shared email or id is dropped from
        this row as not theirs, a shared website is just not used to tell them apart. Rows that
        share only a name are folded when neither has anything else, and the note says so.
        """
        found = person.identities()
        slots = self._slot_by_key
        for _, key in found:
            if key in slots:
                break
        else:
            if found:  # nearly every row of a real list: someone new, with an email or an id
                slot = len(self.people)
                for _, key in found:
                    slots[key] = slot
                self.people.append(person)
                self._first_row.append(row)
                return
        passed_over: set[str] = set()
        changed = False
        for kind, key in found:
            slot = self._slot_by_key.get(key)
            if slot is None:
                continue
            if name_key(self.people[slot].name) == name_key(person.name):
                self._fold(row, slot, person, kind)
                return
            what = IDENTITY_NAMES[kind]
            if kind in ("email", "ref"):  # the buyer's, or a typo: not this person's
                self.warn(row, f"same {what} as row {self._first_row[slot]} but another name; "
                               f"imported without the {what}")
                person = replace(person, **{kind: ""})
            else:  # two people may well share a company's website
                passed_over.add(kind)
            changed = True
        remaining = found if not changed else [
            (kind, key) for kind, key in person.identities() if kind not in passed_over]
        if not remaining:  # only a name: folded with an earlier row that has only that name
            key = person.name_identity
            slot = self._slot_by_key.get(key)
            if slot is not None:
                self._fold(row, slot, person, "name")
                return
            remaining = [("name", key)]
        if passed_over:
            person = replace(person, identity=remaining[0][1])
        slot = len(self.people)
        for _, key in remaining:
            self._slot_by_key.setdefault(key, slot)
        self.people.append(person)
        self._first_row.append(row)

    def _fold(self, row: int, slot: int, person: ParsedAttendee, kind: str) -> None:
        self.people[slot] = merged = _fill_blanks(self.people[slot], person)
        for _, key in merged.identities():
            self._slot_by_key.setdefault(key, slot)
        first = self._first_row[slot]
        if kind == "name":
            self.folded.append(RowNote(row, f"same name as row {first}, and no email, id or "
                                            "profile link tells them apart: folded into one"))
        else:
            self.folded.append(RowNote(row, f"same person as row {first} "
                                            f"(same {IDENTITY_NAMES[kind]}): folded into one"))

    def preview(self, format_name: str, columns: list[str], mapping: dict[str, str]) -> Preview:
        return Preview(format_name, self.people, self.skipped, self.warnings, columns, mapping,
                       self.not_attending, self.folded)


def _fill_blanks(person: ParsedAttendee, later: ParsedAttendee) -> ParsedAttendee:
    filled = {f: getattr(later, f) for f in FIELDS if not getattr(person, f) and getattr(later, f)}
    return replace(person, **filled, is_host=person.is_host or later.is_host,
                   ref=person.ref or later.ref, answers=merge_answers(person.answers,
                                                                      later.answers))


def merge_answers(first: tuple, later: tuple) -> tuple:
    """Return both rows' answers, a question answered differently twice holding both answers.

    A speaker with two proposals, a member signing in every week: the later row may say
    something the first did not ("Title of your talk").
    """
    merged = {question: answer for question, answer in first}
    for question, answer in later:
        known = merged.get(question)
        if known is None:
            merged[question] = answer
        elif answer not in known.split(ANSWER_JOINER):
            merged[question] = truncate(known + ANSWER_JOINER + answer, MAX_ANSWER_CHARS)
    return tuple(merged.items())[:MAX_ANSWERS]
