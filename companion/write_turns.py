"""Writers to one SQLite file take turns in the order they asked.

SQLite lets one transaction write at a time; one that finds the file busy sleeps and looks
again, up to 100 ms apart. An account pushing big batches back to back took the lock again
within a few milliseconds of letting it go, so another account's push could look for seconds
and never find it free, then fail ("database is locked"). Here a transaction's first write
waits for its turn instead: in this process a queue that hands the turn to the writer that
waited longest, and between processes (gunicorn's workers) a lock on a file beside the
database, which wakes a waiter the moment it is let go. The turn is held until the connection
goes back to the pool, that is past the commit or rollback. PostgreSQL queues waiters for a
row lock itself, so nothing here applies to it.
"""

import os
import threading
from collections import deque

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

try:
    import fcntl
except ImportError:  # Windows: one process serves, and the queue below is the whole of it
    fcntl = None

# How long a write waits for its turn, as long as SQLite's own busy timeout (db.py).
WAIT_SECONDS = 10
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
HELD = "write_turn"  # the key, in a pooled connection's info, of the turn it holds


class WriteBusy(Exception):
    """No turn to write came within WAIT_SECONDS; nothing of the request was written."""


class FairLock:
    """A lock handed to its waiters first come, first served; acquire can time out."""

    def __init__(self):
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            waiter = threading.Lock()
            waiter.acquire()
            self._waiters.append(waiter)
        if waiter.acquire(timeout=timeout):
            return True  # release handed the lock over: it stayed held throughout
        with self._mutex:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
                return False
        return True  # handed over as the wait ran out

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._held = False


class FileTurns:
    """The turns to write one database file, for this process and with the others."""

    def __init__(self, database: str):
        self.queue = FairLock()
        self.path = database + "-writer.lock"
        self.owner = None  # the thread holding the turn
        self._file, self._pid = None, None

    def take(self) -> None:
        if not self.queue.acquire(WAIT_SECONDS):
            raise WriteBusy("the database is busy")
        self.owner = threading.get_ident()
        if fcntl is not None:
            try:
                fcntl.flock(self._lock_file(), fcntl.LOCK_EX)
            except BaseException:
                self.give_back(locked=False)
                raise

    def give_back(self, locked: bool = True) -> None:
        if locked and fcntl is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
        self.owner = None
        self.queue.release()

    def _lock_file(self) -> int:
        # Opened in each process: a descriptor inherited across fork would be one lock shared.
        if self._pid != os.getpid():
            self._file = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._file


_turns: dict[str, FileTurns] = {}
_turns_made = threading.Lock()


def turns_for(database: str) -> FileTurns:
    with _turns_made:
        return _turns.setdefault(os.path.abspath(database), FileTurns(os.path.abspath(database)))


def is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(WRITES)


@event.listens_for(Engine, "before_cursor_execute")
def wait_for_turn(connection, cursor, statement, parameters, context, executemany) -> None:
    if connection.dialect.name != "sqlite" or HELD in connection.info \
            or not is_write(statement):
        return
    database = connection.engine.url.database
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return  # one connection's own memory, or a URI form SQLite reads: nothing to share
    turns = turns_for(database)
    if turns.owner == threading.get_ident():
        return  # this thread writes through another connection: waiting on it would never end
    turns.take()
    connection.info[HELD] = turns


def give_back_turn(dbapi_connection, record, *args) -> None:
    turns = record.info.pop(HELD, None) if record is not None else None
    if turns is not None:
        turns.give_back()


for _moment in ("checkin", "invalidate", "soft_invalidate", "detach"):
    event.listen(Pool, _moment, give_back_turn)
