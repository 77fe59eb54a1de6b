"""The browser code's layers, read from its import graph (README, "How it works").

static/js/ holds the entries (main.js, boot.js for the app; prep.js for the prep pages) and five
folders. A module may import:

    rules/    rules/                          pure functions: no DOM, no IndexedDB
    ui/       ui/, rules/                     generic UI machinery, knowing nothing of our data
    store/    store/, rules/                  the only code that touches IndexedDB (and the network)
    parts/    parts/, ui/, store/, rules/     pieces of screens
    screens/  parts/, ui/, store/, rules/     routed screens: never another screen

and nothing imports an entry. Static imports (`import … from`, `import '…'`, `export … from`)
and dynamic ones (`import('…')`) count alike.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest

from companion.shell.lexer import without_comments

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "static" / "js"

# snapshot-guard.js: the shell's classic script in the head, run before the first paint.
ENTRIES = {"main.js", "boot.js", "prep.js", "snapshot-guard.js"}
ALLOWED = {
    "rules": {"rules"},
    "ui": {"ui", "rules"},
    "store": {"store", "rules"},
    "parts": {"parts", "ui", "store", "rules"},
    "screens": {"parts", "ui", "store", "rules"},
}
# What only store/ may name: the IndexedDB API.
INDEXEDDB = ("objectStore(", "indexedDB", "IDBKeyRange", ".transaction(")
# Modules the server generates (the constants shared with Python): importable from any layer.
SERVER_MODULES = "/app/"

# `import … from '…'` and `export … from '…'` (across lines), and `import '…'`.
STATIC = re.compile(
    r"""^[ \t]*(?:(?:import|export)\b[^'"`;]*?\bfrom|import)\s*(['"])(?P<spec>.*?)\1""", re.M)
DYNAMIC = re.compile(r"""\bimport\s*\(\s*(['"`])(?P<spec>.*?)\1\s*\)""")
# Any import( at all: one that the pattern above does not read names no module we could check.
ANY_DYNAMIC = re.compile(r"\bimport\s*\(")
# A line that starts an import or re-export statement: each must be read by STATIC.
IMPORT_LINE = re.compile(r"^[ \t]*(?:import\b(?!\s*[(.])|export\s*(?:\*|\{[^}]*\}\s*from\b))", re.M)


def specifiers(source: str) -> list[tuple[str, str]]:
    """Return (kind, specifier) for every import in a module: kind 'static' or 'dynamic'."""
    code = without_comments(source)
    found = [("static", m["spec"]) for m in STATIC.finditer(code)]
    found += [("dynamic", m["spec"]) for m in DYNAMIC.finditer(code)]
    return found


def unread_imports(source: str) -> list[str]:
    """Return the import statements or calls in `source` that `specifiers` cannot read."""
    code = without_comments(source)
    problems = []
    statics = {m.start() for m in STATIC.finditer(code)}
    for line in IMPORT_LINE.finditer(code):
        if line.start() not in statics:
            problems.append(code[line.start():code.find("\n", line.start())].strip())
    dynamic = {m.start() for m in DYNAMIC.finditer(code)}
    problems += [code[m.start():m.start() + 40].split("\n")[0]
                 for m in ANY_DYNAMIC.finditer(code) if m.start() not in dynamic]
    return problems


def modules() -> list[PurePosixPath]:
    return sorted(PurePosixPath(p.relative_to(JS).as_posix()) for p in JS.rglob("*.js"))


def layer(module: PurePosixPath) -> str | None:
    """Return the folder a module sits in, 'entry' for main.js, boot.js, prep.js, else None."""
    if str(module) in ENTRIES:
        return "entry"
    if len(module.parts) == 2 and module.parts[0] in ALLOWED:
        return module.parts[0]
    return None


def resolve(module: PurePosixPath, spec: str) -> PurePosixPath | str:
    """Return the module `spec` names relative to static/js/, or a sentence saying why not."""
    if spec.startswith(SERVER_MODULES):
        return SERVER_MODULES
    if spec.startswith("/static/js/"):
        parts = PurePosixPath(spec.removeprefix("/static/js/")).parts
    elif spec.startswith(("./", "../")):
        parts = (*module.parent.parts, *PurePosixPath(spec).parts)
    else:
        return "only ./, ../, /static/js/ and /app/ specifiers are allowed"
    resolved: list[str] = []
    for part in parts:
        if part == "..":
            if not resolved:
                return "it leads outside static/js/"
            resolved.pop()
        elif part != ".":
            resolved.append(part)
    target = PurePosixPath(*resolved)
    if not (JS / target).is_file():
        return f"static/js/{target} does not exist"
    return target


def import_graph() -> dict[PurePosixPath, list[tuple[str, str, PurePosixPath | str]]]:
    """Return module -> [(kind, specifier, what it resolves to)] for every module."""
    return {
        module: [(kind, spec, resolve(module, spec))
                 for kind, spec in specifiers((JS / module).read_text(encoding="utf-8"))]
        for module in modules()
    }


def layering_problems(graph) -> list[str]:
    problems = []
    for module, imports in graph.items():
        own = layer(module)
        if own is None:
            problems.append(f"static/js/{module} is neither an entry ({', '.join(sorted(ENTRIES))})"
                            f" nor in one of {', '.join(f'{name}/' for name in ALLOWED)}")
        for kind, spec, target in imports:
            said = f"static/js/{module} imports {spec!r} ({kind})"
            if isinstance(target, str) and target != SERVER_MODULES:
                problems.append(f"{said}: {target}")
                continue
            if target == SERVER_MODULES:
                continue
            theirs = layer(target)
            if theirs == "entry":
                problems.append(f"{said}: nothing may import an entry module")
            elif own in ALLOWED and theirs not in ALLOWED[own]:
                allowed = ", ".join(f"{name}/" for name in sorted(ALLOWED[own]))
                problems.append(f"{said}: {own}/ may import only {allowed}")
    return problems


def test_every_import_is_read():
    unread = {str(module): unread_imports((JS / module).read_text(encoding="utf-8"))
              for module in modules()}
    assert {module: lines for module, lines in unread.items() if lines} == {}


def test_every_module_keeps_to_its_layer():
    graph = import_graph()
    assert graph[PurePosixPath("main.js")], "no imports read from main.js: is the parser broken?"
    problems = layering_problems(graph)
    assert not problems, "\n".join(problems)


def test_only_store_touches_indexeddb():
    problems = [
        f"static/js/{module} uses {name!r}: only store/ may touch IndexedDB"
        for module in modules() if layer(module) != "store"
        for name in INDEXEDDB
        if name in without_comments((JS / module).read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


def test_every_static_url_a_module_names_exists():
    # Not imports, but as easily broken by a move: the scanner's worker, importScripts().
    problems = [
        f"static/js/{module} names {url}, which does not exist"
        for module in modules()
        for url in re.findall(r"""['"](/static/[^'"?#]+)['"]""",
                              (JS / module).read_text(encoding="utf-8"))
        if not (ROOT / url.removeprefix("/")).is_file()
    ]
    assert not problems, "\n".join(problems)


# The checks themselves, on made-up modules: each rule catches what it is for.

def test_the_parser_reads_every_form_and_skips_comments():
    source = """
import { a,
  b } from './a.js';
import c from "../c.js";
import './side-effect.js';
export { d } from './d.js';
export * from './e.js';
// import { x } from './commented.js';
/* import('./commented-too.js') */
const f = () => import('./f.js');
const text = 'import nothing from "./string.js"';
const pattern = /['"]/;
const later = import(`./g.js`);
"""
    assert specifiers(source) == [
        ("static", "./a.js"), ("static", "../c.js"), ("static", "./side-effect.js"),
        ("static", "./d.js"), ("static", "./e.js"), ("dynamic", "./f.js"),
        ("dynamic", "./g.js"),
    ]
    assert unread_imports(source) == []
    assert unread_imports("const name = './x.js';\nimport(name);\n") == ["import(name);"]


@pytest.mark.parametrize(("module", "spec", "problem"), [
    ("rules/a.js", "../ui/dom.js", "rules/ may import only rules/"),
    ("ui/dom.js", "../store/db.js", "ui/ may import only rules/, ui/"),
    ("store/db.js", "../ui/dom.js", "store/ may import only rules/, store/"),
    ("parts/a.js", "../screens/event.js", "parts/ may import only parts/, rules/, store/, ui/"),
    ("screens/a.js", "./event.js", "screens/ may import only parts/, rules/, store/, ui/"),
    ("parts/a.js", "../main.js", "nothing may import an entry module"),
    ("main.js", "./boot.js", "nothing may import an entry module"),
    ("parts/a.js", "../missing.js", "static/js/missing.js does not exist"),
    ("parts/a.js", "../../vendor/x.js", "it leads outside static/js/"),
    ("parts/a.js", "https://example.com/x.js", "only ./, ../, /static/js/ and /app/"),
    ("parts/a.js", "idb", "only ./, ../, /static/js/ and /app/"),
])
def test_a_bad_import_is_named(module, spec, problem):
    graph = {PurePosixPath(module): [("static", spec, resolve(PurePosixPath(module), spec))]}
    [found] = layering_problems(graph)
    assert found.startswith(f"static/js/{module} imports {spec!r} (static): ")
    assert problem in found


def test_server_modules_and_good_imports_pass():
    graph = {PurePosixPath(module): [("static", spec, resolve(PurePosixPath(module), spec))]
             for module, spec in [("rules/a.js", "/app/constants.js"),
                                  ("screens/event.js", "../parts/people-list.js"),
                                  ("main.js", "./screens/event.js")]}
    assert layering_problems(graph) == []


def test_a_module_outside_the_layers_is_named():
    [found] = layering_problems({PurePosixPath("helpers.js"): []})
    assert found.startswith("static/js/helpers.js is neither an entry")
