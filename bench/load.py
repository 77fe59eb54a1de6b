"""Requests per second from many concurrent clients: a small asyncio HTTP/1.1 load generator.

One event loop drives every client, so the generator costs little of the CPU the server needs
(on a 2-core machine they share the cores; the README says so next to the figures). Each request
opens its own connection, as phones on a venue's Wi-Fi do, and gunicorn's sync workers close
connections anyway.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    """What a load run saw: answers per status and the latency of each answer."""

    seconds: float
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


def raw_request(base_url: str, path: str, headers: dict[str, str]) -> tuple[str, int, bytes]:
    parts = urllib.parse.urlsplit(base_url)
    lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return parts.hostname, parts.port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = None
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length is None:
        await reader.read()  # to the end: the server closes the connection
    elif length:
        await reader.readexactly(length)
    return status


async def client(host: str, port: int, request: bytes, until: float, result: LoadResult,
                 timeout: float) -> None:
    while time.monotonic() < until:
        started = time.perf_counter()
        writer = None
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
            writer.write(request)
            await writer.drain()
            status = await asyncio.wait_for(read_response(reader), timeout)
        except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            result.errors += 1
            continue
        finally:
            if writer is not None:
                writer.close()
        result.latencies.append(time.perf_counter() - started)
        result.statuses[status] = result.statuses.get(status, 0) + 1


async def run_load(base_url: str, path: str, headers: dict[str, str], *, clients: int,
                   seconds: float, warmup: float, timeout: float) -> LoadResult:
    host, port, request = raw_request(base_url, path, headers)
    if warmup:
        await asyncio.gather(*(client(host, port, request, time.monotonic() + warmup,
                                      LoadResult(warmup), timeout) for _ in range(clients)))
    result = LoadResult(seconds)
    started = time.monotonic()
    await asyncio.gather(*(client(host, port, request, started + seconds, result, timeout)
                           for _ in range(clients)))
    # The last answers arrive after the deadline: count the time they really took.
    result.seconds = time.monotonic() - started
    return result


def measure(base_url: str, path: str, headers: dict[str, str], *, clients: int = 50,
            seconds: float = 5.0, warmup: float = 1.0, timeout: float = 30.0) -> LoadResult:
    """Return what `clients` concurrent clients got from GET `path` during `seconds`."""
    return asyncio.run(run_load(base_url, path, headers, clients=clients, seconds=seconds,
                                warmup=warmup, timeout=timeout))
