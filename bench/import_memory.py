"""Server memory of an import: the app under gunicorn takes an upload as an owner sends it.

    python -m bench.import_memory FILE.csv DATABASE_URL    # prints one line of JSON

A fresh server with one worker process (gthread, as in production; one, so nothing measured
before counts and every request lands on the process measured) is sent what an owner's browser
sends: the upload form with the file, the preview page it redirects to, and the confirmation.
Then the worker's /proc status says its resident memory before the upload and its peak (VmHWM:
the most it ever held), in MiB.
The server's memory, not a stand-in's: the upload is held in the request, kept as a pending
import, parsed for the preview and again for the confirmation, saved in one transaction.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.parse
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.live import CSRF_FIELD, Device, Gunicorn  # noqa: E402

EMAIL, PASSWORD = "memory@example.com", "benchmark-password"


def status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_pid(server: Gunicorn) -> int:
    """The one worker process of the server (the child of gunicorn's master)."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                          if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(server.process.pid):
            return int(status.parent.name)
    raise RuntimeError("the server has no worker process")


def prepare(url: str) -> int:
    """An empty database with the owner and their event; return the event's id."""
    from companion import create_app
    from companion.accounts.service import create_user
    from companion.db import db
    from companion.models import Event

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        user = create_user(EMAIL, PASSWORD, "Organiser")
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        event = Event(owner_id=user.id, title="Memory Summit", starts_at=start,
                      ends_at=start + timedelta(hours=9), timezone="UTC")
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        db.engine.dispose()
    return event_id


def multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
             .encode() for key, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                 f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode() + data
                 + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def csrf_of(page: bytes) -> str:
    match = CSRF_FIELD.search(page.decode("utf-8", "replace"))
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def measure(path: Path, url: str) -> dict:
    event_id = prepare(url)
    data = path.read_bytes()
    # gthread, as in production (README): a sync worker is killed by gunicorn's 30-second
    # timeout in the middle of a big import on a busy machine; a gthread worker's request is not.
    with Gunicorn(url, workers=1, threads=4) as server:
        owner = Device(server.url, "memory-device")
        owner.timeout = 900  # a quarter-million-row confirmation on a busy machine
        owner.log_in(EMAIL, PASSWORD)
        pid = worker_pid(server)
        base = f"/events/{event_id}/import"
        status, _, page = owner.send("GET", base)
        if status != 200:
            raise RuntimeError(f"the import form answered {status}")
        before = status_mib(pid, "VmRSS")
        started = time.perf_counter()
        body, kind = multipart({"csrf_token": csrf_of(page)}, "file", path.name, data)
        status, headers, _ = owner.send("POST", base, body=body, headers={"Content-Type": kind})
        if status != 302:
            raise RuntimeError(f"the upload answered {status}")
        after_upload = status_mib(pid, "VmHWM")
        preview_path = urllib.parse.urlsplit(headers["Location"]).path
        status, _, page = owner.send("GET", preview_path)
        if status != 200:
            raise RuntimeError(f"the preview answered {status}")
        after_preview = status_mib(pid, "VmHWM")
        form = f"csrf_token={csrf_of(page)}".encode()
        status, _, _ = owner.send("POST", preview_path, body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"the confirmation answered {status}")
        seconds = time.perf_counter() - started
        peak = status_mib(pid, "VmHWM")
    return {"rss_before_mib": before, "peak_rss_mib": peak, "seconds": seconds,
            "peak_after_upload_mib": after_upload, "peak_after_preview_mib": after_preview,
            "created": attendee_count(url, event_id), "upload_mib": len(data) / 1024 / 1024}


def attendee_count(url: str, event_id: int) -> int:
    from sqlalchemy import create_engine, func, select

    from companion.models import Attendee

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(Attendee)
                                   .where(Attendee.event_id == event_id)).scalar_one()
    engine.dispose()
    return count


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))
