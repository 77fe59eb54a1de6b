"""GET /api/people/matches: which attendees of an event I can see are people I know, by an email
I already hold; merges followed to the person they end at; nothing for another's event."""

import uuid

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from companion.db import db
from companion.models import Attendee, Membership, Person, User
from companion.people.service import EMAIL_CHUNK, person_matches

from .conftest import log_in


def add_attendees(app, event_id, emails):
    """Add attendees with these emails (folded, as the import stores them); return their ids."""
    with app.app_context():
        rows = [Attendee(event_id=event_id, key=f"email:{email or n}", name=f"Person {n}",
                         email=email, position=100 + n) for n, email in enumerate(emails)]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def add_person(app, user_id, *, emails=(), merged_into=None, deleted=False, person_id=None):
    with app.app_context():
        person = Person(id=person_id or str(uuid.uuid4()), user_id=user_id, name="Someone",
                        emails=list(emails), merged_into=merged_into, deleted=deleted)
        db.session.add(person)
        db.session.commit()
        return person.id


def matches(client, event_id):
    response = client.get("/api/people/matches", query_string={"event_id": event_id})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["matches"]


def test_attendees_match_my_people_by_email_through_merges(app, auth_client, user, event,
                                                           make_user):
    a, b, c, d, e, nobody = add_attendees(app, event, [
        "dana@acme.example", "dana@globex.example", "gone@example.com", "loop@example.com",
        "theirs@example.com", ""])
    dana = add_person(app, user, emails=["Dana@Acme.example"])
    add_person(app, user, emails=["dana@globex.example"], merged_into=dana)
    add_person(app, user, emails=["gone@example.com"], deleted=True)
    # Two devices merged each way: the cycle ends at its smallest id, as the app decides.
    first, second = sorted(str(uuid.uuid4()) for _ in range(2))
    add_person(app, user, emails=["loop@example.com"], merged_into=first, person_id=second)
    add_person(app, user, merged_into=second, person_id=first)
    # A merge into a record that is not there (forgotten) ends where it is.
    orphan = add_person(app, user, emails=["orphan@example.com"], merged_into=str(uuid.uuid4()))
    [f] = add_attendees(app, event, ["orphan@example.com"])
    bo = make_user("bo@example.com")
    add_person(app, bo, emails=["theirs@example.com"])
    assert matches(auth_client, event) == [[a, dana], [b, dana], [d, first], [f, orphan]]
    assert e not in {pair[0] for pair in matches(auth_client, event)}
    assert nobody not in {pair[0] for pair in matches(auth_client, event)}


def test_no_people_no_matches(app, auth_client, event):
    add_attendees(app, event, ["dana@acme.example"])
    assert matches(auth_client, event) == []


def test_a_member_of_a_shared_event_gets_matches_on_it(app, client, user, event, make_user):
    [a] = add_attendees(app, event, ["dana@acme.example"])
    bo = make_user("bo@example.com")
    person = add_person(app, bo, emails=["dana@acme.example"])
    with app.app_context():
        db.session.add(Membership(event_id=event, user_id=bo))
        db.session.commit()
    log_in(client, "bo@example.com")
    assert matches(client, event) == [[a, person]]


def test_anothers_event_is_answered_exactly_as_a_missing_one(app, client, user, event,
                                                             make_user):
    add_attendees(app, event, ["dana@acme.example"])
    eve = make_user("eve@example.com")
    add_person(app, eve, emails=["dana@acme.example"])
    log_in(client, "eve@example.com")
    theirs = client.get(f"/api/people/matches?event_id={event}")
    missing = client.get("/api/people/matches?event_id=999999")
    huge = client.get(f"/api/people/matches?event_id={2**70}")
    assert theirs.status_code == missing.status_code == huge.status_code == 404
    assert theirs.get_data() == missing.get_data() == huge.get_data()
    assert theirs.json == {"error": "Not found."}
    # A removed member is a stranger again.
    with app.app_context():
        db.session.add(Membership(event_id=event, user_id=eve,
                                  removed_at=db.session.get(User, eve).created_at))
        db.session.commit()
    assert client.get(f"/api/people/matches?event_id={event}").status_code == 404


@pytest.mark.parametrize("query", ["", "?event_id=", "?event_id=abc", "?event_id=1.5"])
def test_a_missing_or_malformed_event_id_is_refused(auth_client, query):
    response = auth_client.get("/api/people/matches" + query)
    assert response.status_code == 400 and "event_id" in response.json["error"]


def test_logged_out_is_401_json(client, event):
    response = client.get(f"/api/people/matches?event_id={event}")
    assert response.status_code == 401 and response.json["error"]


def test_a_big_list_takes_a_query_per_thousand_emails_not_per_attendee(app, user, event):
    people = 2 * EMAIL_CHUNK + 500
    emails = [f"p{n}@example.com" for n in range(people)]
    attendee_ids = add_attendees(app, event, emails + [f"x{n}@example.com" for n in range(2000)])
    with app.app_context():
        db.session.add_all(Person(id=str(uuid.uuid4()), user_id=user, emails=[email])
                           for email in emails)
        db.session.commit()
        me = db.session.get(User, user)
        statements = []

        def count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa_event.listen(db.engine, "before_cursor_execute", count)
        try:
            found = person_matches(me, event)
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", count)
        assert len(found) == people
        assert {attendee for attendee, _ in found} == set(attendee_ids[:people])
        owners = dict(db.session.execute(select(Person.id, Person.emails)).all())
        assert all(owners[person][0] == f"p{attendee_ids.index(attendee)}@example.com"
                   for attendee, person in found)
        attendee_queries = [s for s in statements if "FROM attendees" in s]
        assert len(attendee_queries) == 3  # 2,500 emails in chunks of 1,000
        assert len(statements) == 4  # and one for the people
