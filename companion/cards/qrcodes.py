"""Render QR codes: a compact SVG for the screen, a PNG for print, memoised by content."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from importlib.metadata import version
from typing import Any, TypeVar

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}
# The screen badge uses M: fewer, larger modules read best from arm's length. Print uses H:
# paper gets creased, smudged and partly covered by a lanyard clip.
DEFAULTS: dict[str, dict[str, Any]] = {
    "svg": {"error": "M", "border": 4},
    "png": {"error": "H", "box_size": 10, "border": 4},
}
# Part of every ETag: bump it (or upgrade qrcode) and every cached image is stale.
_RENDER_REVISION = f"1/qrcode-{version('qrcode')}"
_CACHE_SIZE = 64
Image = TypeVar("Image", str, bytes)


class _ScalableSvgPath(SvgPathFillImage):
    """One <path> on a white <rect>, sized only by its viewBox so CSS decides the size."""

    def _svg(self, **kwargs):
        svg = super()._svg(**kwargs)
        del svg.attrib["width"], svg.attrib["height"]
        svg.set("shape-rendering", "crispEdges")  # no anti-aliased seams between modules
        return svg


class _LRU:
    """A small thread-safe least-recently-used cache of rendered images."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, str | bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get_or_make(self, key: str, make: Callable[[], Image]) -> Image:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()  # rendered outside the lock: a duplicate render beats a stall
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


_cache = _LRU(_CACHE_SIZE)


def _options(kind: str, opts: dict[str, Any]) -> dict[str, Any]:
    """Return the full, checked rendering options for kind ("svg" or "png")."""
    if kind not in DEFAULTS:
        raise ValueError(f"Unknown QR image kind {kind!r}")
    if unknown := set(opts) - set(DEFAULTS[kind]):
        raise TypeError(f"Unknown {kind} QR options: {', '.join(sorted(unknown))}")
    options = DEFAULTS[kind] | opts
    if options["error"] not in LEVELS:
        raise ValueError(f"Error correction must be one of {', '.join(LEVELS)}")
    if not 0 <= options["border"] <= 20:
        raise ValueError("The border must be 0 to 20 modules (4 is the standard quiet zone).")
    if not 1 <= options.get("box_size", 10) <= 50:
        raise ValueError("box_size must be 1 to 50 pixels per module.")
    return options


def qr_etag(payload: str, kind: str = "svg", **opts: Any) -> str:
    """Return the content hash that names the image render_<kind>(payload, **opts) returns."""
    key = [_RENDER_REVISION, kind, payload, sorted(_options(kind, opts).items())]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


def _qr(payload: str, error: str, border: int, box_size: int = 10) -> qrcode.QRCode:
    """Return a compiled QRCode at the smallest version that holds payload (UTF-8 bytes)."""
    if not payload:
        raise ValueError("Nothing to put in the QR code.")
    qr = qrcode.QRCode(error_correction=LEVELS[error], border=border, box_size=box_size)
    qr.add_data(payload)
    try:
        qr.make(fit=True)
    except (DataOverflowError, ValueError) as overflow:  # ValueError: "version 41" needed
        raise ValueError("Too much data for one QR code; leave some fields out.") from overflow
    return qr


def qr_version(payload: str, error: str = "M") -> int:
    """Return the QR version (1-40; side = 17 + 4 * version modules) payload needs."""
    return _qr(payload, _options("svg", {"error": error})["error"], border=0).version


def render_svg(payload: str, *, error: str = "M", border: int = 4) -> str:
    """Return payload as a scalable, script-free SVG document (one path on white)."""
    options = _options("svg", {"error": error, "border": border})

    def make() -> str:
        image = _qr(payload, error, border).make_image(image_factory=_ScalableSvgPath)
        del image.path.attrib["id"]  # ids must be unique when several SVGs are inlined
        return image.to_string(encoding="unicode")

    return _cache.get_or_make(qr_etag(payload, "svg", **options), make)


def render_png(payload: str, *, error: str = "H", box_size: int = 10, border: int = 4) -> bytes:
    """Return payload as a black-on-white PNG with box_size pixels per module."""
    options = _options("png", {"error": error, "box_size": box_size, "border": border})

    def make() -> bytes:
        image = _qr(payload, error, border, box_size).make_image(image_factory=PilImage)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    return _cache.get_or_make(qr_etag(payload, "png", **options), make)
