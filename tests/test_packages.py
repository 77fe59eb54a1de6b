"""The Python layout the README describes, read from the code's imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "companion"
FRAME = {"__init__.py", "config.py", "db.py", "write_turns.py", "models.py", "security.py",
         "cli.py"}
FEATURES = sorted(path.name for path in PACKAGE.iterdir()
                  if (path / "__init__.py").exists() and path.name not in ("rules", "migrations"))
REQUEST_BOUND = {"request", "g", "abort", "session", "redirect", "url_for", "flash",
                 "render_template", "current_app"}


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """Return (absolute module, imported names) for every import in a module of the package."""
    tree = ast.parse(path.read_text())
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = ".".join(parts[:-1])  # the package a relative import starts from
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = f"{base}.{node.module}" if node.level and node.module else (
                base if node.level else node.module)
            names = [alias.name for alias in node.names]
            # `from . import service` names a module, not an attribute.
            found += [(f"{module}.{name}", []) for name in names if node.module is None]
            if node.module is not None:
                found.append((module, names))
    return found


def modules():
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "companion" else None


def test_the_top_level_holds_the_frame_and_packages_only():
    top = {path.name for path in PACKAGE.iterdir() if path.suffix == ".py"}
    assert top == FRAME
    assert {"accounts", "events", "imports", "arrival", "cards", "contacts", "sync",
            "shell"} <= set(FEATURES)


@pytest.mark.parametrize("feature", FEATURES)
def test_every_feature_has_its_views_and_names_its_blueprints(feature):
    if feature == "demo":  # seeded from the CLI: no pages of its own
        assert not (PACKAGE / feature / "views.py").exists()
        return
    source = (PACKAGE / feature / "views.py").read_text()
    assert "Blueprint(" in source


def test_no_feature_imports_another_features_views():
    offences = []
    for path in modules():
        mine = feature_of(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for module, _ in imports(path):
            theirs = feature_of(module)
            if module.endswith(".views") and theirs and theirs != mine and mine is not None:
                offences.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offences == []


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*/service.py")), ids=lambda p: p.parent.name)
def test_services_do_not_touch_the_request(path):
    for module, names in imports(path):
        assert module != "flask" or not REQUEST_BOUND & set(names), f"{path}: {names}"
        assert not module.endswith(".views"), f"{path} imports {module}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "rules").glob("*.py")), ids=lambda p: p.name)
def test_rules_are_plain_functions_without_flask_or_the_database(path):
    for module, _ in imports(path):
        root = module.split(".")[0]
        assert root not in ("flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug"), module
        if root == "companion":
            assert module.startswith("companion.rules"), f"{path.name} imports {module}"


def test_the_factory_registers_blueprints_by_explicit_import():
    source = (PACKAGE / "__init__.py").read_text()
    assert "importlib" not in source and "import_module" not in source
    registered = {module for module, _ in imports(PACKAGE / "__init__.py")
                  if module.endswith(".views")}
    assert registered == {f"companion.{feature}.views" for feature in FEATURES
                          if feature != "demo"}
