"""Companion: an offline event companion. `create_app` is the front door."""

import os
from pathlib import Path

from flask import Flask

from .config import DEFAULTS, app_files, sqlalchemy_url

__all__ = ["create_app", "sqlalchemy_url"]


def create_app(test_config=None):
    """Create and configure the Flask application."""
    files = app_files()
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=str(files["static"]),
        template_folder=str(files["templates"]),
    )
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(os.environ.get("DATABASE_URL"))
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("COMPANION")
    else:
        app.config.from_mapping(test_config)
    if app.config["STATIC_DIR"]:
        app.static_folder = str(app.config["STATIC_DIR"])
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_path = Path(app.instance_path) / "companion.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"

    from . import cli, db, security

    db.init_app(app)
    security.init_app(app)
    register_blueprints(app)
    from .shell.views import static_file

    app.view_functions["static"] = static_file  # our scripts and styles minified
    cli.init_app(app)
    # "5,000 people", as the app writes it (rules/locale.js formatCount), not "5000".
    app.add_template_filter(lambda number: f"{number:,}", "count")
    return app


def register_blueprints(app) -> None:
    """Register every feature's blueprints, named here one by one."""
    from .accounts.views import account, auth
    from .arrival.views import bp as arrival
    from .cards.views import bp as cards
    from .contacts.views import bp as contacts
    from .events.views import bp as events
    from .followups.views import bp as followups
    from .imports.views import bp as imports
    from .journal.views import bp as journal
    from .people.views import bp as people
    from .shell.views import api
    from .shell.views import bp as shell
    from .suggestions.views import bp as suggestions
    from .sync.views import bp as sync

    for blueprint in (auth, account, events, imports, arrival, cards, contacts, people, suggestions,
                      journal, followups,
                      api, sync, shell):
        app.register_blueprint(blueprint)
