"""The app under gunicorn on a loopback port, and a device that talks to it as the phone does.

Used by the benchmark and by tests/test_workers.py: a real server with several worker processes,
reached over real sockets, so nothing here can lean on state inside one Python process.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 60.0
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
# Each access log line: the worker's pid, the device header, the request line and the status.
ACCESS_LOG_FORMAT = '%(p)s "%({x-device}i)s" "%(r)s" %(s)s'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def server_env(database_url: str, secret_key: str) -> dict[str, str]:
    """Return the environment a deployment sets: one secret and one database for every worker."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("COMPANION_")}
    env.update({
        "COMPANION_SECRET_KEY": secret_key,
        "COMPANION_SQLALCHEMY_DATABASE_URI": database_url,
        # Loopback speaks plain HTTP; every real deployment keeps the Secure cookie (README).
        "COMPANION_SESSION_COOKIE_SECURE": "false",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    })
    return env


class Gunicorn:
    """`gunicorn 'companion:create_app()'` with N workers, started and stopped by its pid."""

    def __init__(self, database_url: str, *, workers: int = 3, threads: int = 1,
                 secret_key: str = "bench-secret-shared-by-every-worker",
                 access_log: Path | None = None):
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        command = [
            sys.executable, "-m", "gunicorn", "companion:create_app()",
            "--bind", f"{LOOPBACK}:{self.port}", "--workers", str(workers),
            "--worker-class", "gthread" if threads > 1 else "sync", "--threads", str(threads),
            "--backlog", "512", "--log-level", "warning", "--chdir", str(ROOT),
        ]
        if access_log is not None:
            command += ["--access-logfile", str(access_log),
                        "--access-logformat", ACCESS_LOG_FORMAT]
        self.process = subprocess.Popen(
            command, env=server_env(database_url, secret_key), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True,
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read()[-2000:]}")
            try:
                status, _, _ = request(self.url, "GET", "/auth/login", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stderr:
            self.process.stderr.close()

    def __enter__(self) -> Gunicorn:
        self.wait_until_ready()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def request(base_url: str, method: str, path: str, *, body: bytes | None = None,
            headers: dict[str, str] | None = None,
            timeout: float = REQUEST_TIMEOUT) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send one request on a new connection (so the next may land on another worker)."""
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Device:
    """One phone: its own session cookie, CSRF token, client id and change numbers."""

    def __init__(self, base_url: str, client_id: str):
        self.base_url = base_url
        self.client_id = client_id
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""
        self.user_id = 0
        self.next_seq = 1
        self.timeout = REQUEST_TIMEOUT  # seconds per request; a big import may take longer

    def send(self, method: str, path: str, *, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        headers = {"X-Device": self.client_id, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        status, response_headers, data = request(self.base_url, method, path, body=body,
                                                 headers=headers, timeout=self.timeout)
        for cookie in response_headers.get_all("Set-Cookie") or ():
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, response_headers, data

    def log_in(self, email: str, password: str) -> None:
        """Log in through the real form, with the CSRF token the form carries."""
        status, _, page = self.send("GET", "/auth/login")
        match = CSRF_FIELD.search(page.decode())
        if status != 200 or match is None:
            raise RuntimeError(f"login page answered {status} without a CSRF token")
        form = urllib.parse.urlencode({
            "csrf_token": match.group(1), "email": email, "password": password,
        }).encode()
        status, headers, _ = self.send(
            "POST", "/auth/login", body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise RuntimeError(f"login answered {status}, not a redirect")
        status, _, data = self.send("GET", "/api/me")
        if status != 200:
            raise RuntimeError(f"/api/me answered {status} right after logging in")
        me = json.loads(data)
        self.csrf_token, self.user_id = me["csrf_token"], me["user"]["id"]

    def get_json(self, path: str) -> tuple[int, dict]:
        status, _, data = self.send("GET", path)
        return status, json.loads(data) if data else {}

    def post_json(self, path: str, payload: dict) -> tuple[int, dict]:
        status, _, data = self.send(
            "POST", path, body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf_token},
        )
        return status, json.loads(data) if data else {}

    def numbered(self, changes: list[dict]) -> list[dict]:
        """Give changes this device's next numbers (as the outbox does when they are made)."""
        numbered = [{**change, "seq": self.next_seq + i} for i, change in enumerate(changes)]
        self.next_seq += len(changes)
        return numbered

    def push(self, changes: list[dict]) -> tuple[int, dict]:
        return self.post_json("/api/sync/push", {"client_id": self.client_id, "changes": changes})

    def pull(self, since: int = 0) -> tuple[int, dict]:
        query = urllib.parse.urlencode({"client_id": self.client_id, "since": since})
        return self.get_json(f"/api/sync/pull?{query}")
