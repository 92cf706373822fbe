"""What is fuzzed, and the contract every target keeps.

Each target takes raw bytes (what the network or a file gives tagwire) and
calls one public entry point. The contract:

* only ``tagwire.errors.TagwireError`` subclasses may escape (``ParseError``,
  ``ExtractionError``, ``ConfigError``); anything else is a bug;
* each call finishes within the target's time bound (``bound`` seconds, wall
  clock, measured on a shared 2-core machine: see docs/reliability.md).

``groups`` names the corpus folders (tests/fuzz/corpus/<group>/) whose seeds
suit the target best; the runner also splices in seeds from any other folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tagwire.enrich.excerpt import make_excerpt
from tagwire.enrich.hashtags import automatic_tags, normalise_tag
from tagwire.enrich.topics import load_topics, match_topics
from tagwire.errors import TagwireError
from tagwire.extract import extract_article
from tagwire.parse.discover import discover_feeds
from tagwire.parse.feeds import parse_feed
from tagwire.parse.opml import parse_opml
from tagwire.parse.sitemaps import parse_sitemap
from tagwire.parse.text import plain_text
from tagwire.search import parse_query
from tagwire.types import Topic

BASE = "https://news.example.com/section/feed.xml"
CONTENT_TYPES = (None, "application/rss+xml", "text/xml; charset=iso-8859-1", "application/json",
                 "text/html; charset=utf-16", 'application/atom+xml; charset="windows-1252"')
TOPICS = (Topic(tag="groominggangs", label="grooming gangs", phrases=("grooming gang", "rape gang")),
          Topic(tag="nhs", label="NHS", phrases=("NHS",), exclude=("nhs.uk",)),
          Topic(tag="costofliving", label="cost of living", phrases=("cost of living", "cost-of-living crisis")))


def text_of(data: bytes) -> str:
    """Bytes as the text the enrichers are given (invalid UTF-8 replaced, like the pipeline)."""
    return data.decode("utf-8", errors="replace")


def _feed(data: bytes) -> object:
    # the first byte picks a content type, so headers are fuzzed too
    content_type = CONTENT_TYPES[data[0] % len(CONTENT_TYPES)] if data else None
    return parse_feed(data, BASE, max_items=100, content_type=content_type)


def _excerpt(data: bytes) -> object:
    max_chars = (data[0] * 3 - 20) if data else 320  # includes 0 and negative budgets
    return make_excerpt(text_of(data), max_chars)


def _hashtags(data: bytes) -> object:
    text = text_of(data)
    title, _, body = text.partition("\n")
    tags = automatic_tags(title, body, limit=10)
    for tag in tags:
        assert normalise_tag(tag.tag) == tag.tag and tag.tag.isascii(), tag
    return tags


def _normalise(data: bytes) -> object:
    out = [normalise_tag(line) for line in text_of(data).splitlines()[:200] or [""]]
    for tag in out:
        assert tag == "" or (tag.isascii() and tag.isalnum() and tag == tag.lower()), tag
    return out


def _topics(data: bytes) -> object:
    text = text_of(data)
    title, _, body = text.partition("\n")
    return match_topics(TOPICS, title, body)


def _topics_toml(data: bytes) -> object:
    return load_topics(text_of(data))


def _plain_text(data: bytes) -> object:
    return plain_text(text_of(data))


@dataclass(frozen=True)
class Target:
    name: str
    call: Callable[[bytes], object]
    bound: float  # seconds for one input of at most max_bytes
    groups: tuple[str, ...]
    max_bytes: int
    weight: int = 1  # share of a mixed run


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("feed", _feed, 1.0, ("feed", "sitemap"), 200_000, weight=4),
    Target("sitemap", lambda d: parse_sitemap(d, BASE), 0.5, ("sitemap",), 200_000, weight=2),
    Target("opml", parse_opml, 0.5, ("opml",), 200_000, weight=2),
    Target("discover", lambda d: discover_feeds(d, BASE), 0.5, ("html",), 1_000_000, weight=2),
    Target("extract", lambda d: extract_article(d, "https://news.example.com/a/1"), 2.0, ("html",), 1_000_000, weight=3),
    Target("excerpt", _excerpt, 0.25, ("text", "html"), 1_000_000, weight=2),
    Target("hashtags", _hashtags, 1.5, ("text",), 200_000, weight=2),
    Target("normalise", _normalise, 0.25, ("text",), 200_000, weight=1),
    Target("topics", _topics, 0.5, ("text",), 200_000, weight=1),
    Target("topics_toml", _topics_toml, 1.0, ("text",), 200_000, weight=1),
    Target("plain_text", _plain_text, 0.5, ("feed", "html"), 200_000, weight=1),
    Target("search_query", lambda d: parse_query(text_of(d)[:500]), 0.25, ("text",), 200_000, weight=1),
)}

#: The only exceptions allowed to escape a target.
ALLOWED = (TagwireError,)


# ---------------------------------------------------------------- known, reported bugs
#
# A bug found here in code this suite may not change is listed with a
# predicate for the inputs it explains; the runner reports matching breaches
# as "known" instead of failing, and tests/fuzz/test_known_bugs.py holds an
# xfail(strict=True) reproducer, so the entry goes once the bug is fixed.


@dataclass(frozen=True)
class KnownBug:
    name: str
    target: str
    kind: str  # "exception" | "slow"
    matches: Callable[[bytes], bool]


def trailing_punctuation_run(data: bytes) -> int:
    """Longest run of non-alphanumerics ending the title or the body, as _hashtags splits them
    (the quadratic tokeniser's trigger: a run with no word after it)."""
    title, _, body = text_of(data).partition("\n")
    return max(len(part) - len(part.rstrip("".join(set(c for c in part[-5000:] if not c.isalnum()))))
               for part in (title, body))


KNOWN_BUGS: tuple[KnownBug, ...] = ()
