"""The protections every request and response gets: CSRF, body limits, security headers."""

from flask import abort, current_app, request
from flask.json.provider import DefaultJSONProvider
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

# Where a person sends a file: up to MAX_CONTENT_LENGTH; a sync push: up to SYNC_PUSH_LIMIT (the
# app splits a long outbox into pushes below it). Every other request is held to
# SMALL_BODY_LIMIT and refused with 413 before anything reads it.
BODY_LIMITS = {"imports.import_attendees": "MAX_CONTENT_LENGTH", "sync_api.push": "SYNC_PUSH_LIMIT"}


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading a body nested too deeply as malformed JSON (400), not a crash."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("The JSON is nested too deeply.") from None


def init_app(app) -> None:
    """Install CSRF checks, security headers, proxy trust and the current-user loader."""
    from .accounts.session import load_user

    app.json = GuardedJSONProvider(app)
    # Before CSRFProtect: its check reads the form, so the size limit must be in place first.
    app.before_request(limit_body_size)
    csrf.init_app(app)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(load_user)
    app.after_request(add_security_headers)


def limit_body_size() -> None:
    """Hold every request to its body limit: uploads, sync pushes, a small one for the rest."""
    # A chunked body declares no length, and Werkzeug cuts one that runs past the limit
    # short instead of refusing it: a form would then be saved with its end missing.
    if request.content_length is None and "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    ).lower():
        abort(411, "Send the request with a Content-Length; chunked bodies are not accepted.")
    limit = current_app.config[BODY_LIMITS.get(request.endpoint, "SMALL_BODY_LIMIT")]
    overall = current_app.config["MAX_CONTENT_LENGTH"]
    request.max_content_length = min(limit, overall) if overall and limit else limit or overall


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
