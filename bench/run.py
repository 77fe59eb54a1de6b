"""Measure Companion at conference scale and print every figure next to its target.

    python bench/run.py            # 70,000 attendees, the figures in the README (a few minutes)
    python bench/run.py --small    # 2,000 attendees, under a minute (CI runs this)

Each figure is measured in the same run as its baseline, on this machine, and printed with the
machine's description. Nothing is asserted: a missed target prints NOT MET and the run still
succeeds, because a benchmark reports; the exit status is non-zero only if something broke.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/run.py` works with or without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    browser_figures,
    import_figures,
    machine,
    people_figures,
    server_figures,
    shell_figures,
    suggest_figures,
    synthetic,
)
from bench.live import Device, Gunicorn  # noqa: E402
from bench.report import Figure, seconds, size, table  # noqa: E402

FULL = {"attendees": 70_000, "repeats": 3, "load_seconds": 5.0, "phone_repeats": 3}
SMALL = {"attendees": 2_000, "repeats": 1, "load_seconds": 1.0, "phone_repeats": 1}
SYNC_CHANGES = 1_000
SYNC_RUNS = 3  # phones, one after another: the median is the figure
CLIENTS = 50
# The README's production setting: a worker process per core plus one, four threads each
# (gthread). Measured here against (2 x cores) + 1 sync workers, it served 20-30 % more requests.
WORKERS = (os.cpu_count() or 1) + 1
THREADS = 4
IMPORT_RATIO, PACK_RATIO, SHELL_BYTES = 3.0, 1.0, 60 * 1024
SYNC_SECONDS = 1.0
STORE_MS, COLD_START_MS, KEYSTROKE_MS, DOM_ROWS = 3000, 1000, 16, 300
PERSON_PAGE_MS = 100


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="2,000 attendees, under a minute")
    parser.add_argument("--attendees", type=int, help="attendee count (overrides the mode)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument(
        "--postgres", default=os.environ.get("COMPANION_BENCH_POSTGRES_URL", ""),
        help="also measure on this PostgreSQL database (emptied first: give it one of its own); "
             "default $COMPANION_BENCH_POSTGRES_URL",
    )
    return parser.parse_args(argv)


def attendee_ids(database_url: str, event_id: int) -> list[int]:
    from sqlalchemy import create_engine, select

    from companion.models import Attendee

    engine = create_engine(database_url)
    with engine.connect() as connection:
        ids = connection.execute(select(Attendee.id).where(Attendee.event_id == event_id)
                                 .order_by(Attendee.position)).scalars().all()
    engine.dispose()
    return list(ids)


def run(args: argparse.Namespace) -> tuple[list[Figure], dict]:
    mode = SMALL if args.small else FULL
    count = args.attendees or mode["attendees"]
    raw: dict = {"attendees": count}
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as workdir:
        data = synthetic.export_csv(synthetic.attendee_rows(count))
        imported = import_figures.measure(data, Path(workdir), mode["repeats"])
        database = imported.pop("database")
        raw["import"] = imported
        ratio = imported["seconds"] / imported["baseline_seconds"]
        figures.append(Figure(
            f"import of the {count:,}-row CSV", seconds(imported["seconds"]),
            f"<= {IMPORT_RATIO:g}x baseline",
            f"sqlite3 executemany {seconds(imported['baseline_seconds'])} -> {ratio:.2f}x",
            ratio <= IMPORT_RATIO,
        ))
        with Gunicorn(database.url, workers=WORKERS, threads=THREADS) as server:
            device = Device(server.url, "bench-device-0001")
            device.log_in(import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD)
            figures += serve_figures(device, database, mode, raw)
            if not args.no_browser:
                figures += phone_figures(server.url, database, Path(workdir), mode, raw)
                figures += people_phone_figures(server.url, database, Path(workdir), args, raw)
            # Suggested targets: the server's ranking, and the phone's (bench/suggest_figures.py).
            ranked = suggest_figures.suggest_figures(
                count, mode["repeats"], None if args.no_browser else server.url)
            raw["suggest"] = ranked
            figures += [Figure(**figure) for figure in ranked]
        if args.postgres:
            figures += postgres_figures(args.postgres, data, imported["seconds"], mode, raw)
    return figures, raw


def postgres_figures(url: str, data: bytes, sqlite_seconds: float, mode: dict,
                     raw: dict) -> list[Figure]:
    """The import, sync and load figures again, with the app on PostgreSQL."""
    import_seconds, database = import_figures.app_import_seconds(data, url)
    raw["postgres"] = {"import_seconds": import_seconds}
    figures = [Figure(f"PostgreSQL: import of the {database.attendees:,}-row CSV",
                      seconds(import_seconds), "", f"SQLite, same run: {seconds(sqlite_seconds)}")]
    with Gunicorn(url, workers=WORKERS, threads=THREADS) as server:
        phones = logged_in_phones(server.url)
        ids = attendee_ids(url, database.event_id)
        sync = server_figures.sync_figures(phones, database.event_id, ids, SYNC_CHANGES)
        _, headers, _ = phones[0].send("GET", f"/api/events/{database.event_id}/pack")
        load = server_figures.load_figures(phones[0], database.event_id, headers["ETag"],
                                           sync["cursor"], clients=CLIENTS,
                                           seconds=mode["load_seconds"])
    raw["postgres"].update(sync=sync, load=load)
    figures.append(Figure(
        f"PostgreSQL: sync, {SYNC_CHANGES:,} offline changes", seconds(sync["seconds"]),
        f"<= {SYNC_SECONDS:g} s", f"median of {len(phones)} phones",
        sync["seconds"] <= SYNC_SECONDS,
    ))
    for name, label in (("pack_304", "pack 304"), ("pull", "pull (nothing new)")):
        figures.append(Figure(
            f"PostgreSQL server: {label}, {CLIENTS} clients",
            f"{load[name]['per_second']:.0f} req/s", "",
            f"p50 {load[name]['p50_ms']:.0f} ms, p95 {load[name]['p95_ms']:.0f} ms, "
            f"{load[name]['unexpected']} unexpected answers",
        ))
    return figures


def logged_in_phones(url: str) -> list[Device]:
    """Return SYNC_RUNS devices of the benchmark's account, each logged in through the form."""
    phones = [Device(url, f"bench-device-{n:04d}") for n in range(1, SYNC_RUNS + 1)]
    for phone in phones:
        phone.log_in(import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD)
    return phones


def median(values: list[float]) -> float:
    return statistics.median(values)


def phone_figures(url: str, database, workdir: Path, mode: dict, raw: dict) -> list[Figure]:
    """The figures of the app in Chromium with its CPU slowed 4x (bench/browser_figures.py)."""
    if browser_figures.chromium_path() is None:
        raise RuntimeError("No Chromium found: install the 'chromium' package, or pass "
                           "--no-browser to leave the phone's figures out.")
    phone = browser_figures.browser_figures(
        url, import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD, database.event_id,
        database.small_event_id, workdir / "phone-profile", mode["phone_repeats"],
    )
    raw["phone"] = phone
    slow = f"CPU {phone['cpu_slowdown']}x slower"
    store = median([run["store"] for run in phone["pack"]])
    whole = median([run["total"] for run in phone["pack"]])
    cold = median([run["first_rows"] for run in phone["cold_start"]])
    searchable = median([run["whole_list"] for run in phone["cold_start"]])
    small_cold = median([run["first_rows"] for run in phone["small_cold_start"]])
    marks = phone["cold_start"][0]["marks"]
    search = phone["search"]
    count = f"{database.attendees:,}"
    return [
        Figure(f"phone ({slow}): pack stored into IndexedDB", f"{store:.0f} ms",
               f"<= {STORE_MS / 1000:g} s", f"download, decode, index and store: {whole:.0f} ms",
               store <= STORE_MS),
        Figure(f"phone ({slow}): offline cold start to first rows", f"{cold:.0f} ms",
               f"<= {COLD_START_MS / 1000:g} s",
               f"whole list searchable at {searchable:.0f} ms; {marks:,} marks on it; "
               f"{import_figures.SMALL_EVENT}-person event: {small_cold:.0f} ms",
               cold <= COLD_START_MS),
        Figure(f"phone ({slow}): search as you type, p95 per key", f"{search['p95_ms']:.1f} ms",
               f"<= {KEYSTROKE_MS} ms", f"median {search['median_ms']:.1f} ms, max "
               f"{search['max_ms']:.0f} ms, {search['keystrokes']} keys over {count}",
               search["p95_ms"] <= KEYSTROKE_MS),
        Figure("phone: DOM rows in the Everyone list", str(phone["dom_rows"]),
               f"<= {DOM_ROWS}", f"of {count} people, scrolled top to bottom",
               phone["dom_rows"] <= DOM_ROWS),
    ]


def people_phone_figures(url: str, database, workdir: Path, args, raw: dict) -> list[Figure]:
    """People across events on the phone, offline, slowed 4x (bench/people_figures.py)."""
    mode = people_figures.SMALL if args.small else people_figures.FULL
    people = people_figures.people_figures(
        url, import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD, database.url,
        workdir / "people-profile", mode)
    raw["people"] = people
    search, opened = people["search"], people["person_page"]
    scale = f"{people['people']:,} people, {people['interactions']:,} interactions"
    slow = f"CPU {browser_figures.CPU_SLOWDOWN}x slower"
    return [
        Figure(f"phone ({slow}): People search, p95 per key", f"{search['p95_ms']:.1f} ms",
               f"<= {KEYSTROKE_MS} ms", f"median {search['median_ms']:.1f} ms, "
               f"{search['keystrokes']} keys; {scale}", search["p95_ms"] <= KEYSTROKE_MS),
        Figure(f"phone ({slow}): a person's page opened offline, p95",
               f"{opened['p95_ms']:.0f} ms", f"<= {PERSON_PAGE_MS} ms",
               f"median {opened['median_ms']:.0f} ms, max {opened['max_ms']:.0f} ms over "
               f"{opened['opens']} people; {scale}", opened["p95_ms"] <= PERSON_PAGE_MS),
    ]


def serve_figures(device: Device, database, mode: dict, raw: dict) -> list[Figure]:
    """The figures that need the app served: pack, shell, sync, load (and the browser's)."""
    pack = server_figures.pack_figures(device, database.url, database.event_id)
    raw["pack"] = pack
    ratio = pack["gzip_bytes"] / pack["csv_gzip_bytes"]
    figures = [
        Figure("event pack, gzipped", size(pack["gzip_bytes"]), f"<= {PACK_RATIO:g}x baseline",
               f"gzip of the same fields as CSV {size(pack['csv_gzip_bytes'])} -> {ratio:.2f}x",
               ratio <= PACK_RATIO),
        Figure("unchanged pack asked again", f"{pack['unchanged_status']}, "
               f"{pack['unchanged_bytes']} B body", "304", "", pack["unchanged_status"] == 304),
    ]
    shell = shell_figures.shell_figures(device)
    raw["shell"] = shell
    figures += [
        Figure("app shell precached, gzipped", f"{size(shell['gzip_bytes'])} in "
               f"{shell['files']} files", f"<= {size(SHELL_BYTES)}",
               f"of which icons (PNG) {size(shell['images_bytes'])}",
               shell["gzip_bytes"] <= SHELL_BYTES),
        Figure("QR decoder precached?", "no" if not shell["qr_decoder_precached"] else "yes",
               "no (on demand)", f"{size(shell['qr_decoder_gzip_bytes'])} gzipped, on demand",
               not shell["qr_decoder_precached"]),
    ]
    ids = attendee_ids(database.url, database.event_id)
    phones = logged_in_phones(device.base_url)
    sync = server_figures.sync_figures(phones, database.event_id, ids, SYNC_CHANGES)
    raw["sync"] = sync
    figures.append(Figure(
        f"sync: {SYNC_CHANGES:,} offline changes pushed and applied", seconds(sync["seconds"]),
        f"<= {SYNC_SECONDS:g} s", f"median of {len(phones)} phones; "
        f"{sync['records']:,} records pulled back", sync["seconds"] <= SYNC_SECONDS,
    ))
    load = server_figures.load_figures(device, database.event_id, pack["etag"], sync["cursor"],
                                       clients=CLIENTS, seconds=mode["load_seconds"])
    raw["load"] = load
    for name, label in (("pack_304", "pack 304"), ("pull", "pull (nothing new)")):
        result = load[name]
        figures.append(Figure(
            f"server: {label}, {CLIENTS} concurrent clients", f"{result['per_second']:.0f} req/s",
            "", f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
            f"{result['unexpected']} unexpected answers", None,
        ))
    return figures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    print("Companion conference-scale benchmark" + (" (--small)" if args.small else ""))
    print()
    described = machine.describe(args.postgres)
    for label, value in described:
        print(f"  {label + ':':24} {value}")
    print(f"  {'Server:':24} gunicorn, {WORKERS} workers x {THREADS} threads (gthread), "
          f"SQLite (WAL) on local disk, {CLIENTS} load clients on loopback sharing the CPU")
    print()
    figures, raw = run(args)
    print(table(figures))
    print()
    print(f"Finished in {time.monotonic() - started:.0f} s.")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        raw["machine"] = dict(described)
        args.json.write_text(json.dumps(raw, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
