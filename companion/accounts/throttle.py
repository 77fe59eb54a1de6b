"""Login throttling: too many wrong passwords for one email or from one address wait a while.

Failures live in the database, not in process memory, so every worker (and every restart)
sees the same count. Each failure is a row of its own: workers only ever insert, never update
a shared counter, and rows older than the window are deleted as new ones arrive.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from ..db import db, now_utc
from ..models import LoginAttempt
from ..rules.emails import fold_email

KEY_LENGTH = 300


@dataclass(frozen=True)
class Limits:
    """How many failures a key may have within the window before it must wait."""

    # Per email: guessing one person's password gets a handful of tries per window.
    per_email: int = 5
    # Per address: password spraying across many emails; generous, since an office or a venue
    # shares one address between many honest people.
    per_address: int = 30
    window: timedelta = timedelta(minutes=15)


def configured_limits(config) -> Limits:
    """Return the limits an app's configuration sets (LOGIN_* settings)."""
    return Limits(
        per_email=config["LOGIN_MAX_FAILURES"],
        per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
    )


class TooManyAttempts(Exception):
    """Logging in is paused for a while; the message says how long, for the person."""

    def __init__(self, wait: timedelta):
        self.minutes = max(1, math.ceil(wait.total_seconds() / 60))
        unit = "minute" if self.minutes == 1 else "minutes"
        super().__init__(f"Too many attempts; try again in {self.minutes} {unit}.")


def email_key(email: str) -> str:
    return "email:" + fold_email(email)[: KEY_LENGTH - 6]


def address_key(address: str | None) -> str:
    return "ip:" + (address or "unknown")[: KEY_LENGTH - 3]


def _keys(email: str, address: str | None, limits: Limits) -> list[tuple[str, int]]:
    return [(email_key(email), limits.per_email), (address_key(address), limits.per_address)]


def blocked_until(key: str, limit: int, limits: Limits, now: datetime) -> datetime | None:
    """Return when the key may try again, or None when it may try now."""
    # With `limit` failures in the window the key waits until the limit-th newest one expires.
    oldest_counted = db.session.execute(
        select(LoginAttempt.failed_at)
        .where(LoginAttempt.key == key, LoginAttempt.failed_at > now - limits.window)
        .order_by(LoginAttempt.failed_at.desc()).offset(limit - 1).limit(1)
    ).scalar()
    return None if oldest_counted is None else oldest_counted + limits.window


def check_allowed(email: str, address: str | None, limits: Limits = Limits(),
                  now: datetime | None = None) -> None:
    """Raise TooManyAttempts when the email or the address has failed too often lately."""
    now = now or now_utc()
    waits = [
        until - now for key, limit in _keys(email, address, limits)
        if (until := blocked_until(key, limit, limits, now)) is not None
    ]
    if waits:
        raise TooManyAttempts(max(waits))


def record_failure(email: str, address: str | None, limits: Limits = Limits(),
                   now: datetime | None = None) -> None:
    """Count a wrong password against the email and the address; commit."""
    now = now or now_utc()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.failed_at <= now - limits.window))
    db.session.add_all(
        LoginAttempt(key=key, failed_at=now) for key, _ in _keys(email, address, limits)
    )
    db.session.commit()


def clear_failures(email: str) -> None:
    """Forget the email's failures (after a success, or with the account); do not commit.

    The address's failures stay: one good login must not reset a spray across other accounts.
    """
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == email_key(email)))
