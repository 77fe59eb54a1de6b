"""Describe the machine a benchmark ran on, so its figures can be compared with another's."""

import os
import platform
import sqlite3
import subprocess
from pathlib import Path

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def cpu_model() -> str:
    """Return the CPU's model name as the OS reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def chromium_version() -> str:
    for path in CHROMIUM:
        if Path(path).exists():
            try:
                result = subprocess.run([path, "--version"], capture_output=True, text=True,
                                        timeout=20)
                return result.stdout.strip() or path
            except (OSError, subprocess.TimeoutExpired):
                return path
    return "not found"


def postgres_version(url: str) -> str:
    if not url:
        return "not configured"
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar()
        engine.dispose()
        return f"PostgreSQL {version}"
    except Exception as error:  # the figures still run on SQLite
        return f"unreachable ({type(error).__name__})"


def describe(postgres_url: str = "") -> list[tuple[str, str]]:
    """Return (label, value) pairs naming the hardware and every piece of software measured."""
    import gunicorn
    import sqlalchemy

    return [
        ("CPU", f"{cpu_model()}, {os.cpu_count()} logical cores"),
        ("Memory", memory_gib()),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("gunicorn", gunicorn.__version__),
        ("PostgreSQL", postgres_version(postgres_url)),
        ("Chromium", chromium_version()),
        ("Load average at start", " ".join(f"{n:.2f}" for n in os.getloadavg())),
    ]
