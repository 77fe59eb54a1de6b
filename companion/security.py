"""Who is asking, and the protections every response carries."""

import functools
import hashlib

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from .db import db
from .models import User

csrf = CSRFProtect()

# No inline script or style anywhere: every script is a same-origin module file.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Bodies bigger than this are refused with 413 before anything reads them (forms, JSON)...
SMALL_BODY_LIMIT = 1024 * 1024
# ...except where a person sends a file or a long offline outbox: up to MAX_CONTENT_LENGTH.
LARGE_BODY_ENDPOINTS = {"imports.import_attendees", "sync_api.push"}


def init_app(app) -> None:
    """Install CSRF checks, security headers, proxy trust and the current-user loader."""
    # Before CSRFProtect: its check reads the form, so the size limit must be in place first.
    app.before_request(limit_body_size)
    csrf.init_app(app)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(load_user)
    app.after_request(add_security_headers)


def limit_body_size() -> None:
    """Hold every request but file uploads and sync pushes to a small body."""
    # A chunked body declares no length, and Werkzeug cuts one that runs past the limit
    # short instead of refusing it: a form would then be saved with its end missing.
    if request.content_length is None and "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    ).lower():
        abort(411, "Send the request with a Content-Length; chunked bodies are not accepted.")
    if request.endpoint not in LARGE_BODY_ENDPOINTS:
        limit = current_app.config.get("SMALL_BODY_LIMIT", SMALL_BODY_LIMIT)
        overall = current_app.config["MAX_CONTENT_LENGTH"]
        request.max_content_length = min(limit, overall) if overall else limit


def session_stamp(user: User) -> str:
    """Return a fingerprint of the user's password hash, kept in the session at login.

    A session then ends when the password changes (other devices are logged out) or when the
    account is deleted, even if a new account later gets the same id.
    """
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def load_user() -> None:
    user_id = session.get("user_id")
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is not None and session.get("stamp") != session_stamp(user):
        session.clear()
        user = None
    g.user = user


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if request.is_secure:
        # Once seen over HTTPS, the browser never falls back to plain HTTP for this site.
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def login_required(view):
    """Send anonymous visitors to the login page (or answer 401 on the API)."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            if wants_json():
                abort(401)
            return redirect(url_for("auth.login", next=request.full_path))
        return view(**kwargs)

    return wrapped
