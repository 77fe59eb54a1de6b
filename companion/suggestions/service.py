"""The goal and skips as the server holds them, and an event's suggestions ranked from them.

The phone and the laptop rank in the browser (static/js/rules/suggest.js) from their stored
records; the server ranks the same way (rules/suggest.py) for the export.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..contacts.export import safe_csv
from ..db import db
from ..imports.service import collector_paused
from ..models import Attendee, Card, Goal, Mark, Skip, derived_id
from ..people.service import people_on_list
from ..rules.suggest import known_from, opener, suggest, why
from ..sync.fields import BLANK, serialise


def goal_of(user, today: date | None = None) -> dict:
    """Return the user's goal as suggest() reads it: defaults filled, skips included."""
    record = db.session.get(Goal, (user.id, derived_id("goal", user.id)))
    fields = dict(BLANK["goal"]) | (serialise(record) if record and not record.deleted else {})
    if fields["exclude_companies"] is None:
        card = db.session.get(Card, (user.id, derived_id("card", user.id)))
        # By default my own company is left out: I do not need an event to meet them.
        fields["exclude_companies"] = [card.company] if card and card.company else []
    skips = db.session.execute(
        select(Skip.scope, Skip.attendee_id, Skip.key)
        .where(Skip.user_id == user.id, Skip.deleted.is_(False))).all()
    return fields | {
        "my_level": fields["my_level"] or None,
        "never": [key for scope, _, key in skips if scope == "never"],
        "not_now": [attendee for scope, attendee, _ in skips if scope == "event"],
        "today": (today or date.today()).isoformat(),
    }


def attendees_of(event_id: int) -> list[dict]:
    """Return an event's attendees as suggest() reads them, in list order."""
    rows = db.session.execute(
        select(Attendee.id, Attendee.name, Attendee.title, Attendee.company, Attendee.linkedin,
               Attendee.answers)
        .where(Attendee.event_id == event_id).order_by(Attendee.position)).all()
    return [{"id": id_, "name": name, "title": title, "company": company, "linkedin": linkedin,
             "answers": [tuple(pair) for pair in answers or ()]}
            for id_, name, title, company, linkedin, answers in rows]


def suggestions_for(user, event_id: int) -> list[tuple[dict, dict, dict | None]]:
    """Return (attendee, result, my mark or None) for the user's suggestions at one event."""
    people = attendees_of(event_id)
    by_id = {person["id"]: person for person in people}
    # Someone I know from before, quiet for months, is worth renewing: what my person and
    # interaction records say of them (people/), as the phone reads its copies of them.
    for attendee_id, (person, interactions) in people_on_list(user, event_id, people).items():
        if (known := known_from(interactions, person)) is not None:
            by_id[attendee_id]["known"] = known
    marks = {mark.attendee_id: mark for mark in db.session.execute(
        select(Mark).where(Mark.user_id == user.id, Mark.event_id == event_id,
                           Mark.deleted.is_(False))).scalars()}
    goal = goal_of(user)
    with collector_paused():  # a conference's ranking makes objects by the hundred thousand
        ranked = suggest(people, goal)
    return [(by_id[result["id"]], result, marks.get(result["id"])) for result in ranked]


CSV_COLUMNS = ("rank", "score", "name", "title", "company", "level", "level_points",
               "seek_points", "offer_points", "known_points", "reasons", "opener", "targeted")


def suggestions_csv(rows) -> str:
    """Return the suggestions as a CSV no spreadsheet runs a formula from."""
    return safe_csv(CSV_COLUMNS, (
        dict(zip(CSV_COLUMNS, (
            rank, result["score"], attendee["name"], attendee["title"], attendee["company"],
            result["level"] or "", result["parts"]["level"], result["parts"]["seek"],
            result["parts"]["offer"], result["parts"]["known"], why(result),
            opener(attendee, result),
            mark.priority if mark is not None and mark.priority else ""), strict=True))
        for rank, (attendee, result, mark) in enumerate(rows, start=1)))
