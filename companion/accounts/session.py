"""Who is asking: the session a login starts, the user it names, and pages that need one.

The cookie is signed and holds a random token; the server keeps the token's hash in
user_sessions. A session is valid while its row exists and is younger than
PERMANENT_SESSION_LIFETIME, so logging out (which deletes the row) ends it on the server: a
copied cookie stops working at once, on every worker.
"""

import functools
import hashlib
import secrets
from datetime import timedelta

from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import delete, select

from ..db import db, now_utc
from ..models import User, UserSession

# Which account this browser is logged in as, readable by the offline app (static/js/store/
# account.js): it opens that account's own database, so another account logging in on the
# device never sees the first one's records or outbox. Not a credential: the session is.
ACCOUNT_COOKIE = "companion_account"
ACCOUNT_COOKIE_DAYS = 400


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime() -> timedelta:
    value = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def start_session(user: User) -> None:
    """Log the user in on this browser, in a fresh session; the caller commits.

    Beyond SESSIONS_PER_USER the user's oldest sessions end, and expired ones go.
    """
    end_session()  # whatever this browser was logged in as before ends too
    session.clear()  # nothing from before (or planted) carries over
    token = secrets.token_urlsafe(32)
    session.permanent = True
    session["sid"] = token
    now = now_utc()
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.created_at <= now - lifetime()))
    keep = max(current_app.config["SESSIONS_PER_USER"] - 1, 0)
    oldest = db.session.execute(
        select(UserSession.id).where(UserSession.user_id == user.id)
        .order_by(UserSession.created_at.desc(), UserSession.id).offset(keep)
    ).scalars().all()
    if oldest:
        db.session.execute(delete(UserSession).where(UserSession.id.in_(oldest)))
    db.session.add(UserSession(id=token_hash(token), user_id=user.id, created_at=now))
    g.user = user


def end_session() -> None:
    """End this browser's session on the server (its row goes); the caller commits."""
    token = session.get("sid")
    if isinstance(token, str):
        db.session.execute(delete(UserSession).where(UserSession.id == token_hash(token)))
    session.clear()
    g.user = None


def end_other_sessions(user: User) -> None:
    """End every session of the user but this browser's; the caller commits."""
    token = session.get("sid")
    keep = token_hash(token) if isinstance(token, str) else ""
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.id != keep))


def end_every_session(user: User) -> None:
    """End every session of the user, this one included; the caller commits."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.clear()
    g.user = None


def load_user() -> None:
    """Put the logged-in user (or None) in `g.user` for this request."""
    token = session.get("sid")
    user = None
    if isinstance(token, str):
        user = db.session.execute(
            select(User).join(UserSession, UserSession.user_id == User.id).where(
                UserSession.id == token_hash(token),
                UserSession.created_at > now_utc() - lifetime(),
            )
        ).scalar_one_or_none()
    if user is None and token is not None:
        session.clear()  # a session that ended: nothing of it stays
    g.user = user


def name_account(response, user: User | None):
    """Tell the offline app which account is logged in on this browser (None: nobody)."""
    if user is None:
        response.delete_cookie(ACCOUNT_COOKIE, path="/")
    else:
        response.set_cookie(
            ACCOUNT_COOKIE, str(user.id), max_age=ACCOUNT_COOKIE_DAYS * 24 * 3600, path="/",
            secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax", httponly=False,
        )
    return response


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
