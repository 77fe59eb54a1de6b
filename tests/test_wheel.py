"""A normal install serves the whole app: a wheel in a fresh virtualenv, no source tree near it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel, install it into a new virtualenv, and return (python, workdir, env)."""
    base = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(base / "dist"),
        str(ROOT))
    wheel = next((base / "dist").glob("companion-*.whl"))
    run(sys.executable, "-m", "venv", str(base / "venv"))
    python = base / "venv" / "bin" / "python"
    run(str(python), "-m", "pip", "install", "--quiet", str(wheel))
    workdir = base / "work"  # nothing of the source tree is here or on the path
    workdir.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "COMPANION_", "FLASK_")) and key != "DATABASE_URL"}
    env["COMPANION_SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{workdir / 'companion.sqlite'}"
    env["COMPANION_SECRET_KEY"] = "wheel-test"
    env["COMPANION_SESSION_COOKIE_SECURE"] = "false"
    return python, workdir, env


def test_the_wheel_carries_static_templates_and_worker_inside_the_package(installed):
    python, workdir, env = installed
    where = run(str(python), "-c",
                "import companion, companion.config as c; print(companion.__file__); "
                "print(*c.app_files().values(), sep='\\n')", cwd=workdir, env=env).stdout.split()
    package = Path(where[0]).parent
    assert ROOT not in package.parents, "the installed package must not be the source tree"
    for found in where[1:]:
        assert Path(found).exists() and Path(found).parent.parent == package.parent
        assert package in Path(found).parents


def test_an_installed_app_serves_pages_worker_and_static_files(installed):
    python, workdir, env = installed
    run(str(python), "-m", "flask", "--app", "companion", "init-db", cwd=workdir, env=env)
    port = free_port()
    server = subprocess.Popen(
        [str(python), "-m", "flask", "--app", "companion", "run", "--port", str(port)],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/auth/login")
                break
            except OSError:
                time.sleep(0.1)
        status, kind, body = fetch(base + "/auth/login")
        assert status == 200 and "text/html" in kind and b'name="password"' in body
        status, kind, body = fetch(base + "/app")
        assert status == 200 and b"/static/js/main.js" in body
        status, kind, body = fetch(base + "/service-worker.js")
        assert status == 200 and "javascript" in kind and b"/static/css/app.css" in body
        status, kind, body = fetch(base + "/static/css/app.css")
        assert status == 200 and "text/css" in kind and len(body) > 1000
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "TemplateNotFound" not in output and "Traceback" not in output, output
