"""Import an event's attendee list: upload or paste, preview (and map columns), then confirm.

Nothing reaches the attendee list before the owner confirms the preview.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from ..accounts.session import login_required
from ..db import db
from ..events.service import visible_event
from ..models import Event, PendingImport
from .model import MAX_IMPORT_BYTES, ImportProblem, NeedsMapping
from .service import (
    cancel_pending,
    find_pending,
    import_changes,
    keep_pending,
    parse_pending,
    save_people,
)
from .statuses import ATTENDING, INCLUDABLE, included
from .statuses import LABELS as STATUS_LABELS

bp = Blueprint("imports", __name__, url_prefix="/events/<int:event_id>/import")

PREVIEW_ROWS = 50
FORMAT_NAMES = {
    "luma": "Luma guest list", "eventbrite": "Eventbrite attendee report",
    "meetup": "Meetup attendee list", "tito": "Tito ticket export",
    "zoom": "Zoom participant report", "csv": "CSV file", "pasted": "Pasted list",
}
# The fields a column mapping can fill, in the order the mapping step asks for them.
MAPPING_LABELS = {
    "name": "Full name", "first_name": "First name", "last_name": "Last name",
    "title": "Job title", "company": "Company", "title_company": "Title and company together",
    "email": "Email", "linkedin": "LinkedIn profile", "url": "Other profile link",
    "ref": "Member or ticket ID",
}


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def render_upload_form(event: Event, message: str = "", status: int = 200):
    return render_template(
        "imports/form.html", event=event, message=message,
        pasted=request.form.get("pasted", ""), max_file=megabytes(MAX_IMPORT_BYTES),
    ), status


def columns_of(pending: PendingImport) -> tuple[list[str], dict[str, str]]:
    """Return the file's columns and the parser's own guess at the mapping."""
    try:
        preview = parse_pending(pending, guess=True)
    except NeedsMapping as need:
        return need.columns, need.guess
    except ImportProblem:
        return [], {}
    return preview.columns, preview.mapping


def render_mapping(event, pending, message: str, status: int):
    columns, guess = columns_of(pending)
    return render_template(
        "imports/preview.html", event=event, pending=pending, preview=None, message=message,
        columns=columns, mapping=pending.mapping or guess, labels=MAPPING_LABELS,
        formats=FORMAT_NAMES,
    ), status


@bp.route("", methods=("GET", "POST"))
@login_required
def import_attendees(event_id: int):
    event = visible_event(event_id, g.user, owner=True) or abort(404)
    if request.method == "GET":
        return render_upload_form(event)
    upload = request.files.get("file")
    has_file = bool(upload and upload.filename)
    pasted = request.form.get("pasted", "")
    if has_file and pasted.strip():
        return render_upload_form(event, "Choose a file or paste a list, not both.", 400)
    if not has_file and not pasted.strip():
        return render_upload_form(event, "Choose a file to upload or paste a list first.", 400)
    pending = PendingImport(
        user_id=g.user.id, event_id=event.id, source="file" if has_file else "pasted",
        filename=(upload.filename or "")[-255:] if has_file else "",
        data=upload.read() if has_file else pasted.encode("utf-8", "replace"),
    )
    try:
        parse_pending(pending)
    except NeedsMapping:
        pass  # the preview page asks for the mapping
    except ImportProblem as problem:
        return render_upload_form(event, str(problem), 400)
    keep_pending(pending, current_app.config["PENDING_IMPORTS_PER_USER"],
                 current_app.config["PENDING_IMPORT_BYTES_PER_USER"])
    db.session.commit()
    return redirect(url_for("imports.preview_import", event_id=event.id, token=pending.id))


def owned_pending(event_id: int, token: str):
    """Return the owner's event and its pending import, or answer 404 with the expiry page."""
    event = visible_event(event_id, g.user, owner=True) or abort(404)
    pending = find_pending(event, g.user, token)
    if pending is None:
        abort(make_response(render_template("imports/expired.html", event=event), 404))
    return event, pending


@bp.get("/<token>")
@login_required
def preview_import(event_id: int, token: str):
    event, pending = owned_pending(event_id, token)
    try:
        preview = parse_pending(pending)
    except ImportProblem as problem:
        return render_mapping(event, pending, str(problem),
                              200 if isinstance(problem, NeedsMapping) else 400)
    changes = import_changes(event.id, preview.people)
    return render_template(
        "imports/preview.html", event=event, pending=pending, preview=preview, changes=changes,
        people=preview.people[:PREVIEW_ROWS], columns=preview.columns, mapping=preview.mapping,
        labels=MAPPING_LABELS, formats=FORMAT_NAMES, message="",
        statuses=status_rows(preview), left_out=left_out_by_status(preview),
    )


def status_rows(preview) -> list[dict]:
    """Return the preview's status counts in STATUS_LABELS order, each with what happens to it."""
    rows = []
    for name, label in STATUS_LABELS.items():
        count = preview.statuses.get(name, 0)
        if not count:
            continue
        imported = name == ATTENDING or name in preview.included
        rows.append({"name": name, "label": label, "count": count, "imported": imported,
                     "choice": name in INCLUDABLE})
    return rows


def left_out_by_status(preview) -> list[tuple[str, list]]:
    """Return (label, notes) for each status whose rows were left out, in STATUS_LABELS order."""
    groups: dict[str, list] = {}
    for note in preview.not_attending:
        groups.setdefault(note.status, []).append(note)
    return [(STATUS_LABELS[name], groups[name]) for name in STATUS_LABELS if name in groups]


@bp.post("/<token>/mapping")
@login_required
def map_columns(event_id: int, token: str):
    event, pending = owned_pending(event_id, token)
    columns, _ = columns_of(pending)
    pending.mapping = {
        field: request.form[field] for field in MAPPING_LABELS
        if request.form.get(field) in columns
    }
    db.session.commit()
    return redirect(url_for("imports.preview_import", event_id=event.id, token=pending.id))


@bp.post("/<token>/statuses")
@login_required
def choose_statuses(event_id: int, token: str):
    """Keep the owner's choice of the statuses imported although not attending."""
    event, pending = owned_pending(event_id, token)
    pending.include = sorted(included(request.form.getlist("include")))
    db.session.commit()
    return redirect(url_for("imports.preview_import", event_id=event.id, token=pending.id))


@bp.post("/<token>")
@login_required
def confirm_import(event_id: int, token: str):
    event, pending = owned_pending(event_id, token)
    try:
        preview = parse_pending(pending)
    except ImportProblem as problem:
        return render_mapping(event, pending, str(problem), 400)
    created, updated = save_people(event, preview.people)
    db.session.delete(pending)
    db.session.commit()  # the one commit: every person is saved, or none is
    flash(f"Imported {created} new, updated {updated}.", "success")
    return redirect(url_for("events.show_event", event_id=event.id))


@bp.post("/<token>/cancel")
@login_required
def cancel_import(event_id: int, token: str):
    event = visible_event(event_id, g.user, owner=True) or abort(404)
    cancel_pending(g.user, token)
    db.session.commit()
    flash("Import cancelled; nothing was saved.", "success")
    return redirect(url_for("events.show_event", event_id=event.id))


@bp.errorhandler(413)
def too_large(error):
    """Explain the size limits instead of a bare 413 (raised when the request body is read)."""
    limits = {
        # The body limit can be below the parser's own when an operator lowers it.
        "file": megabytes(min(MAX_IMPORT_BYTES, current_app.config["MAX_CONTENT_LENGTH"]
                              or MAX_IMPORT_BYTES)),
        "pasted": megabytes(current_app.config["MAX_FORM_MEMORY_SIZE"]),
    }
    event_id = (request.view_args or {}).get("event_id")
    return render_template("imports/too_large.html", limits=limits, event_id=event_id), 413
