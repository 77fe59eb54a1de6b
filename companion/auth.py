"""Register, log in, log out."""

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from .accounts import AccountError, authenticate, create_user
from .db import db

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
        user = authenticate(request.form.get("email", ""), request.form.get("password", ""))
        if user is None:
            flash("Incorrect email or password.", "error")
            return render_template("auth/login.html"), 401
        start_session(user)
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html")


@bp.route("/logout", methods=("POST",))
def logout():
    session.clear()
    g.user = None
    return redirect(url_for("auth.login"))
