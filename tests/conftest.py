"""Shared fixtures: real SQLite files, real loopback HTTP servers."""

from __future__ import annotations

import contextlib
import http.server
import os
import uuid
from pathlib import Path
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

import pytest

from tagwire import make_tagwire
from tagwire.settings import load_settings


#: Set by scripts/test.sh for its second run: every test database is then a fresh
#: schema in this PostgreSQL database instead of a fresh SQLite file.
PG_URL = os.environ.get("TAGWIRE_TEST_DATABASE_URL", "")
BACKEND = "postgresql" if PG_URL else "sqlite"


@contextlib.contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """The URL of an empty database of the backend under test."""
    if not PG_URL:
        yield f"sqlite:///{folder / 'test.db'}"
        return
    from sqlalchemy import create_engine

    schema = f"test_{uuid.uuid4().hex[:16]}"
    engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


def pytest_report_header(config):  # noqa: ANN001
    return f"tagwire test backend: {BACKEND}" + (f" ({PG_URL})" if PG_URL else "")


@pytest.fixture
def database_url(tmp_path):
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def settings(database_url):
    return load_settings(environ={}, config_file=None, overrides=dict(
        database_url=database_url,
        fetch_allow_hosts="127.0.0.1",
        fetch_timeout=5.0,
        fetch_host_delay=0.0,
        page_cache_seconds=0.0,  # tests read pages right after writing; tests/test_page_cache.py turns it on
    ))


@pytest.fixture
def tagwire(settings):
    with make_tagwire(settings) as tw:
        yield tw


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    handler: Callable[["http.server.BaseHTTPRequestHandler"], None] | None = None


class LocalServer:
    """A real HTTP server on 127.0.0.1 whose answers a test sets per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.times: list[tuple[str, float]] = []  # (path, monotonic time the request arrived)
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append((self.path, dict(self.headers)))
                server.times.append((self.path, time.monotonic()))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.handler:
                    return route.handler(self)
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def set(self, path: str, body: bytes | str = b"", status: int = 200, **headers: str) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(status, data, {k.replace("_", "-"): v for k, v in headers.items()})
        return self.url + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    yield s
    s.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The site (any ASGI app) on a real uvicorn server in a thread, on a free loopback port."""

    def __init__(self, app):  # noqa: ANN001
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.server.started, "web server did not start"
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(5)
