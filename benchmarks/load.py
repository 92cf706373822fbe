"""Load: the site under concurrent readers while a crawl writes at full speed.

    python benchmarks/load.py                       # 16 clients for 15 s
    python benchmarks/load.py --clients 32 --seconds 30 --json

What runs, all on 127.0.0.1:
  * a synthetic publisher whose feed lists 20 articles never seen before on every
    request (so every crawl pass writes 20 new articles, hashtags and all);
  * a writer: `python -m tagwire crawl --force` processes back to back (a separate
    process, so SQLite is shared across processes as in `tagwire serve` + cron);
  * `python -m tagwire serve` in a subprocess;
  * N async httpx clients fetching /, /healthz, /sources and hashtag pages for a
    bounded time.

Reports requests served, errors (non-2xx/3xx answers and failed requests), p50
and p99 latency, articles written meanwhile, and any "database is locked" or
traceback in the writer's and the server's output. Bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

_SENTENCES = [
    "The council approved the new ferry timetable on Monday after a long debate.",
    "Home Secretary Yvette Cooper said the grooming gangs inquiry would report by June.",
    "The Bank of England held interest rates as the cost of living crisis eased.",
    "Harbour Rovers beat Millbrook United two goals to one in the Albion Cup final.",
    "Flood defences on the river were raised after a week of heavy rain.",
    "Nurses at the county hospital voted to accept the latest NHS pay offer.",
]


class SyntheticPublisher:
    """A feed of 20 fresh articles per request, and their pages (standard library only)."""

    def __init__(self) -> None:
        self.counter = 0
        self.lock = threading.Lock()
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                if self.path.startswith("/feed.xml"):
                    body, kind = publisher.feed(), "application/rss+xml"
                elif self.path.startswith("/a/"):
                    body, kind = publisher.page(int(self.path.split("/")[2])), "text/html; charset=utf-8"
                else:
                    body, kind = b"not found", "text/plain"
                self.send_response(200 if kind != "text/plain" else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def feed(self) -> bytes:
        with self.lock:
            first, self.counter = self.counter, self.counter + 20
        items = "".join(f"<item><title>Story {n}: {_SENTENCES[n % 6][:40]}</title><link>{self.url}/a/{n}</link>"
                        f"<guid>s{n}</guid><pubDate>Mon, 12 May 2025 08:{n % 60:02d}:00 +0000</pubDate></item>"
                        for n in range(first, first + 20))
        return f'<rss version="2.0"><channel><title>Synthetic</title>{items}</channel></rss>'.encode()

    def page(self, n: int) -> bytes:
        paragraphs = "".join(f"<p>{' '.join(_SENTENCES[(n + i + k) % 6] for k in range(3))} Report {n}.</p>"
                             for i in range(6))
        return (f"<!DOCTYPE html><html lang='en'><head><title>Story {n}</title></head><body><article>"
                f"<h1>Story {n}: {_SENTENCES[n % 6]}</h1>{paragraphs}</article></body></html>").encode()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class LoadResult:
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    by_status: dict[str, int] = field(default_factory=dict)
    crawl_passes: int = 0
    articles_written: int = 0
    locked_lines: list[str] = field(default_factory=list)
    tracebacks: int = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(db: Path, port: int | None = None) -> dict[str, str]:
    env = {**os.environ, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1", "TAGWIRE_FETCH_HOST_DELAY": "0",
           "TAGWIRE_DATABASE_URL": f"sqlite:///{db}", "TAGWIRE_LEASE_SECONDS": "30"}
    if port:
        env["TAGWIRE_PORT"] = str(port)
    env.pop("TAGWIRE_CONFIG", None)
    return env


def _prepare(db: Path, feed_url: str) -> None:
    """Subscribe, store the default category model (no training per process), crawl once."""
    from tagwire import load_settings, make_tagwire
    from tagwire.enrich.classifier import default_model

    settings = load_settings(environ={}, config_file=None, overrides=dict(database_url=f"sqlite:///{db}",
                                                                          fetch_allow_hosts="127.0.0.1"))
    with make_tagwire(settings) as tw:
        tw.add_feed(feed_url, "Synthetic")
        tw.storage.save_model("categories", default_model().to_bytes(), note="load test")
    subprocess.run([sys.executable, "-m", "tagwire", "crawl"], env=_env(db), check=True, capture_output=True)


def _count(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=15) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


async def _client(base: str, paths: list[str], until: float, latencies: list[float], status: dict[str, int],
                  index: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False) as client:
        n = index
        while time.monotonic() < until:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                response = await client.get(path)
                key = str(response.status_code)
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            latencies.append(time.perf_counter() - start)
            status[key] = status.get(key, 0) + 1


async def _load(base: str, clients: int, seconds: float) -> tuple[list[float], dict[str, int]]:
    home = httpx.get(base + "/", timeout=30).text
    tags = sorted(set(re.findall(r'href="/tag/([a-z0-9]+)"', home)))[:20]
    paths = ["/", "/healthz", "/sources", *(f"/tag/{t}" for t in tags)]
    latencies: list[float] = []
    status: dict[str, int] = {}
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, paths, until, latencies, status, i) for i in range(clients)))
    return latencies, status


def _wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def run_load(clients: int = 16, seconds: float = 15.0, folder: Path | None = None) -> LoadResult:
    folder = folder or Path(tempfile.mkdtemp(prefix="tagwire-load-"))
    db = folder / "load.db"
    publisher = SyntheticPublisher()
    result = LoadResult(clients=clients, seconds=seconds)
    logs: list[str] = []
    stop = threading.Event()

    def writer() -> None:  # crawl passes back to back until told to stop
        while not stop.is_set():
            done = subprocess.run([sys.executable, "-m", "tagwire", "crawl", "--force"], env=_env(db),
                                  capture_output=True, text=True, timeout=300)
            logs.append(done.stdout + done.stderr)
            result.crawl_passes += 1

    server = None
    try:
        _prepare(db, publisher.url + "/feed.xml")
        before = _count(db)
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "tagwire", "serve", "--port", str(port)], env=_env(db, port),
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        _wait_up(base + "/healthz")
        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        latencies, status = asyncio.run(_load(base, clients, seconds))
        stop.set()
        thread.join(300)
        result.articles_written = _count(db) - before
    finally:
        stop.set()
        if server is not None:
            server.terminate()
            try:
                logs.append(server.communicate(timeout=20)[0])
            except subprocess.TimeoutExpired:
                server.kill()
                logs.append(server.communicate()[0])
        publisher.close()
    result.requests = len(latencies)
    result.by_status = status
    result.errors = sum(n for k, n in status.items() if not (k.isdigit() and 200 <= int(k) < 400))
    if latencies:
        ordered = sorted(latencies)
        result.p50_ms = round(statistics.median(ordered) * 1000, 1)
        result.p99_ms = round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1)
        result.max_ms = round(ordered[-1] * 1000, 1)
    text = "\n".join(logs)
    result.locked_lines = [line for line in text.splitlines() if "database is locked" in line.lower()][:10]
    result.tracebacks = text.count("Traceback")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The site under load while a crawl writes.")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 256 and 0 < args.seconds <= 600):
        parser.error("bounded: 1-256 clients, at most 600 s")
    r = run_load(args.clients, args.seconds)
    if args.json:
        print(json.dumps(asdict(r), indent=2))
    else:
        rate = r.requests / r.seconds
        print(f"{r.clients} clients for {r.seconds:g} s: {r.requests} requests ({rate:.0f}/s), {r.errors} errors, "
              f"p50 {r.p50_ms} ms, p99 {r.p99_ms} ms, max {r.max_ms} ms; statuses {r.by_status}")
        print(f"writer: {r.crawl_passes} crawl passes, {r.articles_written} articles written; "
              f"'database is locked' lines: {len(r.locked_lines)}; tracebacks: {r.tracebacks}")
    return 0 if not r.errors and not r.locked_lines and not r.tracebacks else 1


if __name__ == "__main__":
    raise SystemExit(main())
