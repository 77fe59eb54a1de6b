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



# Every control a thumb may have to hit, and what counts as its target: a checkbox or radio is
# hit through its label too (tapping the label toggles it), so its target is the larger box.
SMALL_TARGETS = """(minimum) => {
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [role=switch], [role=tab], [tabindex]:not([tabindex="-1"])';
  const visible = (el) => {
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && !el.closest('[hidden]');
  };
  const area = (box) => box.width * box.height;
  const small = [];
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el)) continue;
    let box = el.getBoundingClientRect();
    const labels = el.labels ? [...el.labels] : [];
    for (const label of labels) {
      const own = label.getBoundingClientRect();
      if (visible(label) && area(own) > area(box)) box = own;
    }
    if (box.width === 0 && box.height === 0) continue;  // not rendered (e.g. inside closed details)
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.type || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 40);
      small.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${name}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def small_targets(page, minimum: int = 44) -> list[str]:
    """Describe every visible control on the page whose tap target is under minimum px a side."""
    return page.evaluate(SMALL_TARGETS, minimum)
