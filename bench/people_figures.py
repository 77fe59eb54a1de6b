"""People across years of events on the phone: thousands of people, tens of thousands of
interactions, searched and opened with no signal and the CPU slowed 4x.

The account gets its people the way a second device would: written on the server, pulled by
the app's sync. Then, offline: search as you type over everyone in the People list (per key,
as the event list's search is measured), and opening one person's page from the list (to the
page drawn, its performance mark).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from pathlib import Path

from . import browser_figures
from .browser_figures import CHROMIUM_ARGS, PHONE, STEP_TIMEOUT, TYPE_QUERIES, percentile

FULL = {"people": 5_000, "interactions": 50_000, "opens": 20}
SMALL = {"people": 500, "interactions": 5_000, "opens": 5}
SYNC_TIMEOUT = 300_000  # ms: the first pull of every record, unthrottled
QUERIES = ("garcia", "acme", "lee", "product", "design")
FIRST = ("Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jonas", "Kemi",
         "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Zoë")
LAST = ("Garcia", "Lee", "Kowalski", "Nguyen", "Okafor", "Smith", "Müller", "Rossi", "Tanaka",
        "Silva", "Haddad", "Ivanova", "Dubois", "Sharma", "Kim", "Novak", "Berg", "Costa")
COMPANIES = ("Acme", "Globex", "Initech", "Hooli", "Northwind", "Brightly", "Zeta Labs", "Umbrella")
TITLES = ("Product Manager", "Senior Designer", "Staff Engineer", "Head of Growth", "Founder",
          "Data Scientist", "Director of Product", "Engineering Manager")
TYPES = ("met", "reply", "coffee", "call", "message", "followup-sent", "other")

OPEN_PERSON = """
async (id) => {
  performance.clearMarks('companion:person-page');
  const started = performance.now();
  location.hash = `#/people/${id}`;
  for (;;) {
    const [mark] = performance.getEntriesByName('companion:person-page')
      .filter((entry) => entry.detail === id);
    if (mark) return mark.startTime - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
"""


def seed(database_url: str, email: str, mode: dict, rng_seed: int = 7) -> list[str]:
    """Write the account's people and interactions; return the people's ids."""
    from sqlalchemy import insert, select

    from companion import create_app
    from companion.db import db
    from companion.models import Interaction, Person, User
    from companion.sync.clock import next_version

    rng = random.Random(rng_seed)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    today = date.today()
    first_met = (today - timedelta(days=900)).isoformat()
    with app.app_context():
        user_id = db.session.execute(select(User.id).where(User.email == email)).scalar_one()
        version = next_version()
        ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(mode["people"])]
        db.session.execute(insert(Person), [{
            "id": pid, "user_id": user_id, "version": version,
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "company": rng.choice(COMPANIES), "title": rng.choice(TITLES),
            "emails": [f"person{n}@example.com"],
            "tags": [rng.choice(["pm", "design", "hiring", "investor"])],
            "cadence": rng.choice(["none", "3w", "2m", "6m", "1y"]),
            "first_met_event": "PM Night", "first_met_on": first_met,
        } for n, pid in enumerate(ids)])
        db.session.execute(insert(Interaction), [{
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "user_id": user_id,
            "version": version, "person_ids": rng.sample(ids, k=rng.choice((1, 1, 1, 2, 3))),
            "on": (today - timedelta(days=rng.randrange(1100))).isoformat(),
            "type": rng.choice(TYPES), "line": "Talked about the roadmap and hiring plans",
            "event_title": "PM Night",
        } for _ in range(mode["interactions"])])
        db.session.commit()
        db.engine.dispose()
    return ids


def people_figures(url: str, email: str, password: str, database_url: str, profile: Path,
                   mode: dict) -> dict:
    """Return the People list's search per key and the person page's opening, offline."""
    from playwright.sync_api import sync_playwright

    ids = seed(database_url, email, mode)
    figures: dict = {"people": mode["people"], "interactions": mode["interactions"]}
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=browser_figures.chromium_path(), args=CHROMIUM_ARGS,
            headless=True, viewport=PHONE, service_workers="allow")
        context.set_default_timeout(STEP_TIMEOUT)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            browser_figures.log_in(page, url, email, password)
            page.goto(url + "/app#/people")
            page.wait_for_function(
                "(count) => document.querySelector('.list-summary')?.textContent"
                ".endsWith(`of ${count.toLocaleString('en-US')}`)", arg=mode["people"],
                timeout=SYNC_TIMEOUT)
            # The People screen loads on demand: cached once the app, controlled by its worker,
            # has warmed it (this first page loaded it before the worker was in charge).
            page.reload()
            page.wait_for_function("() => document.documentElement.dataset.onDemand === 'ready'",
                                   timeout=SYNC_TIMEOUT)
            context.set_offline(True)
            browser_figures.slow_down(context, page)
            page.reload()
            page.wait_for_selector(".people-row")
            typed = page.evaluate(TYPE_QUERIES, list(QUERIES))
            times = typed["times"]
            figures["search"] = {"keystrokes": len(times), "p95_ms": percentile(times, 0.95),
                                 "median_ms": percentile(times, 0.5), "max_ms": max(times)}
            opens = []
            for person_id in random.Random(11).sample(ids, k=mode["opens"]):
                opens.append(page.evaluate(OPEN_PERSON, person_id))
                page.evaluate("() => { location.hash = '#/people'; }")
                page.wait_for_selector(".people-row")
            figures["person_page"] = {"opens": len(opens), "p95_ms": percentile(opens, 0.95),
                                      "median_ms": percentile(opens, 0.5), "max_ms": max(opens)}
        finally:
            context.close()
    return figures
