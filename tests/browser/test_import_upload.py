"""Issue 13 item 11: an import shows its upload progress, then that it is being read, and the
Preview button cannot send the file twice.

The uplink is slowed to 64 KiB/s (a phone's upload at a venue) for a 280 KiB export: the
progress bar moves while the file goes up, the form says when the server reads it, and a
second press of the button sends nothing.
"""

from playwright.sync_api import expect

from .conftest import log_in_page
from .phone import shot


def export_csv(rows: int) -> bytes:
    lines = ["Name,Email,Company,Job title"]
    lines += [f"Person {n:05d},person{n}@example.com,Company {n % 97},Engineer {n % 13}"
              for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_the_upload_shows_progress_and_sends_once(phone, live_url, live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    page.goto(f"{live_url}/events/{live_event}/import")
    posts = []
    page.on("request", lambda request: posts.append(request.url)
            if request.method == "POST" and request.url.endswith("/import") else None)
    data = export_csv(5000)
    assert 250_000 < len(data) < 350_000
    page.get_by_label("Attendee list file").set_input_files(
        {"name": "guests.csv", "mimeType": "text/csv", "buffer": data})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": 64 * 1024})
    button = page.get_by_role("button", name="Preview the import")
    button.click()
    bar = page.locator("progress#upload-bar")
    expect(bar).to_be_visible()
    page.wait_for_function(
        "() => { const bar = document.getElementById('upload-bar');"
        " return bar.value > 0 && bar.value < bar.max; }")
    expect(page.locator("#upload-status")).to_contain_text("Uploading:")
    shot(page, "import-uploading")
    expect(button).to_be_disabled()
    button.dispatch_event("click")  # a second press, as an impatient thumb would
    page.locator("form[data-upload]").evaluate("(form) => form.requestSubmit()")

    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    expect(page.get_by_role("heading", name="Preview the import")).to_be_visible(timeout=30_000)
    assert len(posts) == 1, posts
    expect(page.locator("main")).to_contain_text("File: guests.csv")
    expect(page.get_by_role("button", name="Save 5,000 people")).to_be_visible()  # as the app


def test_a_refused_upload_shows_the_servers_message_and_the_form_again(phone, live_url,
                                                                       live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    page.goto(f"{live_url}/events/{live_event}/import")
    page.get_by_label("Attendee list file").set_input_files(
        {"name": "guests.csv", "mimeType": "text/csv", "buffer": export_csv(3)})
    page.get_by_label("Paste a list").fill("Ada Lovelace, Engineer, Analytical Engines")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("alert")).to_have_text("Choose a file or paste a list, not both.")
    # The form the server sent back works again, enhanced as before: this time one POST.
    button = page.get_by_role("button", name="Preview the import")
    expect(button).to_be_enabled()
    page.get_by_label("Paste a list").fill("")
    page.get_by_label("Attendee list file").set_input_files(
        {"name": "guests.csv", "mimeType": "text/csv", "buffer": export_csv(3)})
    button.click()
    expect(page.get_by_role("heading", name="Preview the import")).to_be_visible()
