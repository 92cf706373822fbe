"""A web page with no feed, read as one: its article links, or the page itself.

Some publishers announce no feed. Pointed at such a page, tagwire reads it the way a
reader scans a front page: the links to the site's own articles, headline first, in
page order (navigation, sections, tags, logins and files are not articles). Pointed
at an article itself, the source is that one article. Either way the crawler then
fetches each new page through the usual path, and re-reads the listing on schedule
(conditional GET), so a front page works like a feed whose items carry no dates.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import courlan
from lxml import etree, html

from ..errors import ParseError
from ..types import FeedEntry, ParsedFeed
from .names import host_name
from .urls import canonical_url

MAX_PAGE = 3_000_000  # bytes of a listing page read
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting"}
_FILES = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|zip|mp[34]|css|js|xml|rss|json|ics)$", re.IGNORECASE)
_DATE_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)")
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){3,}", re.IGNORECASE)  # four words or more
_LONG_ID = re.compile(r"(?:^|\D)\d{5,}(?:\D|$)")
_TYPE = re.compile(r'"@type"', re.IGNORECASE)


def page_entries(content: bytes, url: str, *, max_items: int = 100) -> ParsedFeed:
    """Entries read from an HTML page without a feed; ParseError when it holds no article link."""
    doc = _document(content, url)
    if _is_article(doc):
        return ParsedFeed(title=_site_name(doc), link=None,
                          entries=(FeedEntry(url=url, title=_meta(doc, "og:title") or _title(doc)),))
    entries = _article_links(doc, url)[:max_items]
    if not entries:
        raise ParseError(f"not a feed at {url}: an HTML page with no feed and no links to articles")
    return ParsedFeed(title=_site_name(doc) or _title(doc), link=url, entries=tuple(entries))


def _document(content: bytes, url: str) -> html.HtmlElement:
    try:
        return html.document_fromstring(content[:MAX_PAGE])
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not a feed at {url}: an HTML page that cannot be read ({exc})") from exc


def _is_article(doc: html.HtmlElement) -> bool:
    """The page says it is an article: og:type, or a JSON-LD article type."""
    if (_meta(doc, "og:type") or "").lower() == "article":
        return True
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            if _TYPE.search(script.text[:20_000]) and _ld_types(script.text) & _ARTICLE_TYPES:
                return True
    return False


def _ld_types(text: str) -> set[str]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # "[[[[…" thousands deep: the json module recurses per level
        return set()
    found: set[str] = set()
    stack = [data]
    while stack and len(found) < 50:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node[:50])
        elif isinstance(node, dict):
            kind = node.get("@type")
            for k in kind if isinstance(kind, list) else [kind]:
                if isinstance(k, str):
                    found.add(k.lower())
            graph = node.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph[:50])
    return found


def _article_links(doc: html.HtmlElement, page_url: str) -> list[FeedEntry]:
    """Links to this site's articles, in page order, each with its longest anchor text."""
    host = host_name(page_url)
    page = canonical_url(page_url) or page_url
    texts: dict[str, str] = {}
    for link in doc.iter("a"):
        url = canonical_url(link.get("href") or "", page_url)
        if not url or url == page or host_name(url) != host:
            continue
        text = " ".join(link.text_content().split())[:300]
        if not (_looks_like_article(url) or (_is_headline(link, text) and _short_slug(url))):
            continue
        if _in_furniture(link):  # "Terms and conditions of use" has an article's slug
            continue
        if len(text) > len(texts.get(url, "")):
            texts[url] = text
        else:
            texts.setdefault(url, text)
    return [FeedEntry(url=url, title=text or None) for url, text in texts.items()
            if len(text.split()) >= 3 or _DATE_PATH.search(urlsplit(url).path)]


_FURNITURE_TAGS = frozenset({"nav", "footer"})
_FURNITURE_ROLES = frozenset({"navigation", "contentinfo"})


def _in_furniture(link: html.HtmlElement) -> bool:
    """The link sits in the page's navigation or footer (tag or ARIA role)."""
    for parent in link.iterancestors():
        if parent.tag in _FURNITURE_TAGS or (parent.get("role") or "").lower() in _FURNITURE_ROLES:
            return True
    return False


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SECTION = re.compile(r"/(?:sections?|hubs?|series|collections?)/", re.IGNORECASE)  # courlan knows tags, topics, authors
_SHORT_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+", re.IGNORECASE)  # two words or more


def _is_headline(link: html.HtmlElement, text: str) -> bool:
    """A link of three words or more inside a heading: how front pages mark their headlines."""
    return len(text.split()) >= 3 and any(p.tag in _HEADINGS for p in link.iterancestors())


def _short_slug(url: str) -> bool:
    """A hyphenated slug shorter than an article's usual four words ("/news/mine-museum"),
    and not a section, tag or file."""
    path = urlsplit(url).path
    if _FILES.search(path) or _SECTION.search(path) or courlan.is_not_crawlable(url) or courlan.is_navigation_page(url):
        return False
    return bool(_SHORT_SLUG.fullmatch(path.rstrip("/").rsplit("/", 1)[-1].split(".")[0]))


def _looks_like_article(url: str) -> bool:
    path = urlsplit(url).path
    if not path.strip("/") or _FILES.search(path):
        return False
    if courlan.is_not_crawlable(url) or courlan.is_navigation_page(url):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_DATE_PATH.search(path) or _SLUG.fullmatch(last.split(".")[0]) or _LONG_ID.search(last))


def _meta(doc: html.HtmlElement, name: str) -> str | None:
    for meta in doc.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == name:
            value = " ".join((meta.get("content") or "").split())
            if value:
                return value[:300]
    return None


def _site_name(doc: html.HtmlElement) -> str | None:
    return _meta(doc, "og:site_name") or _meta(doc, "application-name")


def _title(doc: html.HtmlElement) -> str | None:
    node = doc.find(".//title")
    text = " ".join((node.text_content() if node is not None else "").split())
    return text[:300] or None
