"""Issue 13 item 8: Add by hand shows the refused field and why, together, clear of the header.

The name field was focused under the sticky header and its error shown 1,000 px below. Now the
problem is said beside the field (between its label and the input), and the focused field
scrolls into view below the header.
"""

from playwright.sync_api import expect

from .conftest import log_in_page, open_app
from .phone import shot
from .test_offline import open_event

IN_VIEW = """([selector]) => {
  const header = document.querySelector('.app-header').getBoundingClientRect();
  const boxes = [document.activeElement, document.querySelector(selector)]
    .map((el) => el.getBoundingClientRect());
  return boxes.every((box) => box.top >= header.bottom - 0.5 && box.bottom <= innerHeight + 0.5);
}"""


def test_the_refused_field_and_its_problem_show_together(phone, live_url, live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event)
    page.goto(f"{live_url}/app#/events/{live_event}/scan")  # no camera here: Add by hand
    page.get_by_role("button", name="Add by hand").click()
    form = page.locator(".contact-form")
    form.get_by_label("LinkedIn profile").fill("javascript:alert(1)")
    form.get_by_label("Note").fill("Met at the coffee line")
    save = form.get_by_role("button", name="Save contact")
    save.scroll_into_view_if_needed()  # the thumb is down at Save, the name far above
    save.click()

    name = form.get_by_label("Name")
    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")
    problem = form.locator(".field-error")
    expect(problem).to_have_text("Type their name to save them.")
    expect(name).to_have_accessible_description("Type their name to save them.")
    assert page.evaluate(IN_VIEW, [".field-error"])
    shot(page, "add-by-hand-name")

    name.fill("Priya Natarajan")
    save.click()
    linkedin = form.get_by_label("LinkedIn profile")
    expect(linkedin).to_be_focused()
    expect(problem).to_have_text("The LinkedIn profile must be a web address (https://…).")
    expect(name).not_to_have_attribute("aria-invalid", "true")  # fixed: no longer marked
    assert page.evaluate(IN_VIEW, [".field-error"])
    shot(page, "add-by-hand-linkedin")

    linkedin.fill("linkedin.com/in/priya")
    save.click()
    expect(page.get_by_role("status").filter(has_text="Saved Priya Natarajan.")).to_be_visible()
    expect(form).to_be_hidden()
