"""The plain data an import produces, and the errors that stop one."""

from dataclasses import dataclass, field
from urllib.parse import unquote

from ..rules.links import LINKEDIN_PROFILE
from ..rules.names import name_key

MAX_IMPORT_BYTES = 32 * 1024 * 1024
# The most rows one import reads. The server holds an object per person while it checks,
# previews and saves a list (README: Conference scale, memory): 250,000 rows peak at about
# 450 MB in a worker, and narrow rows fit many more than that in MAX_IMPORT_BYTES (443,000
# rows of name, email and company in 24 MiB peaked at 588 MB).
MAX_IMPORT_ROWS = 250_000
TOO_MANY_ROWS = (f"This list has more than {MAX_IMPORT_ROWS:,} rows, the most one import "
                 "reads; import a shorter list.")
FIELDS = ("name", "title", "company", "email", "linkedin", "url")
# What a column mapping may name: the person's fields plus the columns some exports split or join,
# and the member or ticket id that tells people without an email apart.
MAPPING_FIELDS = (
    "name", "first_name", "last_name", "title", "company", "title_company",
    "email", "linkedin", "url", "ref",
)
# What each kind of identity is called in the preview's notes.
IDENTITY_NAMES = {"email": "email", "ref": "member or ticket id", "linkedin": "LinkedIn profile",
                  "url": "profile link", "name": "name"}


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
    ref: str = ""  # a member id, ticket reference or the like, unique to this person in the list
    answers: tuple[tuple[str, str], ...] = ()  # registration answers: (question, answer)
    identity: str = ""  # the key, when another person's link made the surest one ambiguous

    @property
    def key(self) -> str:
        """Return the identity a re-import uses to update this person instead of adding one."""
        if self.identity:
            return self.identity
        if self.email:  # the common case first: this runs for every row of a 70,000-row list
            return f"email:{self.email.lower()}"
        found = self.identities()
        return found[0][1] if found else self.name_identity

    @property
    def name_identity(self) -> str:
        return f"name:{name_key(self.name)}"

    def identities(self) -> list[tuple[str, str]]:
        """Return (kind, key) for every identity this person has but the name, surest first.

        An email says who someone is; failing that a member or ticket id, then a profile link.
        The name (name_identity) comes after all of them, because two people can share one.
        """
        found = []
        if self.email:
            found.append(("email", f"email:{self.email.lower()}"))
        if self.ref:
            found.append(("ref", f"ref:{self.ref.casefold()}"))
        if self.linkedin:
            slug = self.linkedin.removeprefix(LINKEDIN_PROFILE)
            if "%" in slug:  # "zo%C3%AB" and "zoë" are one profile
                slug = unquote(slug)
            found.append(("linkedin", f"linkedin:{slug.casefold()}"))
        if self.url:
            found.append(("url", f"url:{self.url.split('://', 1)[-1].rstrip('/').casefold()}"))
        return found


@dataclass
class RowNote:
    """Why a row was skipped, or what to know about a row that was imported."""

    row: int  # spreadsheet row number (the header row is 1); for pasted text, the line number
    reason: str
    status: str = ""  # for a row not attending: its category (imports/statuses.py)

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass
class Preview:
    """What an import would save, and what it would leave out and why."""

    format: str  # "luma" | "eventbrite" | "meetup" | "tito" | "csv" | "pasted"
    people: list[ParsedAttendee]
    skipped: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    not_attending: list[RowNote] = field(default_factory=list)  # left out for their status
    folded: list[RowNote] = field(default_factory=list)  # rows merged into an earlier person
    statuses: dict[str, int] = field(default_factory=dict)  # category -> rows, all of them
    included: frozenset[str] = frozenset()  # categories imported although not attending
    questions: list[str] = field(default_factory=list)  # registration answers kept, by column


class ImportProblem(ValueError):
    """The file as a whole cannot be imported; the message is one sentence for a person."""


class NeedsMapping(ImportProblem):
    """A CSV whose name column cannot be guessed: ask which column holds what."""

    def __init__(self, message: str, columns: list[str], guess: dict[str, str]):
        super().__init__(message)
        self.columns = columns
        self.guess = guess
