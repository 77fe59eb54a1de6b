"""Who is asking, and the protections every response carries."""

import functools

from flask import abort, g, redirect, request, session, url_for
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


def init_app(app) -> None:
    """Install CSRF checks, security headers, proxy trust and the current-user loader."""
    csrf.init_app(app)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(load_user)
    app.after_request(add_security_headers)


def load_user() -> None:
    user_id = session.get("user_id")
    g.user = db.session.get(User, user_id) if user_id is not None else None


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
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
