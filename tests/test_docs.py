"""What the README promises is what runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, re.S).group(1)
    return [line.strip() for line in first_block.splitlines()
            if line.strip() and not line.startswith("#")]


def test_readme_opens_with_exactly_two_commands():
    assert len(readme_commands()) == 2


def test_ci_runs_the_readmes_test_command():
    test_command = readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()


def test_readme_documents_the_configuration_variables():
    text = (ROOT / "README.md").read_text()
    for name in ("COMPANION_SECRET_KEY", "COMPANION_SQLALCHEMY_DATABASE_URI",
                 "COMPANION_TRUSTED_PROXIES"):
        assert name in text
