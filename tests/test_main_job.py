"""`tagwire run` and `tagwire demo` as a user runs them: real processes, real ports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

import tagwire
from tagwire.demo.publisher import start_publisher
from tests.conftest import free_port as _free_port


def _wait_for(url: str, predicate, timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = httpx.get(url, timeout=5)
            if predicate(last):
                return last
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never became ready; last answer: {last and last.status_code}")


def _start(args, env, cwd):
    return subprocess.Popen([sys.executable, "-m", "tagwire", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _stop(proc) -> str:
    proc.send_signal(signal.SIGINT)
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def test_run_crawls_configured_sources_and_serves(tmp_path):
    with start_publisher() as publisher:
        port = _free_port()
        sources = ",".join(f"{o.name}={o.feed_url}" for o in publisher.outlets)
        env = {**os.environ, "TAGWIRE_SOURCES": sources, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1",
               "TAGWIRE_PORT": str(port), "TAGWIRE_FETCH_HOST_DELAY": "0"}
        env.pop("TAGWIRE_DATABASE_URL", None)
        proc = _start(["run"], env, tmp_path)
        try:
            page = _wait_for(f"http://127.0.0.1:{port}/tag/groominggangs", lambda r: r.status_code == 200)
            assert "Latest news with #groominggangs" in page.text
            home = _wait_for(f"http://127.0.0.1:{port}/",
                             lambda r: r.text.count("<article") == tagwire.load_settings(environ={}, config_file=None).page_size)
            assert publisher.outlets[0].name in home.text or publisher.outlets[1].name in home.text
        finally:
            out = _stop(proc)
        assert (tmp_path / "tagwire.db").exists(), out  # default: SQLite in the current folder
        assert "Traceback" not in out


def test_demo_prints_url_and_serves_the_hashtag_page(tmp_path):
    port = _free_port()
    proc = _start(["demo", "--port", str(port)], {**os.environ}, tmp_path)
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/tag/groominggangs", lambda r: r.status_code == 200, timeout=90)
        assert page.text.count("<article") >= 3
    finally:
        out = _stop(proc)
    assert f"http://127.0.0.1:{port}/" in out and "stored" in out
    assert "Traceback" not in out


def test_a_busy_port_is_one_clear_line_not_a_silent_exit(tmp_path):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        env = {**os.environ, "TAGWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
        done = subprocess.run([sys.executable, "-m", "tagwire", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "in use" in done.stderr
    assert "serving on" not in done.stdout and "Traceback" not in done.stderr


def test_a_port_out_of_range_or_an_unknown_host_is_one_clear_line(tmp_path):
    env = {**os.environ, "TAGWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
    for args, message in ((["--port", "99999"], "port must be 0-65535"),
                          (["--host", "no-such-host.invalid"], "cannot listen on no-such-host.invalid")):
        done = subprocess.run([sys.executable, "-m", "tagwire", "serve", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr, done.stderr
