"""Several gunicorn workers serve one app: logins, CSRF and sync hold whichever worker answers.

Real processes on a loopback port, real sockets, one new connection per request (so requests
spread over the workers), on SQLite (WAL) and, when configured, PostgreSQL.
"""

import re
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bench.live import Device, Gunicorn
from companion.accounts.service import create_user
from companion.db import db
from companion.models import Attendee, Contact, Event, Mark, SyncClient, derived_id

from .conftest import PASSWORD

EMAIL = "ada@example.com"
WORKERS = 3
DEVICES = 4
ROUNDS = 8
MARKS_PER_ROUND, CONTACTS_PER_ROUND = 3, 2
DEVICE_TIMEOUT = 120  # seconds for one device's whole session; a hang fails, it never waits on
LOG_LINE = re.compile(r'^<(\d+)> "([^"]*)" "(\S+) (\S+) [^"]*" (\d{3})$')


@pytest.fixture
def served(app, tmp_path):
    """The test's database, with an account and an event, served by gunicorn workers."""
    with app.app_context():
        user = create_user(EMAIL, PASSWORD, "Ada Lovelace")
        db.session.flush()
        event = Event(owner_id=user.id, title="Summit", timezone="UTC", kind="conference",
                      starts_at=datetime.now(UTC))
        db.session.add(event)
        db.session.flush()
        for position in range(DEVICES * ROUNDS * MARKS_PER_ROUND):
            db.session.add(Attendee(event_id=event.id, key=f"name:person {position}",
                                    name=f"Person {position}", position=position))
        db.session.commit()
        ids = db.session.execute(select(Attendee.id).where(Attendee.event_id == event.id)
                                 .order_by(Attendee.position)).scalars().all()
        context = {"user_id": user.id, "event_id": event.id, "attendee_ids": list(ids)}
    log = tmp_path / "access.log"
    with Gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], workers=WORKERS,
                  access_log=log) as server:
        yield server, context, log


def round_changes(context: dict, device_number: int, round_number: int) -> list[dict]:
    """Return one round of a device's edits: marks on its own attendees, new contacts."""
    per_device = ROUNDS * MARKS_PER_ROUND
    first = device_number * per_device + round_number * MARKS_PER_ROUND
    changes = []
    for attendee_id in context["attendee_ids"][first:first + MARKS_PER_ROUND]:
        changes.append({
            "kind": "mark", "op": "put",
            "id": derived_id("mark", context["user_id"], attendee_id),
            "fields": {"event_id": context["event_id"], "attendee_id": attendee_id,
                       "status": "met", "note": f"met by device {device_number}"},
            "base": {"note": ""},
        })
    for _ in range(CONTACTS_PER_ROUND):
        changes.append({
            "kind": "contact", "op": "put", "id": str(uuid.uuid4()),
            "fields": {"name": f"Contact of device {device_number}", "source": "manual",
                       "event_id": context["event_id"]},
        })
    return changes


def use_device(url: str, context: dict, device_number: int) -> dict:
    """Log in, then push and pull in rounds; resend some batches as if an answer was lost."""
    device = Device(url, f"device-{device_number}-{uuid.uuid4().hex[:12]}")
    device.log_in(EMAIL, PASSWORD)
    sent, seen, cursor = [], {}, 0
    for round_number in range(ROUNDS):
        changes = device.numbered(round_changes(context, device_number, round_number))
        status, body = device.push(changes)
        assert status == 200 and body["rejected"] == [], body
        assert body["last_seq"] == changes[-1]["seq"]
        if round_number % 3 == 1:  # the answer never reached the phone: it sends the batch again
            status, again = device.push(changes)
            assert status == 200 and again["last_seq"] == body["last_seq"], again
        sent += changes
        status, pulled = device.pull(cursor)
        assert status == 200 and pulled["cursor"] >= cursor
        for record in pulled["records"]:
            seen[(record["kind"], record["id"])] = record["version"]
        cursor = pulled["cursor"]
    return {"client_id": device.client_id, "sent": sent, "seen": seen, "cursor": cursor}


def test_many_devices_through_many_workers_lose_and_double_nothing(app, served):
    server, context, log = served
    with ThreadPoolExecutor(max_workers=DEVICES) as pool:
        futures = [pool.submit(use_device, server.url, context, number)
                   for number in range(DEVICES)]
        results = [future.result(timeout=DEVICE_TIMEOUT) for future in futures]

    per_device = ROUNDS * (MARKS_PER_ROUND + CONTACTS_PER_ROUND)
    with app.app_context():
        for result in results:
            client = db.session.get(SyncClient, (context["user_id"], result["client_id"]))
            assert client.last_seq == per_device
        contacts = db.session.execute(select(Contact.id)).scalars().all()
        sent_contacts = {change["id"] for result in results for change in result["sent"]
                         if change["kind"] == "contact"}
        assert sorted(contacts) == sorted(sent_contacts)  # each once: none lost, none doubled
        marks = db.session.execute(select(Mark.note, func.count()).group_by(Mark.note)).all()
        assert dict(marks) == {f"met by device {n}": ROUNDS * MARKS_PER_ROUND
                               for n in range(DEVICES)}
        versions = dict(
            ((kind, record_id), version)
            for model, kind in ((Mark, "mark"), (Contact, "contact"))
            for record_id, version in db.session.execute(select(model.id, model.version))
        )
    # A pull never steps over a change: whatever is at or below a device's cursor, it has seen.
    for result in results:
        below = {key for key, version in versions.items() if version <= result["cursor"]}
        assert below <= set(result["seen"])

    # Each device was answered by more than one worker, and every answer was a success.
    workers_by_device = defaultdict(set)
    for line in log.read_text().splitlines():
        match = LOG_LINE.match(line)
        assert match, line
        pid, client_id, _, path, status = match.groups()
        assert status in ("200", "302"), line
        workers_by_device[client_id].add(pid)
    assert len(set().union(*workers_by_device.values())) >= 2
    assert any(len(workers_by_device[result["client_id"]]) >= 2 for result in results)


def test_a_login_on_one_worker_is_a_login_on_every_worker(served):
    # One phone's session, asked by several requests at once until more than one worker has
    # answered it (an idle worker may otherwise take every request in turn).
    server, _, log = served
    device = Device(server.url, "device-single-0001")
    device.log_in(EMAIL, PASSWORD)
    answers, pids = [], set()
    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        for _ in range(10):  # bounded: 10 rounds of 6 requests
            round_answers = pool.map(lambda _: device.get_json("/api/me")[0], range(WORKERS * 2),
                                     timeout=DEVICE_TIMEOUT)
            answers += list(round_answers)
            pids = {line.split()[0] for line in log.read_text().splitlines()
                    if '"GET /api/me' in line}
            if len(pids) >= 2:
                break
    assert set(answers) == {200}
    assert len(pids) >= 2


def test_workers_do_not_share_a_secret_they_were_not_given(app, tmp_path):
    # The counter-check: two servers on one database with different keys do not honour each
    # other's sessions, so the test above passes because the key is shared, not by accident.
    with app.app_context():
        create_user(EMAIL, PASSWORD)
        db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with Gunicorn(url, workers=1, secret_key="first-key") as first, \
            Gunicorn(url, workers=1, secret_key="second-key") as second:
        device = Device(first.url, "device-keys-0001")
        device.log_in(EMAIL, PASSWORD)
        device.base_url = second.url
        assert device.get_json("/api/me")[0] == 401
