"""The app shell the service worker precaches, each URL with a hash of its bytes.

No build step: the server hashes the files when it serves the worker, so editing any shell file
changes the worker's bytes, which is what makes the browser install a new version.
"""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

HASH_LENGTH = 12

# Shell files under static/ besides the modules in static/js/. static/vendor/ (the QR decoder)
# stays out, and so do the modules only the card, badge and scanner screens use: they load on
# demand and the page warms them into the worker's runtime cache (main.js, warmOnDemand).
# The large icons stay out too: only installation uses them, and it fetches them online.
REQUIRED_STATIC = ("css/app.css",)
ON_DEMAND_MODULES = frozenset({
    "js/screens/card.js", "js/screens/scanner.js", "js/screens/badge.js", "js/camera.js",
    "js/screens/contact-form.js", "js/screens/form-fields.js", "js/payload.js",
})
# The one icon the shell page itself shows (180 px); optional: a failed fetch never stops install.
OPTIONAL_STATIC = ("icons/apple-touch-icon.png",)

_memo: dict[tuple, dict] = {}


def short_hash(data: bytes) -> str:
    """Return the first HASH_LENGTH hex digits of the SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def shell_static_files(static_dir: Path) -> list[tuple[str, bool]]:
    """Return (path relative to static/, optional) for every static file the shell needs."""
    modules = sorted(
        name for name in (
            path.relative_to(static_dir).as_posix() for path in (static_dir / "js").rglob("*.js")
        ) if name not in ON_DEMAND_MODULES
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
) -> dict:
    """Return {"version", "files": [{"url", "hash", "optional"}]} for the worker.

    `render_pages` returns the bytes of the server-rendered shell URLs (`/app`, the manifest);
    their hashes follow the rendered output, not the template source. The result is memoised
    on the mtimes of every file involved, so most requests hash nothing.
    """
    files = shell_static_files(static_dir)
    key = tuple(file_stamp(static_dir / name) for name, _ in files)
    key += tuple(file_stamp(path) for path in template_paths)
    if key not in _memo:
        entries = [
            {"url": url, "hash": short_hash(body), "optional": False}
            for url, body in render_pages().items()
        ]
        entries += [
            {"url": f"/static/{name}", "hash": short_hash((static_dir / name).read_bytes()),
             "optional": optional}
            for name, optional in files
        ]
        listing = json.dumps(entries, sort_keys=True).encode()
        _memo.clear()  # only the current state of the files is ever asked for again
        _memo[key] = {"version": short_hash(listing), "files": entries}
    return _memo[key]
