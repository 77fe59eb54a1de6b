"""The laptop prep pages: list, create, edit and delete events; share one by link."""

from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from ..accounts.session import login_required
from ..arrival.service import plan_for
from ..db import db
from ..journal.service import series_reason
from ..models import Event
from . import service
from .fields import FieldErrors, describe_when, form_values, parse_event_fields, zone_names
from .service import attendee_counts

bp = Blueprint("events", __name__, url_prefix="/events")
KIND_NAMES = {"networking": "Networking", "talk-first": "Talk first", "conference": "Conference"}


@bp.app_template_filter("when")
def when_filter(event: Event) -> str:
    """Render an event's start and end in its own time zone."""
    return describe_when(event.starts_at, event.ends_at, event.timezone)


@bp.app_template_filter("clock")
def clock_filter(moment, zone_name: str) -> str:
    """Render one instant as "Thu 3 Dec 2026, 19:30 EST" in the given zone."""
    return describe_when(moment, None, zone_name)


def render_form(event: Event | None, values: dict, errors: dict, status: int = 200, *,
                guess_zone: bool = False):
    """The event form; `guess_zone`: the zone shown is the server's guess, which the browser
    replaces with its own (static/js/prep.js) since it knows where the person is."""
    return render_template(
        "events/form.html", event=event, values=values, errors=errors,
        kinds=KIND_NAMES, zones=sorted(zone_names()), guess_zone=guess_zone,
    ), status


@bp.get("/")
@login_required
def list_events():
    upcoming, past = service.upcoming_and_past(g.user)
    return render_template(
        "events/list.html", upcoming=upcoming, past=past,
        counts=attendee_counts([event.id for event in upcoming + past]), kinds=KIND_NAMES,
    )


@bp.route("/new", methods=("GET", "POST"))
@login_required
def create_event():
    if request.method == "POST":
        try:
            fields = parse_event_fields(request.form)
        except FieldErrors as error:
            return render_form(None, request.form, error.errors, 400)
        event = service.create_event(g.user, fields)
        db.session.commit()
        flash(f"Created “{event.title}”. Next: import its attendee list.", "success")
        return redirect(url_for("events.show_event", event_id=event.id))
    zone = service.latest_zone(g.user) or "UTC"
    return render_form(None, {"timezone": zone, "kind": "networking"}, {}, guess_zone=True)


@bp.route("/<int:event_id>/edit", methods=("GET", "POST"))
@login_required
def edit_event(event_id: int):
    event = service.visible_event(event_id, g.user, owner=True) or abort(404)
    if request.method == "POST":
        try:
            fields = parse_event_fields(request.form)
        except FieldErrors as error:
            return render_form(event, request.form, error.errors, 400)
        if service.update_event(event, fields):
            db.session.commit()
        flash("Saved the event.", "success")
        return redirect(url_for("events.show_event", event_id=event.id))
    return render_form(event, form_values(event), {})


@bp.route("/<int:event_id>/delete", methods=("GET", "POST"))
@login_required
def delete_event(event_id: int):
    event = service.visible_event(event_id, g.user, owner=True) or abort(404)
    if request.method == "POST":
        title = event.title
        service.delete_event(event)
        db.session.commit()
        flash(f"Deleted “{title}” and its attendee list.", "success")
        return redirect(url_for("events.list_events"))
    total, _ = attendee_counts([event.id]).get(event.id, (0, 0))
    return render_template("events/delete.html", event=event, attendee_count=total)


@bp.get("/<int:event_id>")
@login_required
def show_event(event_id: int):
    event = service.visible_event(event_id, g.user) or abort(404)
    is_owner = event.owner_id == g.user.id
    total, hosts = attendee_counts([event.id]).get(event.id, (0, 0))
    members = service.members(event) if is_owner else []
    removed = service.removed_members(event) if is_owner else []
    plan = plan_for(event, g.user)
    return render_template(
        "events/show.html", event=event, is_owner=is_owner, attendee_count=total,
        host_count=hosts, members=members, removed=removed, kinds=KIND_NAMES,
        plan=plan, series_reason=series_reason(g.user, event, [n.code for n in plan.reasons]),
        zone=ZoneInfo(event.timezone),
        share_url=event.share_token and url_for(
            "events.join_event", token=event.share_token, _external=True
        ),
    )


@bp.post("/<int:event_id>/share")
@login_required
def share_event(event_id: int):
    """Make a new share link; an earlier link stops working."""
    event = service.visible_event(event_id, g.user, owner=True) or abort(404)
    replaced = service.replace_share_link(event)
    db.session.commit()
    flash("Made a new share link; the old one no longer works." if replaced
          else "Made a share link. Anyone with an account who opens it can see the attendee list.",
          "success")
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="sharing"))


@bp.post("/<int:event_id>/share/revoke")
@login_required
def revoke_share(event_id: int):
    """Turn the share link off; people who already joined keep access until removed."""
    event = service.visible_event(event_id, g.user, owner=True) or abort(404)
    event.share_token = None
    db.session.commit()
    flash("The share link no longer works.", "success")
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="sharing"))


@bp.post("/<int:event_id>/members/<int:user_id>/remove")
@login_required
def remove_member(event_id: int, user_id: int):
    event = service.visible_event(event_id, g.user, owner=True) or abort(404)
    service.remove_member(event, user_id)
    db.session.commit()
    flash("Removed that person from the event. The share link does not let them back in.",
          "success")
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="sharing"))


@bp.post("/<int:event_id>/members/<int:user_id>/allow")
@login_required
def allow_rejoin(event_id: int, user_id: int):
    """Let a removed member join again by the share link."""
    event = service.visible_event(event_id, g.user, owner=True) or abort(404)
    service.allow_rejoin(event, user_id)
    db.session.commit()
    flash("They can join again with the share link.", "success")
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="sharing"))


@bp.route("/join/<token>", methods=("GET", "POST"))
@login_required
def join_event(token: str):
    event = service.event_by_share_token(token)
    if event is None:
        return render_template("events/join_missing.html"), 404
    if service.is_member(event, g.user):
        return redirect(url_for("events.show_event", event_id=event.id))
    if service.was_removed(event, g.user):
        return render_template("events/join_removed.html"), 403
    if request.method == "POST":
        service.join(event, g.user)
        db.session.commit()
        flash(f"You joined “{event.title}”.", "success")
        return redirect(url_for("events.show_event", event_id=event.id))
    return render_template("events/join.html", event=event, token=token)


@bp.post("/<int:event_id>/leave")
@login_required
def leave_event(event_id: int):
    event = service.visible_event(event_id, g.user) or abort(404)
    if event.owner_id == g.user.id:
        flash("You own this event; delete it instead of leaving.", "error")
        return redirect(url_for("events.show_event", event_id=event.id))
    service.leave(event, g.user)
    db.session.commit()
    flash(f"You left “{event.title}”.", "success")
    return redirect(url_for("events.list_events"))

