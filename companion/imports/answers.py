"""Registration answers: the columns an import does not map, kept per attendee as question → answer.

Hosts ask their own questions ("What are you looking to get out of this event?", industry,
pronouns); those answers are what makes a stranger worth meeting. Columns that only the platform
writes (ids, dates, prices, check-in links) and columns of private details (phone, address,
birth date, other emails) are not answers; neither are cells that say nothing ("N/A", "-").
"""

import functools
import re
from collections.abc import Sequence

from .columns import Rows, share, values
from .rows import clean_cell, is_email, is_formula, truncate

MAX_ANSWERS = 40  # per attendee: a CRM sheet of a hundred columns is not a registration form
MAX_QUESTION_CHARS = 200
MAX_ANSWER_CHARS = 1000
ANSWER_JOINER = " · "  # between two answers to one question from rows folded into one person

# Words of headers that hold what nobody should carry around about someone else.
_PRIVATE = frozenset({
    "phone", "mobile", "cell", "telephone", "tel", "fax", "whatsapp", "sms", "address",
    "street", "zip", "postal", "postcode", "birth", "birthday", "dob", "password", "ip",
    "email", "mail", "passport", "wallet", "eth", "solana", "iban", "telefono", "telefon",
    "adresse", "direccion", "indirizzo", "geburtsdatum", "shipping", "billing", "home",
})
# Words of headers only a platform writes: ids, times, money, tickets' machinery.
_SYSTEM = frozenset({
    "id", "uid", "uuid", "#", "timestamp", "time", "date", "created", "updated", "modified",
    "amount", "price", "paid", "fee", "fees", "currency", "tax", "discount", "coupon", "total",
    "quantity", "qty", "cost", "qr", "barcode", "checked", "check", "checkin", "duration",
    "minutes", "source", "utm", "invoice", "payment", "order", "rsvps", "rsvped", "photo",
    "avatar", "image", "event", "number", "rank", "score", "unique",
})
_QUESTION_WORDS = frozenset({
    "what", "which", "how", "why", "where", "when", "who", "whom", "do", "does", "did", "are",
    "is", "will", "would", "have", "has", "can", "could", "please", "tell", "describe", "any",
    "anything", "que", "quel", "quelle", "was", "wie", "welche", "cual", "como", "co", "jak",
})
# Cells that answer nothing.
_JUNK = frozenset({
    "n/a", "n.a.", "na", "n a", "-", "--", "---", "—", "–", ".", "..", "...", "?", "tbd",
    "tba", "tbc", "none", "null", "nil", "nan", "undefined", "[]", "{}", "no answer",
    "not applicable", "unknown", "xxx", "0.0",
})
_YES_NO = frozenset({"yes", "no", "y", "n", "true", "false", "checked", "unchecked", "x", "1",
                     "0", "ja", "nein", "si", "oui", "non", "ano", "ne"})
# What is left of a date, time, amount or count once digits and separators go: nothing, or a
# time-zone or AM/PM word.
_MACHINE_PARTS = re.compile(r"[\d\s.,:;/\\+\-$€£¥%()]+|\b(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,5}|[TZ])\b")
_PHONE = re.compile(r"\+?[\d\s().\-/]{7,}")
_SPACES = re.compile(r"[^\S\n]+")


def is_question(header: str) -> bool:
    """Tell whether a header is a question the host asked ("Are you a consultant?")."""
    words = header.lower().split()
    return header.rstrip().endswith("?") or bool(words and words[0].strip("¿¡") in _QUESTION_WORDS)


def _machine(value: str) -> bool:
    return any(char.isdigit() for char in value) and not _MACHINE_PARTS.sub("", value)


def _private_values(found: list[str]) -> bool:
    return share(found, lambda v: is_email(v) or bool(_PHONE.fullmatch(v))) > 0.5


def answer_columns(header: Sequence[str], keys: Sequence[str], sample: Rows,
                   claimed: set[int]) -> list[tuple[int, str]]:
    """Return (column, question) for every column whose cells are registration answers."""
    columns: list[tuple[int, str]] = []
    used: dict[str, int] = {}
    for index, (name, key) in enumerate(zip(header, keys, strict=False)):
        words = set(key.split())
        if index in claimed or not key or words & _PRIVATE:
            continue
        found = values(sample, index)
        if found and _private_values(found):
            continue
        if not is_question(name) and (
            words & _SYSTEM
            or found and (all(map(_machine, found))
                          or all(v.casefold() in _YES_NO for v in found)
                          or len(found) >= 3 and len(set(found)) == 1)
        ):
            continue
        question = truncate(clean_cell(name), MAX_QUESTION_CHARS)
        used[question] = used.get(question, 0) + 1
        if used[question] > 1:  # two columns named alike stay two questions
            question = f"{question} ({used[question]})"
        columns.append((index, question))
    return columns[:MAX_ANSWERS]


def clean_answer(value: str) -> str:
    """Return a cell's text with its line breaks kept, other whitespace collapsed."""
    if "\n" not in value and "\r" not in value:
        return clean_cell(value)
    lines = (clean_cell(line) for line in value.replace("\r\n", "\n").replace("\r", "\n")
             .split("\n"))
    return "\n".join(line for line in lines if line)


def is_junk(value: str) -> bool:
    """Tell whether a cleaned answer says nothing ("N/A", "-", "TBD", "—||—")."""
    if len(value) <= 15 and value.casefold() in _JUNK:
        return True
    return not (value[0].isalnum() or any(char.isalnum() for char in value))


_FORMULA = "formula"


@functools.lru_cache(maxsize=4096)  # answers to a pick-one question repeat down the column
def _answer(value: str) -> str | None:
    """Return a raw cell as the answer kept, None for one that says nothing, or _FORMULA."""
    value = clean_answer(value)
    if not value or is_junk(value):
        return None
    if value[0] in "=+-@" and is_formula(value):
        return _FORMULA
    return truncate(value, MAX_ANSWER_CHARS)


def read_answers(cells: list[str], columns: Sequence[tuple[int, str]]) -> tuple[list, int]:
    """Return a row's (question, answer) pairs and how many formula cells were left out."""
    answers: list[tuple[str, str]] = []
    formulas = 0
    for index, question in columns:
        value = cells[index] if index < len(cells) else ""
        if not value:
            continue
        answer = _answer(value)
        if answer is None:
            continue
        if answer is _FORMULA:
            formulas += 1
            continue
        answers.append(_pair(question, answer))
    return answers, formulas


@functools.lru_cache(maxsize=16_384)
def _pair(question: str, answer: str) -> tuple[str, str]:
    """One tuple per distinct (question, answer): a pick-one answer is shared by every row."""
    return question, answer
