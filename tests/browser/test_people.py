"""People across events, on a phone with no signal: someone met at one event is Known on the
next event's list, a badge scanned there links to the same person, their page shows one
timeline across both events (with what changed between the lists), and it all syncs once."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from companion.db import db
from companion.models import Attendee, Contact, Event, Interaction, Mark, Person

from .conftest import APP_TIMEOUT, choose, log_in_page, open_app, wait_for_sync
from .test_scanner import DECODER, FAKE_DETECTOR, camera, poll  # noqa: F401 (camera: fixture)

# Screenshots to look at: kept where COMPANION_SCREENSHOTS says, else in the system's temp dir.
SHOTS = Path(os.environ.get("COMPANION_SCREENSHOTS") or tempfile.gettempdir()) / "companion-shots"
DANA_VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Dana;;;\r\nFN:Dana Lee\r\nTITLE:Director\r\n"
    "ORG:Globex\r\nEMAIL;TYPE=INTERNET:dana@globex.example\r\n"
    "URL:https://ca.linkedin.com/in/Dana-Lee/?trk=badge\r\nEND:VCARD\r\n"
)


def add_listed_event(live_app, owner_id, title, people, day):
    from datetime import UTC, datetime, timedelta

    start = datetime(2030, 12, day, 23, 0, tzinfo=UTC)
    with live_app.app_context():
        event = Event(owner_id=owner_id, title=title, starts_at=start,
                      ends_at=start + timedelta(hours=3), timezone="America/Toronto",
                      venue="The Loft", kind="networking")
        for position, (name, title_, company, linkedin, *answers) in enumerate(people):
            event.attendees.append(Attendee(key=f"name:{name.lower()}", name=name, title=title_,
                                            company=company, linkedin=linkedin,
                                            position=position, answers=answers))
        db.session.add(event)
        db.session.commit()
        return event.id


@pytest.fixture
def two_events(live_app, live_user):
    first = add_listed_event(live_app, live_user[2], "PM Night", [
        ("Dana Lee", "Senior PM", "Acme", "https://www.linkedin.com/in/dana-lee"),
        ("Alex Kim", "Engineer", "Acme", ""),
    ], day=3)
    second = add_listed_event(live_app, live_user[2], "Demo Day", [
        ("Dana Lee", "Director", "Globex", "https://www.linkedin.com/in/Dana-Lee",
         ["What brings you?", "Hiring two PMs"]),
        ("Alex Kim", "Designer", "Initech", ""),
        ("Sam Ortiz", "Founder", "Hooli", ""),
    ], day=10)
    return first, second


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def open_list(page, live_url, event_id, tab, count):
    page.goto(f"{live_url}/app#/events/{event_id}/{tab}")
    expect(page.locator(".screen-status")).to_contain_text(f"{count} people")


def test_a_person_met_at_one_event_is_known_at_the_next_offline_and_syncs_once(
    camera, live_app, live_url, live_user, two_events,  # noqa: F811 (the fixture)
):
    first, second = two_events
    page = camera(None)
    page.add_init_script(FAKE_DETECTOR)
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_list(page, live_url, first, "everyone", 2)
    open_list(page, live_url, second, "everyone", 3)
    poll(page, "async (url) => Boolean(await caches.match(url))", DECODER)
    page.context.set_offline(True)

    # Event 1: met Dana (no scan). She becomes a person, with the meeting logged.
    page.goto(f"{live_url}/app#/events/{first}/everyone")
    page.get_by_role("link", name="Dana Lee").click()
    choose(page, "Met")
    expect(page.locator(".person-detail .chip.known")).to_contain_text("Known")

    # Event 2: Dana is Known on the list and apart on Targets; Alex Kim (same name, another
    # company) is a stranger.
    page.goto(f"{live_url}/app#/events/{second}/everyone")
    dana = page.locator(".person-row", has_text="Dana Lee")
    expect(dana.locator(".chip.known")).to_have_text("Known · last talked today")
    expect(page.locator(".person-row", has_text="Alex Kim").locator(".chip.known")).to_have_count(0)
    page.goto(f"{live_url}/app#/events/{second}/targets")
    expect(page.locator(".say-hi")).to_contain_text("Say hi again (1)")
    expect(page.locator(".say-hi")).to_contain_text("Dana Lee")
    shoot(page, "people-say-hi-again")

    # A scan at event 2 (her badge's LinkedIn written another way) links to the same person.
    page.evaluate("(text) => sessionStorage.setItem('fake-qr', text)", DANA_VCARD)
    page.goto(f"{live_url}/app#/events/{second}/scan")
    result = page.locator(".scan-result")
    expect(result).to_contain_text("Dana Lee")
    result.get_by_role("button", name="Save").click()
    expect(page.locator(".scan-saved")).to_contain_text("Saved Dana Lee.")

    # Her page: one timeline across both events, what changed between the two lists.
    page.goto(f"{live_url}/app#/people")
    expect(page.locator(".warm-count")).to_contain_text("Warm 1 / 200")
    page.get_by_role("link", name="Dana Lee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Lee")
    timeline = page.locator(".timeline")
    expect(timeline.locator(".timeline-item")).to_have_count(2)
    expect(timeline).to_contain_text("PM Night")
    expect(timeline).to_contain_text("Demo Day")
    expect(timeline).to_contain_text("Senior PM at Acme → Director at Globex")
    answers = page.locator(".person-answers details")
    expect(answers).to_have_count(1)
    expect(answers.locator("summary")).to_have_text("Registration answers at Demo Day (1)")
    answers.locator("summary").click()
    expect(answers).to_contain_text("Hiring two PMs")
    # "We talked", in one tap, offline.
    page.get_by_label("What about (optional)").fill("Coffee about hiring")
    page.locator(".quick-types").get_by_role("button", name="Coffee").click()
    expect(timeline.locator(".timeline-item")).to_have_count(3)
    shoot(page, "people-person-page")

    page.context.set_offline(False)
    wait_for_sync(page)
    user_id = live_user[2]
    with live_app.app_context():
        people = db.session.execute(select(Person).where(Person.user_id == user_id)).scalars().all()
        assert len(people) == 1
        dana_id = people[0].id
        assert people[0].name == "Dana Lee" and people[0].company == "Globex"
        assert people[0].emails == ["dana@globex.example"]
        interactions = db.session.execute(
            select(Interaction).where(Interaction.user_id == user_id)).scalars().all()
        assert sorted(i.type for i in interactions) == ["coffee", "met", "met"]
        assert all(i.person_ids == [dana_id] for i in interactions)
        assert {i.event_id for i in interactions if i.type == "met"} == {first, second}
        contact = db.session.execute(select(Contact).where(Contact.user_id == user_id)).scalar_one()
        assert contact.person_id == dana_id
        marks = db.session.execute(select(Mark).where(Mark.user_id == user_id)).scalars().all()
        assert {m.person_id for m in marks} == {dana_id} and len(marks) == 2

    # A reload online keeps it all, once; the same page on a laptop.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(page.locator(".timeline .timeline-item")).to_have_count(3, timeout=APP_TIMEOUT)
    shoot(page, "people-person-page-laptop")


def test_same_name_and_company_is_asked_never_linked(page, live_app, live_url, live_user):
    first = add_listed_event(live_app, live_user[2], "PM Night", [
        ("Dana Lee", "Senior PM", "Acme Inc.", "")], day=3)
    second = add_listed_event(live_app, live_user[2], "Demo Day", [
        ("Lee, Dana", "Director", "ACME", ""), ("Alex Kim", "PM", "Acme", "")], day=10)
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_list(page, live_url, first, "everyone", 1)
    open_list(page, live_url, second, "everyone", 2)
    page.goto(f"{live_url}/app#/events/{first}/everyone")
    page.get_by_role("link", name="Dana Lee").click()
    choose(page, "Met")
    expect(page.locator(".person-detail .chip.known")).to_be_visible()
    page.goto(f"{live_url}/app#/events/{second}/everyone")
    # Not Known on the list: only the name and company agree.
    expect(page.locator(".person-row", has_text="Lee, Dana")).to_be_visible()
    page.wait_for_timeout(800)
    expect(page.locator(".chip.known")).to_have_count(0)
    page.get_by_role("link", name="Lee, Dana").click()
    ask = page.locator(".known-ask")
    expect(ask).to_contain_text("Is this the Dana Lee you met at PM Night")
    ask.get_by_role("button", name="No, someone else").click()
    expect(page.locator(".known-ask")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", name="Lee, Dana")).to_be_visible()
    page.wait_for_timeout(500)
    expect(page.locator(".known-ask")).to_have_count(0)


def seed_people(live_app, user_id, people, interactions):
    """Put people and interactions on the server, as another device's sync would."""
    import uuid

    from companion.sync.clock import next_version

    ids = {}
    with live_app.app_context():
        for label, fields in people.items():
            ids[label] = str(uuid.uuid4())
            db.session.add(Person(id=ids[label], user_id=user_id, version=next_version(),
                                  **fields))
        for labels, fields in interactions:
            db.session.add(Interaction(id=str(uuid.uuid4()), user_id=user_id,
                                       person_ids=[ids[label] for label in labels],
                                       version=next_version(), **fields))
        db.session.commit()
    return ids


def test_review_merge_unmerge_goal_and_forget_on_the_phone_offline(page, live_app, live_url,
                                                                   live_user):
    from datetime import date, timedelta

    today = date.today()
    ago = lambda days: (today - timedelta(days=days)).isoformat()  # noqa: E731
    ids = seed_people(live_app, live_user[2], {
        "priya": {"name": "Priya Nair", "company": "Acme", "cadence": "3w", "tags": ["design"],
                  "note": "Knows everyone in fintech."},
        "priya-twin": {"name": "Priya N.", "company": "", "emails": ["priya@acme.example"],
                       "note": "Met her at the climbing gym."},
        "tom": {"name": "Tom Weiss", "company": "Globex", "cadence": "2m"},
        "quiet": {"name": "Quinn Quiet", "company": "Initech"},
        "rae": {"name": "Rae Replied", "company": "Hooli"},
    }, [
        (["rae"], {"on": ago(3), "type": "met", "event_title": "PM Night"}),
        (["rae"], {"on": ago(1), "type": "reply", "line": "Happy to grab a coffee"}),
        (["priya"], {"on": ago(40), "type": "met", "line": "", "event_title": "PM Night"}),
        (["priya"], {"on": ago(30), "type": "reply", "line": "Asked about roles"}),
        (["tom"], {"on": ago(200), "type": "coffee", "line": "Talked pricing"}),
        (["quiet", "tom"], {"on": ago(400), "type": "met", "event_title": "Old Meetup"}),
    ])
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_page(page, live_url)
    open_app(page, live_url, "#/people")
    page.context.set_offline(True)

    # The list: filters and search, offline.
    expect(page.locator(".list-summary")).to_have_text("Showing 5 of 5")
    page.locator(".people-filters summary").click()
    page.get_by_label("Show").select_option("overdue")
    expect(page.locator(".list-summary")).to_have_text("Showing 1 of 5")
    page.get_by_label("Show").select_option("due")
    expect(page.locator(".list-summary")).to_have_text("Showing 2 of 5")
    # Not in touch for a year: Quinn (400 days) and the twin (never).
    page.get_by_label("Show").select_option("quiet-365")
    expect(page.locator(".people-row")).to_have_count(2)
    expect(page.locator(".people-row").first).to_contain_text("Priya N.")
    page.get_by_label("Show").select_option("all")
    page.get_by_label("Search people").fill("design")
    expect(page.locator(".people-row")).to_have_count(1)
    page.get_by_label("Search people").fill("")
    page.locator(".people-filters summary").click()
    shoot(page, "people-list")

    # The goal is editable, and synced like the card it lives on.
    page.get_by_role("button", name="Change goal").click()
    page.get_by_label("Warm relationships to aim for").fill("50")
    page.get_by_role("button", name="Save goal").click()
    expect(page.locator(".warm-count")).to_contain_text("/ 50")

    # The weekly review: at most five, each with its hook; Later hides one for a week.
    page.get_by_role("link", name="Weekly review (2 due)").click()
    items = page.locator(".review-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Tom Weiss")
    expect(items.first).to_contain_text("Talked pricing")
    items.first.get_by_role("button", name="Later").click()
    expect(page.locator(".review-item")).to_have_count(1)
    shoot(page, "people-review")

    # Priya replied: the cadence question is offered once, on her page.
    page.goto(f"{live_url}/app#/people/{ids['priya']}")
    expect(page.locator(".cadence-offer")).to_have_count(0)  # she has a cadence already
    # Rae replied and has none: asked once; the answer is kept, the question goes.
    page.goto(f"{live_url}/app#/people/{ids['rae']}")
    offer = page.locator(".cadence-offer")
    expect(offer).to_contain_text("Rae Replied replied. Keep in touch every 2 months?")
    offer.get_by_role("button", name="Yes, every 2 months").click()
    expect(page.locator(".cadence-offer")).to_have_count(0)
    expect(page.get_by_label("Keep in touch")).to_have_value("2m")
    page.goto(f"{live_url}/app#/people/{ids['priya-twin']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya N.")

    # Merge the twin into Priya: one person, both notes, the email joined; then unmerge.
    page.goto(f"{live_url}/app#/people/{ids['priya']}")
    page.locator(".merge-box summary").click()
    page.get_by_label("Find their other record").fill("Priya N")
    page.get_by_role("button", name="Merge Priya N. into this person").click()
    expect(page.locator(".person-reach")).to_have_text("priya@acme.example")
    expect(page.locator(".merged-list")).to_contain_text("Priya N.")
    page.goto(f"{live_url}/app#/people")
    expect(page.locator(".list-summary")).to_have_text("Showing 4 of 4")
    page.goto(f"{live_url}/app#/people/{ids['priya-twin']}")
    expect(page).to_have_url(f"{live_url}/app#/people/{ids['priya']}")
    page.get_by_role("button", name="Unmerge").click()
    expect(page.locator(".merged-list")).to_have_count(0)
    expect(page.locator(".person-reach")).to_have_count(0)

    # Forget Tom: his record and the interactions only he was in go; Quinn's stays, without him.
    page.goto(f"{live_url}/app#/people/{ids['tom']}")
    page.get_by_role("button", name="Forget this person…").click()
    page.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(f"{live_url}/app#/people")
    expect(page.locator(".list-summary")).to_have_text("Showing 4 of 4")

    page.context.set_offline(False)
    wait_for_sync(page)
    with live_app.app_context():
        tom = db.session.get(Person, (live_user[2], ids["tom"]))
        assert tom.deleted and tom.name == "" and tom.note == ""
        twin = db.session.get(Person, (live_user[2], ids["priya-twin"]))
        assert twin.merged_into is None and twin.note == "Met her at the climbing gym."
        left = db.session.execute(select(Interaction).where(
            Interaction.user_id == live_user[2], Interaction.deleted.is_(False))).scalars().all()
        assert sorted(i.person_ids for i in left) == sorted(
            [[ids["priya"]], [ids["priya"]], [ids["quiet"]], [ids["rae"]], [ids["rae"]]])
        from companion.models import Card
        card = db.session.execute(select(Card).where(Card.user_id == live_user[2])).scalar_one()
        assert card.warm_goal == 50
        rae = db.session.get(Person, (live_user[2], ids["rae"]))
        assert rae.cadence == "2m" and rae.cadence_asked


def test_hostile_details_are_refused_in_words_and_markup_stays_text(page, live_app, live_url,
                                                                    live_user):
    markup = "<img src=x onerror=alert(1)>"
    ids = seed_people(live_app, live_user[2], {
        "eve": {"name": markup, "company": "<b>Evil</b>", "note": markup, "tags": [markup]},
    }, [(["eve"], {"on": "2026-01-01", "type": "other", "line": markup})])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in_page(page, live_url)
    open_app(page, live_url, f"#/people/{ids['eve']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(markup)
    expect(page.locator(".timeline")).to_contain_text(markup)
    assert page.locator(".people-screen img").count() == 0
    page.goto(f"{live_url}/app#/people")
    expect(page.locator(".people-row")).to_contain_text(markup)
    assert page.locator(".people-screen img, .people-screen b").count() == 0

    page.goto(f"{live_url}/app#/people/{ids['eve']}")
    page.locator(".person-details summary").click()
    page.get_by_label("Emails (comma-separated)").fill("not-an-email, ok@example.com")
    page.get_by_label("Tags (comma-separated)").fill("x" * 41)
    page.get_by_label("LinkedIn").fill("javascript:alert(1)")
    waiting = page.locator("#pending-badge").get_attribute("data-count")
    page.get_by_role("button", name="Save details").click()
    problem = page.locator(".person-form .problem")
    expect(problem).to_contain_text("Not an email address: not-an-email.")
    expect(problem).to_contain_text("A tag is longer than 40 characters.")
    expect(problem).to_contain_text("LinkedIn must be a profile link")
    assert page.locator("#pending-badge").get_attribute("data-count") == waiting
    # Fixed, it saves (LinkedIn however written becomes the profile's one address).
    page.get_by_label("Emails (comma-separated)").fill("Eve@Example.com")
    page.get_by_label("Tags (comma-separated)").fill("security, ")
    page.get_by_label("LinkedIn").fill("ca.linkedin.com/in/Eve-X/?trk=1")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator(".person-form .people-status")).to_have_text(
        "Details saved on this device.")
    # The badge may read "synced" from before the save reached the outbox: wait for the server.
    for _ in range(100):
        with live_app.app_context():
            eve = db.session.get(Person, (live_user[2], ids["eve"]))
            if eve.emails:
                break
        page.wait_for_timeout(100)
    wait_for_sync(page)
    with live_app.app_context():
        eve = db.session.get(Person, (live_user[2], ids["eve"]))
        assert eve.emails == ["eve@example.com"] and eve.tags == ["security"]
        assert eve.linkedin == "https://www.linkedin.com/in/eve-x"
    assert dialogs == []
