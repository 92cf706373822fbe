"""An offline fake news publisher for ``tagwire demo`` and the end-to-end tests.

Several fictional outlets share one loopback host, each under its own path
prefix (``/<outlet-slug>/``) with a home page, an RSS 2.0 or Atom feed and
realistic article pages whose markup differs per outlet.  All prose comes from
``content.json`` next to this module; every person, outlet and event in it is
invented.

Standard library only: the server is a :class:`http.server.ThreadingHTTPServer`
running in a daemon thread, and pages are built with plain string formatting
and :func:`html.escape`.  Everything is rendered once at start-up, so requests
are cheap and responses are byte-for-byte stable (stable ETags).

    >>> with start_publisher() as pub:
    ...     pub.outlets[0].feed_url
    'http://127.0.0.1:.../northgate-herald/feed.xml'

Run standalone with ``python -m tagwire.demo.publisher [--port N]``.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import html
import json
import re
import struct
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["OutletFeed", "Publisher", "start_publisher", "load_content", "CONTENT_PATH"]

CONTENT_PATH = Path(__file__).with_name("content.json")
IMAGE_SIZE = (640, 360)  # every article image is a flat-colour PNG of this size

try:  # pragma: no cover - depends on the system tz database
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        _LONDON: tzinfo = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        _LONDON = timezone.utc
except ImportError:  # pragma: no cover
    _LONDON = timezone.utc

_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "opml": "text/x-opml; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "png": "image/png",
}

_ACCENTS = {
    "northgate-herald": (0x12, 0x2B, 0x4A),
    "daily-meridian": (0xC8, 0x10, 0x2E),
    "riverside-chronicle": (0x1F, 0x6F, 0x5C),
    "coastline-news": (0x00, 0x6E, 0xA8),
    "westmarch-gazette": (0x6B, 0x3E, 0x26),
}


def e(value: object) -> str:
    """Escape text for HTML or XML element content and attribute values."""
    return html.escape(str(value), quote=True)


def load_content(path: Path | None = None) -> dict:
    """The raw content document: ``{"outlets": [...], "articles": [...]}``."""
    return json.loads((path or CONTENT_PATH).read_text(encoding="utf-8"))


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _numeric_id(outlet: str, slug: str) -> int:
    return 1_000_000 + zlib.crc32(f"{outlet}/{slug}".encode()) % 9_000_000


def _label(section: str) -> str:
    """Human label for a section name; slug-style names ("uk-politics") get prettified."""
    if section != section.lower():
        return section
    words = section.replace("-", " ").split()
    words = [w.upper() if w in ("uk", "us", "eu", "ai", "nhs") else w for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _http_date(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A tiny valid PNG filled with one colour (used for article images)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def _json_ld(data: object, pretty: bool = False) -> str:
    if pretty:
        text = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


@dataclass
class OutletFeed:
    name: str
    slug: str
    feed_url: str
    home_url: str
    kind: str


@dataclass
class _Resource:
    body: bytes
    content_type: str
    last_modified: datetime | None = None
    etag: str | None = None
    cache_control: str = "max-age=300"


# --------------------------------------------------------------------------
# Site model: outlets and articles with computed URLs and dates
# --------------------------------------------------------------------------


class _Site:
    def __init__(self, base_url: str, now: datetime, content: dict) -> None:
        self.base_url = base_url.rstrip("/")
        self.now = now
        self.outlets: dict[str, dict] = {}
        for raw in content["outlets"]:
            o = dict(raw)
            o["tz"] = _LONDON if o.get("timezone") == "Europe/London" else timezone.utc
            o["home_path"] = f"/{o['slug']}/"
            o["feed_path"] = f"/{o['slug']}/feed.xml"
            o["home_url"] = self.base_url + o["home_path"]
            o["feed_url"] = self.base_url + o["feed_path"]
            self.outlets[o["slug"]] = o
        self.articles: list[dict] = []
        for raw in content["articles"]:
            a = dict(raw)
            o = self.outlets[a["outlet"]]
            a["outlet_name"] = o["name"]
            a["id"] = _numeric_id(a["outlet"], a["slug"])
            a["published"] = now - timedelta(hours=a["age_hours"])
            upd = a.get("updated_hours")
            a["modified"] = now - timedelta(hours=upd) if upd is not None else a["published"]
            a["path"] = self._article_path(o, a)
            a["url"] = self.base_url + a["path"]
            params = a.get("feed_link_params")
            a["feed_link"] = a["url"] + ("?" + params if params else "")
            a["image_url"] = f"{self.base_url}/{a['outlet']}/media/{a['id']}.png"
            a["visible_paragraphs"] = self._visible_paragraphs(a)
            self.articles.append(a)
        self.articles.sort(key=lambda a: a["published"], reverse=True)
        self.by_outlet: dict[str, list[dict]] = {s: [] for s in self.outlets}
        for a in self.articles:
            self.by_outlet[a["outlet"]].append(a)

    @staticmethod
    def _article_path(o: dict, a: dict) -> str:
        section = _slugify(a["section"])
        with_section = a.get("section_in_url", True)
        local = a["published"].astimezone(o["tz"])
        ymd = f"{local:%Y/%m/%d}"
        slug, oid = a["slug"], o["slug"]
        scheme = o.get("url_scheme")
        if scheme == "dated-section":
            mid = f"news/{section}/" if with_section else "news/"
            return f"/{oid}/{mid}{ymd}/{slug}"
        if scheme == "section-id":
            mid = f"{section}/" if with_section else ""
            return f"/{oid}/{mid}{slug}-{a['id']}"
        if scheme == "section-article":
            mid = f"{section}/" if with_section else ""
            return f"/{oid}/{mid}article/{slug}"
        if scheme == "date-first":
            mid = f"{section}/" if with_section else ""
            return f"/{oid}/{ymd}/{mid}{slug}/"
        mid = f"{section}/" if with_section else ""
        return f"/{oid}/{mid}{slug}-{a['id']}.html"

    @staticmethod
    def _visible_paragraphs(a: dict) -> list[str]:
        paras = list(a["paragraphs"])
        if not a.get("paywalled"):
            return paras
        shown = paras[:2]
        if a.get("paywall_cut") == "mid-sentence" and len(shown) == 2:
            words = shown[1].split()
            cut = max(8, int(len(words) * 0.55))
            # stop mid-sentence: never right after a full stop
            while cut < len(words) - 1 and words[cut - 1][-1] in ".!?”\"":
                cut += 1
            shown[1] = " ".join(words[:cut])
        return shown

    # -- helpers used by the renderers --------------------------------------

    def iso(self, o: dict, dt: datetime) -> str:
        return dt.astimezone(o["tz"]).isoformat(timespec="seconds")

    def related(self, a: dict, limit: int = 4) -> list[dict]:
        pool = [x for x in self.by_outlet[a["outlet"]] if x is not a]
        same = [x for x in pool if x["topic"] == a["topic"]]
        rest = [x for x in pool if x["topic"] != a["topic"]]
        return (same + rest)[:limit]

    def sections(self, o: dict) -> list[str]:
        seen: list[str] = []
        for a in self.by_outlet[o["slug"]]:
            if a["section"] not in seen and a["section"].lower() != "opinion":
                seen.append(a["section"])
        return sorted(seen, key=str.lower)


# --------------------------------------------------------------------------
# Shared page parts
# --------------------------------------------------------------------------


def _display_time(o: dict, dt: datetime) -> str:
    local = dt.astimezone(_LONDON)
    zone = local.tzname() or "GMT"
    style = o["style"]
    if style == "broadsheet":
        return (f"{_DAYS[local.weekday()][:3]} {local.day} {_MONTHS[local.month - 1][:3]} "
                f"{local.year} {local:%H.%M} {zone}")
    if style == "tabloid":
        return f"{local:%H:%M} {zone}, {local.day} {_MONTHS[local.month - 1]} {local.year}"
    if style == "magazine":
        return f"{local.day} {_MONTHS[local.month - 1]} {local.year}"
    if style == "regional":
        hour = local.hour % 12 or 12
        ampm = "am" if local.hour < 12 else "pm"
        return (f"{_ordinal(local.day)} {_MONTHS[local.month - 1][:3]} {local.year}, "
                f"{hour}:{local:%M}{ampm}")
    return f"{_MONTHS[local.month - 1]} {local.day}, {local.year}"


def _feed_link_tag(o: dict) -> str:
    kind = "application/atom+xml" if o["feed_kind"] == "atom" else "application/rss+xml"
    return f'<link rel="alternate" type="{kind}" title="{e(o["name"])} » Latest" href="{e(o["feed_url"])}">'


def _css(o: dict) -> str:
    r, g, b = _ACCENTS.get(o["slug"], (0x33, 0x33, 0x33))
    font = {"broadsheet": "Georgia, serif", "tabloid": "Arial, sans-serif",
            "magazine": "'Helvetica Neue', sans-serif", "regional": "Verdana, sans-serif",
            "classic": "'Times New Roman', serif"}.get(o["style"], "sans-serif")
    return (f"<style>body{{font-family:{font};margin:0;color:#222}}"
            f"header,.masthead{{background:#{r:02x}{g:02x}{b:02x};color:#fff;padding:8px 16px}}"
            "nav a{color:inherit;margin-right:12px}.ad-slot{background:#eee;text-align:center;"
            "padding:24px;color:#999;font-size:11px}.cookie-banner{position:fixed;bottom:0;"
            "background:#fff;border-top:1px solid #ccc;padding:12px}main{max-width:760px;"
            "margin:0 auto;padding:16px}</style>")


def _cookie_banner(o: dict) -> str:
    return (
        '<div id="consent-banner" class="cookie-banner" role="dialog" aria-label="Cookie consent">'
        f"<p>{e(o['name'])} and our advertising partners use cookies and similar technologies "
        "to measure audiences, personalise content and show relevant adverts. You can accept all "
        "cookies, reject those that are not essential, or choose which purposes you allow.</p>"
        '<button type="button" class="consent-accept">Accept all</button> '
        '<button type="button" class="consent-reject">Reject non-essential</button> '
        f'<a href="/{o["slug"]}/privacy#cookies">Manage preferences</a></div>'
    )


def _nav(site: _Site, o: dict) -> str:
    items = [f'<li><a href="{e(o["home_path"])}">Home</a></li>']
    for s in site.sections(o):
        items.append(f'<li><a href="/{o["slug"]}/section/{_slugify(s)}">{e(_label(s))}</a></li>')
    items.append(f'<li><a href="/{o["slug"]}/section/opinion">Opinion</a></li>')
    return f'<nav class="site-nav" aria-label="Sections"><ul>{"".join(items)}</ul></nav>'


def _header(site: _Site, o: dict) -> str:
    if o["style"] == "tabloid":
        return (
            '<header class="masthead"><div class="top-strip"><a href="#">Sign in</a> | '
            '<a href="#">My Meridian</a> | <span class="weather">Weather</span></div>'
            f'<a class="logo" href="{e(o["home_path"])}">{e(o["name"]).upper()}</a>'
            f'{_nav(site, o)}<div class="breaking-ticker">LATEST: '
            f'{e(site.by_outlet[o["slug"]][0]["title"])}</div></header>'
        )
    if o["style"] == "classic":
        return (
            f'<header id="masthead" class="site-header"><div class="site-branding">'
            f'<p class="site-title"><a href="{e(o["home_path"])}" rel="home">{e(o["name"])}</a></p>'
            f'<p class="site-description">{e(o["tagline"])}</p></div>'
            f'<div id="site-navigation" class="main-navigation">{_nav(site, o)}</div>'
            '<form role="search" class="search-form"><input type="search" name="s" '
            'placeholder="Search …"></form></header>'
        )
    return (
        f'<header class="site-header"><a class="logo" href="{e(o["home_path"])}">{e(o["name"])}</a>'
        f'<p class="tagline">{e(o["tagline"])}</p>{_nav(site, o)}'
        '<a class="subscribe-link" href="#subscribe">Subscribe</a></header>'
    )


def _footer(site: _Site, o: dict) -> str:
    year = site.now.year
    links = ["About us", "Contact", "Complaints", "Terms and conditions", "Privacy policy",
             "Cookie settings", "Advertise with us", "Careers"]
    lis = "".join(f'<li><a href="/{o["slug"]}/{_slugify(x)}">{e(x)}</a></li>' for x in links)
    return (
        f'<footer class="site-footer"><ul class="footer-links">{lis}</ul>'
        f"<p>© {year} {e(o['name'])} Ltd. All rights reserved. Registered in England and Wales.</p>"
        '<p class="disclaimer">This is a fictional publication served by the tagwire demo '
        "publisher. All outlets, people and events on this site are invented.</p></footer>"
    )


def _share_bar(a: dict) -> str:
    url = e(a["url"])
    return (
        '<div class="share-bar" aria-label="Share this article"><span>Share</span> '
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> '
        f'<a class="share-x" href="https://x.com/intent/post?url={url}">X</a> '
        f'<a class="share-whatsapp" href="https://wa.me/?text={url}">WhatsApp</a> '
        f'<a class="share-email" href="mailto:?subject={e(a["title"])}&amp;body={url}">Email</a> '
        '<button type="button" class="copy-link">Copy link</button></div>'
    )


def _newsletter(o: dict) -> str:
    name = {"broadsheet": "Morning Briefing", "tabloid": "Meridian Daily Dose",
            "magazine": "The Long Read", "regional": "Coast Daily",
            "classic": "Gazette Weekly"}.get(o["style"], "Newsletter")
    return (
        '<div class="newsletter-signup"><h3>Sign up to ' + e(name) + "</h3>"
        "<p>The stories that matter, delivered free to your inbox every morning.</p>"
        '<form action="#" method="post"><label for="nl-email">Email address</label>'
        '<input id="nl-email" type="email" name="email" placeholder="you@example.com">'
        '<button type="submit">Sign up</button></form>'
        f'<p class="small">By signing up you agree to {e(o["name"])}\'s terms and privacy '
        "notice. You can unsubscribe at any time.</p></div>"
    )


def _related(site: _Site, a: dict, css_class: str = "related-stories") -> str:
    items = "".join(
        f'<li><a href="{e(r["url"])}">{e(r["title"])}</a></li>' for r in site.related(a)
    )
    return f'<aside class="{css_class}"><h2>Related stories</h2><ul>{items}</ul></aside>'


def _paywall_box(o: dict) -> str:
    return (
        '<div class="paywalled-content" aria-hidden="true"></div>'
        '<div id="subscribe" class="paywall subscription-box">'
        "<h2>Subscribe to continue reading</h2>"
        f"<p>This article is for {e(o['name'])} subscribers. Get unlimited access to our "
        "journalism, the daily edition and the full archive from £1 for your first month.</p>"
        '<a class="button subscribe-button" href="#">Subscribe now</a>'
        '<p class="sign-in">Already a subscriber? <a href="#">Sign in</a></p></div>'
    )


def _figure(a: dict, o: dict) -> str:
    caption = a.get("image_caption") or f"File picture. Photograph: {o['name']} picture desk"
    return (
        f'<figure class="lead-image"><img src="{e(a["image_url"])}" alt="{e(a["title"])}" '
        f'width="{IMAGE_SIZE[0]}" height="{IMAGE_SIZE[1]}" loading="eager"><figcaption>{e(caption)}</figcaption></figure>'
    )


def _pull_quote(a: dict) -> str:
    quote = a.get("pull_quote")
    if not quote:
        sentences = re.split(r"(?<=[.!?])\s+", a["paragraphs"][min(2, len(a["paragraphs"]) - 1)])
        quote = sentences[0]
    return f'<blockquote class="pull-quote"><p>{e(quote)}</p></blockquote>'


# --------------------------------------------------------------------------
# <head>
# --------------------------------------------------------------------------


def _json_ld_article(site: _Site, o: dict, a: dict) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "description": a["summary"],
        "datePublished": site.iso(o, a["published"]),
        "dateModified": site.iso(o, a["modified"]),
        "author": [{"@type": "Person", "name": n} for n in a["authors"]],
        "publisher": {
            "@type": "Organization",
            "name": o["name"],
            "logo": {"@type": "ImageObject", "url": f"{site.base_url}/{o['slug']}/media/logo.png"},
        },
        "articleSection": a["section"],
        "image": (
            {"@type": "ImageObject", "url": a["image_url"], "width": IMAGE_SIZE[0], "height": IMAGE_SIZE[1]}
            if o["style"] in ("broadsheet", "magazine") else [a["image_url"]]
        ),
        "mainEntityOfPage": {"@type": "WebPage", "@id": a["url"]},
        "inLanguage": o.get("language", "en-GB"),
        "isAccessibleForFree": not a.get("paywalled", False),
    }
    if a.get("paywalled"):
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywalled-content",
        }
    return data


def _json_ld_block(site: _Site, o: dict, a: dict) -> str:
    article = _json_ld_article(site, o, a)
    crumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": o["name"], "item": o["home_url"]},
            {"@type": "ListItem", "position": 2, "name": a["section"],
             "item": f"{o['home_url']}section/{_slugify(a['section'])}"},
        ],
    }
    if o["style"] in ("tabloid", "classic"):
        article.pop("@context")
        crumbs_graph = dict(crumbs)
        graph = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "@id": a["url"], "url": a["url"], "name": a["title"]},
            article, crumbs_graph]}
        return f'<script type="application/ld+json">{_json_ld(graph)}</script>'
    if o["style"] == "magazine":
        article.pop("@context")
        listing = [dict(article, **{"@context": "https://schema.org"}),
                   dict(crumbs, **{"@context": "https://schema.org"})]
        return f'<script type="application/ld+json">{_json_ld(listing)}</script>'
    return (f'<script type="application/ld+json">{_json_ld(article, pretty=True)}</script>\n'
            f'<script type="application/ld+json">{_json_ld(dict(crumbs, **{"@context": "https://schema.org"}))}</script>')


def _head(site: _Site, o: dict, a: dict) -> str:
    metas = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(a['title'])} | {e(o['name'])}</title>",
        f'<meta name="description" content="{e(a["summary"])}">',
        '<meta name="robots" content="index, follow, max-image-preview:large">',
        f'<link rel="canonical" href="{e(a["url"])}">',
        _feed_link_tag(o),
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{e(a["title"])}">',
        f'<meta property="og:description" content="{e(a["summary"])}">',
        f'<meta property="og:image" content="{e(a["image_url"])}">',
        f'<meta property="og:url" content="{e(a["url"])}">',
        f'<meta property="og:site_name" content="{e(o["name"])}">',
        '<meta property="og:locale" content="en_GB">',
        f'<meta property="article:published_time" content="{site.iso(o, a["published"])}">',
        f'<meta property="article:modified_time" content="{site.iso(o, a["modified"])}">',
        f'<meta property="article:section" content="{e(a["section"])}">',
    ]
    metas += [f'<meta property="article:author" content="{e(n)}">' for n in a["authors"]]
    if o["style"] in ("broadsheet", "classic"):
        metas.append(f'<meta name="author" content="{e(", ".join(a["authors"]))}">')
    metas += [
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:site" content="{e(o.get("twitter", ""))}">',
        f'<meta name="twitter:title" content="{e(a["title"])}">',
        f'<meta name="twitter:description" content="{e(a["summary"])}">',
        f'<meta name="twitter:image" content="{e(a["image_url"])}">',
        _css(o),
        _json_ld_block(site, o, a),
        '<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"pageType":"article",'
        f'"section":{json.dumps(a["section"])},"paywall":{json.dumps(bool(a.get("paywalled")))}}});</script>',
    ]
    return "<head>\n" + "\n".join(metas) + "\n</head>"


# --------------------------------------------------------------------------
# Article bodies, one renderer per outlet style
# --------------------------------------------------------------------------


def _body_broadsheet(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = []
    for i, p in enumerate(paras):
        parts.append(f"<p>{e(p)}</p>")
        if i == 2:
            parts.append('<div class="ad-slot ad-slot--inline">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or "By " + " and ".join(a["authors"])
    return (
        '<main id="maincontent"><article class="article">'
        '<div class="article-header">'
        f'<p class="kicker"><a href="/{o["slug"]}/section/{_slugify(a["section"])}">{e(a["section"])}</a></p>'
        f'<h1 class="headline">{e(a["title"])}</h1>'
        f'<p class="standfirst">{e(a["summary"])}</p>'
        f'<div class="byline"><span class="byline-name">{e(byline)}</span></div>'
        f'<p class="dateline"><time datetime="{site.iso(o, a["published"])}">'
        f"{e(_display_time(o, a['published']))}</time></p></div>"
        f"{_share_bar(a)}{_figure(a, o)}"
        f'<div class="article-body" itemprop="articleBody">{"".join(parts)}</div>'
        f"{_newsletter(o)}</article>{_related(site, a)}"
        '<div class="ad-slot ad-slot--mpu">Advertisement</div></main>'
    )


def _body_tabloid(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = []
    for i, p in enumerate(paras):
        parts.append(f"<p>{e(p)}</p>")
        if i in (1, 3):
            parts.append('<div class="ad-slot">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or "By " + " and ".join(a["authors"]).upper()
    updated = ""
    if a["modified"] != a["published"]:
        updated = (f' | Updated: <time datetime="{site.iso(o, a["modified"])}">'
                   f"{e(_display_time(o, a['modified']))}</time>")
    most_read = "".join(
        f'<li><a href="{e(x["url"])}">{e(x["title"])}</a></li>'
        for x in site.by_outlet[o["slug"]][:5]
    )
    return (
        '<div class="page"><main class="content">'
        '<div class="ad-slot ad-slot--billboard">Advertisement</div>'
        '<article class="story">'
        f'<h1 class="story-title">{e(a["title"])}</h1>'
        f'<ul class="story-bullets"><li>{e(a["summary"])}</li></ul>'
        f'<div class="meta"><span class="author">{e(byline)}</span> '
        f'<span class="published">Published: <time datetime="{site.iso(o, a["published"])}">'
        f"{e(_display_time(o, a['published']))}</time>{updated}</span></div>"
        f"{_share_bar(a)}"
        '<div class="comments-count"><a href="#comments">View comments</a></div>'
        f"{_figure(a, o)}"
        f'<div class="story-body">{"".join(parts)}</div>'
        f"{_related(site, a, 'related-carousel')}{_share_bar(a)}{_newsletter(o)}"
        '<section id="comments" class="comments"><h2>Comments</h2>'
        "<p>Comments are closed on this article.</p></section></article></main>"
        '<aside class="sidebar"><h2>MOST READ</h2>'
        f'<ol class="most-read">{most_read}</ol>'
        '<div class="ad-slot ad-slot--sky">Advertisement</div></aside></div>'
    )


def _body_magazine(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    related = site.related(a, 1)
    parts = []
    for i, p in enumerate(paras):
        parts.append(f'<p class="para">{e(p)}</p>')
        if i == 1 and related and not a.get("paywalled"):
            r = related[0]
            parts.append(f'<p class="read-more"><strong>Read more:</strong> '
                         f'<a href="{e(r["url"])}">{e(r["title"])}</a></p>')
        if i == 2:
            parts.append(_pull_quote(a))
            parts.append('<div class="ad-slot">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or " and ".join(a["authors"])
    return (
        '<div class="ad-slot ad-slot--leaderboard">Advertisement</div>'
        '<main class="layout"><article class="article" data-section="'
        f'{e(_slugify(a["section"]))}"><div class="article__head">'
        f'<span class="article__section">{e(_label(a["section"]))}</span>'
        f'<h1 class="article__title">{e(a["title"])}</h1>'
        f'<p class="article__dek">{e(a["summary"])}</p>'
        f'<div class="article__meta"><span class="article__byline">{e(byline)}</span> · '
        f'<time datetime="{site.iso(o, a["published"])}">{e(_display_time(o, a["published"]))}</time>'
        f' · <span class="reading-time">{max(1, sum(len(p.split()) for p in a["paragraphs"]) // 220)} min read</span>'
        f"</div></div>{_figure(a, o)}"
        f'<section class="article__content">{"".join(parts)}</section>'
        f"{_share_bar(a)}{_newsletter(o)}</article>{_related(site, a)}</main>"
    )


def _body_regional(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = []
    for i, p in enumerate(paras):
        parts.append(f'<div class="text-block"><p>{e(p)}</p></div>')
        if i == 1:
            parts.append('<div class="inline-promo">Get the latest news from the coast '
                         '<a href="#newsletter">straight to your inbox</a></div>')
        if i == 3:
            parts.append('<div class="ad-slot">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    authors = a.get("byline") or ", ".join(a["authors"])
    most_read = "".join(
        f'<li><a href="{e(x["url"])}">{e(x["title"])}</a></li>'
        for x in site.by_outlet[o["slug"]][:5] if x is not a
    )
    return (
        '<div class="breadcrumbs"><a href="' + e(o["home_path"]) + '">Home</a> › '
        f'<a href="/{o["slug"]}/section/{_slugify(a["section"])}">{e(a["section"])}</a></div>'
        '<main class="main-content"><article>'
        f'<h1>{e(a["title"])}</h1>'
        f'<h2 class="summary">{e(a["summary"])}</h2>'
        f'<address class="author">{e(authors)}</address>'
        f'<p class="dateline">Posted <time datetime="{site.iso(o, a["published"])}" pubdate>'
        f"{e(_display_time(o, a['published']))}</time></p>"
        f"{_figure(a, o)}{_share_bar(a)}"
        f'<div class="article-content">{"".join(parts)}</div>'
        f'<div id="newsletter">{_newsletter(o)}</div>'
        f"{_related(site, a)}</article></main>"
        f'<aside class="rail"><h3>Most read</h3><ol>{most_read}</ol>'
        '<div class="ad-slot">Advertisement</div></aside>'
    )


def _body_classic(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = [f"<p>{e(p)}</p>" for p in paras]
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or "By " + " and ".join(a["authors"])
    related = "".join(
        f'<div class="jp-relatedposts-post"><a href="{e(r["url"])}">{e(r["title"])}</a></div>'
        for r in site.related(a, 3)
    )
    return (
        '<div id="page" class="site"><div id="content" class="site-content">'
        '<div id="primary" class="content-area"><main id="main" class="site-main">'
        f'<article id="post-{a["id"]}" class="post type-post status-publish format-standard">'
        '<header class="entry-header">'
        f'<span class="cat-links"><a href="/{o["slug"]}/section/{_slugify(a["section"])}" '
        f'rel="category tag">{e(a["section"])}</a></span>'
        f'<h1 class="entry-title">{e(a["title"])}</h1>'
        '<div class="entry-meta"><span class="posted-on">Posted on '
        f'<time class="entry-date published" datetime="{site.iso(o, a["published"])}">'
        f"{e(_display_time(o, a['published']))}</time></span> "
        f'<span class="byline">{e(byline)}</span></div></header>'
        f'<div class="post-thumbnail">{_figure(a, o)}</div>'
        f'<div class="entry-content">{"".join(parts)}'
        '<div class="sharedaddy"><h3 class="sd-title">Share this:</h3>'
        f"{_share_bar(a)}</div>"
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
        f"Related stories</h3>{related}</div></div>"
        '<div class="ad-slot">Advertisement</div>'
        f'<footer class="entry-footer">{_newsletter(o)}</footer></article>'
        '<div id="comments" class="comments-area"><h3 id="reply-title">Leave a Reply</h3>'
        '<form class="comment-form"><textarea name="comment"></textarea>'
        '<input type="submit" value="Post Comment"></form></div>'
        "</main></div>"
        '<aside id="secondary" class="widget-area"><section class="widget">'
        "<h2 class=\"widget-title\">What's on</h2><p>Farmers' market every Saturday in the "
        "Market Square, 8am to 1pm.</p></section></aside></div></div>"
    )


_BODY = {
    "broadsheet": _body_broadsheet,
    "tabloid": _body_tabloid,
    "magazine": _body_magazine,
    "regional": _body_regional,
    "classic": _body_classic,
}


def render_article(site: _Site, a: dict) -> str:
    o = site.outlets[a["outlet"]]
    body = _BODY.get(o["style"], _body_broadsheet)(site, o, a, a["visible_paragraphs"])
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n' + _head(site, o, a)
        + f'\n<body class="article-page style-{e(o["style"])}">\n'
        + _cookie_banner(o) + "\n" + _header(site, o) + "\n" + body + "\n"
        + _footer(site, o) + "\n</body>\n</html>\n"
    )


def render_home(site: _Site, o: dict, section: str | None = None) -> str:
    """The outlet front page, or with ``section`` (a slug) one section's index page."""
    items = []
    arts = site.by_outlet[o["slug"]]
    if section is not None:
        arts = [a for a in arts if _slugify(a["section"]) == section]
    canonical = o["home_url"] + (f"section/{section}" if section else "")
    heading = o["name"] if section is None else _label(section)
    for a in arts:
        items.append(
            f'<li class="teaser"><span class="teaser-section">{e(a["section"])}</span> '
            f'<a class="teaser-headline" href="{e(a["url"])}">{e(a["title"])}</a>'
            f'<p class="teaser-summary">{e(a["summary"])}</p>'
            f'<time datetime="{site.iso(o, a["published"])}">{e(_display_time(o, a["published"]))}</time></li>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(heading)} | {e(o['tagline'] if section is None else o['name'])}</title>\n"
        f'<meta name="description" content="{e(o["description"])}">\n'
        f'<link rel="canonical" href="{e(canonical)}">\n{_feed_link_tag(o)}\n'
        f'<meta property="og:site_name" content="{e(o["name"])}">\n'
        '<meta property="og:type" content="website">\n'
        f"{_css(o)}\n</head>\n"
        f'<body class="home style-{e(o["style"])}">\n{_cookie_banner(o)}\n{_header(site, o)}\n'
        '<main class="front"><div class="ad-slot">Advertisement</div>'
        f'<h1 class="front-title">{e(heading)}</h1>'
        f'<ul class="headlines">{"".join(items)}</ul></main>\n'
        f"{_footer(site, o)}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------
# Feeds, OPML, sitemap, robots
# --------------------------------------------------------------------------


def render_rss(site: _Site, o: dict) -> str:
    arts = site.by_outlet[o["slug"]]
    last = max(x["modified"] for x in arts)
    use_gmt = o["tz"] is timezone.utc

    def date(dt: datetime) -> str:
        if use_gmt:
            return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)
        return email.utils.format_datetime(dt.astimezone(o["tz"]))

    items = []
    for a in arts:
        if o["style"] == "broadsheet":
            guid = f'<guid isPermaLink="true">{e(a["url"])}</guid>'
        elif o["style"] == "classic":
            guid = f'<guid isPermaLink="false">{e(site.base_url)}/{o["slug"]}/?p={a["id"]}</guid>'
        else:
            guid = f'<guid isPermaLink="false">{e(o["slug"])}:article:{a["id"]}</guid>'
        cat = f"<category>{e(a['section'])}</category>" if a.get("feed_category", True) else ""
        creators = "".join(f"<dc:creator>{e(n)}</dc:creator>" for n in a["authors"])
        media = ""
        if o["style"] != "classic":
            media = f'<media:content url="{e(a["image_url"])}" medium="image" width="{IMAGE_SIZE[0]}" height="{IMAGE_SIZE[1]}"/>'
        items.append(
            "<item>"
            f"<title>{e(a['title'])}</title>"
            f"<link>{e(a['feed_link'])}</link>"
            f"{guid}<pubDate>{date(a['published'])}</pubDate>{creators}{cat}"
            f"<description>{e(a['summary'])}</description>{media}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">\n'
        "<channel>\n"
        f"<title>{e(o['name'])}</title>\n<link>{e(o['home_url'])}</link>\n"
        f"<description>{e(o['description'])}</description>\n<language>en-gb</language>\n"
        f"<copyright>© {site.now.year} {e(o['name'])} Ltd</copyright>\n"
        f"<lastBuildDate>{date(last)}</lastBuildDate>\n<ttl>15</ttl>\n"
        f'<atom:link href="{e(o["feed_url"])}" rel="self" type="application/rss+xml"/>\n'
        + "\n".join(items) + "\n</channel>\n</rss>\n"
    )


def render_atom(site: _Site, o: dict) -> str:
    arts = site.by_outlet[o["slug"]]
    last = max(x["modified"] for x in arts)
    host = f"{o['slug']}.tagwire.invalid"
    entries = []
    for a in arts:
        day = a["published"].astimezone(timezone.utc).strftime("%Y-%m-%d")
        authors = "".join(f"<author><name>{e(n)}</name></author>" for n in a["authors"])
        cat = ""
        if a.get("feed_category", True):
            cat = f'<category term="{e(a["section"])}" label="{e(a["section"])}"/>'
        entries.append(
            "<entry>"
            f"<id>tag:{host},{day}:article-{a['id']}</id>"
            f'<title type="text">{e(a["title"])}</title>'
            f'<link rel="alternate" type="text/html" href="{e(a["feed_link"])}"/>'
            f"<published>{site.iso(o, a['published'])}</published>"
            f"<updated>{site.iso(o, a['modified'])}</updated>"
            f"{authors}{cat}"
            f'<summary type="text">{e(a["summary"])}</summary>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">\n'
        f"<id>tag:{host},2009:feed</id>\n<title>{e(o['name'])}</title>\n"
        f"<subtitle>{e(o['description'])}</subtitle>\n"
        f"<updated>{site.iso(o, last)}</updated>\n"
        f'<link rel="self" type="application/atom+xml" href="{e(o["feed_url"])}"/>\n'
        f'<link rel="alternate" type="text/html" href="{e(o["home_url"])}"/>\n'
        f"<rights>© {site.now.year} {e(o['name'])}</rights>\n"
        '<generator uri="https://example.invalid/tagwire">tagwire demo publisher</generator>\n'
        + "\n".join(entries) + "\n</feed>\n"
    )


def render_opml(site: _Site) -> str:
    outlines = "\n".join(
        f'    <outline type="rss" text="{e(o["name"])}" title="{e(o["name"])}" '
        f'xmlUrl="{e(o["feed_url"])}" htmlUrl="{e(o["home_url"])}" language="en-GB"/>'
        for o in site.outlets.values()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head>\n'
        "    <title>tagwire demo publishers</title>\n"
        f"    <dateCreated>{_http_date(site.now)}</dateCreated>\n  </head>\n  <body>\n"
        f"{outlines}\n  </body>\n</opml>\n"
    )


def render_sitemap(site: _Site) -> str:
    urls = "\n".join(
        f"<url><loc>{e(a['url'])}</loc><lastmod>{a['modified'].isoformat(timespec='seconds')}</lastmod></url>"
        for a in site.articles
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "\n</urlset>\n")


def render_index(site: _Site) -> str:
    rows = "".join(
        f'<li><a href="{e(o["home_url"])}">{e(o["name"])}</a> – '
        f'<a href="{e(o["feed_url"])}">{e(o["feed_kind"].upper())} feed</a></li>'
        for o in site.outlets.values()
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        "<title>tagwire demo publisher</title></head><body><h1>tagwire demo publisher</h1>"
        "<p>Fictional outlets for trying tagwire offline. All people and events are invented.</p>"
        f'<ul>{rows}</ul><p><a href="/opml.xml">OPML of all feeds</a></p></body></html>\n'
    )


def _not_found_page() -> bytes:
    return (b'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            b"<title>Page not found</title></head><body><h1>Sorry, we can't find that page</h1>"
            b"<p>It may have been moved or deleted.</p></body></html>\n")


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------


def _build_routes(site: _Site) -> dict[str, _Resource]:
    routes: dict[str, _Resource] = {}

    def add(path: str, text: str | bytes, kind: str, modified: datetime | None,
            weak: bool = False, cache: str = "max-age=300") -> None:
        body = text.encode("utf-8") if isinstance(text, str) else text
        tag = hashlib.sha1(body).hexdigest()[:20]
        etag = f'W/"{tag}"' if weak else f'"{tag}"'
        routes[path] = _Resource(body, _CONTENT_TYPES[kind], modified, etag, cache)

    latest = max(a["modified"] for a in site.articles)
    add("/", render_index(site), "html", latest)
    add("/robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site.base_url}/sitemap.xml\n",
        "text", site.now, cache="max-age=86400")
    add("/sitemap.xml", render_sitemap(site), "xml", latest)
    add("/opml.xml", render_opml(site), "opml", latest)
    for o in site.outlets.values():
        arts = site.by_outlet[o["slug"]]
        last = max(a["modified"] for a in arts)
        add(o["home_path"], render_home(site, o), "html", last, cache="max-age=60")
        for sec in {_slugify(a["section"]) for a in arts} | {"opinion"}:
            add(f"/{o['slug']}/section/{sec}", render_home(site, o, sec), "html", last,
                cache="max-age=60")
        feed = render_atom(site, o) if o["feed_kind"] == "atom" else render_rss(site, o)
        add(o["feed_path"], feed, o["feed_kind"], last,
            weak=o["style"] == "tabloid", cache="max-age=120")
        r, g, b = _ACCENTS.get(o["slug"], (0x55, 0x55, 0x55))
        add(f"/{o['slug']}/media/logo.png", _png(8, 8, (r, g, b)), "png", site.now,
            cache="max-age=86400")
        for a in arts:
            add(a["path"], render_article(site, a), "html", a["modified"])
            tint = ((r + a["id"]) % 256, (g + a["id"] // 7) % 256, (b + a["id"] // 13) % 256)
            add(f"/{o['slug']}/media/{a['id']}.png", _png(*IMAGE_SIZE, tint), "png", a["published"],
                cache="max-age=86400")
    return routes


def _etag_matches(header: str, etag: str) -> bool:
    def opaque(tag: str) -> str:
        tag = tag.strip()
        return tag[2:] if tag.startswith("W/") else tag

    if header.strip() == "*":
        return True
    return any(opaque(t) == opaque(etag) for t in header.split(","))


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoPublisher/1.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        routes: dict[str, _Resource] = self.server.routes  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        path = parts.path or "/"
        res = routes.get(path)
        if res is None:
            alt = path[:-1] if path.endswith("/") else path + "/"
            if alt != "" and alt in routes:
                location = alt + (f"?{parts.query}" if parts.query else "")
                self._simple(301, b"Moved Permanently\n", "text", send_body, {"Location": location})
                return
            self._simple(404, _not_found_page(), "html", send_body)
            return
        if self._not_modified(res):
            self.send_response(304)
            self._validators(res)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", res.content_type)
        self.send_header("Content-Length", str(len(res.body)))
        self._validators(res)
        self.end_headers()
        if send_body:
            self.wfile.write(res.body)

    def _validators(self, res: _Resource) -> None:
        if res.etag:
            self.send_header("ETag", res.etag)
        if res.last_modified:
            self.send_header("Last-Modified", _http_date(res.last_modified))
        self.send_header("Cache-Control", res.cache_control)
        self.send_header("Vary", "Accept-Encoding")

    def _not_modified(self, res: _Resource) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return bool(res.etag) and _etag_matches(inm, res.etag)
        ims = self.headers.get("If-Modified-Since")
        if ims and res.last_modified:
            try:
                since = email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            return res.last_modified.replace(microsecond=0) <= since
        return False

    def _simple(self, code: int, body: bytes, kind: str, send_body: bool,
                headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", _CONTENT_TYPES[kind])
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass  # a client hanging up mid-response is not worth a traceback


class Publisher:
    """A running demo publisher; use as a context manager or call :meth:`stop`."""

    def __init__(self, server: _Server, site: _Site, thread: threading.Thread) -> None:
        self._server = server
        self._site = site
        self._thread = thread
        self.base_url: str = site.base_url
        self.now: datetime = site.now
        self.outlets: list[OutletFeed] = [
            OutletFeed(name=o["name"], slug=o["slug"], feed_url=o["feed_url"],
                       home_url=o["home_url"], kind=o["feed_kind"])
            for o in site.outlets.values()
        ]
        self.articles: list[dict] = site.articles
        self.opml_url: str = f"{site.base_url}/opml.xml"

    def opml(self) -> str:
        """OPML 2.0 listing every outlet feed (also served at ``/opml.xml``)."""
        return render_opml(self._site)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<Publisher {self.base_url} outlets={len(self.outlets)} articles={len(self.articles)}>"


def start_publisher(host: str = "127.0.0.1", port: int = 0, now: datetime | None = None) -> Publisher:
    """Bind, render every page and serve in a daemon thread; returns at once."""
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    now = now.astimezone(timezone.utc).replace(microsecond=0)
    server = _Server((host, port), _Handler)
    try:
        bound_port = server.server_address[1]
        public_host = "127.0.0.1" if host in ("", "0.0.0.0") else host
        if ":" in public_host:
            public_host = f"[{public_host}]"
        site = _Site(f"http://{public_host}:{bound_port}", now, load_content())
        server.routes = _build_routes(site)  # type: ignore[attr-defined]
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"demo-publisher-{bound_port}", daemon=True)
    thread.start()
    return Publisher(server, site, thread)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve tagwire's fictional demo news outlets.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    pub = start_publisher(args.host, args.port)
    print(f"Demo publisher running at {pub.base_url}/ ({len(pub.articles)} articles)")
    for o in pub.outlets:
        print(f"  {o.name:<24} {o.kind:<5} {o.feed_url}")
    print(f"  OPML: {pub.opml_url}")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        pub.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
