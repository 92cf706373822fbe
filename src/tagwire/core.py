"""The facade: ``Tagwire`` owns storage, fetcher settings and topics.

The CLI and the web app call only this object.  Every method validates its
arguments, then delegates to storage, the pipeline or a pure function.
"""

from __future__ import annotations

import asyncio
import dataclasses
import contextlib
import os
import secrets
import socket
from datetime import datetime, timedelta, timezone
from typing import AsyncIterator, Callable, Iterable, Sequence

from .admin import AdminActions
from .curation import CurationMixin
from .story_views import StoryViews
from .webhooks import WebhooksFacade
from .enrich import Enrichment, default_topics, enrich_article
from .learning import CategoriesFacade
from .retention import RetentionFacade
from .enrich.hashtags import normalise_tag
from .enrich.topics import load_topics
from .errors import ConfigError, InvalidInputError, NotFoundError
from .fetch import Fetcher, Guard, schedule
from .fetch.pauses import HostPauses
from .fetch.robots import RobotsMemory
from .parse.names import host_name
from .parse.opml import Subscription, dump_opml, parse_opml
from .pipeline import Pipeline
from .settings import Settings, load_settings, read_user_file
from .store import Storage, open_storage
from .extract import extract_article
from .store.articles import encode_cursor
from .search import Field, Query, Tag, parse_query
from .storybook import StoryBook
from .cards import Card, make_cards
from .types import Article, CrawlSummary, ExtractedArticle, Feed, FeedHealth, FeedResult, HashtagCount, Source, StoryCoverage, Topic

Progress = Callable[[FeedResult], None]
MAX_SEARCH_PAGES = 50


class Tagwire(AdminActions, WebhooksFacade, CurationMixin, StoryViews, CategoriesFacade, RetentionFacade):
    def __init__(self, settings: Settings, storage: Storage):
        self.settings = settings
        self.storage = storage
        self.guard = Guard.from_setting(settings.fetch_allow_hosts)
        self.robots = RobotsMemory()  # robots.txt rules outlive one crawl pass (kept a day)
        self.host_pauses = HostPauses()  # so do hosts' "429, wait N seconds"
        self._file_topics = _load_topics_file(settings.topics_file)
        self._topics: list[Topic] | None = None
        self._init_categories()  # taxonomy, section map, model: learning.py
        self.stories = StoryBook(storage, settings.story_window_hours,
                                 lookback_hours=settings.story_lookback_hours)
        #: who holds this process's leases on feeds: unique per process and host
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"

    def close(self) -> None:
        self.storage.close()

    def __enter__(self) -> "Tagwire":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources -----------------------------------------------------------
    def add_feed(self, url: str, name: str | None = None, home_url: str | None = None) -> tuple[Feed, bool]:
        """Subscribe to a feed URL; returns (feed, created)."""
        url = (url or "").strip()
        self.guard.check_url(url)  # scheme and shape now; addresses when fetched
        source = self.storage.add_source((name or "").strip() or host_name(url), home_url)
        return self.storage.add_feed(source.id, url)

    def remove_feed(self, url: str) -> None:
        self.storage.remove_feed(url)

    def feeds(self) -> list[Feed]:
        return self.storage.list_feeds()

    def health(self) -> list[FeedHealth]:
        """Every feed with its articles, rhythm and state, for `sources list` and /sources."""
        week = 7
        stats = self.storage.source_stats(_now() - timedelta(days=week))
        causes = self.storage.feed_error_causes()
        waiting = self.storage.pages_waiting(_now())
        result = []
        for feed in self.feeds():
            total, recent, newest = stats.get(feed.source_id, (0, 0, None))
            result.append(FeedHealth(feed=feed, articles=total, per_day=round(recent / week, 1), newest=newest,
                                     status=_status(feed), last_error_cause=causes.get(feed.id),
                                     pages_waiting=waiting.get(feed.source_id, 0)))
        return result

    def import_opml(self, content: bytes) -> tuple[int, int, list[str]]:
        """Add every feed of an OPML file; returns (added, already there, one-line errors)."""
        added = existing = 0
        errors: list[str] = []
        for sub in parse_opml(content):
            try:
                _, created = self.add_feed(sub.url, sub.title or None, sub.home_url)
            except (ConfigError, InvalidInputError, ValueError) as exc:
                errors.append(f"{sub.url}: {exc}")
                continue
            added += created
            existing += not created
        return added, existing, errors

    def export_opml(self) -> str:
        feeds = self.feeds()
        # the source's home page goes out as htmlUrl, as import read it in (it was dropped)
        homes = {sid: self.storage.get_source(sid).home_url for sid in {f.source_id for f in feeds}}
        return dump_opml([Subscription(url=f.url, title=f.source_name, home_url=homes[f.source_id]) for f in feeds])

    def ensure_sources(self) -> int:
        """On first start, subscribe to the configured (or built-in) sources; returns how many."""
        if self.storage.list_feeds():
            return 0
        for name, url in self.settings.configured_sources():
            self.add_feed(url, name)
        return len(self.settings.configured_sources())

    # -- crawling ----------------------------------------------------------
    async def crawl_async(self, *, force: bool = False, progress: Progress | None = None,
                          batch: int | None = None) -> CrawlSummary:
        """Claim due feeds in batches (leases, so several workers can share the database),
        crawl them, and give back whatever was not finished, even when cut off.

        A batch is four times the fetch concurrency: enough to keep the fetcher busy,
        small enough that other workers find due feeds to claim."""
        batch = batch or 4 * self.settings.fetch_concurrency
        if force:
            self.storage.force_due()
            self.storage.forget_page_failures()  # "try everything now" includes pages that failed
        self._release_dead_local_leases()
        results: list[FeedResult] = []
        s = self.settings
        async with self._fetcher() as fetcher:
            pipeline = Pipeline(self.storage, fetcher, s, self.enrich, self.stories.placer)
            seen: set[int] = set()
            while True:  # due feeds in batches until none is left
                claimed = self.storage.claim_feeds(self.worker_id, _now(), s.lease_seconds, batch)
                due = [f for f in claimed if f.id not in seen]
                self.storage.release_leases(self.worker_id, [f.id for f in claimed if f.id in seen])
                if not due:
                    break
                seen.update(f.id for f in due)
                async with self._leased(due):
                    async for result in pipeline.crawl(due):
                        results.append(result)
                        if progress:
                            progress(result)
        if results:
            self.stories.save_state()
            self.learn_categories_if_due()  # a thread, when enough publisher-labelled articles came in
        self.prune_if_due()  # keep_days: once a day per process (another worker's prune is harmless)
        return CrawlSummary(
            feeds=len(results), new_articles=sum(r.new_articles for r in results),
            errors=sum(1 for r in results if r.error), results=tuple(results),
        )

    def _release_dead_local_leases(self) -> None:
        """A crawl restarted after a crash on this host takes back what the dead process held,
        instead of waiting for its leases to expire (other hosts' leases are left to expire)."""
        host = socket.gethostname()
        for owner in self.storage.lease_owners(_now()):
            owner_host, _, rest = owner.partition(":")
            pid = rest.partition(":")[0]
            if owner_host == host and pid.isdigit() and owner != self.worker_id and not _alive(int(pid)):
                self.storage.release_leases(owner)

    @contextlib.asynccontextmanager
    async def _leased(self, feeds: Sequence[Feed]) -> AsyncIterator[None]:
        """Renew the batch's leases while it is crawled; release the unfinished on the way out."""
        ids = [f.id for f in feeds]
        lease = self.settings.lease_seconds

        async def renew() -> None:
            while True:
                await asyncio.sleep(lease / 3)
                self.storage.renew_leases(self.worker_id, ids, _now() + timedelta(seconds=lease))

        renewer = asyncio.create_task(renew())
        try:
            yield
        finally:
            renewer.cancel()
            # finished feeds already dropped their lease when their outcome was recorded
            self.storage.release_leases(self.worker_id, ids)

    def metrics(self) -> dict:
        return self.storage.metrics(_now())

    def due_count(self, force: bool = False) -> int:
        """How many feeds a crawl would poll now."""
        if force:
            return sum(1 for f in self.feeds() if not f.paused)
        return len(self.storage.due_feeds(_now(), 1_000_000))

    def crawl(self, *, force: bool = False, progress: Progress | None = None) -> CrawlSummary:
        return asyncio.run(self.crawl_async(force=force, progress=progress))

    # -- extraction --------------------------------------------------------------
    def extract(self, html: bytes | str, url: str | None = None) -> ExtractedArticle:
        return extract_article(html, url)

    def _fetcher(self, concurrency: int | None = None) -> Fetcher:
        """The one HTTP client configuration (caps, guard, politeness) for every request."""
        s = self.settings
        return Fetcher(user_agent=s.user_agent, timeout=s.fetch_timeout, max_bytes=s.fetch_max_bytes,
                       concurrency=concurrency or s.fetch_concurrency,
                       per_host=min(concurrency or s.fetch_per_host, s.fetch_per_host),
                       host_delay=s.fetch_host_delay, guard=self.guard, robots_memory=self.robots,
                       pauses=self.host_pauses)

    def extract_url(self, url: str) -> ExtractedArticle:
        """Fetch a page with the crawler's own client (guard, robots.txt, caps), then extract it."""
        async def fetch() -> bytes:
            async with self._fetcher(concurrency=1) as fetcher:
                return (await fetcher.get(url, accept="text/html,application/xhtml+xml")).content

        return extract_article(asyncio.run(fetch()), url)

    # -- enrichment ------------------------------------------------------------
    def enrich(self, *, title: str, text: str, url: str | None = None, section: str | None = None,
               feed_categories: Sequence[str] = (), source: str | None = None,
               number_forms: dict[str, tuple[str, str]] | None = None) -> Enrichment:
        """Hashtags, category and excerpt, with this instance's topics, model and limits.

        The publisher's own name is never a hashtag of its articles (it is in their
        byline, their boxes and their footers, not in the news). ``number_forms``: see
        ``canonical_enrichment``."""
        blocked = frozenset(normalise_tag(n) for n in _name_forms(source)) if source else frozenset()
        return self.canonical_enrichment(self.configured_category(enrich_article(  # curation.py, learning.py
            title=title, text=text, url=url, section=section, feed_categories=feed_categories,
            topics=self.topics(), limit=self.settings.max_tags, **self.category_options(),
            blocked=(blocked - {""}) | self.blocked_hashtags(),
        )), number_forms)

    # -- topics --------------------------------------------------------------
    def topics(self) -> Sequence[Topic]:
        """Built-in, then file, then database topics; a later one replaces an earlier same tag."""
        if self._topics is None:
            merged = {t.tag: t for t in (*default_topics(), *self._file_topics, *self.storage.list_topics())}
            self._topics = list(merged.values())
        return self._topics

    def remove_topic(self, tag: str) -> None:
        self.storage.remove_topic(normalise_tag(tag.lstrip("#")))
        self._topics = None

    def apply_topics(self) -> int:
        """Re-tag every stored article with the current topics; returns how many changed."""
        changed = 0
        for article in list(self.storage.iter_articles()):
            enrichment = self.enrich(title=article.title, text=article.text, url=article.url,
                                     section=article.section)
            if [t.tag for t in enrichment.tags] != [t.tag for t in article.tags]:
                self.storage.replace_tags(article.id, enrichment.tags)
                changed += 1
        return changed

    # -- reading -------------------------------------------------------------
    def latest(self, cursor: str | None = None, limit: int | None = None) -> tuple[list[Article], str | None]:
        return self._paged(lambda n: self.storage.latest_articles(n, cursor), limit)

    def tag_articles(self, tag: str, cursor: str | None = None,
                     limit: int | None = None) -> tuple[HashtagCount, list[Article], str | None]:
        info = self._hashtag(tag)
        items, next_cursor = self._paged(lambda n: self.storage.articles_for_tag(info.tag, n, cursor), limit)
        return info, items, next_cursor

    def _hashtag(self, tag: str) -> HashtagCount:
        """A stored hashtag asked for in its canonical form; NotFoundError otherwise."""
        canonical = normalise_tag(tag)
        if not canonical or canonical != tag:
            raise NotFoundError(f"no hashtag #{tag[:60]}")
        return self.storage.get_hashtag(canonical)

    def cards(self, articles: Sequence[Article]) -> list[Card]:
        """A page's articles as cards: one per story, with the story's other outlets."""
        return make_cards(articles, self.storage.story_outlets([a.story_id for a in articles if a.story_id]))

    def latest_cards(self, cursor: str | None = None) -> tuple[list[Card], str | None]:
        return self._card_page(lambda n, c: self.storage.latest_articles(n, c), cursor)

    def tag_cards(self, tag: str, cursor: str | None = None) -> tuple[HashtagCount, list[Card], str | None]:
        info = self._hashtag(tag)
        cards, next_cursor = self._card_page(lambda n, c: self.storage.articles_for_tag(info.tag, n, c), cursor)
        return info, cards, next_cursor

    def _card_page(self, fetch: Callable[[int, str | None], list[Article]],
                   cursor: str | None) -> tuple[list[Card], str | None]:
        """A page of ``page_size`` story cards: reads ahead (a story's articles fold into one
        card), and the next page starts after the last article this page used."""
        size = self.settings.page_size
        rows = fetch(size * 4 + 1, cursor)
        more, rows = len(rows) > size * 4, rows[: size * 4]  # one more tells whether there is more
        cards = self.cards(rows)
        if len(cards) > size:
            cut = rows.index(cards[size].article)  # the first article of the first card left out
            return cards[:size], encode_cursor(rows[cut - 1])
        return cards, encode_cursor(rows[-1]) if more else None

    def story(self, story_id: str) -> StoryCoverage:
        """Every article of a story by time, and the tracked outlets that have not reported it."""
        row = self.storage.get_story(story_id) if len(story_id) <= 40 else None
        if row is None:
            raise NotFoundError(f"no story {story_id[:40]}")
        items = self.storage.story_articles(story_id)
        reported = {a.source_name for a in items}
        # outlets that have published something here: a feed never crawled well is no outlet yet
        missing = tuple(n for n in self.storage.source_names(with_articles=True) if n not in reported)
        return StoryCoverage(id=story_id, headline=row.headline, first_seen=row.first_seen,
                             articles=tuple(items), missing_sources=missing)

    def top_hashtags(self, limit: int = 20, days: int | None = None) -> list[HashtagCount]:
        since = _now() - timedelta(days=days or self.settings.trending_days)
        return self.storage.top_hashtags(since, limit)

    def _paged(self, fetch: Callable[[int], list[Article]], limit: int | None) -> tuple[list[Article], str | None]:
        size = min(max(1, limit or self.settings.page_size), 100)
        rows = fetch(size + 1)  # one more tells whether there is a next page
        if len(rows) > size:
            return rows[:size], encode_cursor(rows[size - 1])
        return rows, None

    # -- reading for the API and feeds out ---------------------------------------
    def export_articles(self) -> Iterable[Article]:
        """Every stored article with its tags, oldest first, streamed in batches."""
        return self.storage.iter_articles()

    def articles(self, *, tag: str | None = None, source_id: int | None = None, category: str | None = None,
                 since: datetime | None = None, until: datetime | None = None, cursor: str | None = None,
                 limit: int | None = None, story: str | None = None) -> tuple[list[Article], str | None]:
        """Newest first, narrowed by any filter; a tag or category nobody has matches nothing.

        ``since`` is inclusive and ``until`` exclusive; naive datetimes are taken as UTC.
        """
        since, until = _as_utc(since), _as_utc(until)
        if since and until and since >= until:
            raise InvalidInputError("since must be before until")
        canonical = None
        if tag is not None:
            canonical = normalise_tag(tag.lstrip("#"))
            if not canonical:
                raise InvalidInputError(f"not a usable hashtag: {tag[:60]!r}")
        if category is not None:
            category = self.category_spelling(category)
        if source_id is not None and not _is_row_id(source_id):
            return [], None
        return self._paged(lambda n: self.storage.filtered_articles(
            n, cursor, tag=canonical, source_id=source_id, category=category, since=since, until=until,
            story_id=story), limit)

    def article(self, article_id: int) -> Article:
        found = self.storage.get_article(article_id) if _is_row_id(article_id) else None
        if found is None:
            raise NotFoundError(f"no article {article_id}")
        return found

    def source(self, source_id: int) -> Source:
        if not _is_row_id(source_id):
            raise NotFoundError(f"no source {source_id}")
        return self.storage.get_source(source_id)

    def category_cards(self, name: str, cursor: str | None = None) -> tuple[str, list[Card], str | None]:
        category = self.category_name(name)
        cards, nxt = self._card_page(lambda n, c: self.storage.filtered_articles(n, c, category=category), cursor)
        return category, cards, nxt

    def source_cards(self, source_id: int, cursor: str | None = None) -> tuple[Source, list[FeedHealth], list[Card], str | None]:
        source = self.source(source_id)
        health = [h for h in self.health() if h.feed.source_id == source.id]
        cards, nxt = self._card_page(lambda n, c: self.storage.filtered_articles(n, c, source_id=source.id), cursor)
        return source, health, cards, nxt

    def search(self, text: str, page: int = 1, limit: int | None = None, *, tag: str | None = None,
               source_id: int | None = None, category: str | None = None, since: datetime | None = None,
               until: datetime | None = None) -> tuple[Query, list[Article], bool]:
        """Articles matching a search, best first; (query, articles, more pages).

        The keyword filters narrow the parsed query as its own ``#tag``, ``source:``,
        ``category:``, ``after:`` and ``before:`` would (the API's filters, with a query)."""
        query = _narrowed(self, parse_query(text), tag, source_id, category, _as_utc(since), _as_utc(until))
        if not 1 <= page <= MAX_SEARCH_PAGES:
            raise InvalidInputError(f"search page must be between 1 and {MAX_SEARCH_PAGES}")
        if query.empty:
            return query, [], False
        size = min(max(1, limit or self.settings.page_size), 100)
        rows = self.storage.search_articles(query, size + 1, (page - 1) * size)
        return query, rows[:size], len(rows) > size and page < MAX_SEARCH_PAGES

    def hashtag_directory(self) -> list[HashtagCount]:
        return self.storage.all_hashtags()

    def tag_coverage(self, tag: str, days: int = 30) -> list[tuple[datetime, str, int]]:
        """(time, outlet, count) of a tag's articles over the last ``days`` days, for its chart."""
        return self.storage.tag_daily_counts(tag, _now() - timedelta(days=days))


def _narrowed(tw: Tagwire, query: Query, tag: str | None, source_id: int | None, category: str | None,
              since: datetime | None, until: datetime | None) -> Query:
    terms = list(query.terms)
    if tag is not None:
        terms.append(Tag(normalise_tag(tag.lstrip("#")) or tag))
    if source_id is not None:
        terms.append(Field("source", tw.source(source_id).name))
    if category is not None:
        terms.append(Field("category", category))
    after = max((t for t in (query.after, since) if t), default=None)
    before = min((t for t in (query.before, until) if t), default=None)
    return dataclasses.replace(query, terms=tuple(terms), after=after, before=before)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _as_utc(when: datetime | None) -> datetime | None:
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=timezone.utc)


def _is_row_id(value: int) -> bool:
    """Ids past the id columns' range cannot exist: INTEGER is 32-bit on PostgreSQL, where a
    larger bound value is an out-of-range error, not a miss."""
    return 0 < value < 2**31


def _name_forms(name: str) -> tuple[str, ...]:
    """"The Northgate Herald" and "Northgate Herald"."""
    bare = name[4:] if name.lower().startswith("the ") else name
    return (name, bare)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def _status(feed: Feed) -> str:
    if feed.paused:
        return "paused"
    if schedule.is_failing(feed.error_count):
        return "failing"
    if feed.error_count:
        return "error"
    return "ok" if feed.last_success_at else "never"


def _load_topics_file(path: str) -> list[Topic]:
    if not path:
        return []
    return load_topics(read_user_file(path, "topics file"))


def make_tagwire(settings: Settings | None = None, **overrides: object) -> Tagwire:
    """Wire settings and storage together; storage is closed again if wiring fails."""
    if settings is None:
        settings = load_settings(overrides=overrides)
    elif overrides:
        settings = settings.replace(**overrides)
    storage = open_storage(settings.database_url)
    try:
        return Tagwire(settings, storage)
    except BaseException:
        storage.close()
        raise

