"""The server version: one rising number that orders every change to synced records."""

from sqlalchemy import select, update

from ..db import db
from ..models import ServerClock


def next_version() -> int:
    """Take the next server version.

    The UPDATE locks the clock row until commit, so pushes are applied one after another and
    their versions become visible in the order they were issued.
    """
    version = db.session.execute(
        update(ServerClock).where(ServerClock.id == 1)
        .values(version=ServerClock.version + 1).returning(ServerClock.version)
    ).scalar_one_or_none()
    if version is None:
        db.session.add(ServerClock(id=1, version=1))
        db.session.flush()
        version = 1
    return version


def current_version() -> int:
    return db.session.execute(select(ServerClock.version).where(ServerClock.id == 1)).scalar() or 0
