"""Who is attending: what a status cell (approval, RSVP, ticket, void) says about a row.

Exports mark every row, and only some of them are people who are coming: Luma lists the invited
and those waiting for approval, Eventbrite keeps refunded and cancelled tickets, Meetup keeps the
"No" RSVPs, Tito voided tickets. Each status falls in one category; only ATTENDING rows are
imported, unless the owner chooses to include the waitlist or the pending ones too.
"""

import functools
import re

from ..rules.names import fold_text

ATTENDING = "attending"
# Category -> what the preview calls it. Order: how the preview lists the counts.
LABELS = {
    ATTENDING: "Attending",
    "pending": "Pending approval",
    "waitlist": "Waitlist",
    "invited": "Invited, not registered",
    "declined": "Declined",
    "cancelled": "Cancelled",
    "refunded": "Refunded",
    "void": "Void",
    "transferred": "Transferred to someone else",
}
# The categories an owner may choose to import anyway: they may still come.
INCLUDABLE = ("waitlist", "pending")

# Words inside a folded status, checked in this order: "not approved" is declined before
# "approved" could count, "refund pending" is refunded before "pending" could count, and
# "awaiting approval" is pending before its "waiting" could make it the waitlist.
_WORDS = (
    ("void", ("void",)),
    ("refunded", ("refund", "reembols", "rembours", "erstattet")),
    ("cancelled", ("cancel", "deleted", "removed", "storn", "annul", "zrusen")),
    ("transferred", ("transfer",)),
    ("declined", ("declin", "reject", "denied", "not ", "no show", "rechaz", "abgelehnt",
                  "refuse", "odmitnut", "rsvp no", "rsvp n")),
    ("pending", ("pending", "awaiting", "approval", "requested", "review", "unconfirmed",
                 "applied", "pendiente", "ausstehend", "ceka")),
    ("waitlist", ("waitlist", "wait list", "waiting", "warteliste", "espera", "attente",
                  "nahradnik")),
    ("invited", ("invite", "invitad", "eingeladen", "pozvan")),
)
# Whole values that say no: Meetup's RSVP "No", a "Going?" column's "n" or "false".
_NO = frozenset({"no", "n", "false", "0", "nein", "non", "ne", "nao"})
_PUNCTUATION = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=512)  # a status column holds a handful of values, read per row
def category(value: str) -> str:
    """Return the category of a status cell; anything not known to mean otherwise is attending."""
    folded = _PUNCTUATION.sub(" ", fold_text(value)).strip()
    if not folded:
        return ATTENDING
    if folded in _NO:
        return "declined"
    for name, words in _WORDS:
        if any(word in folded for word in words):
            return name
    return ATTENDING


def included(choice) -> frozenset[str]:
    """Return the includable categories named in a stored or submitted choice (junk ignored)."""
    return frozenset(name for name in (choice or ()) if name in INCLUDABLE)
