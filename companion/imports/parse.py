"""Read an uploaded attendee CSV, or a pasted list, into a Preview."""

import csv
import functools
import io

from .decode import decode
from .formats import (
    HOST_HEADERS,
    STATUS_HEADERS,
    find_column,
    guess_columns,
    has_name,
    header_key,
    is_yes,
    recognise,
    resolve_mapping,
    status_verdict,
)
from .model import MAX_IMPORT_BYTES, NeedsMapping, Preview
from .pasted import parse_pasted
from .people import Collector, build_person
from .rows import clean_cell
from .table import first_record_text, read_table, sniff_delimiter, split_sep_line


def parse_attendees(data: bytes, *, mapping: dict[str, str] | None = None,
                    max_bytes: int = MAX_IMPORT_BYTES) -> Preview:
    """Read an attendee CSV of any supported layout; a mapping forces the generic reading."""
    return parse_csv_text(decode(data, max_bytes), mapping)


def parse_upload(data: bytes, *, mapping: dict[str, str] | None = None) -> Preview:
    """Read an uploaded file as a CSV, or as a pasted list when it has no CSV header."""
    text = decode(data, MAX_IMPORT_BYTES)
    if mapping is None and _looks_pasted(text):
        return parse_pasted(text)
    return parse_csv_text(text, mapping)


def parse_csv_text(text: str, mapping: dict[str, str] | None) -> Preview:
    """Read decoded CSV text into a Preview."""
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
    columns = dict(sorted(columns.items(), key=lambda item: item[1]))  # notes in sheet order
    status_column = find_column(keys, STATUS_HEADERS)
    host_column = find_column(keys, HOST_HEADERS)
    labels = {field: f"the “{header[i]}” cell" for field, i in columns.items()}
    used = [i for i in (*columns.values(), status_column, host_column) if i is not None]
    width = max(used) + 1
    notes = Collector()
    column_items = tuple(columns.items())
    for row, cells in table.rows:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))  # a short row: the missing cells are empty
        if status_column is not None:
            status, verdict = read_status(cells[status_column])
            if verdict == "skip":
                notes.skip(row, f"marked “{status}” in {header[status_column]}")
                continue
            if verdict == "warn":
                notes.warn(row, f"marked “{status}” in {header[status_column]}; imported anyway")
        raw = {field: cells[i] for field, i in column_items}
        is_host = host_column is not None and is_yes(cells[host_column])
        person = build_person(row, raw, labels, notes, is_host)
        if person is not None:
            notes.add(row, person)
    return notes.preview(format_name, named_columns,
                         {field: header[i] for field, i in columns.items()})


@functools.lru_cache(maxsize=256)  # a status column holds a handful of values, once per row
def read_status(cell: str) -> tuple[str, str | None]:
    """Return a status cell cleaned, and whether its row is skipped, warned about or neither."""
    status = clean_cell(cell)
    return status, status_verdict(status)


def _looks_pasted(text: str) -> bool:
    """Tell whether text is a list of people rather than a CSV with a header row."""
    rest, delimiter = split_sep_line(text)
    if delimiter:
        return False
    line = first_record_text(rest)
    delimiter = sniff_delimiter(rest)
    cells = next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])
    keys = [header_key(cell) for cell in cells]
    if recognise(keys) != "csv" or has_name(guess_columns(keys, [])):
        return False
    if len(cells) < 2 or any(mark in line for mark in ("—", "–", " | ")):
        return True
    # Exports write "a,b,c"; people write "Nadia Haddad, Software Engineer, Acme".
    return delimiter == "," and line.count(", ") * 2 >= line.count(",")
