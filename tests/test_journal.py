"""The journal on the laptop: numbers from the user's own records, the series' verdicts, the
answer form with hostile input, the exports formula-safe, and answers over the sync API."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from companion.db import db
from companion.models import Attendee, JournalEntry, derived_id

from .conftest import log_in

CLIENT = "journal-test-01"
START = datetime(2026, 3, 12, 23, 0, tzinfo=UTC)  # 19:00 in Toronto


def push(client, changes):
    numbered = [{"seq": n + 1, **change} for n, change in enumerate(changes)]
    response = client.post("/api/sync/push", json={"client_id": CLIENT, "changes": numbered})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def journal_put(user, event_id, **fields):
    return {"kind": "journal", "op": "put", "id": derived_id("journal", user, event_id),
            "fields": {"event_id": event_id, **fields}, "new": True}


def mark_put(user, event_id, attendee_id, **fields):
    return {"kind": "mark", "op": "put", "id": derived_id("mark", user, attendee_id),
            "fields": {"event_id": event_id, "attendee_id": attendee_id, **fields}, "new": True}


def series_of_two(make_event, app):
    first = make_event(title="PM Night #41", starts_at=START, ends_at=START + timedelta(hours=2),
                       attendees=("Dana Lee", "Sam Ortiz"))
    second = make_event(title="PM Night #42 – April", starts_at=START + timedelta(weeks=4),
                        ends_at=START + timedelta(weeks=4, hours=2), attendees=("Dana Lee",))
    with app.app_context():
        attendees = {(a.event_id, a.name): a.id for a in db.session.scalars(select(Attendee))}
    return first, second, attendees


def test_the_journal_counts_what_came_of_each_event_and_judges_the_series(
        app, auth_client, user, make_event):
    first, second, attendees = series_of_two(make_event, app)
    dana = str(uuid.uuid4())
    changes = [
        journal_put(user, first, rating=5, worth="yes", line="Small room"),
        journal_put(user, second, rating=4, worth="yes"),
        mark_put(user, first, attendees[(first, "Dana Lee")], priority="must", status="met",
                 person_id=dana),
        mark_put(user, first, attendees[(first, "Sam Ortiz")], priority="want"),
        {"kind": "person", "op": "put", "id": dana, "new": True, "fields": {"name": "Dana Lee"}},
        {"kind": "interaction", "op": "put", "id": str(uuid.uuid4()), "new": True,
         "fields": {"person_ids": [dana], "on": "2026-03-12", "type": "met", "event_id": first}},
        {"kind": "interaction", "op": "put", "id": str(uuid.uuid4()), "new": True,
         "fields": {"person_ids": [dana], "on": "2026-03-20", "type": "coffee"}},
    ]
    assert push(auth_client, changes)["rejected"] == []
    page = auth_client.get("/journal").get_data(as_text=True)
    assert "PM Night #42 – April" in page and "<code>pm night</code>" in page
    assert "Keep going: your answers lean yes and something came of it" in page
    assert "(1 coffee, 1 of 2 targets met, 1 new person)" in page
    rows = list(csv.DictReader(io.StringIO(
        auth_client.get("/journal/journal.csv").get_data(as_text=True))))
    assert [(r["event"], r["stars"], r["targets_met"], r["targets_planned"], r["new_people"],
             r["coffees"]) for r in rows] == [
        ("PM Night #42 – April", "4", "0", "0", "0", "0"),
        ("PM Night #41", "5", "1", "2", "1", "1")]
    [series] = list(csv.DictReader(io.StringIO(
        auth_client.get("/journal/series.csv").get_data(as_text=True))))
    assert (series["series"], series["verdict"], series["average_stars"]) == (
        "pm night", "keep", "4.5")


def test_the_answer_form_refuses_every_bad_field_at_once_and_keeps_what_was_typed(
        app, auth_client, user, make_event):
    first, _second, _ = series_of_two(make_event, app)
    response = auth_client.post(f"/journal/{first}", data={
        "rating": "9", "worth": "<script>", "line": "<b>kept</b>" + "x" * 600, "series": "s"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "rating must be" in page and "worth must be" in page and "line" in page
    assert "<b>kept</b>" not in page and "&lt;b&gt;kept&lt;/b&gt;" in page
    with app.app_context():
        assert db.session.scalars(select(JournalEntry)).all() == []
    assert auth_client.post(f"/journal/{first}", data={"rating": "abc"}).status_code == 400

    # A good answer is saved with a new version, so every device pulls it.
    response = auth_client.post(f"/journal/{first}", data={
        "rating": "3", "worth": "maybe", "line": "=HYPERLINK(\"http://evil\")", "series": ""})
    assert response.status_code == 302
    pulled = auth_client.get("/api/sync/pull", query_string={"client_id": CLIENT, "since": 0})
    [entry] = [r for r in pulled.json["records"] if r["kind"] == "journal"]
    assert entry["fields"]["rating"] == 3 and entry["fields"]["worth"] == "maybe"
    [row] = [r for r in csv.DictReader(io.StringIO(
        auth_client.get("/journal/journal.csv").get_data(as_text=True))) if r["stars"]]
    assert row["line"].startswith("'=")

    # "Didn't go" forgets stars and worth.
    auth_client.post(f"/journal/{first}", data={"went": "no", "rating": "5", "worth": "yes"})
    with app.app_context():
        [saved] = db.session.scalars(select(JournalEntry)).all()
        assert (saved.went, saved.rating, saved.worth) == (False, None, None)


def test_hostile_journal_pushes_are_refused_with_their_reasons(app, auth_client, user,
                                                                make_event):
    first, second, _ = series_of_two(make_event, app)
    result = push(auth_client, [
        journal_put(user, first, rating=6),
        journal_put(user, first, worth="definitely"),
        journal_put(user, first, line="x" * 501),
        journal_put(user, first, arrived_at="19:40"),
        journal_put(user, first, rating="5"),
        # An id that is not the one derived for this event.
        {**journal_put(user, second, rating=4), "id": derived_id("journal", user, first)},
        journal_put(user, 10**9, rating=4),
        mark_put(user, first, 1, status="met", met_at="at nine"),
    ])
    reasons = [rejection["reason"] for rejection in result["rejected"]]
    assert len(reasons) == 8, reasons
    assert any("met_at must be an ISO 8601 time" in reason for reason in reasons)
    assert any("does not match" in reason for reason in reasons)
    assert any("not yours" in reason for reason in reasons)
    with app.app_context():
        assert db.session.scalars(select(JournalEntry)).all() == []


def test_the_journal_is_the_users_own(app, client, make_user, make_event, user):
    first, _second, _ = series_of_two(make_event, app)
    other = make_user("bo@example.com")
    with app.app_context():
        db.session.add(JournalEntry(id=derived_id("journal", other, first), user_id=other,
                                    event_id=first, rating=1, line="BO-SECRET", version=1))
        db.session.commit()
    log_in(client)
    assert "BO-SECRET" not in client.get("/journal").get_data(as_text=True)
    assert "BO-SECRET" not in client.get("/journal/journal.csv").get_data(as_text=True)
    # Bo cannot write about an event he was never given.
    log_in(client, "bo@example.com")
    assert client.post(f"/journal/{first}", data={"rating": "5"}).status_code == 404


def seed_series(app, user, make_event, minutes_by_event, answered=True):
    """Past "PM Night" events with a must target each met so many minutes in; one to come."""
    past_ids = []
    for n, minutes in enumerate(minutes_by_event):
        start = START + timedelta(weeks=n)
        past_ids.append(make_event(title=f"PM Night #{40 + n}", starts_at=start,
                                   ends_at=start + timedelta(hours=2),
                                   attendees=[f"Guest {n}-{i}" for i in range(len(minutes))]))
    coming = make_event(title="The 45th PM Night", starts_at=datetime(2030, 3, 12, 23, tzinfo=UTC),
                        ends_at=datetime(2030, 3, 13, 1, tzinfo=UTC), attendees=("Dana Lee",))
    with app.app_context():
        from companion.models import Event, Mark
        from companion.sync.clock import next_version
        for event_id, minutes in zip(past_ids, minutes_by_event, strict=True):
            event = db.session.get(Event, event_id)
            if answered:
                db.session.add(JournalEntry(id=derived_id("journal", user, event_id),
                                            user_id=user, event_id=event_id, rating=4,
                                            version=next_version()))
            for attendee, minute in zip(event.attendees, minutes, strict=True):
                db.session.add(Mark(id=derived_id("mark", user, attendee.id), user_id=user,
                                    event_id=event_id, attendee_id=attendee.id, priority="must",
                                    status="met", version=next_version(),
                                    met_at=event.starts_at + timedelta(minutes=minute)))
        db.session.commit()
    return past_ids, coming


SECOND_WAVE_REASON = ("At PM Night 3 of your 4 met targets were met 50 minutes or more after"
                      " the start: the second wave fits this series.")


def test_the_prep_page_plan_learns_from_the_series(app, auth_client, user, make_event):
    past_ids, coming = seed_series(app, user, make_event, [[55, 10], [70, 90]])
    page = auth_client.get(f"/events/{coming}").get_data(as_text=True)
    assert SECOND_WAVE_REASON in page
    rows = {r["event"]: r for r in csv.DictReader(io.StringIO(
        auth_client.get("/journal/journal.csv").get_data(as_text=True)))}
    assert rows["PM Night #41"]["targets_met"] == "2"
    assert rows["PM Night #41"]["targets_met_minutes_in"] == "70 90"


def test_one_past_event_or_unanswered_ones_teach_nothing(app, auth_client, user, make_event):
    _, coming = seed_series(app, user, make_event, [[55, 70]])
    assert "fits this series" not in auth_client.get(f"/events/{coming}").get_data(as_text=True)


def test_unanswered_past_events_teach_nothing(app, auth_client, user, make_event):
    _, coming = seed_series(app, user, make_event, [[55, 70], [60, 80]], answered=False)
    assert "fits this series" not in auth_client.get(f"/events/{coming}").get_data(as_text=True)


def test_follow_ups_sent_within_72_hours_count_for_their_event(app, auth_client, user,
                                                               make_event):
    first, _second, attendees = series_of_two(make_event, app)
    end = START + timedelta(hours=2)

    def followup(name, sent_at):
        attendee = attendees[(first, name)]
        return {"kind": "followup", "op": "put", "new": True,
                "id": derived_id("followup", user, "thanks", attendee, first),
                "fields": {"type": "thanks", "event_id": first, "attendee_id": attendee,
                           "due": (end + timedelta(hours=12)).isoformat(), "state": "sent",
                           "channel": "email", "draft": "Thanks",
                           "sent_at": sent_at.isoformat()}}

    result = push(auth_client, [followup("Dana Lee", end + timedelta(hours=13)),
                                followup("Sam Ortiz", end + timedelta(hours=80))])
    assert result["rejected"] == []
    rows = {r["event"]: r for r in csv.DictReader(io.StringIO(
        auth_client.get("/journal/journal.csv").get_data(as_text=True)))}
    assert rows["PM Night #41"]["followups_within_72h"] == "1"
