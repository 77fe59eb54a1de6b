"""The protections every request and response gets: CSRF, body limits, security headers."""

from flask import abort, current_app, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

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

# Where a person sends a file or a long offline outbox: up to MAX_CONTENT_LENGTH. Every other
# request is held to SMALL_BODY_LIMIT and refused with 413 before anything reads it.
LARGE_BODY_ENDPOINTS = {"imports.import_attendees", "sync_api.push"}


def init_app(app) -> None:
    """Install CSRF checks, security headers, proxy trust and the current-user loader."""
    from .accounts.session import load_user

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
        limit = current_app.config["SMALL_BODY_LIMIT"]
        overall = current_app.config["MAX_CONTENT_LENGTH"]
        request.max_content_length = min(limit, overall) if overall else limit


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
