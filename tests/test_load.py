"""Load and resource bounds, bounded in time: readers under a writing crawl; a slow host
never holds up the others."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from benchmarks.load import run_load
from tagwire import load_settings, make_tagwire
from tests.conftest import BACKEND


@pytest.mark.skipif(BACKEND != "sqlite", reason="the load run builds its own SQLite database")
def test_site_serves_without_errors_while_a_crawl_writes(tmp_path):
    result = run_load(clients=8, seconds=8, folder=tmp_path)
    print(f"\nload: {result.requests} requests, {result.errors} errors, p50 {result.p50_ms} ms, "
          f"p99 {result.p99_ms} ms, {result.articles_written} articles written in {result.crawl_passes} passes")
    assert result.requests > 50
    assert result.errors == 0, result.by_status
    assert result.locked_lines == [], result.locked_lines
    assert result.tracebacks == 0
    assert result.articles_written > 0, "the writer wrote while the site was read"


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Headers at once, then one byte a second until the client leaves (or 60 s)."""

    protocol_version = "HTTP/1.0"  # no length: the body ends when the server closes

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write(b'<rss version="2.0"><channel>')
        for _ in range(60):
            try:
                self.wfile.write(b" ")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(1)

    def log_message(self, *args: object) -> None:
        pass


def test_a_trickling_host_does_not_block_another(database_url, server):
    slow = http.server.ThreadingHTTPServer(("127.0.0.2", 0), _Trickle)
    slow.daemon_threads = True
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    page = "<html><head><title>Ferry returns</title></head><body><article><h1>Ferry returns</h1>" + "".join(
        f"<p>The island ferry service resumed on Monday after repairs, paragraph {i} of the report.</p>"
        for i in range(8)) + "</article></body></html>"
    server.set("/a", page, Content_Type="text/html")
    server.set("/feed.xml", f'<rss version="2.0"><channel><title>Normal</title><item><title>Ferry returns</title>'
                            f"<link>{server.url}/a</link></item></channel></rss>", Content_Type="application/rss+xml")
    settings = load_settings(environ={}, config_file=None, overrides=dict(
        database_url=database_url, fetch_allow_hosts="127.0.0.0/8", fetch_timeout=5.0, fetch_host_delay=0.0))
    try:
        with make_tagwire(settings) as tw:
            tw.add_feed(f"http://127.0.0.2:{slow.server_address[1]}/feed.xml", "Slow")
            tw.add_feed(server.url + "/feed.xml", "Normal")
            tw.category_model()  # train before the clock starts
            done: dict = {}
            crawler = threading.Thread(target=lambda: done.setdefault("summary", tw.crawl()), daemon=True)
            started = time.monotonic()
            crawler.start()
            while tw.storage.count_articles() == 0 and time.monotonic() - started < 20:
                time.sleep(0.05)
            stored_after = time.monotonic() - started
            crawler.join(60)
            total = time.monotonic() - started
        print(f"\nnormal feed stored after {stored_after:.2f} s; crawl with the trickling host took {total:.1f} s")
        assert stored_after < 5, "the normal host waited for the trickling one"
        assert not crawler.is_alive(), "a trickling response kept the crawl running for over 60 s"
        summary = done["summary"]
        assert summary.new_articles == 1 and summary.errors == 1
    finally:
        slow.shutdown()
        slow.server_close()
