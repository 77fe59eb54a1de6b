"""Register, log in and out (blueprint `auth`); my account: export, password, delete (`account`)."""

import json
import string
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from ..db import db, now_utc
from .service import (
    AccountError,
    check_new_password,
    check_password_throttled,
    create_user,
    delete_user_data,
    export_data,
    set_password,
    summary,
)
from .session import (
    end_every_session,
    end_other_sessions,
    end_session,
    login_required,
    name_account,
    start_session,
)
from .throttle import (
    KNOWN_BROWSER_COOKIE,
    KNOWN_BROWSER_DAYS,
    TooManyAttempts,
    browser_key,
    configured_limits,
    configured_registration_limits,
    count_registration,
    known_browser_cookie,
)

auth = Blueprint("auth", __name__, url_prefix="/auth")
account = Blueprint("account", __name__, url_prefix="/account")

# What a path to continue to may hold: printable ASCII, no spaces or backslashes. Browsers drop
# tabs and line breaks from URLs ("/\t/evil.example" is "//evil.example" to them), and CR or LF
# could never go into a Location header.
NEXT_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?#%[]")


def safe_next(target: str | None) -> str:
    """Return a local path to continue to; never another site."""
    if target and len(target) <= 2000 and set(target) <= NEXT_CHARACTERS:
        parts = urlsplit(target)
        if target.startswith("/") and not target.startswith("//") \
                and not parts.scheme and not parts.netloc:
            return target
    return url_for("events.list_events")


def this_browser(user_id: int) -> str | None:
    return browser_key(current_app.secret_key, request.cookies.get(KNOWN_BROWSER_COOKIE), user_id)


def password_checked(email: str, password: str):
    """Return the user whose password this is, or None; raise TooManyAttempts."""
    return check_password_throttled(
        email, password, request.remote_addr, configured_limits(current_app.config), this_browser
    )


def remember_browser(response, user) -> Response:
    """Mark this browser as one the account logged in on (the throttle trusts it for that),
    and tell the offline app whose database to open."""
    name_account(response, user)
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        known_browser_cookie(current_app.secret_key, request.cookies.get(KNOWN_BROWSER_COOKIE),
                             user.id),
        max_age=int(timedelta(days=KNOWN_BROWSER_DAYS).total_seconds()), httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax", path="/",
    )
    return response


def too_many(template: str, wait: TooManyAttempts):
    flash(str(wait), "error")
    response = current_app.make_response((render_template(template), 429))
    response.headers["Retry-After"] = str(wait.minutes * 60)
    return response


@auth.route("/register", methods=("GET", "POST"))
def register():
    if request.method == "POST":
        try:
            counted = count_registration(
                request.remote_addr, configured_registration_limits(current_app.config))
        except TooManyAttempts as wait:
            return too_many("auth/register.html", wait)
        try:
            user = create_user(
                request.form.get("email", ""), request.form.get("password", ""),
                request.form.get("name", ""),
            )
        except AccountError as error:
            db.session.rollback()
            counted.withdraw()  # only accounts made are counted
            flash(str(error), "error")
            return render_template("auth/register.html"), 400
        db.session.flush()
        start_session(user)
        db.session.commit()
        return remember_browser(redirect(url_for("events.list_events")), user)
    return render_template("auth/register.html")


@auth.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "POST":
        try:
            user = password_checked(
                request.form.get("email", ""), request.form.get("password", "")
            )
        except TooManyAttempts as wait:
            return too_many("auth/login.html", wait)
        if user is None:
            flash("Incorrect email or password.", "error")
            return render_template("auth/login.html"), 401
        start_session(user)
        db.session.commit()  # the session, and the cleared failures
        return remember_browser(redirect(safe_next(request.args.get("next"))), user)
    return render_template("auth/login.html")


@auth.route("/logout", methods=("POST",))
def logout():
    end_session()
    db.session.commit()
    return name_account(redirect(url_for("auth.login")), None)


@account.get("/")
@login_required
def show_account():
    return render_template("account/show.html", counts=summary(g.user))


@account.post("/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session of the account: every browser and phone has to log in again."""
    end_every_session(g.user)
    db.session.commit()
    flash("Logged out everywhere. Log in again on each device you use; changes not yet sent "
          "wait on it until then.", "success")
    return name_account(redirect(url_for("auth.login")), None)


@account.get("/export.json")
@login_required
def export_json():
    body = json.dumps(export_data(g.user), ensure_ascii=False, indent=2)
    filename = f"companion-export-{now_utc():%Y-%m-%d}.json"
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })


def confirm_password(template: str, **context):
    """Return the user when the password field is theirs, else a page saying why not."""
    try:
        user = password_checked(g.user.email, request.form.get("password", ""))
    except TooManyAttempts as wait:
        flash(str(wait), "error")
        return None, (render_template(template, **context), 429)
    if user is None or user.id != g.user.id:
        db.session.commit()
        flash("That is not your current password; nothing was changed.", "error")
        return None, (render_template(template, **context), 400)
    return user, None


@account.post("/password")
@login_required
def change_password():
    user, refusal = confirm_password("account/show.html", counts=summary(g.user))
    if refusal:
        return refusal
    new = request.form.get("new_password", "")
    try:
        check_new_password(new)
        if new != request.form.get("confirm_password", ""):
            raise AccountError("The two new passwords differ; type the same one twice.")
    except AccountError as error:
        db.session.commit()  # the confirmation counted
        flash(str(error), "error")
        return render_template("account/show.html", counts=summary(user)), 400
    set_password(user, new)
    end_other_sessions(user)  # this device stays logged in; every other session ends
    db.session.commit()
    flash("Password changed. Your other devices will ask you to log in again.", "success")
    return redirect(url_for("account.show_account"))


@account.route("/delete", methods=("GET", "POST"))
@login_required
def delete_account():
    if request.method == "GET":
        return render_template("account/delete.html", counts=summary(g.user))
    user, refusal = confirm_password("account/delete.html", counts=summary(g.user))
    if refusal:
        return refusal
    email = user.email
    delete_user_data(user)
    end_every_session(user)
    db.session.commit()
    flash(f"Deleted the account {email} and everything in it.", "success")
    response = name_account(redirect(url_for("auth.login")), None)
    response.delete_cookie(KNOWN_BROWSER_COOKIE, path="/")
    return response
