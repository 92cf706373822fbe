"""The crawler's memory of recent stories: a StoryClusterer kept in step with the database.

The clusterer (``enrich/stories.py``) is pure and lives in memory, one per
process. On first use it is rebuilt from the signatures of the stories seen
within the window and the saved document frequencies. Every new article is then
placed inside its own write transaction, under the installation-wide story lock
(``store/stories.py:lock_stories``)::

    sync: stories with seq > the last seq seen (other workers' placements),
          plus the story of our own last placement (its transaction may have
          rolled back) → replace them in the clusterer
    add:  the pure decision → a StoryRecord that storage writes with seq = max + 1

so however many workers share the database, each decides from the latest stories
and no one overwrites another's join. The frequencies are saved after every crawl.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Sequence

from sqlalchemy import Connection

from .enrich._stories_text import Features
from .enrich.stories import StoryClusterer, StoryInput, StorySignature, StoryState
from .store import Storage
from .types import StoryRecord

STATE_NAME = "story_state"
_RECENT_KEYS = 50_000
# stories read back for one article older than the window: a first crawl's backlog meets
# a few hundred; the cap bounds the cost on a huge instance (the latest ones are kept)
_PAST_STORIES = 2_000
_PAST_CACHE = 20_000


def article_key(url: str) -> str:
    """A short stable id for an article (and for the story it starts)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def _sig_to_json(sig: StorySignature) -> str:
    return json.dumps(dict(
        story_id=sig.story_id, headline=sig.headline, first_seen=sig.first_seen.isoformat(),
        last_seen=sig.last_seen.isoformat(), size=sig.size, terms=sig.terms, names=sig.names,
        members=[[a, list(k)] for a, k in sig.members], titles=[list(t) for t in sig.titles]),
        ensure_ascii=False)


def _sig_from_json(text: str) -> StorySignature:
    d: dict[str, Any] = json.loads(text)
    return StorySignature(
        story_id=d["story_id"], headline=d["headline"], first_seen=datetime.fromisoformat(d["first_seen"]),
        last_seen=datetime.fromisoformat(d["last_seen"]), size=d["size"],
        terms=tuple((t, w) for t, w in d["terms"]), names=tuple((t, w) for t, w in d["names"]),
        members=tuple((a, tuple(k)) for a, k in d["members"]),
        titles=tuple(tuple(t) for t in d.get("titles", ())))  # absent before 2026-12-03


class StoryBook:
    def __init__(self, storage: Storage, window_hours: float, lookback_hours: float = 0.0):
        self.storage = storage
        self.window_hours = window_hours
        self.lookback_hours = lookback_hours
        self._clusterer: StoryClusterer | None = None
        self._seq = 0  # the highest stories.seq taken in
        self._touched: str | None = None  # story of the last placement, re-read at the next sync
        self._urls: OrderedDict[str, str] = OrderedDict()  # article key → URL, for wire copies
        self._saved_documents = -1
        self._past: OrderedDict[str, tuple[int, StorySignature]] = OrderedDict()  # id → (seq, signature)
        self._mutex = threading.Lock()  # one placement at a time in this process

    def batch_clusterer(self) -> StoryClusterer:
        """An empty clusterer with the instance's settings, for a corpus that is not stored
        (`tagwire analyze`): a batch groups as the crawler would."""
        return StoryClusterer(window_hours=self.window_hours, lookback_hours=self.lookback_hours)

    def clusterer(self) -> StoryClusterer:
        if self._clusterer is None:
            since = datetime.now(timezone.utc) - timedelta(hours=max(self.window_hours, self.lookback_hours))
            seq, texts = self.storage.story_snapshot(since)
            signatures = []
            for text in texts:
                try:
                    signatures.append(_sig_from_json(text))
                except (KeyError, TypeError, ValueError):
                    continue  # a story outside the window was stored without a signature
            saved = self.storage.load_model(STATE_NAME)
            state = None
            if saved:
                d = json.loads(saved)
                state = StoryState(d["documents"], tuple((t, n) for t, n in d["doc_freq"]))
            self._clusterer = StoryClusterer.restore(signatures, state, window_hours=self.window_hours,
                                                     lookback_hours=self.lookback_hours)
            self._seq = seq
        return self._clusterer

    def placer(self, *, url: str, title: str, text: str, published: datetime, source: str,
               tags: Sequence[str]) -> Callable[[Connection], StoryRecord]:
        """The decision for one new article, to be taken by storage inside the article's
        transaction under the story lock (``Storage.upsert_article(new, assign_story=…)``)."""
        item = StoryInput(id=article_key(url), title=title, text=text, published=published,
                          source=source, tags=tuple(tags))
        # what can be done before the lock is: a first use's rebuild, the article's features,
        # and catching up with what other workers stored meanwhile (under the lock, only
        # what they store while this one waits is left to read)
        with self._mutex:
            clusterer = self.clusterer()
            features = clusterer.features(item)
            with self.storage.read("catching up with stories") as conn:
                self.sync(conn)
        return lambda conn: self.place(conn, item, url, features)

    def place(self, conn: Connection, item: StoryInput, url: str,
              features: Features | None = None) -> StoryRecord:
        """Catch up with the stored stories, then place ``item``. The caller holds the story lock."""
        with self._mutex:
            self.sync(conn)
            clusterer = self.clusterer()
            cutoff = clusterer.cutoff
            if cutoff is not None and item.published < cutoff:
                decision, sig = clusterer.place_past(item, self._stories_around(conn, item.published), features)
            else:
                decision = clusterer.add(item, features)
                sig = clusterer.signature(decision.story_id)
            self._touched = decision.story_id
            self._urls[item.id] = url
            if len(self._urls) > _RECENT_KEYS:
                self._urls.popitem(last=False)
            if sig is None:  # not expected: an article's own story is inside its window
                return StoryRecord(id=decision.story_id, headline=item.title, first_seen=item.published,
                                   last_seen=item.published, size=1, signature="{}")
            return StoryRecord(id=sig.story_id, headline=sig.headline, first_seen=sig.first_seen,
                               last_seen=sig.last_seen, size=sig.size, signature=_sig_to_json(sig),
                               duplicate_of_url=self._url_of(conn, decision.duplicate_of, sig.story_id))

    def _stories_around(self, conn: Connection, published: datetime) -> list[StorySignature]:
        """The stored stories within the window of an older article's date (a feed's backlog).

        A backlog brings many old articles of the same days: parsed signatures are kept by
        story id and seq, so each is read and parsed once until it changes."""
        window = timedelta(hours=self.window_hours)
        cache = self._past

        def known(story_id: str, seq: int) -> bool:
            return story_id in cache and cache[story_id][0] == seq

        signatures = []
        for story_id, seq, text in self.storage.stories_around(conn, published - window, published + window,
                                                               _PAST_STORIES, known):
            if text is not None:
                try:
                    cache[story_id] = (seq, _sig_from_json(text))
                except (KeyError, TypeError, ValueError):
                    continue  # stored without a signature (before 2026-12-03)
            if story_id not in cache:
                continue  # removed since the ids were read
            cache.move_to_end(story_id)
            signatures.append(cache[story_id][1])
        while len(cache) > _PAST_CACHE:
            cache.popitem(last=False)
        return signatures

    def sync(self, conn: Connection) -> int:
        """Take in the stories written since this process last looked (and the story of its
        own last placement, in case that transaction rolled back); returns how many."""
        clusterer = self.clusterer()
        touched, self._touched = self._touched, None
        rows = self.storage.story_changes(conn, self._seq, [touched] if touched else [])
        for story_id, seq, text in rows:
            self._seq = max(self._seq, seq)
            try:
                clusterer.replace(_sig_from_json(text))
            except (KeyError, TypeError, ValueError):
                clusterer.discard(story_id)  # stored without a signature: outside the window
        if touched and touched not in {r[0] for r in rows}:
            clusterer.discard(touched)  # a new story whose article was never stored
        return len(rows)

    def _url_of(self, conn: Connection, key: str | None, story_id: str) -> str | None:
        """The URL of the article ``key`` in ``story_id``: remembered, or placed by another process."""
        if not key:
            return None
        url = self._urls.get(key)
        if url is None:
            url = next((u for u in self.storage.story_article_urls(conn, story_id) if article_key(u) == key), None)
        return url

    def save_state(self) -> None:
        if self._clusterer is not None and self._clusterer.state().documents != self._saved_documents:
            state = self._clusterer.state()
            self._saved_documents = state.documents
            data = json.dumps(dict(documents=state.documents, doc_freq=state.doc_freq)).encode()
            self.storage.save_model(STATE_NAME, data, note="story document frequencies")
