"""The app shell the service worker precaches, each URL with a hash of its bytes.

No build step: the server hashes the files when it serves the worker, so editing any shell file
changes the worker's bytes, which is what makes the browser install a new version.
"""

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

from .lexer import without_comments
from .served import served_bytes

HASH_LENGTH = 12

# Shell files under static/ besides the modules in static/js/. static/vendor/ (the QR decoder)
# stays out, and so do the modules that load on demand (on_demand_modules).
# The large icons stay out too: only installation uses them, and it fetches them online.
REQUIRED_STATIC = ("css/app.css",)
# The one icon the shell page itself shows (180 px); optional: a failed fetch never stops install.
OPTIONAL_STATIC = ("icons/apple-touch-icon.png",)

# The prep pages' own script (templates/base.html): the app never runs it, the phone never keeps it.
PREP_MODULES = frozenset({"js/prep.js"})
# The scanner's classic worker (nothing imports it): fetched with the QR decoder when the app
# has started (ui/camera.js, warmDecoder), kept in the worker's runtime cache like it.
DECODER_WORKERS = frozenset({"js/ui/scan-worker.js"})
# The modules the shell page starts (templates/app.html): the first screen is what they import.
ENTRY_MODULES = ("js/boot.js", "js/main.js")
# The entry whose import('…') calls load screens when first opened, and warm them into the
# worker's runtime cache once the app has started (warmOnDemand), so they open offline too.
ON_DEMAND_ENTRY = "js/main.js"
# `import … from './x.js'` and `export … from '../y.js'`, across lines; import('…') is left out:
# what a module loads on demand is not part of the first screen.
STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}/[^'"]+)['"]""", re.M)
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)""")

_memo: dict[tuple, dict] = {}
_modules_memo: dict[tuple, tuple[list[str], frozenset[str]]] = {}


def module_source(module: Path) -> str:
    """Return a module's text without its comments (a commented import is none)."""
    return without_comments(module.read_text(encoding="utf-8"))


def static_imports(entry: Path) -> set[Path]:
    """Return `entry` and every module it imports statically, transitively, as resolved paths."""
    seen, todo = set(), [entry.resolve()]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo += [(module.parent / spec).resolve()
                 for spec in STATIC_IMPORT.findall(module_source(module))]
    return seen


def dynamic_imports(module: Path) -> list[Path]:
    """Return the modules `module` loads with import('…'), as resolved paths."""
    module = module.resolve()
    return [(module.parent / spec).resolve()
            for spec in DYNAMIC_IMPORT.findall(module_source(module))]


def module_sets(static_dir: Path) -> tuple[list[str], frozenset[str]]:
    """Return (first screen modules, sorted; on-demand modules), relative to static/.

    The first screen is what the entries import statically. A module is on demand when
    main.js reaches it only through its import('…') calls (with what those import statically),
    never through the first screen: it is neither preloaded nor precached. A module nothing
    imports (the scanner's classic worker) is neither, and stays precached.
    Memoised on the modules' mtimes, like the precache list.
    """
    key = tuple(file_stamp(path) for path in sorted((static_dir / "js").rglob("*.js")))
    if key not in _modules_memo:
        root = static_dir.resolve()
        first = set().union(*(static_imports(static_dir / entry) for entry in ENTRY_MODULES))
        loaded = dynamic_imports(static_dir / ON_DEMAND_ENTRY)
        later = set().union(set(), *(static_imports(module) for module in loaded)) - first
        named = [path.relative_to(root).as_posix() for path in first]
        _modules_memo.clear()
        _modules_memo[key] = (
            sorted(named), frozenset(path.relative_to(root).as_posix() for path in later))
    return _modules_memo[key]


def first_screen_modules(static_dir: Path) -> list[str]:
    """Return the modules the first screen runs, relative to static/, sorted.

    The shell page asks for all of them at once (modulepreload): left to discover them import
    by import, a phone fetches and parses them in rounds, one per level of the import graph.
    """
    return list(module_sets(static_dir)[0])


def on_demand_modules(static_dir: Path) -> frozenset[str]:
    """Return the modules, relative to static/, that load on demand (see module_sets)."""
    return module_sets(static_dir)[1]


def short_hash(data: bytes) -> str:
    """Return the first HASH_LENGTH hex digits of the SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def shell_static_files(static_dir: Path) -> list[tuple[str, bool]]:
    """Return (path relative to static/, optional) for every static file the shell needs."""
    on_demand = on_demand_modules(static_dir)
    modules = sorted(
        name for name in (
            path.relative_to(static_dir).as_posix() for path in (static_dir / "js").rglob("*.js")
        ) if name not in on_demand and name not in PREP_MODULES | DECODER_WORKERS
    )
    files = [(name, False) for name in (*REQUIRED_STATIC, *modules)]
    files += [(name, True) for name in OPTIONAL_STATIC if (static_dir / name).exists()]
    return files


def file_stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (str(path), None)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def precache_manifest(
    static_dir: Path,
    template_paths: list[Path],
    render_pages: Callable[[], dict[str, bytes]],
    settings: tuple = (),
) -> dict:
    """Return {"version", "files": [{"url", "hash", "optional"}]} for the worker.

    `render_pages` returns the bytes of the server-rendered shell URLs (`/app`, the manifest);
    their hashes follow the rendered output, not the template source. The result is memoised
    on the mtimes of every file involved and the `settings` those pages show, so most requests
    hash nothing.
    """
    files = shell_static_files(static_dir)
    key = tuple(file_stamp(static_dir / name) for name, _ in files)
    key += tuple(file_stamp(path) for path in template_paths) + tuple(settings)
    if key not in _memo:
        entries = [
            {"url": url, "hash": short_hash(body), "optional": False}
            for url, body in render_pages().items()
        ]
        entries += [
            {"url": f"/static/{name}", "hash": short_hash(served_bytes(static_dir, name)),
             "optional": optional}
            for name, optional in files
        ]
        listing = json.dumps(entries, sort_keys=True).encode()
        _memo.clear()  # only the current state of the files is ever asked for again
        _memo[key] = {"version": short_hash(listing), "files": entries}
    return _memo[key]
