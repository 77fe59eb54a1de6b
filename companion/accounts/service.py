"""Creating and checking accounts, shared by the web forms and the CLI."""

import re

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .clock import next_version
from .db import db
from .models import Card, User, derived_id

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
MIN_PASSWORD = 8
MAX_PASSWORD = 256


class AccountError(ValueError):
    """A request about an account that cannot be met; the message is for the person."""


def normalise_email(email: str) -> str:
    # NUL is never part of an address, and PostgreSQL refuses it in text: drop it here, once.
    return (email or "").replace("\x00", "").strip().lower()


def check_new_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"Choose a password of at most {MAX_PASSWORD} characters.")
    if len(set(password)) < 3:
        raise AccountError("Choose a password that is not one repeated character.")


def create_user(email: str, password: str, name: str = "") -> User:
    """Create an account and its card, seeded from what the account knows; do not commit."""
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError("Enter a valid email address.")
    check_new_password(password)
    if find_user(email) is not None:
        raise AccountError("An account with that email already exists.")
    user = User(email=email, password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.flush()
    name = (name or "").strip()[:200]
    db.session.add(Card(
        id=derived_id("card", user.id), user_id=user.id, name=name, email=email,
        in_qr=["name", "title", "company", "email"],
        # Versioned like any synced change, so the user's devices pull the card.
        version=next_version(),
    ))
    return user


def find_user(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


# Checked against when the email is unknown, so a wrong email costs the same time as a wrong
# password and response times do not reveal who has an account.
DECOY_HASH = generate_password_hash("decoy password never used")


def authenticate(email: str, password: str) -> User | None:
    """Return the user whose password matches, or None."""
    user = find_user(email)
    if user is None:
        check_password_hash(DECOY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    return user
