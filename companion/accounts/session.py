"""Who is asking: the session a login starts, the user it names, and pages that need one."""

import functools
import hashlib

from flask import abort, g, redirect, request, session, url_for

from ..db import db
from ..models import User


def session_stamp(user: User) -> str:
    """Return a fingerprint of the user's password hash, kept in the session at login.

    A session then ends when the password changes (other devices are logged out) or when the
    account is deleted, even if a new account later gets the same id.
    """
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def start_session(user) -> None:
    """Log the user in on this browser, in a fresh session."""
    # Nothing from before (or planted) carries over.
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    # Ties the session to this password: a password change or a deleted account ends it.
    session["stamp"] = session_stamp(user)


def load_user() -> None:
    """Put the logged-in user (or None) in `g.user` for this request."""
    user_id = session.get("user_id")
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is not None and session.get("stamp") != session_stamp(user):
        session.clear()
        user = None
    g.user = user


def wants_json() -> bool:
    return request.path.startswith("/api/")


def login_required(view):
    """Send anonymous visitors to the login page (or answer 401 on the API)."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            if wants_json():
                abort(401)
            return redirect(url_for("auth.login", next=request.full_path))
        return view(**kwargs)

    return wrapped
