"""Register, log in, log out."""

from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from .accounts import AccountError, authenticate, create_user
from .db import db
from .ratelimit import Limits, TooManyAttempts, check_allowed, clear_failures, record_failure
from .security import session_stamp

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str:
    """Return a local path to continue to; never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("events.list_events")


def start_session(user) -> None:
    # A fresh session on every login: nothing from before (or planted) carries over.
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    # Ties the session to this password: a password change or a deleted account ends it.
    session["stamp"] = session_stamp(user)


def login_limits() -> Limits:
    """Return the throttling limits, adjustable in the configuration."""
    config = current_app.config
    return Limits(
        per_email=config.get("LOGIN_MAX_FAILURES", Limits.per_email),
        per_address=config.get("LOGIN_MAX_FAILURES_PER_ADDRESS", Limits.per_address),
        window=timedelta(minutes=config.get("LOGIN_WINDOW_MINUTES", 15)),
    )


def check_password_throttled(email: str, password: str):
    """Return the user whose password matches, None when it does not; raise TooManyAttempts.

    Every password check goes through here (login, and the account page's confirmations), so
    a stolen session cannot guess the password faster than the login form can.
    """
    limits = login_limits()
    check_allowed(email, request.remote_addr, limits)
    user = authenticate(email, password)
    if user is None:
        record_failure(email, request.remote_addr, limits)
        return None
    clear_failures(email)
    return user


@bp.route("/register", methods=("GET", "POST"))
def register():
    if request.method == "POST":
        try:
            user = create_user(
                request.form.get("email", ""), request.form.get("password", ""),
                request.form.get("name", ""),
            )
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template("auth/register.html"), 400
        db.session.commit()
        start_session(user)
        return redirect(url_for("events.list_events"))
    return render_template("auth/register.html")


@bp.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "POST":
        try:
            user = check_password_throttled(
                request.form.get("email", ""), request.form.get("password", "")
            )
        except TooManyAttempts as wait:
            flash(str(wait), "error")
            response = current_app.make_response((render_template("auth/login.html"), 429))
            response.headers["Retry-After"] = str(wait.minutes * 60)
            return response
        if user is None:
            flash("Incorrect email or password.", "error")
            return render_template("auth/login.html"), 401
        start_session(user)
        db.session.commit()  # the cleared failures
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html")


@bp.route("/logout", methods=("POST",))
def logout():
    session.clear()
    g.user = None
    return redirect(url_for("auth.login"))
