"""The plain data an import produces, and the errors that stop one."""

from dataclasses import dataclass, field

from ..rules.names import name_key

MAX_IMPORT_BYTES = 32 * 1024 * 1024
FIELDS = ("name", "title", "company", "email", "linkedin", "url")
# What a column mapping may name: the person's fields plus the columns some exports split or join.
MAPPING_FIELDS = (
    "name", "first_name", "last_name", "title", "company", "title_company",
    "email", "linkedin", "url",
)


@dataclass(frozen=True, slots=True)
class ParsedAttendee:
    """One attendee as read from an import."""

    name: str
    title: str = ""
    company: str = ""
    email: str = ""
    linkedin: str = ""
    url: str = ""
    is_host: bool = False

    @property
    def key(self) -> str:
        """Return the identity a re-import uses to update this person instead of adding one."""
        if self.email:
            return f"email:{self.email.lower()}"
        return f"name:{name_key(self.name)}"


@dataclass
class RowNote:
    """Why a row was skipped, or what to know about a row that was imported."""

    row: int  # spreadsheet row number (the header row is 1); for pasted text, the line number
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass
class Preview:
    """What an import would save, and what it would leave out and why."""

    format: str  # "luma" | "eventbrite" | "meetup" | "csv" | "pasted"
    people: list[ParsedAttendee]
    skipped: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)


class ImportProblem(ValueError):
    """The file as a whole cannot be imported; the message is one sentence for a person."""


class NeedsMapping(ImportProblem):
    """A CSV whose name column cannot be guessed: ask which column holds what."""

    def __init__(self, message: str, columns: list[str], guess: dict[str, str]):
        super().__init__(message)
        self.columns = columns
        self.guess = guess
