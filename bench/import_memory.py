"""Server memory of an import: a fresh Python process does what confirming an upload does.

    python -m bench.import_memory FILE.csv DATABASE_URL    # prints one line of JSON

The process starts the app, reads the upload's bytes (a request holds them, as PendingImport
does), parses them and saves every person in one transaction, as
companion/imports/views.py confirm_import does. It reports its resident memory before the upload
is read and its peak resident memory (VmHWM: the most it ever held), in MiB. A process of its
own, so nothing measured before (another import, the benchmark's own lists) counts.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(path: Path, url: str) -> dict:
    from companion import create_app
    from companion.accounts.service import create_user
    from companion.db import db
    from companion.imports.service import parse_import, save_people
    from companion.models import Event

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        user = create_user("memory@example.com", "benchmark-password", "Organiser")
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        event = Event(owner_id=user.id, title="Memory Summit", starts_at=start,
                      ends_at=start + timedelta(hours=9), timezone="UTC")
        db.session.add(event)
        db.session.commit()
        before = status_mib("VmRSS")
        started = time.perf_counter()
        data = path.read_bytes()
        preview = parse_import(data, filename=path.name)
        created, _ = save_people(event, preview.people)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.engine.dispose()
    return {"rss_before_mib": before, "peak_rss_mib": status_mib("VmHWM"),
            "created": created, "seconds": seconds, "upload_mib": len(data) / 1024 / 1024}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))
