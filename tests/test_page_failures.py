"""Pages of a feed that cannot be stored are not fetched again on every poll."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tagwire.fetch.schedule import is_transient, page_retry_at
from tests.test_crawler import only, page, rss

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)


def _poll(tagwire):
    """Make the feed due (as the schedule will) and crawl it, without ``--force``."""
    with tagwire.storage.write("test: due") as conn:
        from tagwire.store.schema import feeds

        conn.execute(feeds.update().values(next_check=None))
    return tagwire.crawl()


def test_failed_pages_wait_before_they_are_fetched_again(tagwire, server):
    page(server, "/a", "Harbour works")
    server.set("/video/1", "<html><body><video src='x.mp4'></video><p>Watch.</p></body></html>",
               Content_Type="text/html")
    server.set("/gone", "no such page", status=404)
    server.set("/feed.xml", rss(server, ("Harbour works", "/a"), ("Watch: the storm", "/video/1"), ("Gone", "/gone")))
    tagwire.add_feed(server.url + "/feed.xml")
    first = tagwire.crawl().results[0]
    assert (first.new_articles, first.article_errors) == (1, 2)
    # pages that are not articles do not make the feed be polled every few minutes
    assert only(tagwire).interval_seconds > 300
    second = _poll(tagwire).results[0]
    assert (second.new_articles, second.article_errors, second.skipped) == (0, 0, 3)
    fetched = [path for path, _ in server.requests]
    assert fetched.count("/video/1") == 1 and fetched.count("/gone") == 1 and fetched.count("/feed.xml") == 2
    assert tagwire.health()[0].pages_waiting == 2  # shown by `tagwire sources list`
    failures = tagwire.storage.failed_pages(only(tagwire).source_id, [server.url + "/video/1", server.url + "/gone"])
    assert all(when > datetime.now(timezone.utc) + timedelta(hours=5) for when in failures.values())


def test_a_page_that_becomes_an_article_is_stored_when_due_and_forgotten(tagwire, server):
    server.set("/live/1", "<html><body><p>Updates soon.</p></body></html>", Content_Type="text/html")
    server.set("/feed.xml", rss(server, ("Live: storm", "/live/1")))
    tagwire.add_feed(server.url + "/feed.xml")
    assert tagwire.crawl().results[0].article_errors == 1
    page(server, "/live/1", "Storm live")
    source_id = only(tagwire).source_id
    with tagwire.storage.write("test: due") as conn:  # hours later: the page is due again
        from tagwire.store.schema import entry_failures

        conn.execute(entry_failures.update().values(retry_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
    assert _poll(tagwire).new_articles == 1
    assert tagwire.storage.failed_pages(source_id, [server.url + "/live/1"]) == {}


def test_crawl_force_asks_for_failed_pages_again(tagwire, server):
    server.set("/video/1", "<html><body><p>Watch.</p></body></html>", Content_Type="text/html")
    server.set("/feed.xml", rss(server, ("Watch", "/video/1")))
    tagwire.add_feed(server.url + "/feed.xml")
    tagwire.crawl()
    tagwire.crawl(force=True)
    assert [path for path, _ in server.requests].count("/video/1") == 2


def test_a_timeout_is_asked_again_soon_and_keeps_the_feed_polled_soon(tagwire, server):
    page(server, "/a", "Harbour works")
    server.set("/slow", "busy", status=503)
    server.set("/feed.xml", rss(server, ("Harbour works", "/a"), ("Slow", "/slow")))
    tagwire.add_feed(server.url + "/feed.xml")
    tagwire.crawl()
    assert only(tagwire).interval_seconds == 300
    [when] = tagwire.storage.failed_pages(only(tagwire).source_id, [server.url + "/slow"]).values()
    assert when < datetime.now(timezone.utc) + timedelta(minutes=6)


def test_retry_policy():
    assert is_transient("timeout") and is_transient("http", 503) and is_transient("http", 429)
    assert not is_transient("http", 404) and not is_transient("not-article") and not is_transient("robots")
    assert page_retry_at(NOW, 1, transient=True) == NOW + timedelta(minutes=5)
    assert page_retry_at(NOW, 3, transient=True) == NOW + timedelta(minutes=20)
    assert page_retry_at(NOW, 50, transient=True) == NOW + timedelta(hours=6)
    assert page_retry_at(NOW, 1, transient=False) == NOW + timedelta(hours=6)
    assert page_retry_at(NOW, 2, transient=False) == NOW + timedelta(hours=24)
    assert page_retry_at(NOW, 9, transient=False) == NOW + timedelta(days=7)


def test_a_failing_robots_txt_is_not_a_refusal():
    """robots.txt answering 5xx stops the host for a while: its pages are asked again soon,
    not taken from the feed's text as if the publisher had refused them."""
    from tagwire.errors import RobotsError, RobotsUnavailableError
    from tagwire.pipeline import _page_failure, _page_kept_from_us

    unavailable = RobotsUnavailableError("robots.txt of x.example unavailable (HTTP 503)")
    assert not _page_kept_from_us(unavailable) and _page_kept_from_us(RobotsError("disallowed"))
    assert _page_failure("https://x.example/a", unavailable).transient
    assert not _page_failure("https://x.example/a", RobotsError("disallowed")).transient


def test_recrawl_asks_for_a_sources_failed_pages_again(tagwire, server):
    server.set("/video/1", "<html><body><p>Watch.</p></body></html>", Content_Type="text/html")
    server.set("/feed.xml", rss(server, ("Watch", "/video/1")))
    tagwire.add_feed(server.url + "/feed.xml")
    tagwire.crawl()
    assert tagwire.health()[0].pages_waiting == 1
    tagwire.recrawl(server.url + "/feed.xml")  # `tagwire sources recrawl FEED`, the admin page's button
    assert tagwire.health()[0].pages_waiting == 0
    tagwire.crawl()
    assert [path for path, _ in server.requests].count("/video/1") == 2


def test_the_admin_sources_page_says_how_many_pages_wait(tagwire, server):
    import warnings

    from tagwire.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from tests.test_admin_pages import PASSWORD, login

    server.set("/video/1", "<html><body><p>Watch.</p></body></html>", Content_Type="text/html")
    server.set("/gone", "no such page", status=404)
    server.set("/feed.xml", rss(server, ("Watch", "/video/1"), ("Gone", "/gone")))
    tagwire.add_feed(server.url + "/feed.xml")
    tagwire.crawl()
    tagwire.create_admin_user("ann", PASSWORD)
    client = TestClient(create_app(tagwire))
    assert login(client).status_code == 303
    assert "2 pages of this source failed (not articles, dead links)" in client.get("/admin/sources").text


def test_a_host_that_answers_429_is_left_alone_until_the_time_it_names(settings, server):
    """Politeness: after "429, Retry-After: 120" no other page of that host is asked for,
    neither in this crawl pass nor in the next one (a new fetcher), until the time is up."""
    import dataclasses

    from tagwire import make_tagwire

    page(server, "/a", "Harbour works")
    server.set("/b", "slow down", status=429, Retry_After="120")
    page(server, "/c", "Ferry timetable")
    page(server, "/d", "Market square")
    server.set("/feed.xml", rss(server, ("Harbour works", "/a"), ("Quay", "/b"), ("Ferry", "/c"), ("Market", "/d")))
    with make_tagwire(dataclasses.replace(settings, fetch_per_host=1)) as tw:
        tw.add_feed(server.url + "/feed.xml")
        first = tw.crawl().results[0]
        fetched = [path for path, _ in server.requests]
        assert "/b" in fetched
        later = fetched[fetched.index("/b") + 1:]
        assert not {"/a", "/c", "/d"} & set(later)  # nothing after the 429
        assert first.article_errors == 4 - first.new_articles
        before = len(server.requests)
        second = _poll(tw).results[0]
        assert len(server.requests) == before  # the next pass does not ask the host either
        assert "asked us to wait" in (second.error or "")


def test_pause_policy_is_pure():
    from tagwire.fetch.pauses import MAX_PAUSE, HostPauses, pause_seconds

    assert pause_seconds(429, None) == 60 and pause_seconds(429, 5) == 5 and pause_seconds(429, 10**9) == MAX_PAUSE
    assert pause_seconds(503, 30) == 30 and pause_seconds(503, None) is None and pause_seconds(500, 30) is None
    now = [100.0]
    pauses = HostPauses(clock=lambda: now[0])
    pauses.pause("a.example", 60)
    pauses.pause("a.example", 10)  # a shorter answer later does not cut the longer rest
    assert pauses.remaining("a.example") == 60 and pauses.remaining("b.example") == 0
    now[0] += 61
    assert pauses.remaining("a.example") == 0
