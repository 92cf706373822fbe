"""A publisher's name from what its feed and pages say about it (pure).

A feed added without a name is first named after its host ("feeds.bbci.co.uk",
"127.0.0.1"). That is a poor name on a card, and worse, every unnamed feed of
one host would be one outlet: five papers served by one host would count as one
in a story's "also reported by". So once the feed has been read, it is named
after its publisher: the feed's own title, cleaned of section words ("BBC News -
Home" is "BBC News"), or the name most of its pages give (og:site_name, JSON-LD
publisher).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable
from urllib.parse import urlsplit

MAX_NAME = 120
# the separators feed titles put between the publisher and the section
_SEPARATORS = re.compile(r"\s+[-–—>]\s+|\s*[|»·]\s*|:\s+")
# words that name a section or the feed itself, never a publisher: a title part made
# only of them ("Home", "Latest news", "Top stories", "UK politics") is not a name
_GENERIC = frozenset("""
home homepage front page frontpage latest recent most news headlines breaking top stories
story updates rss feed atom all the and of uk us world politics business sport sports
technology tech science health entertainment opinion comment environment local national
international europe edition section
""".split())


def host_name(url: str) -> str:
    """The name a feed gets before its publisher is known: its host, without "www."."""
    host = (urlsplit(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def is_provisional(source_name: str, url: str) -> bool:
    """True when the source still carries the host name it was given on adding."""
    return source_name == host_name(url)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_NAME].strip()


def _generic(part: str) -> bool:
    words = re.sub(r"[^\w\s]", " ", part.lower()).split()
    return all(w in _GENERIC for w in words)


def _matches_host(part: str, host: str) -> bool:
    """A word of the part (3+ letters, not generic) is inside the host: "BBC" in feeds.bbci.co.uk."""
    compact = re.sub(r"[^a-z0-9]", "", host.lower())
    words = [w for w in re.findall(r"[a-z0-9]+", part.lower()) if len(w) >= 3 and w not in _GENERIC]
    joined = "".join(re.findall(r"[a-z0-9]+", part.lower()))
    return bool(words) and (joined in compact or any(w in compact for w in words))


def name_from_feed_title(title: str | None, url: str) -> str | None:
    """The publisher in a feed's title, or None when the title names only a section."""
    title = _clean(title)
    if not title:
        return None
    parts = [p.strip() for p in _SEPARATORS.split(title) if p and p.strip()]
    named = [p for p in parts if not _generic(p)]
    if not named:
        return None
    host = host_name(url)
    hits = [p for p in named if _matches_host(p, host)]
    if hits:
        return hits[0]
    # no part names the host: the publisher is the part that is not a section word,
    # the first one when several are left ("The Gazette - Kettlewell edition")
    return named[0] if len(parts) > 1 else title


def name_from_pages(publishers: Iterable[str | None]) -> str | None:
    """The name most pages give themselves, when most agree."""
    names = [n for n in (_clean(p) for p in publishers) if n and not _generic(n)]
    if not names:
        return None
    name, count = Counter(names).most_common(1)[0]
    return name if count * 2 > len(names) else None
