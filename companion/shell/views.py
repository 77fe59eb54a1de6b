"""The installable app: its shell page, manifest and service worker (blueprint `app_shell`),
and the JSON it starts from: who I am, my events, an event's pack (blueprint `api`)."""

import hashlib
import json
import mimetypes
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.security import safe_join

from ..accounts.session import ACCOUNT_COOKIE, login_required
from ..config import app_files
from ..events.pack import compressed, json_bytes
from ..events.service import event_pack as pack_of
from ..events.service import event_summaries, pack_etag, visible_event
from ..write_turns import WriteBusy
from .constants import constants_module
from .precache import first_screen_modules, precache_manifest
from .served import is_minified, minify_js, served_bytes

bp = Blueprint("app_shell", __name__)
api = Blueprint("api", __name__, url_prefix="/api")

# The worker file ships with an empty list so it stays valid JavaScript on its own; the server
# swaps this exact line for the real list when it serves the file.
WORKER_PLACEHOLDER = "const PRECACHE = { version: 'unbuilt', files: [] };"
SHELL_TEMPLATE = "app.html"
THEME_COLOUR = "#12263a"
BACKGROUND_COLOUR = "#0d1b2a"


def static_file(filename: str):
    """The app's /static/<filename> (create_app puts it in place of Flask's own view): our
    scripts and styles minified (served.py), every other file as it is on disk."""
    if not is_minified(filename):
        return current_app.send_static_file(filename)
    path = safe_join(current_app.static_folder, filename)
    if path is None or not Path(path).is_file():
        abort(404)
    body = served_bytes(Path(current_app.static_folder), filename)
    mimetype = "text/javascript" if filename.endswith(".js") else mimetypes.guess_type(path)[0]
    response = current_app.response_class(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body).hexdigest()[:16])
    # As Flask serves its static files: revalidated each time, a 304 when nothing changed.
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.route("/")
def index():
    return redirect(url_for("events.list_events" if g.user else "auth.login"))


def render_shell() -> str:
    # No per-user data here: the worker caches this page and serves it to whoever is logged in.
    modules = first_screen_modules(Path(current_app.static_folder))
    return render_template(SHELL_TEMPLATE, preload_modules=modules)


@bp.route("/app")
def app():
    return render_shell()


def manifest_body() -> bytes:
    """Return the web app manifest as JSON bytes."""
    def icon(name: str, size: int, purpose: str) -> dict:
        return {
            "src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
            "type": "image/png", "purpose": purpose,
        }

    app_url = url_for("app_shell.app")
    manifest = {
        "id": app_url,  # who the installed app is: the same whatever start_url says
        "name": "Companion — meet the people you came for",
        "short_name": "Companion",
        "description": "Your event's attendee list, targets, notes and arrival plan, offline.",
        # The events list under its own hash, so a start from the icon shows the last events
        # screen the worker kept (service-worker.js: the snapshot matches the hash).
        "start_url": app_url + "#/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            icon("icon-192.png", 192, "any"),
            icon("icon-512.png", 512, "any"),
            icon("maskable-512.png", 512, "maskable"),
        ],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode()


@bp.route("/app/constants.js")
def constants():
    response = current_app.response_class(constants_module(current_app.config),
                                          mimetype="text/javascript")
    # Precached with the shell; a browser without the worker revalidates it like the worker.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    return current_app.response_class(manifest_body(), mimetype="application/manifest+json")


def shell_pages() -> dict[str, bytes]:
    """Render the server-made shell URLs exactly as their routes answer them."""
    return {
        url_for("app_shell.app"): render_shell().encode(),
        url_for("app_shell.manifest"): manifest_body(),
        url_for("app_shell.constants"): constants_module(current_app.config).encode(),
    }


def current_precache() -> dict:
    """Return the precache list for the app's current static files and templates."""
    template = Path(current_app.template_folder) / SHELL_TEMPLATE
    # /app/constants.js carries settings (the request time limit): the list follows them too.
    return precache_manifest(Path(current_app.static_folder), [template], shell_pages,
                             (constants_module(current_app.config),))


def worker_listing() -> str:
    """Return the precache list as JSON with one file per line, for a worker a person can read."""
    precache = current_precache()
    files = ",\n    ".join(json.dumps(entry, sort_keys=True) for entry in precache["files"])
    version = json.dumps(precache["version"])
    # The worker shows the last screen only to the account it was drawn for (service-worker.js).
    cookie = json.dumps(ACCOUNT_COOKIE)
    return (f'{{\n  "version": {version},\n  "accountCookie": {cookie},\n'
            f'  "files": [\n    {files}\n  ]\n}}')


@bp.route("/service-worker.js")
def service_worker():
    worker = app_files()["worker"]
    source = worker.read_text(encoding="utf-8")
    if WORKER_PLACEHOLDER not in source:
        raise RuntimeError(f"{worker.name} lost its precache placeholder line")
    # Minified before the list goes in, so the list stays one file per line (worker_listing).
    body = minify_js(source).replace(
        minify_js(WORKER_PLACEHOLDER), f"const PRECACHE = {worker_listing()};\n", 1)
    response = current_app.response_class(body, mimetype="text/javascript")
    # The browser must revalidate the worker on every check, or updates wait for the HTTP cache.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


API_MESSAGES = {
    401: "Log in again to sync; your changes are kept on this device.",
    404: "Not found.",
    405: "That method is not allowed here.",
    413: "The request is too large.",
}
BUSY_MESSAGE = "The server is busy; nothing was saved. Try again in a moment."
BUSY_RETRY_SECONDS = 5


PAGE_TITLES = {
    400: "That request could not be read",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
}


@api.app_errorhandler(HTTPException)
def json_errors(error):
    """Answer API requests with JSON errors, and pages with a page of the site's own (header,
    colours, a way back) rather than Werkzeug's bare one."""
    if not request.path.startswith("/api/"):
        if error.code not in PAGE_TITLES:
            return error
        detail = error.description if error.code == 400 else ""
        return render_template("error.html", title=PAGE_TITLES[error.code],
                               detail=detail), error.code
    if isinstance(error, CSRFError):
        message = "The security token is missing or stale; reload and try again."
    else:
        message = API_MESSAGES.get(error.code) or error.description
    return jsonify(error=message), error.code


@api.app_errorhandler(WriteBusy)
@api.app_errorhandler(OperationalError)
def database_busy(error):
    """A write that found no turn in time (write_turns.py), or SQLite still locked by a writer
    outside the app's turns: 503 and when to try again, not a 500. The app keeps its outbox and
    sends it again; a form's page says so, and the page before it still holds what was typed."""
    if isinstance(error, OperationalError) and "locked" not in str(error.orig):
        raise error
    if request.path.startswith("/api/"):
        response = jsonify(error=BUSY_MESSAGE)
    else:
        response = current_app.make_response(render_template(
            "error.html", title="The server is busy", detail=BUSY_MESSAGE))
    response.status_code = 503
    response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
    return response


@api.get("/me")
@login_required
def me():
    return {"user": {"id": g.user.id, "email": g.user.email}, "csrf_token": generate_csrf()}


@api.get("/events")
@login_required
def list_events():
    return {"events": event_summaries(g.user)}


@api.get("/events/<int:event_id>/pack")
@login_required
def event_pack(event_id):
    event = visible_event(event_id, g.user)
    if event is None:
        abort(404)
    etag = pack_etag(event, g.user)
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
        response.set_etag(etag)
        return response
    body, encoding = compressed(json_bytes(pack_of(event, g.user)), request.accept_encodings)
    response = current_app.response_class(body, mimetype="application/json")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(etag)
    # The pack is private: the browser may keep it, shared caches may not.
    response.headers["Cache-Control"] = "private, no-cache"
    return response
