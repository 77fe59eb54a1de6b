"""Writers to a SQLite file take turns in the order they asked (companion/write_turns.py)."""

import subprocess
import sys
import threading
import uuid

import pytest

from companion import write_turns
from companion.db import db
from companion.models import Contact, Event
from companion.write_turns import FairLock, is_write, turns_for

from .test_events import FORM as EVENT_FORM
from .test_sync import push

# The turns are SQLite's; PostgreSQL queues its writers itself.
ON_SQLITE = pytest.mark.parametrize("app", ["sqlite"], indirect=True)


def wait_until(condition, what: str) -> None:
    """Wait (at most 10 s) for condition(): the order of events is tested here, not speed."""
    done = threading.Event()
    for _ in range(1000):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError(f"never happened: {what}")


def test_the_lock_goes_to_its_waiters_in_the_order_they_came():
    lock, order = FairLock(), []
    assert lock.acquire(timeout=1)

    def wait(n):
        assert lock.acquire(timeout=10)
        order.append(n)
        lock.release()

    waiters = []
    for n in range(5):
        waiters.append(threading.Thread(target=wait, args=(n,)))
        waiters[-1].start()
        wait_until(lambda n=n: len(lock._waiters) == n + 1, f"waiter {n} queued")
    lock.release()
    for waiter in waiters:
        waiter.join(timeout=10)
    assert order == [0, 1, 2, 3, 4]


def test_a_wait_that_runs_out_leaves_the_queue_and_the_lock_as_they_were():
    lock = FairLock()
    assert lock.acquire(timeout=1)
    assert not lock.acquire(timeout=0.01)
    assert not lock._waiters
    lock.release()
    assert lock.acquire(timeout=0)  # free again: the waiter that gave up took nothing with it


@pytest.mark.parametrize("statement, writes", [
    ("INSERT INTO contact VALUES (?)", True),
    ("  update server_clock SET version = version + 1", True),
    ("DELETE FROM mark", True),
    ("CREATE TABLE x (y)", True),
    ("SELECT * FROM contact", False),
    ("PRAGMA foreign_keys=ON", False),
    ("SAVEPOINT sa_savepoint_1", False),  # a write inside it still takes its turn
])
def test_what_counts_as_a_write(statement, writes):
    assert is_write(statement) is writes


def contact_change(seq):
    return {"seq": seq, "kind": "contact", "op": "put", "id": str(uuid.uuid4()),
            "fields": {"name": f"Contact {seq}", "source": "manual"}}


@ON_SQLITE
def test_a_write_that_finds_no_turn_is_a_503_and_writes_nothing(app, auth_client, monkeypatch):
    """The app's sync keeps its outbox and sends it again; the answer says when to. A form
    gets a page that says so, and what was typed is still in the page before it."""
    monkeypatch.setattr(write_turns, "WAIT_SECONDS", 0.05)
    with app.app_context():
        database = db.engine.url.database
    holder = turns_for(database)
    held = threading.Event()
    let_go = threading.Event()

    def hold():
        holder.take()
        held.set()
        let_go.wait(10)
        holder.give_back()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        held.wait(10)
        response = push(auth_client, [contact_change(1)])
        assert response.status_code == 503
        assert response.get_json()["error"].startswith("The server is busy; nothing was saved")
        assert response.headers["Retry-After"] == "5"
        form = auth_client.post("/events/new", data=EVENT_FORM)
        assert form.status_code == 503
        assert "The server is busy" in form.get_data(as_text=True)
        page = auth_client.get("/events/")
        assert page.status_code == 200  # reading never waits for a turn
    finally:
        let_go.set()
        thread.join(timeout=10)
    with app.app_context():
        assert db.session.query(Contact).count() == 0
        assert db.session.query(Event).count() == 0
    assert push(auth_client, [contact_change(1)]).status_code == 200


@ON_SQLITE
@pytest.mark.skipif(write_turns.fcntl is None, reason="file locks are POSIX (one process serves)")
def test_another_process_holding_the_turn_is_waited_for(app, auth_client):
    """gunicorn's workers are processes: the file lock beside the database orders them."""
    with app.app_context():
        lock_path = turns_for(db.engine.url.database).path
    other = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys\n"
         f"fd = os.open({lock_path!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\n"
         "print('held', flush=True)\n"
         "sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline() == "held\n"
        answers = []
        pusher = threading.Thread(
            target=lambda: answers.append(push(auth_client, [contact_change(1)]).status_code))
        pusher.start()
        pusher.join(timeout=0.5)
        assert pusher.is_alive() and not answers  # waiting for the other process
        other.stdin.write("done\n")
        other.stdin.flush()
        pusher.join(timeout=20)
        assert answers == [200]
    finally:
        other.kill()
        other.wait()
