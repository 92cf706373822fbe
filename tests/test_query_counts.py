"""A bounded number of SQL statements per page, whatever the size of the page's data (no N+1).

Every statement the app's engine sends is counted (SQLAlchemy's ``before_cursor_execute``)
while one request is served, for each page, API list and feed out, over a crawl of 10
articles from 2 outlets and one of 50 articles from 5 outlets: the counts must be equal
and under the bound stated here.
"""

from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager
from typing import Callable, Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import event
from starlette.testclient import TestClient

from tagwire import make_tagwire
from tagwire.core import Tagwire
from tagwire.demo.synthetic import start_synthetic
from tagwire.settings import load_settings
from tagwire.web import create_app
from tests.conftest import fresh_database

SIZES = {10: (2, 5), 50: (5, 10)}  # articles: (feeds, articles per feed)

# path template → the most statements one request may send; {tag} {story} {source} {category}
# are filled from each database. Measured counts (November 2025) plus up to two, room for
# a session or token read: the tag page 14 (hashtag, cards, outlets, chart, related,
# trending, top), home 6, a source 7 (its feeds' health: 4), a list or a feed out 1–4.
BOUNDS = {
    "/": 8,
    "/tag/{tag}": 16,
    "/story/{story}": 6,
    "/source/{source}": 9,
    "/category/{category}": 5,
    "/tags": 3,
    "/sources": 5,
    "/search?q=council": 4,
    "/api/v1/articles?limit=100": 3,
    "/api/v1/articles?tag={tag}&limit=100": 3,
    "/api/v1/hashtags": 3,
    "/api/v1/hashtags/{tag}": 6,
    "/api/v1/sources": 5,
    "/api/v1/categories": 3,
    "/feed.rss": 3,
    "/tag/{tag}.atom": 6,
    "/source/{source}.json": 5,
    "/category/{category}.rss": 3,
    "/search.rss?q=council": 3,
}


class StatementCounter:
    """Statements sent through one engine, from any thread (the app serves from a thread pool)."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.count = 0
        self.statements: Counter[str] = Counter()
        self._lock = threading.Lock()
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        with self._lock:
            self.count += 1
            self.statements[" ".join(statement.split())[:90]] += 1

    @contextmanager
    def measuring(self) -> Iterator[Callable[[], int]]:
        start = self.count
        yield lambda: self.count - start


def _values(tw: Tagwire) -> dict[str, str]:
    articles, _ = tw.latest(limit=100)
    stories = Counter(a.story_id for a in articles if a.story_id)
    categories = Counter(a.category for a in articles)
    return dict(tag=tw.top_hashtags(limit=1)[0].tag, story=stories.most_common(1)[0][0],
                source=str(articles[0].source_id), category=quote(categories.most_common(1)[0][0]))


@pytest.fixture(scope="module")
def counts(tmp_path_factory) -> dict[int, dict[str, tuple[int, int]]]:
    """Per size: path template → (statements, HTTP status)."""
    result: dict[int, dict[str, tuple[int, int]]] = {}
    for size, (feeds, per_feed) in SIZES.items():
        with fresh_database(tmp_path_factory.mktemp(f"queries{size}")) as url, \
                start_synthetic(feeds=feeds, per_feed=per_feed) as publisher:
            settings = load_settings(environ={}, config_file=None, overrides=dict(
                database_url=url, fetch_allow_hosts="127.0.0.1", fetch_host_delay=0))
            with make_tagwire(settings) as tw:
                for n, feed_url in enumerate(publisher.feed_urls):
                    tw.add_feed(feed_url, f"Outlet {n}")
                assert tw.crawl().new_articles == size
                counter = StatementCounter(tw.storage.engine)
                values = _values(tw)
                with TestClient(create_app(tw)) as client:
                    client.get("/")  # first request: the app's own start-up work is not a page's
                    result[size] = {}
                    for template in BOUNDS:
                        with counter.measuring() as sent:
                            status = client.get(template.format(**values)).status_code
                        result[size][template] = (sent(), status)
    return result


@pytest.mark.parametrize("template", list(BOUNDS))
def test_statements_per_request_do_not_grow_with_the_data(counts, template):
    small, large = counts[10][template], counts[50][template]
    assert small[1] == large[1] == 200, (small, large)
    assert small[0] == large[0], f"{template}: {small[0]} statements with 10 articles, {large[0]} with 50 (N+1)"
    assert large[0] <= BOUNDS[template], f"{template}: {large[0]} statements, bound {BOUNDS[template]}"


def test_counting_sees_every_statement(tagwire):
    """The counter is not blind: a loop of reads is counted one by one."""
    counter = StatementCounter(tagwire.storage.engine)
    with counter.measuring() as sent:
        for _ in range(3):
            tagwire.storage.count_articles()
    assert sent() == 3
