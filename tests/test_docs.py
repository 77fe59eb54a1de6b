"""What the README promises is what runs."""

import json
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


# --- The layout the README draws is the layout on disk -----------------------------------------

def readme_tree() -> dict[str, set[str]]:
    """Return folder -> names listed under it in the README's "How it works" tree."""
    text = (ROOT / "README.md").read_text()
    block = re.search(r"## How it works\s+```\n(.*?)```", text, re.S).group(1)
    listed: dict[str, set[str]] = {"": set()}
    parents: list[str] = []
    for line in block.splitlines():
        match = re.match(r"( *)(\S+)", line)
        if not match or line[:1] == " " and len(match.group(1)) > 2 * len(parents):
            continue  # a wrapped description
        depth = len(match.group(1)) // 2
        parents = parents[:depth]
        folder = "".join(parents)
        name = match.group(2)
        listed.setdefault(folder, set()).add(name)
        if name.endswith("/"):
            parents.append(name)
            listed.setdefault(folder + name, set())
    return listed


def tracked(folder: str) -> set[str]:
    """Return what git tracks directly in the folder: files, and subfolders with a slash."""
    import subprocess

    names = subprocess.run(["git", "ls-files", "--", folder or "."], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    found = set()
    for path in names:
        rest = path[len(folder):]
        head, slash, _ = rest.partition("/")
        found.add(head + slash)
    return found


def test_the_readme_tree_names_every_top_level_entry():
    listed = readme_tree()
    on_disk = {name for name in tracked("") if not name.startswith(".") and name != "README.md"}
    assert listed[""] == on_disk


def test_the_readme_tree_names_every_package_and_module_of_companion():
    listed = readme_tree()["companion/"]
    on_disk = {name for name in tracked("companion/") if name.endswith(("/", ".py"))}
    assert listed == on_disk


def test_the_readme_tree_names_every_static_and_browser_folder():
    tree = readme_tree()
    assert tree["static/"] == {name for name in tracked("static/") if name.endswith("/")}
    browser_folders = {name for name in tracked("static/js/") if name.endswith("/")}
    assert {name for name in tree["static/js/"] if name.endswith("/")} == browser_folders


# --- The configuration table is the configuration ---------------------------------------------

def configuration_rows() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Configuration"):text.index("## Tests")]
    return {name: default for name, default in
            re.findall(r"^\| `COMPANION_(\w+)` \| ([^|]*) \|", section, re.M)}


def test_the_configuration_table_lists_exactly_the_declared_settings():
    from companion.config import DEFAULTS

    assert set(configuration_rows()) == set(DEFAULTS)


def test_the_configuration_table_shows_the_declared_defaults():
    from companion.config import DEFAULTS

    for name, cell in configuration_rows().items():
        shown = re.match(r"`([^`]*)`", cell.strip())
        if shown:  # a default written in words ("the package's static/") is not a literal
            assert shown.group(1) == json.dumps(DEFAULTS[name]).strip('"'), name


def test_the_app_reads_only_declared_settings_and_no_inline_defaults():
    from companion.config import DEFAULTS

    flask_own = {"TESTING", "DEBUG"}
    for path in (ROOT / "companion").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"config\.get\(", source), f"{path}: declare the default instead"
        for name in re.findall(r"config\[\"([A-Z_]+)\"\]", source):
            assert name in DEFAULTS or name in flask_own, f"{path} reads undeclared {name}"


# --- The commands the README lists are the CLI's ----------------------------------------------

def test_the_administration_table_lists_every_command():
    from .test_cli import companion_commands

    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Administration"):]
    listed = set(re.findall(r"^\| `flask --app companion ([\w-]+)", section, re.M))
    assert listed == set(companion_commands())


# --- Comments and docs cite files that exist --------------------------------------------------

CITED_PATH = re.compile(
    r"(?<![\w./@:-])(/?(?:[\w-]+/)+[\w.-]+\.(?:py|js|md|html|css|toml|csv|txt|json|mako|png))\b"
)
BARE_DOC = re.compile(r"(?<![\w/.-])([A-Z][A-Z_]+\.md)\b")
# Placeholders the README uses for "any rule" and the instance folder each deployment makes.
NOT_FILES = ("companion/rules/X.py", "static/js/rules/X.js", "instance/")
JS_COMMENT = re.compile(r"(?:^|\s)//(.*)$|/\*(.*?)\*/", re.M | re.S)
TEMPLATE_COMMENT = re.compile(r"\{#(.*?)#\}|<!--(.*?)-->", re.S)


def python_comments(source: str) -> str:
    """Return the comments and docstrings of Python source, one per line."""
    import io
    import tokenize

    found, previous = [], tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found.append(token.string)
        elif token.type == tokenize.STRING and previous in (tokenize.NEWLINE, tokenize.INDENT,
                                                             tokenize.DEDENT, tokenize.NL):
            found.append(token.string)  # a string standing alone: a docstring
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token.type
    return "\n".join(found)


def commentary(path) -> str:
    """Return the prose of a file: its comments, or all of it for Markdown."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return python_comments(text)
    if path.suffix in (".js", ".css"):
        return "\n".join("".join(parts) for parts in JS_COMMENT.findall(text))
    if path.suffix == ".html":
        return "\n".join("".join(parts) for parts in TEMPLATE_COMMENT.findall(text))
    return text


def test_every_file_a_comment_or_doc_cites_exists():
    sources = [path for path in ROOT.rglob("*")
               if path.is_file() and path.suffix in (".py", ".js", ".html", ".css", ".md")
               and not {".git", "vendor", "node_modules", ".pytest_cache"} & set(path.parts)]
    missing = []
    for source in sources:
        prose = commentary(source)
        for cited in [*CITED_PATH.findall(prose), *BARE_DOC.findall(prose)]:
            if cited.startswith(NOT_FILES) or cited.startswith("/") and not cited.startswith(
                    "/static/"):
                continue  # a placeholder, or a URL the server answers
            places = (ROOT, source.parent, ROOT / "static", ROOT / "static" / "js",
                      ROOT / "companion", ROOT / "templates")
            if not any((place / cited.lstrip("/")).exists() for place in places):
                missing.append(f"{source.relative_to(ROOT)} cites {cited}")
    assert missing == []


def test_no_test_script_or_benchmark_reads_outside_the_repository():
    """A fresh clone has nothing beside it: fixtures live in tests/fixtures/, never in ../shared."""
    outside = re.compile(r"\.\./shared|/work/|parent\.parent\.parent")
    readers = [*ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/**/*.py"), ROOT / ".ci" / "run"]
    offenders = [str(path.relative_to(ROOT)) for path in readers
                 if path.name != "test_docs.py" and outside.search(path.read_text())]
    assert offenders == []
