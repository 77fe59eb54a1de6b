"""Companion: an offline event companion. `create_app` is the front door."""

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "SECRET_KEY": "dev",  # replaced by the instance config or COMPANION_SECRET_KEY in deployment
    # From DATABASE_URL when set; else filled in below: SQLite in the instance folder.
    "SQLALCHEMY_DATABASE_URI": None,
    "MIGRATIONS_DIR": str(Path(__file__).resolve().parent / "migrations"),
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 30,
    # The app shell is cached offline for days; a time-limited token would go stale in it.
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 40 * 1024 * 1024,
    # Behind a TLS reverse proxy set this to the number of proxies (see README).
    "TRUSTED_PROXIES": 0,
}

BLUEPRINTS = (
    "auth", "events", "imports", "plans", "cards", "contacts", "account", "api", "sync_api",
    "app_shell",
)


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


def create_app(test_config=None):
    """Create and configure the Flask application."""
    # Tests may serve a copy of static/ to prove that changing a file yields a new worker.
    static_dir = (test_config or {}).get("STATIC_DIR", ROOT / "static")
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=str(static_dir),
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(os.environ.get("DATABASE_URL"))
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("COMPANION")
    else:
        app.config.from_mapping(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_path = Path(app.instance_path) / "companion.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"

    from . import db, security

    db.init_app(app)
    security.init_app(app)

    import importlib

    for name in BLUEPRINTS:
        module = importlib.import_module(f".{name}", __name__)
        app.register_blueprint(module.bp)

    from . import cli

    cli.init_app(app)
    return app
