"""What installing the app costs: the gzipped bytes of every file the service worker precaches."""

from __future__ import annotations

import gzip
import json
import re

from .live import Device

PRECACHE_LIST = re.compile(r"const PRECACHE = (\{.*?\n\});", re.S)
QR_DECODER = "/static/vendor/"


def gzipped(data: bytes) -> int:
    # Level 6, as a reverse proxy or CDN compresses text; PNGs are counted as they are served.
    return len(gzip.compress(data, 6, mtime=0))


def shell_figures(device: Device) -> dict:
    """Fetch the worker, then every URL on its precache list, and add up the gzipped bytes."""
    status, _, worker = device.send("GET", "/service-worker.js")
    match = PRECACHE_LIST.search(worker.decode())
    if status != 200 or match is None:
        raise RuntimeError(f"/service-worker.js answered {status} without a precache list")
    files = json.loads(match.group(1))["files"]
    sizes = {"/service-worker.js": gzipped(worker)}
    for entry in files:
        status, _, body = device.send("GET", entry["url"])
        if status != 200:
            raise RuntimeError(f"precached {entry['url']} answered {status}")
        sizes[entry["url"]] = gzipped(body) if not entry["url"].endswith(".png") else len(body)
    decoder_urls = [url for url in sizes if url.startswith(QR_DECODER)]
    return {
        "gzip_bytes": sum(sizes.values()), "files": len(sizes),
        "largest": sorted(sizes.items(), key=lambda item: -item[1])[:5],
        "images_bytes": sum(size for url, size in sizes.items() if url.endswith(".png")),
        "qr_decoder_precached": bool(decoder_urls),
        "qr_decoder_gzip_bytes": qr_decoder_bytes(device),
    }


def qr_decoder_bytes(device: Device) -> int:
    """Return the gzipped size of the vendored QR decoder, fetched only when scanning starts."""
    from pathlib import Path

    vendor = Path(__file__).resolve().parent.parent / "static" / "vendor"
    total = 0
    for script in sorted(vendor.glob("*.js")):
        status, _, body = device.send("GET", f"{QR_DECODER}{script.name}")
        if status == 200:
            total += gzipped(body)
    return total
