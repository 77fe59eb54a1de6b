"""Read a pasted list of people, one per line, as people write it."""

import re

from .collect import Collector
from .decode import compose
from .headers import is_name_header
from .model import FIELDS, MAX_IMPORT_ROWS, TOO_MANY_ROWS, ImportProblem, Preview
from .people import build_person
from .rows import clean_cell, has_title_company_separator, is_email

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+")
# Between the name and the rest: "Name — Title", "Name – Title", "Name - Title", "Name | Title".
_AFTER_NAME = re.compile(r"\s+[-|]\s+|\s*[—–]\s*")
_ANGLED_EMAIL = re.compile(r"<([^<>\s@]+@[^<>\s]+)>")  # "Ada Lovelace <ada@example.com>"
_LABELS = {field: f"the {field}" for field in FIELDS} | {"title_company": "the title and company"}


def parse_pasted(text: str) -> Preview:
    """Read one person per line: "Name, Title, Company", "Name — Title at Company" or "Name"."""
    notes = Collector()
    found_any = False
    read = 0
    for number, line in enumerate(compose(text).removeprefix("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        read += 1
        if read > MAX_IMPORT_ROWS + 1:  # a header line may come first
            raise ImportProblem(TOO_MANY_ROWS)
        raw = split_line(line)
        if not found_any and is_name_header(raw["name"]):
            found_any = True
            continue  # the header row of a list copied from a spreadsheet
        found_any = True
        person = build_person(number, raw, _LABELS, notes)
        if person is not None:
            notes.add(number, person)
    if not found_any:
        raise ImportProblem("The list is empty: no attendees found.")
    return notes.preview("pasted", [], {})


def split_line(line: str) -> dict[str, str]:
    """Return the raw fields of one pasted line."""
    line = _BULLET.sub("", line, count=1)
    if "\t" in line:  # cells copied from a spreadsheet
        name, _, rest = line.partition("\t")
        rest = rest.replace("\t", ",")
    elif separator := _AFTER_NAME.search(line):
        name, rest = line[: separator.start()], line[separator.end():]
    else:
        name, _, rest = line.partition(",")
    fields = {"name": name}
    if angled := _ANGLED_EMAIL.search(name):
        fields["name"] = name[: angled.start()] + name[angled.end():]
        fields["email"] = angled.group(1)
    words = []
    for part in map(clean_cell, rest.split(",")):
        lowered = part.lower()
        if not part:
            continue
        if "email" not in fields and is_email(part):
            fields["email"] = part
        elif "linkedin" not in fields and "linkedin.com/" in lowered:
            fields["linkedin"] = part
        elif "url" not in fields and lowered.startswith(("http://", "https://", "www.")):
            fields["url"] = part
        else:
            words.append(part)
    described = ", ".join(words)
    if has_title_company_separator(described):
        fields["title_company"] = described
    elif words:
        # "Title, Company" — and company names keep their own commas: "Acme, Inc."
        fields["title"], fields["company"] = words[0], ", ".join(words[1:])
    return fields
