"""The settings the app reads, their defaults, and where its files are."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# Every setting the app reads, with its default. The README's Configuration table lists exactly
# these (tests/test_docs.py compares them); a later source wins: these defaults, DATABASE_URL,
# the instance folder's config.py, then COMPANION_<NAME> environment variables.
DEFAULTS = {
    "SECRET_KEY": "dev",  # replaced by the instance config or COMPANION_SECRET_KEY in deployment
    # From DATABASE_URL when set; else SQLite in the instance folder (create_app fills it in).
    "SQLALCHEMY_DATABASE_URI": None,
    "MIGRATIONS_DIR": str(PACKAGE_DIR / "migrations"),
    # None: the static/ folder the package ships with (see app_files). Tests serve a copy.
    "STATIC_DIR": None,
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 30,
    # The session cookie is sent only when the session changed. Refreshed on every response,
    # a slow request (the app syncing in another tab) wrote back the cookie it started with,
    # over the CSRF token a prep page had just stored: that form's submit then failed. The
    # login's lifetime is the server's (accounts/session.py), so refreshing gains nothing.
    "SESSION_REFRESH_EACH_REQUEST": False,
    # The app shell is cached offline for days; a time-limited token would go stale in it.
    "WTF_CSRF_TIME_LIMIT": None,
    # Attendee uploads; a sync push is held to SYNC_PUSH_LIMIT, every other request to
    # SMALL_BODY_LIMIT (companion/security.py).
    "MAX_CONTENT_LENGTH": 40 * 1024 * 1024,
    "SMALL_BODY_LIMIT": 1024 * 1024,
    # The app sends a long outbox in pushes of at most 1 MiB (static/js/store/sync.js); one
    # change of the largest record fits well below this.
    "SYNC_PUSH_LIMIT": 4 * 1024 * 1024,
    # The app gives up on a request the server has not answered in this long, and tries
    # again: a connection that accepts and never answers must not stop sync.
    "REQUEST_TIMEOUT_SECONDS": 20,
    # A pasted attendee list is a form field: Flask's own limit on one, stated here.
    "MAX_FORM_MEMORY_SIZE": 500_000,
    # Behind a TLS reverse proxy set this to the number of proxies (see README).
    "TRUSTED_PROXIES": 0,
    # Login throttling (companion/accounts/throttle.py): wrong passwords within the window, per
    # browser that logged in to the account before, per email from one address, per email from
    # all browsers not known to the account together, per address.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_EMAIL": 20,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
    "LOGIN_WINDOW_MINUTES": 15,
    # New accounts from one address within the window (a venue's Wi-Fi is one address).
    "REGISTRATIONS_PER_ADDRESS": 10,
    "REGISTRATION_WINDOW_MINUTES": 60,
    # What one account may keep: bytes of notes and contacts, devices that sync (the longest
    # unseen is forgotten beyond it), logged-in browsers (the oldest session ends beyond it),
    # uploads waiting for their preview to be confirmed and their bytes (the oldest goes).
    "USER_STORAGE_BYTES": 64 * 1024 * 1024,
    "DEVICES_PER_USER": 20,
    "SESSIONS_PER_USER": 20,
    "PENDING_IMPORTS_PER_USER": 3,
    "PENDING_IMPORT_BYTES_PER_USER": 48 * 1024 * 1024,
}


def sqlalchemy_url(database_url: str | None) -> str | None:
    """Return the SQLAlchemy URL for a `DATABASE_URL` as hosting platforms set it, or None.

    Platforms write `postgres://` or `postgresql://`; SQLAlchemy reads the first as nothing and
    the second as psycopg2, while the `postgres` extra installs psycopg 3. Other URLs pass as
    they are.
    """
    if not database_url:
        return None
    scheme, separator, rest = database_url.partition("://")
    if separator and scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return database_url


def app_files() -> dict[str, Path]:
    """Return where static/, templates/ and service-worker.js are.

    A wheel carries them inside the package (pyproject.toml maps them in); a source checkout,
    installed editable or not, has them beside it.
    """
    root = PACKAGE_DIR if (PACKAGE_DIR / "templates").is_dir() else PACKAGE_DIR.parent
    return {
        "static": root / "static",
        "templates": root / "templates",
        "worker": root / "service-worker.js",
    }
