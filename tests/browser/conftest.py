"""Browser tests: the demo publisher crawled over loopback, served by a real uvicorn, read by Debian's chromium.

Playwright drives the system chromium (``/usr/bin/chromium``; ``TAGWIRE_TEST_CHROMIUM``
names another) and never downloads browsers of its own. Without chromium or
playwright the tests that need a browser are skipped with the reason shown (``-ra``);
scripts/test.sh installs chromium, so CI runs them.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import pytest

from tagwire import make_tagwire
from tagwire.core import Tagwire
from tagwire.demo.publisher import Publisher, start_publisher
from tagwire.settings import load_settings
from tagwire.web import create_app
from tests.conftest import LiveServer, fresh_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TAGWIRE_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# as root in a container: no sandbox; no GPU; /dev/shm is tiny in many containers
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
AXE = ROOT / "build" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
T = TypeVar("T")


def site_settings(url: str, **overrides: Any):
    return load_settings(environ={}, config_file=None, overrides=dict(
        database_url=url, fetch_allow_hosts="127.0.0.1", fetch_per_host=4, fetch_host_delay=0, **overrides))


def in_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in its own thread: Playwright's sync API keeps an event loop running in
    this one, and a crawl starts its own (asyncio.run refuses to nest)."""
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


@dataclass(frozen=True)
class Site:
    url: str
    publisher: Publisher
    tagwire: Tagwire


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Iterator[Site]:
    """The demo publisher's outlets crawled once into a fresh database, served over loopback."""
    with fresh_database(tmp_path_factory.mktemp("browser")) as url:
        with start_publisher() as publisher, make_tagwire(site_settings(url)) as tw:
            for outlet in publisher.outlets:
                tw.add_feed(outlet.feed_url, outlet.name, outlet.home_url)
            summary = in_thread(tw.crawl)
            assert summary.errors == 0 and summary.new_articles == len(publisher.articles)
            with LiveServer(create_app(tw)) as site_url:
                yield Site(site_url, publisher, tw)


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"chromium not found at {CHROMIUM} (apt-get install chromium; scripts/test.sh does)"
    return None


@pytest.fixture(scope="module")  # not session: Playwright's loop would stay "running" in later modules' tests
def browser() -> Iterator[Any]:
    reason = _missing_browser()
    if os.environ.get("TAGWIRE_TEST_SKIP_BROWSER"):  # scripts/test.sh's PostgreSQL pass: pages do not vary by backend
        reason = os.environ["TAGWIRE_TEST_SKIP_BROWSER"]
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    """A fresh desktop-sized page (light colour scheme) whose script errors fail the test."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
