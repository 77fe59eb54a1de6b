"""Issue 13 items 3 and 4: targets in the first screenful, their opener and why readable at a
glance, on a 390x844 phone.

Target rows show the opener and the why in full, wrapped (a three-line opener is not cut);
the opened target shows them above the fold; the arrival plan is one folded line that folds
again after it was opened, so it never pushes the targets off the screen.
"""

from playwright.sync_api import expect

from companion.db import db
from companion.models import Attendee, Mark, derived_id
from companion.sync.clock import next_version

from .conftest import APP_TIMEOUT, PEOPLE, log_in_page, open_app
from .phone import PHONE, shot
from .test_offline import open_event

OPENER = ("Loved your talk on onboarding metrics at Product Camp: how did you get the whole "
          "company to agree on one activation number, and would you do it the same way again?")
WHY = "Runs the PM guild at Acme; hiring two senior PMs in the spring and open to intros."


def mark_targets(live_app, user_id: int, event_id: int) -> None:
    with live_app.app_context():
        attendees = db.session.scalars(db.select(Attendee).where(
            Attendee.event_id == event_id)).all()
        for attendee in attendees:
            db.session.add(Mark(
                id=derived_id("mark", user_id, attendee.id), user_id=user_id, event_id=event_id,
                attendee_id=attendee.id, priority="must", opener=OPENER, why=WHY,
                version=next_version()))
        db.session.commit()


FIRST_TARGET_AT = """(y) => {
  const row = document.querySelector('.person-row.with-plan');
  return row !== null && row.getBoundingClientRect().y === y;
}"""

CLIPPED = """(row) => [...row.querySelectorAll('.person-why, .person-opener')].some((el) =>
  el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)"""


def test_targets_fill_the_first_screen_with_their_opener_in_full(phone, live_app, live_url,
                                                                 live_user, live_event):
    mark_targets(live_app, live_user[2], live_event)
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event, tab="targets")
    rows = page.locator(".person-row.with-plan")
    expect(rows).to_have_count(len(PEOPLE))
    first = rows.first.bounding_box()
    assert first["y"] < PHONE["height"] / 2, first  # targets start in the top half
    assert first["y"] + first["height"] <= PHONE["height"]  # the whole first target is on screen
    for n in range(len(PEOPLE)):
        expect(rows.nth(n).locator(".person-opener")).to_have_text(f"Opener: {OPENER}")
        assert not rows.nth(n).evaluate(CLIPPED)
    plan = page.locator("details.arrival")
    assert plan.locator("summary").bounding_box()["height"] <= 48  # one line, folded
    shot(page, "targets-first")

    plan.locator("summary").click()  # open it to read why, then go to a target and back
    expect(plan.locator(".arrival-strategy")).to_be_visible()
    rows.first.click()
    detail = page.locator(".person-detail")
    recall = detail.locator(".recall")
    expect(recall).to_contain_text(f"Opener: {OPENER}")
    expect(recall).to_contain_text(f"Why: {WHY}")
    box = recall.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]  # above the fold
    shot(page, "target-opened")
    detail.get_by_role("link", name="← Back to the list").click()
    expect(plan).not_to_have_attribute("open", "")
    # Back, the screen is drawn again from the device (more than once while it settles): wait
    # for a drawn first target where it was, read in one go, not a row between two draws.
    page.wait_for_function(FIRST_TARGET_AT, arg=first["y"], timeout=APP_TIMEOUT)
