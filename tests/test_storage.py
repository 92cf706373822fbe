"""Storage on a real SQLite file: identity, pagination, tags, errors."""

from datetime import datetime, timedelta, timezone

import pytest

from tagwire.errors import ConfigError, InvalidInputError, NotFoundError, StorageError
from tagwire.store import open_storage
from tagwire.store.articles import decode_cursor, encode_cursor
from tagwire.types import NewArticle, TagAssignment

T0 = datetime(2025, 11, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def storage(database_url):
    s = open_storage(database_url)
    yield s
    s.close()


def _tag(tag, score=0.5):
    return TagAssignment(tag=tag, label=tag, score=score, kind="keyphrase", why="test")


def _article(source_id, n, **kw):
    values = dict(url=f"https://news.example/a/{n}", source_id=source_id, feed_id=None,
                  title=f"Headline {n}", text=f"Body {n}.", excerpt=f"Body {n}.",
                  published=T0 + timedelta(hours=n), fetched_at=T0 + timedelta(days=30),
                  guid=f"guid-{n}", tags=(_tag("alpha"),))
    values.update(kw)
    return NewArticle(**values)


def test_schema_is_recorded_and_sound(storage):
    assert storage.pending_migrations() == []
    assert storage.integrity_check() == "ok"
    if storage.engine.dialect.name == "sqlite":
        with storage.read("x") as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_upsert_is_idempotent_on_url_and_guid(storage):
    src = storage.add_source("Herald")
    first_id, created = storage.upsert_article(_article(src.id, 1))
    assert created
    # the same article again, then with a new headline and a new URL but the same guid
    assert storage.upsert_article(_article(src.id, 1)) == (first_id, False)
    moved = _article(src.id, 1, url="https://news.example/renamed", title="Edited headline")
    assert storage.upsert_article(moved) == (first_id, False)
    assert storage.count_articles() == 1
    assert storage.get_article(first_id).title == "Edited headline"


def test_same_guid_other_source_is_another_article(storage):
    a, b = storage.add_source("A"), storage.add_source("B")
    storage.upsert_article(_article(a.id, 1))
    storage.upsert_article(_article(b.id, 2, guid="guid-1"))
    assert storage.count_articles() == 2


def test_tag_pages_are_newest_first_with_cursor(storage):
    src = storage.add_source("Herald")
    for n in range(7):
        storage.upsert_article(_article(src.id, n, tags=(_tag("alpha"),) if n % 2 == 0 else (_tag("beta"),)))
    page = storage.articles_for_tag("alpha", 2)
    assert [a.title for a in page] == ["Headline 6", "Headline 4"]
    rest = storage.articles_for_tag("alpha", 10, encode_cursor(page[-1]))
    assert [a.title for a in rest] == ["Headline 2", "Headline 0"]
    assert all(a.tags[0].tag == "alpha" for a in rest)
    latest = storage.latest_articles(3)
    assert [a.title for a in latest] == ["Headline 6", "Headline 5", "Headline 4"]


def test_undated_articles_sort_by_fetch_time(storage):
    src = storage.add_source("Herald")
    storage.upsert_article(_article(src.id, 1, published=None))
    storage.upsert_article(_article(src.id, 2))
    assert storage.latest_articles(5)[0].title == "Headline 1"  # fetched after every dated one


def test_top_hashtags_counts_recent_articles(storage):
    src = storage.add_source("Herald")
    for n in range(3):
        storage.upsert_article(_article(src.id, n, tags=(_tag("alpha"), _tag("beta"))))
    storage.upsert_article(_article(src.id, 10, tags=(_tag("beta"),)))
    top = storage.top_hashtags(T0, 10)
    assert [(t.tag, t.count) for t in top] == [("beta", 4), ("alpha", 3)]
    assert storage.top_hashtags(T0 + timedelta(days=1), 10) == []


def test_retagging_replaces_tags(storage):
    src = storage.add_source("Herald")
    ident, _ = storage.upsert_article(_article(src.id, 1))
    storage.replace_tags(ident, [_tag("gamma", 0.9)])
    assert [t.tag for t in storage.get_article(ident).tags] == ["gamma"]
    assert storage.articles_for_tag("alpha", 5) == []


@pytest.mark.parametrize("cursor", ["", "abc", "1-", "-1-2", "99999999999999999999999-1"])
def test_bad_cursor(cursor):
    if cursor == "":
        return
    with pytest.raises(InvalidInputError):
        decode_cursor(cursor)


def test_unknown_things(storage):
    with pytest.raises(NotFoundError):
        storage.get_hashtag("nothing")
    with pytest.raises(NotFoundError):
        storage.remove_feed("https://x.example/feed")


def test_bad_urls(tmp_path):
    with pytest.raises(ConfigError):
        open_storage("not a url")
    with pytest.raises(ConfigError):
        open_storage("mysql://u@h/db")
    with pytest.raises(ConfigError):
        open_storage(f"sqlite:///{tmp_path}/missing/dir/x.db")


def test_not_a_database_is_a_storage_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="cannot open database|database error"):
        open_storage(f"sqlite:///{junk}")


def test_feed_due_and_errors(storage):
    src = storage.add_source("Herald")
    feed, created = storage.add_feed(src.id, "https://h.example/rss")
    again, created_again = storage.add_feed(src.id, "https://h.example/rss")
    assert created and not created_again and again.id == feed.id
    now = T0
    assert [f.id for f in storage.due_feeds(now, 10)] == [feed.id]
    storage.record_feed_error(feed.id, message="HTTP 500", cause="http", next_check=now + timedelta(hours=1), now=now)
    assert storage.due_feeds(now, 10) == []
    f = storage.get_feed_by_url(feed.url)
    assert (f.error_count, f.last_error) == (1, "HTTP 500")
    storage.record_feed_success(feed.id, etag='"e"', last_modified=None, next_check=now, interval=60, now=now)
    f = storage.get_feed_by_url(feed.url)
    assert (f.error_count, f.etag, f.last_success_at) == (0, '"e"', now)


def test_database_password_is_never_shown():
    from tagwire.errors import StorageError
    from tagwire.store import open_storage

    with pytest.raises(StorageError) as info:
        open_storage("postgresql://someone:s3cret@127.0.0.1:1/nothing")
    assert "s3cret" not in str(info.value) and "***" in str(info.value)
