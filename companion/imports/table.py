"""Split CSV text into a header and numbered rows, whatever the delimiter and Excel habits."""

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .model import ImportProblem
from .rows import clean_cell

DELIMITERS = (",", ";", "\t")
# Excel writes `sep=;` as a first line to say which delimiter follows; it is not a row.
_SEP_LINE = re.compile(r'"?sep=(.)"?[ \t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)
_CSV_PROBLEMS = {
    "unexpected end of data": "a quoted cell is never closed",
    "expected after": "a closing quote is followed by more text",
    "field larger than field limit": "a cell is far too long, usually a quote that is never closed",
}


SAMPLE_ROWS = 200


@dataclass
class Table:
    """A CSV's header names and its non-empty rows, each with its spreadsheet row number."""

    header: list[str]
    sample: list[tuple[int, list[str]]]  # the first rows, for guessing what columns hold
    rows: Iterator[tuple[int, list[str]]]  # every row, sample included, read as it is consumed


def read_table(text: str) -> Table:
    """Parse CSV text into a Table, raising ImportProblem for a malformed or empty one.

    Rows past the sample are parsed while Table.rows is iterated, so a malformed row there
    raises from the iteration; streaming keeps a large file from sitting in memory twice.
    """
    text, delimiter = split_sep_line(text)
    records = _records(text, delimiter or sniff_delimiter(text))
    first = next(records, None)
    if first is None:
        raise ImportProblem("The file is empty: no attendees found.")
    header = [clean_cell(cell) for cell in first[1]]
    while header and not header[-1]:
        header.pop()  # Excel keeps empty columns that once held something
    sample = list(itertools.islice(records, SAMPLE_ROWS))
    if not sample:
        raise ImportProblem("The file has a header row but no attendees: no attendees found.")
    return Table(header, sample, itertools.chain(sample, records))


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (spreadsheet row number, cells) for every row that is not entirely empty."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row_number = 0
    try:
        for row_number, cells in enumerate(reader, start=1):
            # Spreadsheets end with, and may contain, empty rows; the first cell usually settles it.
            if cells and (cells[0].strip() or "".join(cells).strip()):
                yield row_number, cells
    except csv.Error as error:
        raise ImportProblem(
            f"Row {row_number + 1} is not valid CSV ({_explain(error)}); "
            "fix it in the spreadsheet and export again."
        ) from None


def split_sep_line(text: str) -> tuple[str, str | None]:
    """Remove a leading BOM and Excel `sep=` line; return the rest and the delimiter it named."""
    text = text.removeprefix("\ufeff")
    match = _SEP_LINE.match(text)
    if match:
        return text[match.end():], match.group(1)
    return text, None


def sniff_delimiter(text: str) -> str:
    """Return the delimiter that splits the header into the most cells (comma on a tie)."""
    header_line = first_record_text(text)
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        cells = next(csv.reader(io.StringIO(header_line, newline=""), delimiter=delimiter), [])
        if len(cells) > best_count:
            best, best_count = delimiter, len(cells)
    return best


def first_record_text(text: str) -> str:
    """Return the first non-blank line, extended while a quote opened in it is still open."""
    lines = iter(text[:65536].splitlines())
    record = next((line for line in lines if line.strip()), "")
    while record.count('"') % 2:
        more = next(lines, None)
        if more is None:
            break
        record += "\n" + more
    return record


def _explain(error: csv.Error) -> str:
    message = str(error)
    for fragment, explanation in _CSV_PROBLEMS.items():
        if fragment in message:
            return explanation
    return message
