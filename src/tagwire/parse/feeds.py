"""Feeds (RSS, Atom, JSON Feed, news sitemaps) into FeedEntry values.

RSS and Atom go first to fastfeedparser (fast) and, when it cannot read them,
to feedparser (robust: it reads broken feeds, sanitises HTML and never
resolves external entities). Both are given bytes, never a URL, so they do
no I/O.
"""

from __future__ import annotations

import calendar
import json
import re
from html.entities import name2codepoint
import xml.sax
import zlib
from datetime import datetime, timezone
from typing import Any

import feedparser

from ..errors import ParseError
from ..types import FeedEntry, ParsedFeed
from .fastfeeds import longest_content, newest, parse_fast, read_limit
from .sitemaps import is_sitemap, parse_sitemap
from .text import title_text
from .urls import canonical_url


def _when(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return None


def _entry(raw: Any, base: str) -> FeedEntry | None:
    link = raw.get("link") or ""
    if not link:
        # some feeds put the article URL only in the guid
        guid = raw.get("id") or ""
        link = guid if guid.startswith(("http://", "https://")) else ""
    url = canonical_url(link, base)
    if url is None:
        return None
    tags = tuple(t.get("term", "").strip() for t in raw.get("tags", []) if t.get("term", "").strip())
    authors = tuple(a.get("name", "").strip() for a in raw.get("authors", []) if a.get("name"))
    return FeedEntry(
        url=url,
        guid=(raw.get("id") or None) if raw.get("id") != raw.get("link") else None,
        title=title_text(raw.get("title")) or None,  # often escaped twice: "Q&amp;A", "<b>Storm</b>"
        summary=(raw.get("summary") or "").strip() or None,
        published=_when(dict.get(raw, "published_parsed")),
        updated=_when(dict.get(raw, "updated_parsed")),
        categories=tags,
        authors=authors,
        content=longest_content(raw.get("content")),
    )


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset":
            return value.strip().strip('"').lower()
    return None


MAX_DECLARATION = 1024
_UTF8_BOM = b"\xef\xbb\xbf"


def _short_first_line(content: bytes, url: str) -> bytes:
    """End the first line right after a leading ``<?…?>``, or refuse a declaration that never ends.

    feedparser 6 finds the declared encoding with ``^<\\?.*encoding=['"](.*?)['"].*\\?>``,
    which backtracks over the whole first line for every ``encoding="`` on it: 36 kB of
    repeated declarations took 30 s. A newline after the declaration (allowed by XML)
    bounds that line to the declaration itself.
    """
    bom = _UTF8_BOM if content.startswith(_UTF8_BOM) else b""
    if not content.startswith(b"<?", len(bom)):
        return content
    end = content.find(b"?>", len(bom), len(bom) + MAX_DECLARATION)
    if end < 0:
        raise ParseError(f"not a feed at {url}: malformed XML declaration")
    end += 2
    return content if content[end : end + 1] == b"\n" else content[:end] + b"\n" + content[end:]


_GZIP = b"\x1f\x8b"
# The sitemap protocol's own limit for one file, uncompressed; it also stops a gzip bomb.
MAX_GUNZIPPED = 50 * 1024 * 1024


def _gunzip(content: bytes, url: str) -> bytes:
    """A gzip file as the body (``sitemap.xml.gz``; not Content-Encoding, which httpx undoes)."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflate.decompress(content, MAX_GUNZIPPED)
    except zlib.error as exc:
        raise ParseError(f"not a feed at {url}: broken gzip data ({exc})") from None
    if inflate.unconsumed_tail:
        raise ParseError(f"not a feed at {url}: over {MAX_GUNZIPPED // 2**20} MB once unzipped")
    return out


# an "&" that XML does not allow: a bare one ("?id=1&page=2", "Fish & chips") or an HTML
# entity XML does not know ("&nbsp;", "&pound;"); inside CDATA both are text and fine
_BAD_AMP_PATTERN = rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)"
_BAD_AMP = re.compile(_BAD_AMP_PATTERN)
_CDATA_OR_BAD_AMP = re.compile(rb"<!\[CDATA\[.*?\]\]>|" + _BAD_AMP_PATTERN + rb"(?:([A-Za-z][A-Za-z0-9]{1,31});)?", re.S)


def _fix_ampersand(match: re.Match) -> bytes:
    if match[0][:1] != b"&":
        return match[0]  # a CDATA section, as it is
    name = match[1]
    if name is not None and name.decode() in name2codepoint:
        return b"&#%d;" % name2codepoint[name.decode()]
    return b"&amp;" + match[0][1:]  # a bare "&", or a name no one defines (or a DTD's: never expanded)


def repair_ampersands(content: bytes) -> bytes:
    """The feed with every ampersand XML does not allow made one it does.

    The fast parser's forgiving read dropped what followed such an "&" ("?id=1&page=2"
    became "?id=1%3D2", a page that does not exist; "Fish &pound;5" lost the price).
    Repaired here, the feed keeps the fast parser; one regex pass, a callback only where
    needed. UTF-16 bytes are left to feedparser as they are (an "&" there is two bytes)."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or not _BAD_AMP.search(content):
        return content  # nearly every feed: one scan in C, no callback
    return _CDATA_OR_BAD_AMP.sub(_fix_ampersand, content)


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _fast_can_read(content: bytes) -> bool:
    """False for what fastfeedparser reads wrongly: links relative to ``xml:base``
    (resolved against the feed's URL instead) and XHTML titles (read as empty)."""
    return b"xml:base" not in content and b'type="xhtml"' not in content and b"type='xhtml'" not in content


def parse_feed(content: bytes, url: str, *, max_items: int = 100,
               content_type: str | None = None, with_content: bool = False) -> ParsedFeed:
    """Parse RSS, Atom, JSON Feed or a (news) sitemap; ParseError when nothing feed-like is in it.

    ``with_content``: also read each item's full text (``FeedEntry.content``) when the
    fast parser reads the feed (feedparser and JSON Feed give it anyway).
    """
    if content.startswith(_GZIP):
        content = _gunzip(content, url)
    if not content.strip():
        raise ParseError(f"empty feed at {url}")
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return parse_json_feed(content, url, max_items=max_items)
    if is_sitemap(content):
        return parse_sitemap(content, url, max_items=max_items)
    content = repair_ampersands(content)
    charset = _charset(content_type)
    declared = b"encoding=" in content[:200]
    if _fast_can_read(content) and (declared or (charset in (None, "utf-8", "utf8") and _is_utf8(content))):
        # fastfeedparser reads the XML declaration, not HTTP headers; undeclared bytes that
        # are not UTF-8 (a Latin-1 feed without a declaration) it reads as U+FFFD, while
        # feedparser tries windows-1252 next
        fast = parse_fast(content, url, max_items=max_items, with_content=with_content)
        if fast is not None:
            return fast
    headers = {"content-type": content_type} if content_type else None
    content = _short_first_line(content, url)
    try:
        parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True,
                                  resolve_relative_uris=True)
    except ValueError:  # feedparser 6 trusts <?xml encoding="…"?>: a stray byte or NUL in it raises
        raise ParseError(f"not a feed at {url}: unreadable XML encoding declaration") from None
    except KeyError:  # feedparser 6 on "<item><link></item></link>": KeyError('links')
        raise ParseError(f"not a feed at {url}: malformed entry markup") from None
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        why = f": {str(reason).splitlines()[0]}" if reason else ""
        raise ParseError(f"not a feed at {url}{why}")
    entries = []
    for raw in parsed.entries[:read_limit(parsed.entries, max_items)]:
        entry = _entry(raw, url)
        if entry is not None:
            entries.append(entry)
    entries = newest(entries, max_items)
    # a feed cut short or broken before its first usable item ("<feed><title>News<entry>…")
    # still has a version; read as empty it would pass for a quiet publisher, crawl after crawl
    if not entries and _broken_xml(parsed):
        # no line number: _short_first_line may have added a line break after the declaration
        raise ParseError(f"not a feed at {url}: malformed XML ({parsed['bozo_exception'].getMessage()})")
    feed = parsed.get("feed", {})
    return ParsedFeed(title=title_text(feed.get("title")) or None, link=feed.get("link"), entries=tuple(entries))


def _broken_xml(parsed: Any) -> bool:
    """feedparser met XML that is not well-formed (not a wrong Content-Type or encoding)."""
    return isinstance(parsed.get("bozo_exception"), xml.sax.SAXParseException)


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _json_entry(item: Any, base: str) -> FeedEntry | None:
    if not isinstance(item, dict):
        return None
    ident = _str(str(item["id"])) if item.get("id") is not None else None
    # JSON Feed 1.0 publishers often give the permalink only as the id, as RSS does in <guid>
    link = ident if ident and ident.startswith(("http://", "https://")) else None
    url = canonical_url(_str(item.get("url")) or _str(item.get("external_url")) or link or "", base)
    if url is None:
        return None
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    return FeedEntry(
        url=url,
        guid=ident,
        title=title_text(_str(item.get("title"))) or None,
        summary=_str(item.get("summary")) or _str(item.get("content_text")) or _str(item.get("content_html")),
        content=_str(item.get("content_html")) or _str(item.get("content_text")),
        published=_iso(item.get("date_published")),
        updated=_iso(item.get("date_modified")),
        categories=tuple(t.strip() for t in tags if isinstance(t, str) and t.strip()),
        authors=tuple(a["name"].strip() for a in authors
                      if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()),
    )


def parse_json_feed(content: bytes, url: str, *, max_items: int = 100) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (feedparser 6 reads only XML feeds)."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"not a feed at {url}: invalid JSON ({exc})") from None
    except RecursionError:  # "[[[[…" thousands deep: the json module recurses per level
        raise ParseError(f"not a feed at {url}: JSON nested too deeply") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ParseError(f"not a feed at {url}: JSON without a JSON Feed version")
    items = data.get("items") if isinstance(data.get("items"), list) else []
    entries = newest([e for e in (_json_entry(i, url) for i in items[:read_limit(items, max_items)]) if e is not None],
                     max_items)
    return ParsedFeed(title=title_text(_str(data.get("title"))) or None, link=_str(data.get("home_page_url")),
                      entries=tuple(entries))
