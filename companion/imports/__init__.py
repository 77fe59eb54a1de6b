"""Read attendee lists (Luma, Eventbrite, Meetup, any CSV, a pasted list) into people."""

from .model import (
    FIELDS,
    MAPPING_FIELDS,
    MAX_IMPORT_BYTES,
    ImportProblem,
    NeedsMapping,
    Person,
    Preview,
    RowNote,
)
from .parse import parse_attendees, parse_upload
from .pasted import parse_pasted

__all__ = [
    "FIELDS",
    "MAPPING_FIELDS",
    "MAX_IMPORT_BYTES",
    "ImportProblem",
    "NeedsMapping",
    "Person",
    "Preview",
    "RowNote",
    "parse_attendees",
    "parse_pasted",
    "parse_upload",
]
