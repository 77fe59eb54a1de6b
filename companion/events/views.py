"""The laptop prep pages: list, create, edit and delete events; share one by link."""

from zoneinfo import ZoneInfo

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import delete, func, select

from .access import visible_event, visible_events_query
from .db import db, now_utc
from .event_fields import FieldErrors, describe_when, form_values, parse_event_fields, zone_names
from .models import Attendee, Event, Membership, User, new_token
from .plans import plan_for
from .security import login_required

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


def attendee_counts(event_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Return event id -> (attendees, hosts) with one grouped query."""
    rows = db.session.execute(
        select(Attendee.event_id, func.count(), func.count().filter(Attendee.is_host))
        .where(Attendee.event_id.in_(event_ids)).group_by(Attendee.event_id)
    )
    return {event_id: (total, hosts) for event_id, total, hosts in rows}


def render_form(event: Event | None, values: dict, errors: dict, status: int = 200):
    return render_template(
        "events/form.html", event=event, values=values, errors=errors,
        kinds=KIND_NAMES, zones=sorted(zone_names()),
    ), status


@bp.get("/")
@login_required
def list_events():
    events = db.session.execute(visible_events_query(g.user)).scalars().all()
    now = now_utc()
    upcoming = sorted(
        (event for event in events if (event.ends_at or event.starts_at) >= now),
        key=lambda event: event.starts_at,
    )
    past = sorted(
        (event for event in events if (event.ends_at or event.starts_at) < now),
        key=lambda event: event.starts_at, reverse=True,
    )
    return render_template(
        "events/list.html", upcoming=upcoming, past=past,
        counts=attendee_counts([event.id for event in events]), kinds=KIND_NAMES,
    )


@bp.route("/new", methods=("GET", "POST"))
@login_required
def create_event():
    if request.method == "POST":
        try:
            fields = parse_event_fields(request.form)
        except FieldErrors as error:
            return render_form(None, request.form, error.errors, 400)
        event = Event(owner_id=g.user.id, **fields)
        db.session.add(event)
        db.session.commit()
        flash(f"Created “{event.title}”. Next: import its attendee list.", "success")
        return redirect(url_for("events.show_event", event_id=event.id))
    # New events default to the zone of the user's latest one: people mostly go out locally.
    latest_zone = db.session.execute(
        select(Event.timezone).where(Event.owner_id == g.user.id)
        .order_by(Event.created_at.desc()).limit(1)
    ).scalar()
    return render_form(None, {"timezone": latest_zone or "UTC", "kind": "networking"}, {})


@bp.route("/<int:event_id>/edit", methods=("GET", "POST"))
@login_required
def edit_event(event_id: int):
    event = visible_event(event_id, g.user, owner=True)
    if request.method == "POST":
        try:
            fields = parse_event_fields(request.form)
        except FieldErrors as error:
            return render_form(event, request.form, error.errors, 400)
        if any(getattr(event, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(event, name, value)
            event.pack_version += 1  # the offline app refreshes the event with its pack
            db.session.commit()
        flash("Saved the event.", "success")
        return redirect(url_for("events.show_event", event_id=event.id))
    return render_form(event, form_values(event), {})


@bp.route("/<int:event_id>/delete", methods=("GET", "POST"))
@login_required
def delete_event(event_id: int):
    event = visible_event(event_id, g.user, owner=True)
    if request.method == "POST":
        title = event.title
        db.session.delete(event)
        db.session.commit()
        flash(f"Deleted “{title}” and its attendee list.", "success")
        return redirect(url_for("events.list_events"))
    total, _ = attendee_counts([event.id]).get(event.id, (0, 0))
    return render_template("events/delete.html", event=event, attendee_count=total)


@bp.get("/<int:event_id>")
@login_required
def show_event(event_id: int):
    event = visible_event(event_id, g.user)
    is_owner = event.owner_id == g.user.id
    total, hosts = attendee_counts([event.id]).get(event.id, (0, 0))
    members = []
    if is_owner:
        members = db.session.execute(
            select(User.id, User.email).join(Membership, Membership.user_id == User.id)
            .where(Membership.event_id == event.id).order_by(Membership.joined_at)
        ).all()
    return render_template(
        "events/show.html", event=event, is_owner=is_owner, attendee_count=total,
        host_count=hosts, members=members, kinds=KIND_NAMES, plan=plan_for(event, g.user),
        zone=ZoneInfo(event.timezone),
        share_url=event.share_token and url_for(
            "events.join_event", token=event.share_token, _external=True
        ),
    )


@bp.post("/<int:event_id>/share")
@login_required
def share_event(event_id: int):
    """Make a new share link; an earlier link stops working."""
    event = visible_event(event_id, g.user, owner=True)
    replaced = event.share_token is not None
    event.share_token = new_token()
    db.session.commit()
    flash("Made a new share link; the old one no longer works." if replaced
          else "Made a share link. Anyone with an account who opens it can see the attendee list.",
          "success")
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="sharing"))


@bp.post("/<int:event_id>/share/revoke")
@login_required
def revoke_share(event_id: int):
    """Turn the share link off; people who already joined keep access until removed."""
    event = visible_event(event_id, g.user, owner=True)
    event.share_token = None
    db.session.commit()
    flash("The share link no longer works.", "success")
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="sharing"))


@bp.post("/<int:event_id>/members/<int:user_id>/remove")
@login_required
def remove_member(event_id: int, user_id: int):
    event = visible_event(event_id, g.user, owner=True)
    db.session.execute(delete(Membership).where(
        Membership.event_id == event.id, Membership.user_id == user_id
    ))
    db.session.commit()
    flash("Removed that person from the event.", "success")
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="sharing"))


@bp.route("/join/<token>", methods=("GET", "POST"))
@login_required
def join_event(token: str):
    event = db.session.execute(select(Event).where(Event.share_token == token)).scalar()
    if event is None:
        return render_template("events/join_missing.html"), 404
    if event.owner_id == g.user.id or db.session.get(Membership, (event.id, g.user.id)):
        return redirect(url_for("events.show_event", event_id=event.id))
    if request.method == "POST":
        db.session.add(Membership(event_id=event.id, user_id=g.user.id))
        db.session.commit()
        flash(f"You joined “{event.title}”.", "success")
        return redirect(url_for("events.show_event", event_id=event.id))
    return render_template("events/join.html", event=event, token=token)


@bp.post("/<int:event_id>/leave")
@login_required
def leave_event(event_id: int):
    event = visible_event(event_id, g.user)
    if event.owner_id == g.user.id:
        flash("You own this event; delete it instead of leaving.", "error")
        return redirect(url_for("events.show_event", event_id=event.id))
    db.session.execute(delete(Membership).where(
        Membership.event_id == event.id, Membership.user_id == g.user.id
    ))
    db.session.commit()
    flash(f"You left “{event.title}”.", "success")
    return redirect(url_for("events.list_events"))

