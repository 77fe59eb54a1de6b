"""Ranking a conference's list for suggested targets: the server's rule and the phone's twin.

The same synthetic list as the rest of the benchmark (bench/synthetic.py, with its two host's
questions as registration answers), ranked against a goal that matches in titles, companies,
answers and "looking for" answers, so every part of the score is computed for everyone.

    suggest_figures(count, repeats, url=None) -> [figure dict]

Each figure dict has the keys of bench/report.py Figure (name, measured, target, baseline, met);
with `url` (a served app) and a Chromium, the browser figure is measured too, with the CPU
slowed as for the phone's other figures.
"""

from __future__ import annotations

import statistics
import time

from bench import synthetic
from bench.browser_figures import CPU_SLOWDOWN, chromium_path, slow_down
from companion.imports.service import collector_paused
from companion.rules.suggest import suggest

SERVER_SECONDS = 1.0
# The phone ranks after the whole list is read, off the first paint, once per list and goal
# (parts/suggestions-rank.js): held to the list's "whole list searchable" budget of a second.
PHONE_MS = 1000

GOAL = {
    "seek": ["fintech", "developer tools", "platform", "Product"],
    "offer": ["product managers", "mentors"],
    "my_level": "mid", "seek_levels": None, "exclude_companies": ["Acmezen"],
    "never": [], "not_now": [], "today": "2026-12-03",
}


def attendees(count: int) -> list[dict]:
    """Return the synthetic list as suggest() reads it (the pack's fields and answers)."""
    found = []
    for number, row in enumerate(synthetic.attendee_rows(count)):
        answers = {question: value for question, value in (
            (synthetic.GOAL_QUESTION, row[16]), (synthetic.INDUSTRY_QUESTION, row[17]))
            if value and value != "N/A"}
        found.append({"id": number + 1, "name": f"{row[2]} {row[3]}", "title": row[12],
                      "company": row[13], "linkedin": row[14], "answers": answers})
    return found


RUN_JS = """async ([people, goal, repeats]) => {
  const { suggest } = await import('/static/js/rules/suggest.js');
  const times = [];
  let found = 0;
  for (let run = 0; run < repeats; run += 1) {
    const started = performance.now();
    found = suggest(people, goal).length;
    times.push(performance.now() - started);
  }
  return { times, found };
}"""


def browser_ms(url: str, people: list[dict], repeats: int) -> dict | None:
    """Return {times, found} of the JavaScript twin in Chromium, CPU slowed; None without one."""
    path = chromium_path()
    if path is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(url + "/auth/login")
        slow_down(context, page)
        result = page.evaluate(RUN_JS, [people, GOAL, repeats])
        browser.close()
    return result


def suggest_figures(count: int, repeats: int = 3, url: str | None = None) -> list[dict]:
    """Return the suggestion figures: the server's ranking, and the phone's when `url` is given."""
    people = attendees(count)
    times, found = [], 0
    for _ in range(repeats):
        # As the export ranks (companion/suggestions/service.py): the collector paused.
        started = time.perf_counter()
        with collector_paused():
            found = len(suggest(people, GOAL))
        times.append(time.perf_counter() - started)
    best = min(times)
    figures = [{
        "name": f"suggestions: rank {count:,} attendees (server)",
        "measured": f"{best * 1000:.0f} ms", "target": f"<= {SERVER_SECONDS:g} s",
        "baseline": f"best of {repeats}; {found:,} suggested, every part of the score",
        "met": best <= SERVER_SECONDS,
    }]
    if url:
        phone = browser_ms(url, people, repeats)
        if phone is not None:
            median = statistics.median(phone["times"])
            figures.append({
                "name": f"phone (CPU {CPU_SLOWDOWN}x slower): rank {count:,} for suggestions",
                "measured": f"{median:.0f} ms", "target": f"<= {PHONE_MS / 1000:g} s",
                "baseline": f"median of {repeats}, first {phone['times'][0]:.0f} ms; "
                            f"{phone['found']:,} suggested",
                "met": median <= PHONE_MS,
            })
    return figures
