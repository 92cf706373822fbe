"""The crawl, as one flow used by ``crawl``, ``run`` (and later ``worker``):

    due feeds
      | fetch feed (conditional GET)         fetch/http.py   304 → reschedule, done
      | parse entries                        parse/feeds.py
      | drop entries already stored          store (url or guid)
      | fetch each new page                  fetch/http.py
      | extract text and metadata            extract/        (in a thread: CPU work)
      | hashtags, category, excerpt          enrich/         (pure)
      | store article + tags, one txn        store/
        and, for a new article, its story      storybook.py    (under the story lock)
      | record feed success or error         store/ + fetch/schedule.py

Each feed yields a FeedResult; an error in one feed or page is recorded and
the crawl goes on.  Nothing is written for an article until it is complete,
so a crawl cut off mid-way resumes by fetching what is still unknown.
"""

from __future__ import annotations

import asyncio
import threading
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from html import escape
from typing import AsyncIterator, Callable, Sequence

from .enrich import Enrichment
from .errors import (ChallengeError, ExtractionError, FetchError, ParseError, RobotsError,
                     RobotsUnavailableError, StorageError, TagwireError)
from .extract import extract_article
from .fetch import Fetcher, Response, schedule
from .parse.discover import discover_feeds
from .parse.feeds import parse_feed
from .parse.listing import page_entries
from .parse.names import is_provisional, name_from_feed_title, name_from_pages
from .parse.text import plain_text
from .parse.urls import canonical_url, same_site
from .retention import retention_cut, too_old
from .settings import Settings
from .store import Storage
from .store.articles import StoryPlacer
from .store.entry_failures import PageFailure
from .types import ExtractedArticle, Feed, FeedEntry, FeedResult, NewArticle, ParsedFeed

log = logging.getLogger(__name__)

ERROR_BASE_SECONDS = 300
MAX_CHILD_SITEMAPS = 3
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True, slots=True)
class _Ingested:
    """What one poll did with a feed's entries."""

    new: int
    skipped: int  # stored already, or failed lately and not due again
    failed: int
    retry_soon: bool  # a failure that a poll in minutes may not meet again
    publishers: list[str]  # the publisher name each stored page gave


# A clock a few minutes fast at the publisher is normal; more is a typo or a wrong zone.
CLOCK_SKEW = timedelta(minutes=10)


def not_after(published: datetime | None, fetched_at: datetime) -> datetime | None:
    """A publication time later than the fetch is the fetch time.

    A feed dated 2031 by a typo, or local time labelled GMT, would otherwise sit
    above every newer article, read "just now" for years and open its story window
    in the future.
    """
    if published is not None and published > fetched_at + CLOCK_SKEW:
        return fetched_at
    return published


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _cause(exc: BaseException) -> str:
    return getattr(exc, "cause", "error")


@dataclass
class Pipeline:
    storage: Storage
    fetcher: Fetcher
    settings: Settings
    enrich: Callable[..., Enrichment]  # Tagwire.enrich: topics, model and limits bound
    assign_story: Callable[..., StoryPlacer]  # StoryBook.placer: decided when stored, under the story lock

    async def crawl(self, feeds: Sequence[Feed]) -> AsyncIterator[FeedResult]:
        """Crawl feeds concurrently (limits live in the fetcher); yield results as they finish."""
        tasks = [asyncio.create_task(self.crawl_feed(feed)) for feed in feeds]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()

    async def crawl_feed(self, feed: Feed) -> FeedResult:
        now = _now()
        try:
            response = await self.fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified,
                                              accept=FEED_ACCEPT)
            if response.not_modified:
                self._success(feed, now, feed.etag, feed.last_modified, feed.interval_seconds,
                              response.cache_seconds, response.elapsed)
                return FeedResult(feed.url, feed.source_name, not_modified=True)
            added_as = feed.url
            feed, response, parsed = await self._parse_or_discover(feed, response)
            feed = self._name_source(feed, added_as, name_from_feed_title(parsed.title, feed.url), parsed.link)
            entries = await self._with_children(parsed)
        except (FetchError, ParseError) as exc:
            return self._failure(feed, now, exc)
        texts = FeedTexts(lambda: parse_feed(response.content, response.url, content_type=response.content_type,
                                             max_items=self.settings.max_items_per_feed, with_content=True))
        ingested = await self._ingest_entries(feed, entries, now, texts)
        feed = self._name_source(feed, added_as, name_from_pages(ingested.publishers), None)
        interval = schedule.adaptive_interval(
            [e.published or e.updated for e in entries if e.published or e.updated], now,
            default=self.settings.feed_interval, minimum=self.settings.feed_min_interval,
            maximum=self.settings.feed_max_interval,
        )
        if ingested.retry_soon:
            # some pages timed out or the database was busy: ask again soon, they are still unknown
            interval = min(interval, ERROR_BASE_SECONDS)
        self._success(feed, now, response.etag, response.last_modified, interval, response.cache_seconds,
                      response.elapsed)
        return FeedResult(feed.url, feed.source_name, new_articles=ingested.new, skipped=ingested.skipped,
                          article_errors=ingested.failed)

    def _parse(self, response: Response) -> ParsedFeed:
        return parse_feed(response.content, response.url, max_items=self.settings.max_items_per_feed,
                          content_type=response.content_type)

    async def _parse_or_discover(self, feed: Feed, response: Response) -> tuple[Feed, Response, ParsedFeed]:
        """Parse the feed; when the URL was a web page announcing a feed, move to that feed.

        A permanent redirect, or a page's <link rel="alternate">, updates the stored URL.
        """
        if response.permanent_redirect:
            feed = self.storage.move_feed(feed.id, response.permanent_redirect) or feed
        try:
            return feed, response, self._parse(response)
        except ParseError:
            candidates = discover_feeds(response.content, response.url)
            if not candidates:
                if response.content_type.split(";")[0].strip().lower() not in HTML_TYPES[:2]:
                    raise
                # a page that announces no feed: its article links (or itself, an article)
                return feed, response, page_entries(response.content, response.url,
                                                    max_items=self.settings.max_items_per_feed)
        response = await self.fetcher.get(candidates[0], accept=FEED_ACCEPT)
        parsed = self._parse(response)
        return self.storage.move_feed(feed.id, candidates[0]) or feed, response, parsed

    async def _with_children(self, parsed: ParsedFeed) -> list[FeedEntry]:
        """A sitemap index's entries are in its newest child sitemaps."""
        entries = list(parsed.entries)
        for child in parsed.children[:MAX_CHILD_SITEMAPS]:
            try:
                entries += self._parse(await self.fetcher.get(child, accept=FEED_ACCEPT)).entries
            except (FetchError, ParseError):
                continue  # one broken child sitemap does not hide the others
        return entries[: self.settings.max_items_per_feed]

    def _name_source(self, feed: Feed, added_as: str, name: str | None, home_url: str | None) -> Feed:
        """A feed added without a name takes its publisher's (parse/names.py) once one is known."""
        if not name or not (is_provisional(feed.source_name, feed.url) or is_provisional(feed.source_name, added_as)):
            return feed
        try:
            return self.storage.name_feed_source(feed.id, name, home_url)
        except TagwireError as exc:  # two workers naming two feeds alike at once: the next crawl will
            log.info("feed %s keeps its name %s: %s", feed.url, feed.source_name, exc)
            return feed

    async def _ingest_entries(self, feed: Feed, entries: Sequence[FeedEntry], now: datetime,
                              texts: FeedTexts) -> _Ingested:
        """Fetch and store the entries not stored yet, except pages that failed lately."""
        known = self.storage.known_article_keys(
            feed.source_id, (e.url for e in entries), (e.guid for e in entries if e.guid)
        )
        fresh = [e for e in entries if e.url not in known and (e.guid or "") not in known]
        failed_before = self.storage.failed_pages(feed.source_id, (e.url for e in fresh))
        fresh = [e for e in fresh if failed_before.get(e.url, now) <= now]
        cut = retention_cut(now, self.settings.keep_days)  # older coverage would be pruned: not fetched
        fresh = [e for e in fresh if not too_old(e.published or e.updated, cut)]
        outcomes = await asyncio.gather(*(self._ingest_entry(feed, e, texts) for e in fresh))
        done = [o for o in outcomes if not isinstance(o, TagwireError)]
        errors = [(e.url, o) for e, o in zip(fresh, outcomes) if isinstance(o, TagwireError)]
        failures = [f for f in (_page_failure(url, exc) for url, exc in errors) if f is not None]
        stored_again = [e.url for e, o in zip(fresh, outcomes)
                        if e.url in failed_before and not isinstance(o, TagwireError)]
        self.storage.record_page_outcomes(feed.source_id, failures, stored_again, now)
        return _Ingested(
            new=sum(1 for created, _ in done if created), skipped=len(entries) - len(fresh), failed=len(errors),
            retry_soon=any(f.transient for f in failures) or len(failures) < len(errors),
            publishers=[publisher for _, publisher in done if publisher],
        )

    async def _ingest_entry(self, feed: Feed, entry: FeedEntry,
                            texts: FeedTexts) -> tuple[bool, str | None] | TagwireError:
        """Fetch, extract, enrich and store one article; an error is returned, not raised."""
        try:
            try:
                response = await self.fetcher.get(entry.url, accept="text/html,application/xhtml+xml")
            except FetchError as exc:
                if not _page_kept_from_us(exc):
                    raise
                # the page refuses robots or bots; the feed may give the text: take it from the feed
                extracted, fetched_url = await asyncio.to_thread(_from_feed, entry, texts, exc), entry.url
            else:
                mime = response.content_type.split(";")[0].strip().lower()
                if mime not in HTML_TYPES:
                    raise ExtractionError(f"not an article: {entry.url} is {mime}, not HTML")
                extracted = await asyncio.to_thread(_extract_or_feed, response.content, response.url, entry, texts)
                fetched_url = response.url
            published = _published(extracted, entry)
            if too_old(published, retention_cut(_now(), self.settings.keep_days)):
                # undated in the feed, old on the page: remembered as a failed page, not asked for
                # every poll; checked before enrichment, which it would only waste
                raise ExtractionError(f"not kept: {entry.url} was published {published:%Y-%m-%d}, "
                                      f"before keep_days ({self.settings.keep_days})")
            article = self._build(feed, entry, fetched_url, extracted)
            place = self.assign_story(url=article.url, title=article.title, text=article.text,
                                      published=article.published or article.fetched_at,
                                      source=feed.source_name, tags=[t.tag for t in article.tags])
            _, created = self.storage.upsert_article(article, assign_story=place)
            return created, extracted.publisher
        except TagwireError as exc:
            log.info("article %s failed: %s", entry.url, exc)
            return exc

    def _build(self, feed: Feed, entry: FeedEntry, fetched_url: str, ex: ExtractedArticle) -> NewArticle:
        url = entry.url
        if ex.canonical_url and same_site(ex.canonical_url, fetched_url):
            url = canonical_url(ex.canonical_url) or url
        title = ex.title or entry.title or url
        # a paywalled page may show no body at all: its card and tags then come from the
        # publisher's own public summary (meta description, else the feed's), never nothing
        shown = ex.text or ex.description or entry.summary_text
        enrichment = self.enrich(title=title, text=shown, url=url, section=ex.section,
                                 feed_categories=entry.categories, source=feed.source_name)
        fetched_at = _now()
        published = not_after(_published(ex, entry), fetched_at)
        return NewArticle(
            url=url, source_id=feed.source_id, feed_id=feed.id, title=title, text=ex.text,
            excerpt=enrichment.excerpt, published=published, fetched_at=fetched_at,
            guid=entry.guid, modified=ex.modified or entry.updated,
            authors=ex.authors or entry.authors, section=ex.section, image=ex.image,
            language=ex.language or enrichment.language, paywalled=ex.paywalled, word_count=ex.word_count,
            category=enrichment.category.name, category_reason=enrichment.category.reason,
            tags=tuple(enrichment.tags),
        )

    def _success(self, feed: Feed, now: datetime, etag: str | None, last_modified: str | None,
                 interval: int, cache_seconds: float | None, elapsed: float) -> None:
        next_check = schedule.after_success(now, interval, cache_seconds, self.settings.feed_max_interval)
        self.storage.record_feed_success(
            feed.id, etag=etag, last_modified=last_modified,
            next_check=next_check, interval=interval, now=now, fetch_ms=round(elapsed * 1000),
        )

    def _failure(self, feed: Feed, now: datetime, exc: TagwireError) -> FeedResult:
        next_check = schedule.after_error(
            now, feed.error_count + 1, base=ERROR_BASE_SECONDS,
            maximum=self.settings.max_error_interval, retry_after=getattr(exc, "retry_after", None),
        )
        self.storage.record_feed_error(feed.id, message=str(exc), cause=_cause(exc),
                                       next_check=next_check, now=now)
        return FeedResult(feed.url, feed.source_name, error=str(exc))


def _published(ex: ExtractedArticle, entry: FeedEntry) -> datetime | None:
    """The page's own date, else the feed's."""
    return ex.published or entry.published or entry.updated


def _page_failure(url: str, exc: TagwireError) -> PageFailure | None:
    """How a failed page is remembered; None for a busy database (ours, not the page's:
    not held against the page, and the feed is asked again soon)."""
    if isinstance(exc, StorageError):
        return None
    cause = getattr(exc, "cause", "error")
    return PageFailure(url, cause, str(exc), schedule.is_transient(cause, getattr(exc, "status", None)))


MIN_FEED_WORDS = 15  # fewer words than this in a feed's text is a teaser, not an article


def _page_kept_from_us(exc: FetchError) -> bool:
    """The page exists but is not for crawlers (robots.txt, a bot wall, 401/403/451);
    a 404, a timeout or a refused address is not that."""
    if isinstance(exc, RobotsUnavailableError):  # robots.txt failed: the page may be fetched soon
        return False
    return isinstance(exc, (RobotsError, ChallengeError)) or getattr(exc, "status", None) in (401, 403, 451)


class FeedTexts:
    """Items' full texts (content:encoded…), read from the feed only when a page cannot be
    used: reading them on every poll would slow every parse by a quarter for a rare need."""

    def __init__(self, parse: Callable[[], ParsedFeed]):
        self._parse = parse
        self._texts: dict[str, str] | None = None
        self._lock = threading.Lock()  # pages are extracted in worker threads

    def get(self, url: str) -> str | None:
        with self._lock:
            if self._texts is None:
                try:
                    self._texts = {e.url: e.content for e in self._parse().entries if e.content}
                except ParseError:  # a listing page or a sitemap: no texts
                    self._texts = {}
        return self._texts.get(url)


def _extract_or_feed(content: bytes, url: str, entry: FeedEntry, texts: FeedTexts) -> ExtractedArticle:
    """The page's article; when the page has too little text, the feed's own text."""
    try:
        return extract_article(content, url)
    except ExtractionError as exc:
        return _from_feed(entry, texts, exc)


def _from_feed(entry: FeedEntry, texts: FeedTexts, error: TagwireError) -> ExtractedArticle:
    """The article as the feed gives it (full content, else the summary); ``error`` when too short."""
    for html in (texts.get(entry.url), entry.summary):
        if not html or not entry.title or len(plain_text(html).split()) < MIN_FEED_WORDS:
            continue
        page = f"<html><head><title>{escape(entry.title)}</title></head><body><article>{html}</article></body></html>"
        try:  # the extractor keeps paragraphs and drops share bars and "read more" links
            found = extract_article(page, entry.url)
        except ExtractionError:
            return ExtractedArticle(title=entry.title, text=plain_text(html))
        return replace(found, title=entry.title, publisher=None)
    raise error
