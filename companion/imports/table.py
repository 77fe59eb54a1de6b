"""Split CSV text into a header and numbered rows, whatever the delimiter and Excel habits."""

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .headers import header_key, known_header
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
# How far down a title, a date line or a note may push the real header row.
HEADER_SEARCH = 20


@dataclass
class Table:
    """A CSV's header names and its non-empty rows, each with its spreadsheet row number."""

    header: list[str]
    sample: list[tuple[int, list[str]]]  # the first rows, for guessing what columns hold
    rows: Iterator[tuple[int, list[str]]]  # every row, sample included, read as it is consumed
    preamble: list[int] = field(default_factory=list)  # rows above the header: titles, notes


def read_table(text: str) -> Table:
    """Parse CSV text into a Table, raising ImportProblem for a malformed or empty one.

    Rows past the sample are parsed while Table.rows is iterated, so a malformed row there
    raises from the iteration; streaming keeps a large file from sitting in memory twice.
    """
    text, delimiter = split_sep_line(text)
    records = _records(text, delimiter or sniff_delimiter(text))
    head = list(itertools.islice(records, HEADER_SEARCH))
    if not head:
        raise ImportProblem("The file is empty: no attendees found.")
    at = header_index([cells for _, cells in head])
    header = [clean_cell(cell) for cell in head[at][1]]
    while header and not header[-1]:
        header.pop()  # Excel keeps empty columns that once held something
    rest = itertools.chain(head[at + 1:], records)
    sample = list(itertools.islice(rest, SAMPLE_ROWS))
    if not sample:
        raise ImportProblem("The file has a header row but no attendees: no attendees found.")
    return Table(header, sample, itertools.chain(sample, rest), [row for row, _ in head[:at]])


def header_index(rows: list[list[str]]) -> int:
    """Return which of the first rows is the header: titles and notes may come above it.

    The first row naming two columns exports are known to have is the header; failing that,
    the first with at least two cells and half as many as the widest row.
    """
    for index, cells in enumerate(rows):
        if sum(1 for cell in cells if known_header(header_key(cell))) >= 2:
            return index
    filled = [sum(1 for cell in cells if cell.strip()) for cells in rows]
    widest = max(filled)
    return next((i for i, count in enumerate(filled) if count >= 2 and count * 2 >= widest), 0)


# A line as io.StringIO(text, newline="") yields it: up to and with its \r\n, \r or \n.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def lines(text: str) -> Iterator[str]:
    """Yield the lines of text with their endings, one at a time.

    The same lines as iterating io.StringIO(text, newline=""), without its copy of the whole
    text: StringIO keeps four bytes a character, so a 30 MB upload took 120 MB more while it
    was read (README: where the time goes).
    """
    return (match.group() for match in _LINE.finditer(text))


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (spreadsheet row number, cells) for every row that is not entirely empty."""
    reader = csv.reader(lines(text), delimiter=delimiter, strict=True)
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
    """Return the delimiter that splits the first rows most consistently (comma on a tie).

    The rows of a table have the same width, so the delimiter giving the most rows of one width
    (of two cells or more) wins: a title line above the header, or prose with commas in a
    tab-separated file, has a width of its own.
    """
    sample = text[:65536]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths: Counter[int] = Counter()
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            for cells in itertools.islice(reader, HEADER_SEARCH):
                if len(cells) > 1 and "".join(cells).strip():
                    widths[len(cells)] += 1
        except csv.Error:
            pass  # a quote left open in the sample: judge by the rows before it
        if widths:
            width, rows = max(widths.items(), key=lambda item: (item[1], item[0]))
            if (rows, width) > best_score:
                best, best_score = delimiter, (rows, width)
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
