"""The event pack on the wire: attendees as columns, compact JSON, gzipped when accepted.

A 70,000-person conference pack is megabytes of JSON; a phone on venue Wi-Fi downloads it once
per version, so bytes matter more than the few milliseconds the compression costs here. One list
per field puts like values side by side, which gzip shrinks far better than rows (bench/run.py
compares it with a gzipped CSV of the same fields).
"""

import gzip
import json
from collections.abc import Iterable, Sequence

from ..rules.links import LINKEDIN_PROFILE

# gzip's own default: level 9 saves little more on a large pack for far more CPU.
COMPRESS_LEVEL = 6
# Below this a gzip header and the CPU cost more than they save.
COMPRESS_MIN_BYTES = 1024
# Part of every pack's ETag: a client holding a pack in an older layout never gets a 304 for it.
# columns2: registration answers, one column of answer codes per question.
PACK_FORMAT = "columns2"
# Columns of an attendee row as the pack query selects them.
ROW_FIELDS = ("id", "name", "title", "company", "linkedin", "url", "is_host", "answers")


def linkedin_column(link: str) -> str:
    """Return a profile address as its bare name (no "/" in it), any other address whole.

    Imported profile links all start with LINKEDIN_PROFILE: the pack sends the part after it.
    """
    if link.startswith(LINKEDIN_PROFILE):
        name = link[len(LINKEDIN_PROFILE):]
        if name and "/" not in name:
            return name
    return link


def attendee_columns(rows: Iterable[Sequence], *, with_answers: bool = True) -> dict:
    """Return attendee rows (ROW_FIELDS, in list order) as the pack's columns.

    Ids go as differences from the previous id: an imported list has consecutive ids, so the
    column is mostly 1s. Hosts go as the positions of the few rows that are hosts. Registration
    answers go as one column per question, questions in the order first met, each column as
    [values, codes]: the distinct answers ("" first, for no answer) and one small number per
    row. Pick-one questions ("Industry", a ticket type) repeat a few answers across thousands
    of rows: a number each is a fraction of the text to send, parse and keep on the phone.
    Rows without their eighth field, or with_answers false, send none.
    """
    columns: dict = {"count": 0, "id": [], "name": [], "title": [], "company": [],
                     "linkedin": [], "url": [], "hosts": [], "questions": [], "answers": []}
    ids, names, titles, companies = (columns[k] for k in ("id", "name", "title", "company"))
    links, urls, hosts = columns["linkedin"], columns["url"], columns["hosts"]
    by_question: dict[str, tuple[dict[str, int], list[int]]] = {}
    previous = 0
    for position, (attendee_id, name, title, company, linkedin, url, is_host, *more) in (
            enumerate(rows)):
        ids.append(attendee_id - previous)
        previous = attendee_id
        names.append(name)
        titles.append(title)
        companies.append(company)
        links.append(linkedin_column(linkedin))
        urls.append(url)
        if is_host:
            hosts.append(position)
        if with_answers and more and more[0]:
            _add_answers(by_question, position, more[0])
    count = columns["count"] = len(ids)
    for _, codes in by_question.values():
        codes.extend([0] * (count - len(codes)))
    columns["questions"] = list(by_question)
    columns["answers"] = [[list(values), codes] for values, codes in by_question.values()]
    return columns


def _add_answers(by_question: dict, position: int, pairs) -> None:
    for question, answer in pairs:
        values, codes = by_question.setdefault(question, ({"": 0}, []))
        if len(codes) <= position:  # a question twice for one person: the first answer
            codes.extend([0] * (position - len(codes)))
            codes.append(values.setdefault(answer, len(values)))


def json_bytes(value) -> bytes:
    """Return value as compact UTF-8 JSON (names with accents stay one or two bytes, not six)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compressed(body: bytes, accept_encoding) -> tuple[bytes, str | None]:
    """Return (body, content encoding): gzipped when the client accepts gzip and it pays."""
    if len(body) < COMPRESS_MIN_BYTES or not accept_encoding["gzip"]:
        return body, None
    # mtime=0: the same pack compresses to the same bytes on every worker.
    return gzip.compress(body, COMPRESS_LEVEL, mtime=0), "gzip"
