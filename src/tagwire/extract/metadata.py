"""Article metadata, best signal first.

Order for every field: JSON-LD article node, then OpenGraph / ``article:*``
/ Twitter / Dublin Core / plain meta tags, then visible markup (``<time>``,
bylines, ``<h1>``), then the URL, and for the date htmldate as a last resort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from tagwire.extract import markup
from tagwire.extract.authors import clean_authors
from tagwire.extract.dates import date_from_htmldate, date_from_url, parse_date
from tagwire.extract.jsonld import JsonLd, read_jsonld, text_of, types_of
from tagwire.extract.title import clean_title, normalise


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Everything but the text and the paywall flag."""

    title: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    image: str | None = None
    language: str | None = None
    publisher: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    keywords: tuple[str, ...] = ()
    h1: str | None = None
    article_body: str | None = None


def read_metadata(tree, url: str | None, ld: JsonLd | None = None) -> PageMeta:
    """Read metadata from the parsed page (the tree is not modified)."""
    ld = ld or read_jsonld(tree)
    meta = markup.meta_tags(tree)
    node = ld.article or {}
    base = _base_url(tree, url)
    canonical = _absolute(base, markup.link_href(tree, "canonical") or _first(meta, "og:url"))
    publisher = _publisher(ld, node, meta)
    return PageMeta(
        title=_title(tree, node, meta, publisher, url or canonical),
        published=_published(tree, ld, node, meta, url or canonical),
        modified=_modified(tree, node, meta),
        authors=_authors(tree, ld, node, meta),
        section=_section(node, meta, url or canonical),
        image=_absolute(base, _image(ld, node, meta, tree)),
        language=_language(tree, node, meta),
        publisher=publisher,
        description=_description(node, meta),
        canonical_url=canonical,
        keywords=_keywords(node, meta),
        h1=markup.headline(tree),
        article_body=_article_body(node),
    )


_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "article.published",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created",
    "dc.date", "dcterms.date", "date", "cxenseparse:recs:publishtime", "og:published_time",
)  # fmt: skip
_MODIFIED_KEYS = (
    "article:modified_time", "og:updated_time", "article.updated", "datemodified",
    "lastmod", "last-modified", "dcterms.modified", "dc.date.modified",
)  # fmt: skip


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in meta.get(key, ()):
            value = normalise(value)
            if value:
                return value
    return None


def _all(meta: dict[str, list[str]], *keys: str) -> list[str]:
    return [value for key in keys for value in meta.get(key, ())]


def _first_date(*candidates) -> datetime | None:
    for candidate in candidates:
        for value in candidate if isinstance(candidate, list) else [candidate]:
            found = parse_date(value)
            if found:
                return found
    return None


def _published(tree, ld: JsonLd, node: dict, meta, url: str | None) -> datetime | None:
    page = ld.page or {}
    return (
        _first_date(node.get("datePublished"), node.get("dateCreated"), *_all(meta, *_PUBLISHED_KEYS))
        or _first_date(markup.time_attr(tree, "datePublished"), page.get("datePublished"))
        or date_from_url(url)
        or date_from_htmldate(tree, url)
    )


def _modified(tree, node: dict, meta) -> datetime | None:
    # the markup search only when JSON-LD and meta tags had no date
    return _first_date(node.get("dateModified"), *_all(meta, *_MODIFIED_KEYS)) or _first_date(
        markup.time_attr(tree, "dateModified")
    )


def _description(node: dict, meta) -> str | None:
    found = text_of(node.get("description"))
    return found or _first(meta, "og:description", "description", "twitter:description", "dc.description")


def _title(tree, node: dict, meta, publisher: str | None, url: str | None) -> str | None:
    raw = (
        text_of(node.get("headline"))
        or _first(meta, "og:title", "twitter:title", "dc.title", "title")
        or markup.headline(tree)
        or markup.title_tag(tree)
    )
    names = (publisher, _first(meta, "og:site_name"), _first(meta, "application-name"))
    return clean_title(raw, names, url)


def _publisher(ld: JsonLd, node: dict, meta) -> str | None:
    value = ld.resolve(node.get("publisher"))
    if isinstance(value, list) and value:
        value = ld.resolve(value[0])
    return text_of(value) or _first(meta, "og:site_name", "publisher", "dc.publisher", "application-name")


def _authors(tree, ld: JsonLd, node: dict, meta) -> tuple[str, ...]:
    people, organisations = _jsonld_authors(ld, node.get("author") or node.get("creator"))
    meta_names = [v for v in _all(meta, "author", "article:author", "dc.creator", "dcterms.creator",
                                  "parsely-author", "sailthru.author", "byl", "citation_author")]  # fmt: skip
    # visible bylines cost a tree search: only when the metadata had nobody
    for source in (lambda: people, lambda: meta_names, lambda: markup.bylines(tree), lambda: organisations):
        found = clean_authors(source())
        if found:
            return found
    return ()


def _jsonld_authors(ld: JsonLd, value) -> tuple[list[str], list[str]]:
    """Person names and organisation names, kept apart: organisations are a fallback."""
    people, organisations = [], []
    for item in value if isinstance(value, list) else [value]:
        item = ld.resolve(item)
        name = text_of(item.get("name") if isinstance(item, dict) else item)
        if not name:
            continue
        is_org = isinstance(item, dict) and any("organization" in t for t in types_of(item))
        (organisations if is_org else people).append(name)
    return people, organisations


_SECTION_WORDS = {
    "news", "world", "uk", "us", "politics", "business", "money", "economy", "sport",
    "sports", "football", "technology", "tech", "science", "health", "environment",
    "climate", "culture", "arts", "entertainment", "music", "film", "books", "lifestyle",
    "life", "style", "fashion", "travel", "food", "opinion", "comment", "commentisfree",
    "education", "media", "society", "local", "national", "europe", "asia", "africa",
    "americas", "australia", "markets", "finance", "motoring", "cars", "property",
    "law", "crime", "weather", "games", "gaming", "television", "tv", "obituaries",
}  # fmt: skip


def _section(node: dict, meta, url: str | None) -> str | None:
    found = text_of(node.get("articleSection")) or _first(
        meta, "article:section", "section", "parsely-section", "sailthru.section"
    )
    return found or section_from_url(url)


def section_from_url(url: str | None) -> str | None:
    """An obvious section word in the URL path ("/politics/2024/..."), raw."""
    try:
        path = urlsplit(url or "").path
    except ValueError:  # "http://[broken" and friends
        return None
    segments = [s for s in path.split("/") if s][:-1]  # the last is the slug
    words = [s.lower() for s in segments[:3] if s.lower() in _SECTION_WORDS]
    if len(words) > 1 and words[0] == "news":
        return words[1]  # "/news/politics/..." says more than "news"
    return words[0] if words else None


def _image(ld: JsonLd, node: dict, meta, tree) -> str | None:
    value = ld.resolve(node.get("image") or node.get("thumbnailUrl"))
    if isinstance(value, list) and value:
        value = ld.resolve(value[0])
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return _first(
        meta, "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"
    ) or markup.link_href(tree, "image_src")


_LANG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?(?:[-_.].*)?$", re.IGNORECASE)


def normalise_language(value: str | None) -> str | None:
    """ "en_gb" -> "en-GB", "EN" -> "en", "zh-hant-tw" -> "zh-Hant-TW"."""
    match = _LANG.match((value or "").strip())
    if not match:
        return None
    lang, script, region = match.groups()
    parts = [lang.lower()] + ([script.title()] if script else []) + ([region.upper()] if region else [])
    return "-".join(parts)


def _language(tree, node: dict, meta) -> str | None:
    candidates = (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        _first(meta, "content-language", "language", "dc.language", "og:locale"),
        text_of(node.get("inLanguage")),
    )
    for candidate in candidates:
        found = normalise_language(candidate.split(",")[0] if candidate else None)
        if found:
            return found
    return None


def _keywords(node: dict, meta) -> tuple[str, ...]:
    raw = node.get("keywords")
    values = [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
    if not values:
        values = _all(meta, "news_keywords") or _all(meta, "keywords") or _all(meta, "article:tag")
    seen, out = set(), []
    for value in values:
        for word in re.split(r"[,;]", value):
            word = normalise(word)
            if word and len(word) <= 80 and word.casefold() not in seen:
                seen.add(word.casefold())
                out.append(word)
    return tuple(out)


def _article_body(node: dict) -> str | None:
    body = node.get("articleBody")
    return body if isinstance(body, str) and body.strip() else None


def _base_url(tree, url: str | None) -> str | None:
    href = markup.base_href(tree)
    if href and url:
        return urljoin(url, href)
    return url or href


def _absolute(base: str | None, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not base and href.startswith("//"):
        base = "https:"  # protocol-relative and no page URL: assume https
    try:
        absolute = urljoin(base, href) if base else href
    except ValueError:  # a malformed page URL or href
        return None
    return absolute if re.match(r"^https?://", absolute, re.IGNORECASE) else None
