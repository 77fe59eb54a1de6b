"""The benchmark script keeps working: `bench/run.py --small` prints every figure it promises.

A smoke test, not a timed one: the figures depend on the machine, so only their presence, their
form and the run's success are checked here. The README holds the measured values.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.browser_figures import chromium_path

ROOT = Path(__file__).resolve().parent.parent
# Like the browser tests: without a Chromium the phone's figures are left out, except in CI,
# where a missing browser fails the run.
PHONE = chromium_path() is not None or bool(os.environ.get("CI"))
SERVER_FIGURES = (
    "import of the 2,000-row CSV",
    "event pack, gzipped",
    "unchanged pack asked again",
    "app shell precached, gzipped",
    "QR decoder precached?",
    "sync: 1,000 offline changes pushed and applied",
    "server: pack 304, 50 concurrent clients",
    "server: pull (nothing new), 50 concurrent clients",
    "suggestions: rank 2,000 attendees (server)",
)
PHONE_FIGURES = (
    "phone (CPU 4x slower): pack stored into IndexedDB",
    "phone (CPU 4x slower): offline cold start to first rows",
    "phone (CPU 4x slower): search as you type, p95 per key",
    "phone: DOM rows in the Everyone list",
    "phone (CPU 4x slower): People search, p95 per key",
    "phone (CPU 4x slower): a person's page opened offline, p95",
    "phone (CPU 4x slower): rank 2,000 for suggestions",
)
FIGURES = SERVER_FIGURES + (PHONE_FIGURES if PHONE else ())
MACHINE = ("CPU:", "Python:", "SQLite:", "Chromium:")
ROW = re.compile(
    r"^\| (?P<name>.+?) +\| (?P<measured>.+?) +\| .*\| (?P<verdict>met|NOT MET|-) +\|$"
)


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    raw = tmp_path_factory.mktemp("bench") / "figures.json"
    # Only the figures listed above, whatever COMPANION_BENCH_POSTGRES_URL says.
    options = ["--postgres="] + ([] if PHONE else ["--no-browser"])
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--small", "--json", str(raw), *options],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert json.loads(raw.read_text())["attendees"] == 2_000  # --json writes the raw figures
    return result.stdout


def rows(output: str) -> dict[str, dict]:
    return {match["name"].strip(): match.groupdict()
            for match in map(ROW.match, output.splitlines()) if match}


def test_it_names_the_machine(output):
    for label in MACHINE:
        assert re.search(rf"^  {re.escape(label)} +\S", output, re.M), label


@pytest.mark.parametrize("name", FIGURES)
def test_it_prints_each_figure_with_a_value(output, name):
    row = rows(output).get(name)
    assert row is not None, f"{name!r} missing from:\n{output}"
    assert re.search(r"\d", row["measured"]) or row["measured"] in ("no", "yes")


def test_figures_with_targets_say_whether_they_were_met(output):
    verdicts = [row["verdict"] for row in rows(output).values()]
    assert len(verdicts) == len(FIGURES)
    assert verdicts.count("-") == 2  # the two load figures have no target
