"""Figures measured against the app running under gunicorn: pack, sync and load."""

from __future__ import annotations

import csv
import gzip
import io
import json
import statistics
import time
import uuid

from sqlalchemy import create_engine, select

from . import load
from .live import Device

PUSH_BATCH = 500  # what the app's outbox sends per request (static/js/store/sync.js)


def csv_gzip_bytes(database_url: str, event_id: int, fields: list[str],
                   questions: list[str] = ()) -> int:
    """Return the gzipped size of a CSV holding the pack's fields for the event's attendees.

    Registration answers are a column per question, as an export would have them.
    """
    from companion.models import Attendee

    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(*(getattr(Attendee, name) for name in fields), Attendee.answers)
            .where(Attendee.event_id == event_id).order_by(Attendee.position, Attendee.id)
        ).all()
    engine.dispose()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([*fields, *questions])
    for *values, answers in rows:
        given = dict(answers or ())
        writer.writerow([*values, *(given.get(question, "") for question in questions)])
    return len(gzip.compress(buffer.getvalue().encode("utf-8"), 6))


def pack_figures(device: Device, database_url: str, event_id: int) -> dict:
    """Download the pack gzipped as a browser does, then ask again with its ETag."""
    path = f"/api/events/{event_id}/pack"
    started = time.perf_counter()
    status, headers, body = device.send("GET", path, headers={"Accept-Encoding": "gzip"})
    seconds = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"the pack answered {status}")
    wire_bytes = len(body)
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    pack = json.loads(body)
    count = pack["event"]["attendee_count"]
    fields = pack_fields(pack)
    again, _, empty = device.send("GET", path, headers={
        "Accept-Encoding": "gzip", "If-None-Match": headers["ETag"],
    })
    return {
        "gzip_bytes": wire_bytes, "json_bytes": len(body), "attendees": count,
        "encoding": headers.get("Content-Encoding") or "identity", "seconds": seconds,
        "csv_gzip_bytes": csv_gzip_bytes(database_url, event_id, fields,
                                         pack["attendees"].get("questions", [])),
        "questions": len(pack["attendees"].get("questions", [])),
        "etag": headers["ETag"], "unchanged_status": again, "unchanged_bytes": len(empty),
    }


def pack_fields(pack: dict) -> list[str]:
    """Return the attendee fields a pack carries, whichever layout it uses."""
    attendees = pack["attendees"]
    if "fields" in attendees:
        return list(attendees["fields"])
    skipped = ("id", "count", "hosts", "questions", "answers")
    return ["id", *(name for name in attendees if name not in skipped), "is_host"]


def offline_changes(device: Device, user_id: int, event_id: int, attendee_ids: list[int],
                    count: int) -> list[dict]:
    """Return `count` changes a day at a conference makes: mostly marks, some new contacts."""
    from companion.models import derived_id

    changes = []
    for n in range(count):
        if n % 4 == 3:
            changes.append({
                "kind": "contact", "id": str(uuid.uuid4()), "op": "put",
                "fields": {"event_id": event_id, "name": f"Scanned person {n}",
                           "company": "Acme", "source": "scan", "note": "Talked about search"},
            })
        else:
            attendee_id = attendee_ids[n % len(attendee_ids)]
            changes.append({
                "kind": "mark", "id": derived_id("mark", user_id, attendee_id), "op": "put",
                "fields": {"event_id": event_id, "attendee_id": attendee_id,
                           "priority": ("must", "want", "maybe")[n % 3], "status": "met",
                           "note": f"Met at the coffee line ({n})"},
                "base": {"note": ""},
            })
    return device.numbered(changes)


def sync_figures(devices: list[Device], event_id: int, attendee_ids: list[int],
                 count: int) -> dict:
    """Each device pushes `count` offline changes in the app's batches; median time to applied.

    Every device marks other attendees, so each run writes `count` rows of its own.
    """
    runs, applied, last = [], 0, {}
    for number, device in enumerate(devices):
        changes = offline_changes(device, device.user_id, event_id,
                                  attendee_ids[number * count:] or attendee_ids, count)
        started = time.perf_counter()
        for start in range(0, len(changes), PUSH_BATCH):
            status, body = device.push(changes[start:start + PUSH_BATCH])
            if status != 200 or body.get("rejected"):
                raise RuntimeError(f"push answered {status}: {str(body)[:300]}")
        runs.append(time.perf_counter() - started)
        status, last = device.pull(0)
        if status != 200 or last["last_seq"] != changes[-1]["seq"]:
            raise RuntimeError(f"pull after the push answered {status}: {str(last)[:300]}")
        applied = sum(1 for record in last["records"] if record["kind"] in ("mark", "contact"))
    return {"seconds": statistics.median(runs), "runs": runs, "changes": count,
            "records": applied, "cursor": last["cursor"]}


def load_figures(device: Device, event_id: int, etag: str, cursor: int, *, clients: int,
                 seconds: float) -> dict:
    """Requests per second for the two requests every open app repeats."""
    cookie = "; ".join(f"{k}={v}" for k, v in device.cookies.items())
    cases = {
        "pack_304": (f"/api/events/{event_id}/pack", {"If-None-Match": etag}),
        "pull": (f"/api/sync/pull?client_id={device.client_id}&since={cursor}", {}),
    }
    figures = {}
    for name, (path, headers) in cases.items():
        result = load.measure(device.base_url, path, {"Cookie": cookie, **headers},
                              clients=clients, seconds=seconds, warmup=min(1.0, seconds / 2))
        expected = 304 if name == "pack_304" else 200
        figures[name] = {
            "per_second": result.per_second, "requests": result.requests,
            "p50_ms": result.median_ms(), "p95_ms": result.percentile_ms(0.95),
            "unexpected": result.requests - result.statuses.get(expected, 0) + result.errors,
        }
    return figures
