"""The server version: one rising number that orders every change to synced records."""

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..db import db
from ..models import ServerClock


def next_version() -> int:
    """Take the next server version.

    The UPDATE locks the clock row until commit, so pushes are applied one after another and
    their versions become visible in the order they were issued.
    """
    for _ in range(2):
        version = db.session.execute(
            update(ServerClock).where(ServerClock.id == 1)
            .values(version=ServerClock.version + 1).returning(ServerClock.version)
        ).scalar_one_or_none()
        if version is not None:
            return version
        # A new database: the first version makes the row. Two requests may both try; the
        # one that loses waits for the other's row, then bumps it like any later request.
        try:
            with db.session.begin_nested():
                db.session.add(ServerClock(id=1, version=1))
            return 1
        except IntegrityError:
            continue
    raise RuntimeError("the server clock row could not be made")


def current_version() -> int:
    return db.session.execute(select(ServerClock.version).where(ServerClock.id == 1)).scalar() or 0
