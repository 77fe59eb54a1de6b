"""Where the settings come from: defaults, DATABASE_URL, the instance file, COMPANION_ variables."""

import pytest

from companion import create_app, sqlalchemy_url


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u:p@db.example:5432/app", "postgresql+psycopg://u:p@db.example:5432/app"),
    ("postgresql://u:p@db.example/app?sslmode=require",
     "postgresql+psycopg://u:p@db.example/app?sslmode=require"),
    ("postgresql+psycopg://u@db.example/app", "postgresql+psycopg://u@db.example/app"),
    ("sqlite:////var/lib/companion.sqlite", "sqlite:////var/lib/companion.sqlite"),
    ("", None),
    (None, None),
])
def test_platform_database_urls_name_the_installed_driver(given, expected):
    assert sqlalchemy_url(given) == expected


@pytest.fixture
def clean_environment(monkeypatch):
    for name in ("DATABASE_URL", "COMPANION_SQLALCHEMY_DATABASE_URI"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_database_url_is_used_when_nothing_more_specific_is_set(clean_environment, tmp_path):
    clean_environment.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'platform.sqlite'}")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'platform.sqlite'}"


def test_companion_setting_wins_over_database_url(clean_environment, tmp_path):
    clean_environment.setenv("DATABASE_URL", "postgres://someone@elsewhere/db")
    clean_environment.setenv("COMPANION_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'a.db'}")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'a.db'}"


def test_without_either_the_database_is_sqlite_in_the_instance_folder(clean_environment):
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/companion.sqlite")
