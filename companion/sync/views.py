"""The sync endpoints: push a device's outbox, pull what changed."""

from flask import Blueprint, abort, current_app, g, jsonify, request

from ..accounts.session import login_required
from ..db import db
from . import service

bp = Blueprint("sync_api", __name__, url_prefix="/api/sync")


@bp.post("/push")
@login_required
def push():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "Send a JSON object with client_id and changes.")
    try:
        result = service.push(g.user, body.get("client_id"), body.get("changes"),
                              service.configured_limits(current_app.config))
    except service.GapError as gap:
        db.session.rollback()
        return jsonify(error=str(gap), last_seq=gap.last_seq), gap.status
    except service.SyncError as error:
        db.session.rollback()
        return jsonify(error=str(error)), error.status
    db.session.commit()
    return result


@bp.get("/pull")
@login_required
def pull():
    since = request.args.get("since", "0")
    # isascii: str.isdigit() also takes "²" and "٣", which int() refuses or reads.
    if not (since.isascii() and since.isdigit()) or len(since) > 18:
        abort(400, "since must be a whole number.")
    client_id = request.args.get("client_id", "")
    if len(client_id) > 64 or not client_id.isprintable():
        abort(400, "client_id must be at most 64 printable characters.")
    return service.pull(g.user, client_id, int(since))
