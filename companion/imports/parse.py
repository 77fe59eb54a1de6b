"""Read an uploaded attendee CSV, or a pasted list, into a Preview."""

import csv
import functools
import io
from collections import Counter
from collections.abc import Iterable

from .answers import answer_columns, read_answers
from .collect import Collector
from .columns import guess_columns, host_column, name_columns, ref_column, status_columns
from .decode import decode
from .formats import has_name, is_yes, recognise, resolve_mapping
from .headers import header_key, known_header
from .model import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    TOO_MANY_ROWS,
    ImportProblem,
    NeedsMapping,
    Preview,
)
from .pasted import parse_pasted
from .people import build_person
from .rows import clean_cell
from .statuses import ATTENDING, category, included
from .table import HEADER_SEARCH, first_record_text, read_table, sniff_delimiter, split_sep_line

PREAMBLE = "above the header row: a title or a note, not a person"


def parse_attendees(data: bytes, *, mapping: dict[str, str] | None = None,
                    include: Iterable[str] = (), max_bytes: int = MAX_IMPORT_BYTES) -> Preview:
    """Read an attendee CSV of any supported layout; a mapping forces the generic reading.

    include names the statuses (statuses.INCLUDABLE) imported although not attending.
    """
    return parse_csv_text(decode(data, max_bytes), mapping, include)


def parse_upload(data: bytes, *, mapping: dict[str, str] | None = None,
                 include: Iterable[str] = ()) -> Preview:
    """Read an uploaded file as a CSV, or as a pasted list when it has no CSV header."""
    text = decode(data, MAX_IMPORT_BYTES)
    if mapping is None and _looks_pasted(text):
        return parse_pasted(text)
    return parse_csv_text(text, mapping, include)


def parse_csv_text(text: str, mapping: dict[str, str] | None,
                   include: Iterable[str] = ()) -> Preview:
    """Read decoded CSV text into a Preview."""
    include = included(include)
    table = read_table(text)
    header = table.header
    keys = [header_key(h) for h in header]
    named_columns = [h for h in header if h]
    if mapping is not None:
        format_name, columns = "csv", resolve_mapping(mapping, header)
    else:
        format_name, columns = recognise(keys), guess_columns(keys, table.sample)
        if not has_name(columns):
            raise NeedsMapping(
                "No column in this file looks like the attendees' names; "
                "choose which column holds what.",
                columns=named_columns,
                guess={field: header[i] for field, i in columns.items()},
            )
    claimed = set(columns.values()) | name_columns(keys)
    if mapping is None and (ref := ref_column(keys, table.sample, claimed)) is not None:
        columns["ref"] = ref
        claimed.add(ref)
    statuses = status_columns(keys, claimed)
    host = host_column(keys, claimed | set(statuses))
    claimed |= {*statuses, *([host] if host is not None else [])}
    questions = answer_columns(header, keys, table.sample, claimed)
    columns = dict(sorted(columns.items(), key=lambda item: item[1]))  # notes in sheet order
    labels = {field: f"the “{header[i]}” cell" for field, i in columns.items()}
    headers = {field: header[i] for field, i in columns.items()}
    width = max((*claimed, *(i for i, _ in questions))) + 1
    notes = Collector()
    for row in table.preamble:
        notes.skip(row, PREAMBLE)
    counts: Counter[str] = Counter()  # the rows of each status but attending
    rows = 0  # the rows read as people (attending or included), the others are in counts
    column_items = tuple(columns.items())
    read = 0
    for row, cells in table.rows:
        read += 1
        if read > MAX_IMPORT_ROWS:
            raise ImportProblem(TOO_MANY_ROWS)
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))  # a short row: the missing cells are empty
        status, kind, where = ATTENDING, ATTENDING, 0
        for where in statuses:
            status, kind = read_status(cells[where])
            if kind != ATTENDING:
                break
        if kind != ATTENDING:
            counts[kind] += 1
            if kind not in include:
                notes.leave_out(row, f"marked “{status}” in {header[where]}", kind)
                continue
        rows += 1
        answers, formulas = read_answers(cells, questions) if questions else ([], 0)
        if formulas:
            notes.warn(row, f"{formulas} registration answer{'s' if formulas > 1 else ''} "
                            "held a spreadsheet formula and " + ("were" if formulas > 1 else
                                                                 "was") + " left out")
        if kind != ATTENDING:  # included by the owner's choice: the person screen says so
            answers.append((header[where], status))
        raw = {field: cells[i] for field, i in column_items}
        person = build_person(row, raw, labels, notes, host is not None and is_yes(cells[host]),
                              answers, headers)
        if person is not None:
            notes.add(row, person)
    preview = notes.preview(format_name, named_columns, headers)
    attending = rows - sum(counts[kind] for kind in include)
    preview.statuses = {ATTENDING: attending, **counts} if statuses else {}
    if preview.statuses and not attending:
        del preview.statuses[ATTENDING]
    preview.included = include
    preview.questions = list(dict.fromkeys(
        question for person in preview.people for question, _ in person.answers))
    return preview


@functools.lru_cache(maxsize=256)  # a status column holds a handful of values, once per row
def read_status(cell: str) -> tuple[str, str]:
    """Return a status cell cleaned, and its category (statuses.py)."""
    status = clean_cell(cell)
    return status, category(status)


def _looks_pasted(text: str) -> bool:
    """Tell whether text is a list of people rather than a CSV with a header row."""
    rest, delimiter = split_sep_line(text)
    if delimiter:
        return False
    delimiter = sniff_delimiter(rest)
    lines = csv.reader(io.StringIO(rest[:65536], newline=""), delimiter=delimiter)
    try:
        for _, cells in zip(range(HEADER_SEARCH), lines, strict=False):
            if sum(1 for cell in cells if known_header(header_key(cell))) >= 2:
                return False  # a header row, maybe below a title
    except csv.Error:
        pass
    line = first_record_text(rest)
    cells = next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])
    keys = [header_key(cell) for cell in cells]
    if recognise(keys) != "csv" or has_name(guess_columns(keys, [])):
        return False
    if len(cells) < 2 or any(mark in line for mark in ("—", "–", " | ")):
        return True
    # Exports write "a,b,c"; people write "Nadia Haddad, Software Engineer, Acme".
    return delimiter == "," and line.count(", ") * 2 >= line.count(",")
