"""The app shell the service worker precaches, each URL with a hash of its bytes.

No build step: the server hashes the files when it serves the worker, so editing any shell file
changes the worker's bytes, which is what makes the browser install a new version.
"""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

HASH_LENGTH = 12

# Shell files under static/ besides every module in static/js/. static/vendor/ is left out on
# purpose: the QR decoder is large and loaded on demand (the worker caches it at first use).
REQUIRED_STATIC = ("css/app.css",)
OPTIONAL_STATIC = (
    "icons/icon-192.png", "icons/icon-512.png", "icons/maskable-512.png",
    "icons/apple-touch-icon.png",
)

_memo: dict[tuple, dict] = {}


def short_hash(data: bytes) -> str:
    """Return the first HASH_LENGTH hex digits of the SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def shell_static_files(static_dir: Path) -> list[tuple[str, bool]]:
    """Return (path relative to static/, optional) for every static file the shell needs."""
    modules = sorted(
        path.relative_to(static_dir).as_posix() for path in (static_dir / "js").rglob("*.js")
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
