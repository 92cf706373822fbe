"""The crawler's memory of recent stories: a StoryClusterer that survives restarts.

The clusterer (``enrich/stories.py``) is pure and lives in memory; this keeps it
in step with the database. On first use it is rebuilt from the signatures of the
stories seen within the window and the saved document frequencies; each article
it places comes back as a StoryRecord that storage writes in the article's own
transaction; the frequencies are saved at the end of every crawl.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from datetime import datetime, timedelta, timezone
from typing import Any, Sequence

from .enrich.stories import StoryClusterer, StoryInput, StorySignature, StoryState
from .store import Storage
from .types import StoryRecord

STATE_NAME = "story_state"
_RECENT_KEYS = 50_000


def article_key(url: str) -> str:
    """A short stable id for an article (and for the story it starts)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def _sig_to_json(sig: StorySignature) -> str:
    return json.dumps(dict(
        story_id=sig.story_id, headline=sig.headline, first_seen=sig.first_seen.isoformat(),
        last_seen=sig.last_seen.isoformat(), size=sig.size, terms=sig.terms, names=sig.names,
        members=[[a, list(k)] for a, k in sig.members]), ensure_ascii=False)


def _sig_from_json(text: str) -> StorySignature:
    d: dict[str, Any] = json.loads(text)
    return StorySignature(
        story_id=d["story_id"], headline=d["headline"], first_seen=datetime.fromisoformat(d["first_seen"]),
        last_seen=datetime.fromisoformat(d["last_seen"]), size=d["size"],
        terms=tuple((t, w) for t, w in d["terms"]), names=tuple((t, w) for t, w in d["names"]),
        members=tuple((a, tuple(k)) for a, k in d["members"]))


class StoryBook:
    def __init__(self, storage: Storage, window_hours: float):
        self.storage = storage
        self.window_hours = window_hours
        self._clusterer: StoryClusterer | None = None
        self._urls: OrderedDict[str, str] = OrderedDict()  # article key → URL, for wire copies
        self._saved_documents = -1

    def clusterer(self) -> StoryClusterer:
        if self._clusterer is None:
            since = datetime.now(timezone.utc) - timedelta(hours=self.window_hours)
            signatures = []
            for text in self.storage.recent_story_signatures(since):
                try:
                    signatures.append(_sig_from_json(text))
                except (KeyError, TypeError, ValueError):
                    continue  # a story outside the window was stored without a signature
            saved = self.storage.load_model(STATE_NAME)
            state = None
            if saved:
                d = json.loads(saved)
                state = StoryState(d["documents"], tuple((t, n) for t, n in d["doc_freq"]))
            self._clusterer = StoryClusterer.restore(signatures, state, window_hours=self.window_hours)
        return self._clusterer

    def assign(self, *, url: str, title: str, text: str, published: datetime, source: str,
               tags: Sequence[str]) -> StoryRecord:
        clusterer = self.clusterer()
        key = article_key(url)
        decision = clusterer.add(StoryInput(id=key, title=title, text=text, published=published,
                                            source=source, tags=tuple(tags)))
        self._urls[key] = url
        if len(self._urls) > _RECENT_KEYS:
            self._urls.popitem(last=False)
        sig = clusterer.signature(decision.story_id)
        if sig is None:  # published before the window: a story of its own, not remembered
            return StoryRecord(id=decision.story_id, headline=title, first_seen=published, last_seen=published,
                               size=1, signature="{}")
        return StoryRecord(id=sig.story_id, headline=sig.headline, first_seen=sig.first_seen,
                           last_seen=sig.last_seen, size=sig.size, signature=_sig_to_json(sig),
                           duplicate_of_url=self._urls.get(decision.duplicate_of or ""))

    def save_state(self) -> None:
        if self._clusterer is not None and self._clusterer.state().documents != self._saved_documents:
            state = self._clusterer.state()
            self._saved_documents = state.documents
            data = json.dumps(dict(documents=state.documents, doc_freq=state.doc_freq)).encode()
            self.storage.save_model(STATE_NAME, data, note="story document frequencies")
