"""Throttling: wrong passwords make further guesses wait, without ever locking the owner out.

Who is counted, within LOGIN_WINDOW_MINUTES:
- A browser that logged in to the account before carries a signed cookie saying so
  (KNOWN_BROWSER_COOKIE). Its attempts on that account count against that browser alone
  (LOGIN_MAX_FAILURES): nobody else's guessing, from any address, can pause it, so the owner
  logs in from their own phone even while someone on the venue's Wi-Fi guesses at their email.
- Any other browser counts against the email from its address (LOGIN_MAX_FAILURES), the email
  from all unknown browsers together (LOGIN_MAX_FAILURES_PER_EMAIL) and its address
  (LOGIN_MAX_FAILURES_PER_ADDRESS). Guessing stays slow however many addresses guess.

An attempt is counted before the password is checked: its rows are inserted and committed,
then counted, and an attempt that finds itself over a limit takes its rows back and is refused
without a check. Each request of a burst counts at least every row committed before its own, so
no more of them than the limit reach the password check, on any number of workers. A correct
password takes its own rows back and clears the browser's (or the email-and-address) count.

Rows live in the database (every worker sees them), a row per attempt (nobody updates a shared
counter), and go once their window has passed. Registrations per address are counted the same way.
"""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func, or_, select

from ..db import db, now_utc
from ..models import LoginAttempt
from ..rules.emails import fold_email

KEY_LENGTH = 300
KNOWN_BROWSER_COOKIE = "companion_browser"
KNOWN_BROWSER_DAYS = 400  # about the longest a browser keeps a cookie
KNOWN_ACCOUNTS = 5  # accounts one browser is known to, most recent first
LOGIN_PREFIXES = ("browser:", "pair:", "email:", "ip:")
REGISTER_PREFIX = "register:"


@dataclass(frozen=True)
class Limits:
    """How many wrong passwords each key may have within the window before it must wait."""

    per_browser: int = 5
    # One email from one address; generous per address below, since an office or a venue
    # shares one address between many honest people.
    per_pair: int = 5
    per_email: int = 20
    per_address: int = 30
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class RegistrationLimits:
    per_address: int = 10
    window: timedelta = timedelta(minutes=60)


def configured_limits(config) -> Limits:
    """Return the limits an app's configuration sets (LOGIN_* settings)."""
    return Limits(
        per_browser=config["LOGIN_MAX_FAILURES"], per_pair=config["LOGIN_MAX_FAILURES"],
        per_email=config["LOGIN_MAX_FAILURES_PER_EMAIL"],
        per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
    )


def configured_registration_limits(config) -> RegistrationLimits:
    return RegistrationLimits(
        per_address=config["REGISTRATIONS_PER_ADDRESS"],
        window=timedelta(minutes=config["REGISTRATION_WINDOW_MINUTES"]),
    )


class TooManyAttempts(Exception):
    """Logging in is paused for a while; the message says how long, for the person."""

    def __init__(self, wait: timedelta, what: str = "Too many attempts"):
        self.minutes = max(1, math.ceil(wait.total_seconds() / 60))
        unit = "minute" if self.minutes == 1 else "minutes"
        super().__init__(f"{what}; try again in {self.minutes} {unit}.")


def hashed(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "replace")).hexdigest()[:40]


def email_key(email: str) -> str:
    return "email:" + fold_email(email)[: KEY_LENGTH - 6]


def address_key(address: str | None) -> str:
    return "ip:" + (address or "unknown")[: KEY_LENGTH - 3]


def login_keys(email: str, address: str | None, browser: str | None,
               limits: Limits) -> list[tuple[str, int]]:
    """Return the keys an attempt counts against, the one a success clears first."""
    if browser is not None:
        return [("browser:" + browser, limits.per_browser)]
    return [("pair:" + hashed(fold_email(email), address or ""), limits.per_pair),
            (email_key(email), limits.per_email), (address_key(address), limits.per_address)]


def blocked_until(key: str, limit: int, window: timedelta, now: datetime) -> datetime | None:
    """Return when the key may try again, or None when it may try now."""
    # With `limit` rows in the window the key waits until the limit-th newest one expires.
    oldest_counted = db.session.execute(
        select(LoginAttempt.failed_at)
        .where(LoginAttempt.key == key, LoginAttempt.failed_at > now - window)
        .order_by(LoginAttempt.failed_at.desc()).offset(limit - 1).limit(1)
    ).scalar()
    return None if oldest_counted is None else oldest_counted + window


@dataclass
class Attempt:
    """The rows one counted attempt added: kept as failures, or taken back."""

    ids: list[int]
    keys: list[tuple[str, int]]

    def succeeded(self) -> None:
        """Take the attempt's rows back and clear its first key's count; do not commit."""
        db.session.execute(delete(LoginAttempt).where(or_(
            LoginAttempt.id.in_(self.ids), LoginAttempt.key == self.keys[0][0])))

    def withdraw(self) -> None:
        """Take the attempt's rows back (it did not count after all); commit."""
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(self.ids)))
        db.session.commit()


def count_attempt(keys: list[tuple[str, int]], window: timedelta, prefixes: tuple[str, ...],
                  now: datetime | None = None, what: str = "Too many attempts") -> Attempt:
    """Count one attempt against every key, or raise TooManyAttempts; commit either way."""
    now = now or now_utc()
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.failed_at <= now - window,
        or_(*(LoginAttempt.key.startswith(prefix) for prefix in prefixes)),
    ))
    rows = [LoginAttempt(key=key, failed_at=now) for key, _ in keys]
    db.session.add_all(rows)
    db.session.flush()
    attempt = Attempt([row.id for row in rows], keys)
    db.session.commit()  # visible to every other request before this one counts
    over = [
        (key, limit) for key, limit in keys
        if db.session.scalar(select(func.count()).where(
            LoginAttempt.key == key, LoginAttempt.failed_at > now - window)) > limit
    ]
    if not over:
        return attempt
    attempt.withdraw()
    waits = [until - now for key, limit in over
             if (until := blocked_until(key, limit, window, now)) is not None]
    raise TooManyAttempts(max(waits, default=timedelta(minutes=1)), what)


def count_login(email: str, address: str | None, browser: str | None,
                limits: Limits = Limits(), now: datetime | None = None) -> Attempt:
    """Count a login attempt before its password is checked; raise TooManyAttempts."""
    return count_attempt(login_keys(email, address, browser, limits), limits.window,
                         LOGIN_PREFIXES, now)


def count_registration(address: str | None, limits: RegistrationLimits = RegistrationLimits(),
                       now: datetime | None = None) -> Attempt:
    """Count a new account from the address; raise TooManyAttempts past the limit."""
    key = REGISTER_PREFIX + (address or "unknown")[: KEY_LENGTH - len(REGISTER_PREFIX)]
    return count_attempt([(key, limits.per_address)], limits.window, (REGISTER_PREFIX,), now,
                         "Too many new accounts from this network")


def clear_failures(email: str) -> None:
    """Forget the email's failures (with the account); do not commit."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == email_key(email)))


# ----------------------------------------------------------------- the known-browser cookie

def _serializer(secret_key) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="companion-known-browser")


def read_known_browser(secret_key, cookie: str | None) -> dict:
    """Return the cookie's {"n": browser nonce, "u": [account ids]}, or an empty one."""
    if cookie:
        try:
            value = _serializer(secret_key).loads(cookie)
        except BadSignature:
            value = None
        if isinstance(value, dict) and isinstance(value.get("n"), str) \
                and isinstance(value.get("u"), list):
            return {"n": value["n"], "u": [i for i in value["u"] if type(i) is int]}
    return {"n": "", "u": []}


def browser_key(secret_key, cookie: str | None, user_id: int | None) -> str | None:
    """Return the throttling key of this browser for the account, if it logged in there before."""
    known = read_known_browser(secret_key, cookie)
    if user_id is None or not known["n"] or user_id not in known["u"]:
        return None
    return hashed(known["n"], str(user_id))


def known_browser_cookie(secret_key, cookie: str | None, user_id: int) -> str:
    """Return the cookie value after the account logged in on this browser."""
    known = read_known_browser(secret_key, cookie)
    accounts = [user_id, *(i for i in known["u"] if i != user_id)][:KNOWN_ACCOUNTS]
    return _serializer(secret_key).dumps({"n": known["n"] or secrets.token_urlsafe(18),
                                          "u": accounts})
