"""The phone in the room: a 390x844 Chromium page, and screenshots to look at.

`shot(page, name)` saves a screenshot a person looks at before calling a screen done;
conftest.py saves one of every page a failing browser test had open, so a failure shows what
the screen looked like. Both go to tests/browser/screenshots/ (ignored by git), or to the
folder named by COMPANION_SCREENSHOTS.
"""

import os
import re
from pathlib import Path

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(os.environ.get("COMPANION_SCREENSHOTS") or Path(__file__).parent / "screenshots")


def screenshot_path(name: str) -> Path:
    """Where a screenshot called `name` goes (a test id is made a safe file name)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name).strip("_")[:150] + ".png")


def shot(page, name: str, *, full_page: bool = False) -> Path:
    """Save what the page shows now as `name`.png; return the path."""
    path = screenshot_path(name)
    page.screenshot(path=str(path), full_page=full_page)
    return path


def open_pages(funcargs: dict) -> list:
    """The open Playwright pages among a test's fixtures (pages, and pages of contexts)."""
    pages = []
    for value in funcargs.values():
        candidates = []
        if hasattr(value, "screenshot") and hasattr(value, "goto"):
            candidates = [value]
        elif hasattr(value, "pages") and hasattr(value, "new_page"):
            candidates = list(value.pages)
        for page in candidates:
            if page not in pages and not page.is_closed():
                pages.append(page)
    return pages


def save_failure_screenshots(item) -> list[Path]:
    """Save every open page of a failed test as failure-<test id>-<n>.png."""
    saved = []
    for n, page in enumerate(open_pages(getattr(item, "funcargs", {}))):
        try:
            saved.append(shot(page, f"failure-{item.nodeid}-{n}", full_page=True))
        except Exception:  # noqa: BLE001 - a page that cannot paint must not hide the failure
            continue
    return saved

