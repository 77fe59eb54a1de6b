"""The event journal (blueprint `journal`): the laptop's table of past events and series, and
its exports journal.csv and series.csv. The answers are written on the phone (or here, in the
app) as the synced `journal` record."""

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from ..accounts.session import login_required
from ..events.service import can_see_event
from .export import journal_csv, series_csv
from .service import journal, save_answers

bp = Blueprint("journal", __name__)


@bp.get("/journal")
@login_required
def show_journal():
    return render_template("journal/show.html", journal=journal(g.user))


@bp.post("/journal/<int:event_id>")
@login_required
def answer(event_id):
    # Another's event answers exactly as a missing one.
    if not can_see_event(event_id, g.user):
        abort(404)
    errors = save_answers(g.user, event_id, request.form)
    if errors:
        # Every refusal at once; what was typed stays in the form (the row opens again).
        return render_template("journal/show.html", journal=journal(g.user), errors=errors,
                               open_event=event_id, typed=request.form), 400
    flash("Saved in your journal.")
    return redirect(url_for("journal.show_journal") + f"#event-{event_id}")


def download(body: str, filename: str) -> Response:
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    })


@bp.get("/journal/journal.csv")
@login_required
def journal_export_csv():
    return download(journal_csv(journal(g.user)["events"]), "journal.csv")


@bp.get("/journal/series.csv")
@login_required
def series_export_csv():
    return download(series_csv(journal(g.user)["series"]), "series.csv")
