"""Register, log in and out (blueprint `auth`); my account: export, password, delete (`account`)."""

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
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
from .session import login_required, start_session
from .throttle import TooManyAttempts, configured_limits

auth = Blueprint("auth", __name__, url_prefix="/auth")
account = Blueprint("account", __name__, url_prefix="/account")


def safe_next(target: str | None) -> str:
    """Return a local path to continue to; never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("events.list_events")


def password_checked(email: str, password: str):
    """Return the user whose password this is, or None; raise TooManyAttempts."""
    return check_password_throttled(
        email, password, request.remote_addr, configured_limits(current_app.config)
    )


@auth.route("/register", methods=("GET", "POST"))
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


@auth.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "POST":
        try:
            user = password_checked(
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


@auth.route("/logout", methods=("POST",))
def logout():
    session.clear()
    g.user = None
    return redirect(url_for("auth.login"))


@account.get("/")
@login_required
def show_account():
    return render_template("account/show.html", counts=summary(g.user))


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
        flash(str(error), "error")
        return render_template("account/show.html", counts=summary(user)), 400
    set_password(user, new)
    db.session.commit()
    start_session(user)  # this device stays logged in; every other session ends
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
    db.session.commit()
    session.clear()
    g.user = None
    flash(f"Deleted the account {email} and everything in it.", "success")
    return redirect(url_for("auth.login"))
