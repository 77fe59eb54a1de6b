"""Measure Companion at conference scale and print every figure next to its target and floor.

    python bench/run.py                 # 70,000 attendees: the figures in the README
    python bench/run.py --repeat 5      # five times: min / median / max, the worst decides
    python bench/run.py --sizes 1000,10000,70000,250000   # growth: a row per size, log-log fits
    python bench/run.py --small         # 2,000 attendees, under a minute (CI runs this)

Each figure is measured in the same run as its floor, on this machine, and printed with the
machine's description. Nothing is asserted: a missed target prints NOT MET and the run still
succeeds, because a benchmark reports; the exit status is non-zero only if something broke.
The figures are FIGURES below, one dict each (bench/figures.py says what a dict holds).
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
    figures,
    import_figures,
    machine,
    people_figures,
    server_figures,
    shell_figures,
    suggest_figures,
    synthetic,
)
from bench import import_memory as memory_figures  # noqa: E402
from bench.floors import FloorServer  # noqa: E402
from bench.live import Device, Gunicorn  # noqa: E402

FULL = {"attendees": 70_000, "repeats": 3, "load_seconds": 5.0, "phone_repeats": 3}
SMALL = {"attendees": 2_000, "repeats": 1, "load_seconds": 1.0, "phone_repeats": 1}
SYNC_CHANGES = 1_000
SYNC_RUNS = 3  # phones, one after another: the median is the figure
CLIENTS = 50
# The README's production setting: a worker process per core plus one, four threads each
# (gthread). Measured here against (2 x cores) + 1 sync workers, it served 20-30 % more requests.
WORKERS = (os.cpu_count() or 1) + 1
THREADS = 4
MIB = 1024 * 1024
PERSON_PAGE_MS = 100  # a person's page, offline: a tap answered within a tenth of a second


def _live(run: dict) -> str:
    """When the live screen took the place of the last screen's copy, or that there was none."""
    live = run.get("cold_live_ms")
    return "(no copy kept)" if live is None else _ms(live)


def _ms(value: float) -> str:
    return figures.fmt(value, "ms")


# Every figure of the report, in its order. Adding a figure: measure it into the run's dict (a
# function below returns it with the others) and add one entry here.
FIGURES: list[dict] = [
    {"key": "load_average", "name": "machine: load average (1 min) as the run began",
     "unit": "load", "fit": False,
     "note": lambda r: f"{os.cpu_count()} logical cores; shared with other work"},
    {"key": "import_s", "name": "import of the {count:,}-row CSV", "unit": "s",
     "floor": "import_floor_s", "ratio_at_most": 2.0,
     "note": lambda r: "floor (c): csv.reader + one sqlite3 executemany"},
    {"key": "import_floor_s", "name": "floor (c): plain executemany import", "unit": "s"},
    {"key": "import_peak_mb", "name": "server memory: peak resident, importing {count:,} rows",
     "unit": "MB", "at_most": 300,
     "note": lambda r: f"{r['import_rss_before_mb']:.0f} MB before the upload is read; "
                       f"upload {r['upload_mb']:.1f} MB"},
    {"key": "worker_rss_mb", "name": "server memory: each worker, resident after the run",
     "unit": "MB", "at_most": 150,
     "note": lambda r: f"largest of {WORKERS} workers after pack, sync and load"},
    {"key": "pack_gzip_bytes", "name": "event pack, gzipped", "unit": "bytes",
     "floor": "pack_csv_gzip_bytes", "ratio_at_most": 1.0,
     "note": lambda r: "floor: gzip of the same fields as CSV"},
    {"key": "pack_unchanged_status", "name": "unchanged pack asked again (HTTP status)",
     "unit": "", "equals": 304, "note": lambda r: f"{r['pack_unchanged_bytes']} B body"},
    {"key": "shell_gzip_bytes", "name": "app shell precached, gzipped", "unit": "bytes",
     "at_most": 60 * 1024,
     "note": lambda r: f"{r['shell_files']} files; icons (PNG) "
                       f"{figures.fmt(r['shell_images_bytes'], 'bytes')}"},
    {"key": "qr_precached", "name": "QR decoder precached?", "unit": "bool", "equals": False,
     "note": lambda r: f"{figures.fmt(r['qr_gzip_bytes'], 'bytes')} gzipped, on demand"},
    {"key": "sync_s", "name": f"sync: {SYNC_CHANGES:,} offline changes pushed and applied",
     "unit": "s", "at_most": 1.0,
     "note": lambda r: f"median of {SYNC_RUNS} phones; {r['sync_records']:,} records pulled"},
    {"key": "load_pack_304_rps", "name": f"server: pack 304, {CLIENTS} concurrent clients",
     "unit": "req/s", "note": lambda r: f"p50 {r['load_pack_304_p50_ms']:.0f} ms, p95 "
                                        f"{r['load_pack_304_p95_ms']:.0f} ms, "
                                        f"{r['load_pack_304_unexpected']} unexpected"},
    {"key": "load_pull_rps", "name": f"server: pull (nothing new), {CLIENTS} concurrent clients",
     "unit": "req/s", "note": lambda r: f"p50 {r['load_pull_p50_ms']:.0f} ms, p95 "
                                        f"{r['load_pull_p95_ms']:.0f} ms, "
                                        f"{r['load_pull_unexpected']} unexpected"},
    {"key": "store_ms", "name": "phone: pack stored into IndexedDB", "unit": "ms",
     "at_most": 3000,
     "note": lambda r: f"download, decode, index and store: {_ms(r['store_total_ms'])}"},
    {"key": "floor_page_ms", "name": "floor (a): worker-cached static page, first rows",
     "unit": "ms", "note": lambda r: "app CSS, 30 rows of markup, cold and offline"},
    {"key": "cold_start_ms", "name": "phone: offline cold start to first rows, {count:,}",
     "unit": "ms", "floor": "floor_page_ms", "ratio_at_most": 1.5,
     "note": lambda r: f"the last screen's copy, live by {_live(r)}; "
                       f"HTML from the worker at {_ms(r['cold_html_ms'])}, modules run by "
                       f"{_ms(r['cold_modules_ms'])} ({r['cold_routed_files']} of "
                       f"{r['cold_files']} files by static route); whole list searchable at "
                       f"{_ms(r['whole_list_ms'])}; {r['marks']:,} marks"},
    {"key": "small_cold_start_ms",
     "name": f"phone: offline cold start to first rows, {import_figures.SMALL_EVENT}",
     "unit": "ms", "floor": "floor_page_ms", "ratio_at_most": 1.5},
    {"key": "scan_floor_p95_ms", "name": "floor (b): bare includes scan, p95 per key",
     "unit": "ms", "note": lambda r: f"median {r['scan_floor_median_ms']:.1f} ms"},
    {"key": "search_p95_ms", "name": "phone: search as you type, p95 per key over {count:,}",
     "unit": "ms", "at_most": 8, "floor": "scan_floor_p95_ms", "ratio_at_most": 2.0,
     "note": lambda r: f"median {r['search_median_ms']:.1f} ms, max {r['search_max_ms']:.0f}"
                       f" ms, {r['keystrokes']} keys"},
    # The rows on screen come within the keystroke; the count ("Showing 1,204 of 70,000")
    # when the search has read everyone, in slices between frames: within a tenth of a
    # second, what a person reads as at once.
    {"key": "search_settled_p95_ms",
     "name": "phone: search as you type, the count known, p95 per key over {count:,}",
     "unit": "ms", "at_most": 100, "floor": "scan_floor_p95_ms", "ratio_at_most": 2.0,
     "note": lambda r: f"median {r['search_settled_median_ms']:.1f} ms"},
    {"key": "dom_rows", "name": "phone: DOM rows in the Everyone list", "unit": "count",
     "at_most": 300, "note": lambda r: "scrolled top to bottom"},
    {"key": "phone_heap_mb", "name": "phone memory: JS heap with {count:,} people loaded",
     "unit": "MB", "at_most": 64,
     "note": lambda r: "after a full GC, the whole list searchable"},
    {"key": "people_scan_floor_p95_ms",
     "name": "floor (b) for People: bare includes scan over {people:,} people, p95 per key",
     "unit": "ms", "note": lambda r: "the fields the People list searches, folded"},
    {"key": "people_search_p95_ms", "name": "phone: People search, p95 per key over {people:,}",
     "unit": "ms", "at_most": 8,
     "note": lambda r: f"median {r['people_search_median_ms']:.1f} ms, "
                       f"{r['people_keystrokes']} keys; {r['interactions']:,} interactions"},
    {"key": "person_page_p95_ms", "name": "phone: a person's page opened offline, p95",
     "unit": "ms", "at_most": PERSON_PAGE_MS,
     "note": lambda r: f"median {r['person_page_median_ms']:.0f} ms, max "
                       f"{r['person_page_max_ms']:.0f} ms over {r['person_page_opens']} people"},
    {"key": "suggest_server_s", "name": "suggestions: rank {count:,} attendees (server)",
     "unit": "s", "at_most": suggest_figures.SERVER_SECONDS,
     "note": lambda r: f"best of {r['suggest_repeats']}; {r['suggest_found']:,} suggested, "
                       "every part of the score"},
    {"key": "suggest_phone_ms", "name": "phone: rank {count:,} for suggestions", "unit": "ms",
     "at_most": suggest_figures.PHONE_MS,
     "note": lambda r: f"median of {r['suggest_repeats']}, first "
                       f"{r['suggest_phone_first_ms']:.0f} ms; {r['suggest_phone_found']:,} "
                       "suggested"},
    {"key": "pg_import_s", "name": "PostgreSQL: import of the {count:,}-row CSV", "unit": "s",
     "note": lambda r: f"SQLite, same run: {figures.fmt(r['import_s'], 's')}"},
    {"key": "pg_sync_s", "name": f"PostgreSQL: sync, {SYNC_CHANGES:,} offline changes",
     "unit": "s", "at_most": 1.0},
    {"key": "pg_load_pack_304_rps", "name": f"PostgreSQL server: pack 304, {CLIENTS} clients",
     "unit": "req/s"},
    {"key": "pg_load_pull_rps", "name": f"PostgreSQL server: pull (nothing new), {CLIENTS} "
     "clients", "unit": "req/s"},
]

# The figures printed per size by --sizes, each with the exponent of its growth.
GROWTH = ("load_average", "import_s", "import_peak_mb", "pack_gzip_bytes", "store_ms",
          "cold_start_ms", "search_p95_ms", "phone_heap_mb")
GROWTH_NAMES = {"load_average": "load avg", "import_s": "import", "import_peak_mb": "server peak",
                "pack_gzip_bytes": "pack", "store_ms": "stored", "cold_start_ms": "cold start",
                "search_p95_ms": "search p95", "phone_heap_mb": "phone heap"}
# What --sizes holds the largest size to: the memory bound for a quarter million.
SIZE_LIMITS = [{"key": "import_peak_mb", "name": "server memory: peak resident, importing "
                "{count:,} rows", "unit": "MB", "at_most": 500}]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="2,000 attendees, under a minute")
    parser.add_argument("--attendees", type=int, help="attendee count (overrides the mode)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the whole set N times; the worst run decides each verdict")
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",") if n],
                        help="comma-separated attendee counts: a row per size and log-log fits")
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


def import_memory(data: bytes, workdir: Path, count: int) -> dict:
    """The server worker's peak resident memory over an upload, its preview and its
    confirmation (bench/import_memory.py)."""
    upload = workdir / "memory-upload.csv"
    upload.write_bytes(data)
    database = import_figures.fresh_sqlite(workdir / "memory.sqlite")
    measured = memory_figures.measure(upload, f"sqlite:///{database}")
    upload.unlink()
    if measured["created"] != count:
        raise RuntimeError(f"the server imported {measured['created']} of {count} rows")
    return {"import_peak_mb": measured["peak_rss_mib"],
            "import_rss_before_mb": measured["rss_before_mib"],
            "upload_mb": measured["upload_mib"], "server_import_s": measured["seconds"]}


def worker_rss_mb(server: Gunicorn) -> float | None:
    """The largest resident size among the server's worker processes, in MiB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server.process.pid):
            sizes.append(int(fields.get("VmRSS", "0 kB").split()[0]) / 1024)
    return max(sizes) if sizes else None


def measure_run(args: argparse.Namespace, count: int, mode: dict, data: bytes) -> dict:
    """One run of the whole set: every figure's value (and its floor) in one flat dict."""
    # The machine is shared: each run says how busy it was when it began.
    run: dict = {"attendees": count, "load_average": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as name:
        workdir = Path(name)
        imported = import_figures.measure(data, workdir, mode["repeats"])
        database = imported.pop("database")
        run.update(import_s=imported["seconds"], import_floor_s=imported["baseline_seconds"],
                   import_runs=imported["runs"], import_floor_runs=imported["baseline_runs"])
        run.update(import_memory(data, workdir, count))
        with Gunicorn(database.url, workers=WORKERS, threads=THREADS) as server:
            device = Device(server.url, "bench-device-0001")
            device.log_in(import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD)
            run.update(serve_figures(device, database, mode))
            run["worker_rss_mb"] = worker_rss_mb(server)
            if not args.no_browser:
                run.update(phone_figures(server.url, database, workdir, mode, data))
                if not args.sizes:  # the People figures do not grow with the event's size
                    run.update(people_phone_figures(server.url, database, workdir, args))
            # Suggested targets: the server's ranking, and the phone's (bench/suggest_figures.py).
            if not args.sizes:
                run.update(suggest_figures.suggest_figures(
                    count, mode["repeats"], None if args.no_browser else server.url))
        if args.postgres:
            run.update(postgres_figures(args.postgres, data, mode))
    return run


def postgres_figures(url: str, data: bytes, mode: dict) -> dict:
    """The import, sync and load figures again, with the app on PostgreSQL."""
    import_seconds, database = import_figures.app_import_seconds(data, url)
    with Gunicorn(url, workers=WORKERS, threads=THREADS) as server:
        phones = logged_in_phones(server.url)
        ids = attendee_ids(url, database.event_id)
        sync = server_figures.sync_figures(phones, database.event_id, ids, SYNC_CHANGES)
        _, headers, _ = phones[0].send("GET", f"/api/events/{database.event_id}/pack")
        load = server_figures.load_figures(phones[0], database.event_id, headers["ETag"],
                                           sync["cursor"], clients=CLIENTS,
                                           seconds=mode["load_seconds"])
    return {"pg_import_s": import_seconds, "pg_sync_s": sync["seconds"],
            "pg_load_pack_304_rps": load["pack_304"]["per_second"],
            "pg_load_pull_rps": load["pull"]["per_second"]}


def logged_in_phones(url: str) -> list[Device]:
    """Return SYNC_RUNS devices of the benchmark's account, each logged in through the form."""
    phones = [Device(url, f"bench-device-{n:04d}") for n in range(1, SYNC_RUNS + 1)]
    for phone in phones:
        phone.log_in(import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD)
    return phones


def floor_people(data: bytes) -> list[tuple[str, str, str]]:
    """The first 30 people of the export in name order: the rows floor (a) shows."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    people = [(f"{row['First Name']} {row['Last Name']}", row["Job Title"], row["Company"])
              for _, row in zip(range(2_000), reader, strict=False)]
    return sorted(people)[:30]


def phone_figures(url: str, database, workdir: Path, mode: dict, data: bytes) -> dict:
    """The figures of the app in Chromium with its CPU slowed 4x (bench/browser_figures.py)."""
    if browser_figures.chromium_path() is None:
        raise RuntimeError("No Chromium found: install the 'chromium' package, or pass "
                           "--no-browser to leave the phone's figures out.")
    with FloorServer(floor_people(data)) as floor:
        phone = browser_figures.browser_figures(
            url, import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD, database.event_id,
            database.small_event_id, workdir / "phone-profile", mode["phone_repeats"],
            floor_url=floor.url,
        )
    median = statistics.median
    cold = phone["cold_start"]
    return {
        "store_ms": median([r["store"] for r in phone["pack"]]),
        "store_total_ms": median([r["total"] for r in phone["pack"]]),
        "floor_page_ms": median(phone["floor_page"]),
        "cold_start_ms": median([r["first_rows"] for r in cold]),
        "whole_list_ms": median([r["whole_list"] for r in cold]),
        "cold_live_ms": (median([r["live"] for r in cold])
                         if all(r["live"] is not None for r in cold) else None),
        "cold_html_ms": median([r["html"] for r in cold]),
        "cold_modules_ms": median([r["modules"] for r in cold]),
        "cold_routed_files": min(r["routed"] for r in cold),
        "cold_files": max(r["files"] for r in cold),
        "marks": cold[0]["marks"],
        "phone_heap_mb": median([r["heap_bytes"] for r in cold]) / MIB,
        "small_cold_start_ms": median([r["first_rows"] for r in phone["small_cold_start"]]),
        "search_p95_ms": phone["search"]["p95_ms"],
        "search_median_ms": phone["search"]["median_ms"],
        "search_max_ms": phone["search"]["max_ms"],
        "search_settled_p95_ms": phone["search"]["settled_p95_ms"],
        "search_settled_median_ms": phone["search"]["settled_median_ms"],
        "keystrokes": phone["search"]["keystrokes"],
        "scan_floor_p95_ms": phone["scan_floor"]["p95_ms"],
        "scan_floor_median_ms": phone["scan_floor"]["median_ms"],
        "dom_rows": phone["dom_rows"],
    }


def people_phone_figures(url: str, database, workdir: Path, args) -> dict:
    """People across events on the phone, offline, slowed 4x (bench/people_figures.py)."""
    mode = people_figures.SMALL if args.small else people_figures.FULL
    people = people_figures.people_figures(
        url, import_figures.BENCH_EMAIL, import_figures.BENCH_PASSWORD, database.url,
        workdir / "people-profile", mode)
    search, opened, scan = people["search"], people["person_page"], people["scan_floor"]
    return {
        "people": people["people"], "interactions": people["interactions"],
        "people_search_p95_ms": search["p95_ms"], "people_search_median_ms": search["median_ms"],
        "people_keystrokes": search["keystrokes"],
        "people_scan_floor_p95_ms": scan["p95_ms"],
        "person_page_p95_ms": opened["p95_ms"], "person_page_median_ms": opened["median_ms"],
        "person_page_max_ms": opened["max_ms"], "person_page_opens": opened["opens"],
    }


def serve_figures(device: Device, database, mode: dict) -> dict:
    """The figures that need the app served: pack, shell, sync, load."""
    pack = server_figures.pack_figures(device, database.url, database.event_id)
    shell = shell_figures.shell_figures(device)
    ids = attendee_ids(database.url, database.event_id)
    phones = logged_in_phones(device.base_url)
    sync = server_figures.sync_figures(phones, database.event_id, ids, SYNC_CHANGES)
    load = server_figures.load_figures(device, database.event_id, pack["etag"], sync["cursor"],
                                       clients=CLIENTS, seconds=mode["load_seconds"])
    run = {
        "pack_gzip_bytes": pack["gzip_bytes"], "pack_csv_gzip_bytes": pack["csv_gzip_bytes"],
        "pack_unchanged_status": pack["unchanged_status"],
        "pack_unchanged_bytes": pack["unchanged_bytes"],
        "shell_gzip_bytes": shell["gzip_bytes"], "shell_files": shell["files"],
        "shell_images_bytes": shell["images_bytes"],
        "qr_precached": shell["qr_decoder_precached"],
        "qr_gzip_bytes": shell["qr_decoder_gzip_bytes"],
        "sync_s": sync["seconds"], "sync_records": sync["records"],
    }
    for name in ("pack_304", "pull"):
        run.update({f"load_{name}_rps": load[name]["per_second"],
                    f"load_{name}_p50_ms": load[name]["p50_ms"],
                    f"load_{name}_p95_ms": load[name]["p95_ms"],
                    f"load_{name}_unexpected": load[name]["unexpected"]})
    return run


def print_machine(args: argparse.Namespace) -> list[tuple[str, str]]:
    described = machine.describe(args.postgres)
    for label, value in described:
        print(f"  {label + ':':24} {value}")
    print(f"  {'Server:':24} gunicorn, {WORKERS} workers x {THREADS} threads (gthread), "
          f"SQLite (WAL) on local disk, {CLIENTS} load clients on loopback sharing the CPU")
    print()
    return described


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    mode = SMALL if args.small else FULL
    title = "Companion conference-scale benchmark" + (" (--small)" if args.small else "")
    print(title + (f", {args.repeat} runs" if args.repeat > 1 else ""))
    print()
    described = print_machine(args)
    raw: dict = {"machine": dict(described)}
    if args.sizes:
        raw["sizes"] = sizes = sorted(args.sizes)
        runs = []
        for size in sizes:
            data = synthetic.export_csv(synthetic.attendee_rows(size), synthetic.LEAN_HEADER)
            print(f"  {size:,} attendees ...", flush=True)
            runs.append(measure_run(args, size, mode, data))
        raw["runs"] = runs
        growth = [{**spec, "name": GROWTH_NAMES[spec["key"]]}
                  for spec in FIGURES if spec["key"] in GROWTH]
        print()
        print(figures.growth_table(growth, sizes, runs))
        print()
        print(figures.table(SIZE_LIMITS, runs[-1:], {"count": sizes[-1]}))
    else:
        count = args.attendees or mode["attendees"]
        data = synthetic.export_csv(synthetic.attendee_rows(count))
        runs = []
        for number in range(args.repeat):
            if args.repeat > 1:
                print(f"  run {number + 1} of {args.repeat} ...", flush=True)
            runs.append(measure_run(args, count, mode, data))
        raw.update(attendees=count, runs=runs)
        if args.repeat > 1:
            print()
        people = (people_figures.SMALL if args.small else people_figures.FULL)["people"]
        print(figures.table(FIGURES, runs, {"count": count, "people": people}))
    print()
    print(f"Finished in {time.monotonic() - started:.0f} s.")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(raw, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
