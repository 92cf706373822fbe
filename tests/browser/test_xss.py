"""Hostile titles, texts, author and source names, links and markup pushed through real feeds
over loopback, crawled, then every page opened in chromium: nothing runs, no dialog opens,
every link is http(s) or relative; feeds out stay well-formed; the API returns the strings
as inert JSON. The corpus is tests/fixtures/xss/payloads.json.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import httpx
import pytest
from lxml import etree

from tagwire import make_tagwire
from tagwire.core import Tagwire
from tagwire.demo.synthetic import _article as synthetic_article
from tests.conftest import LocalServer, fresh_database

from .conftest import LiveServer, in_thread, site_settings

CORPUS = json.loads((Path(__file__).parents[1] / "fixtures" / "xss" / "payloads.json").read_text("utf-8"))
TITLES = CORPUS["markup"] + CORPUS["breakout"] + CORPUS["encoded"]
NAMES, URLS = CORPUS["names"], CORPUS["urls"]
# each page is also read with the CSP switched off: escaping alone must keep it inert
CHECK = """() => ({
    xss: typeof window.__xss !== 'undefined',
    scripts: document.scripts.length,
    handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
                  .filter(n => n.startsWith('on')),
    embeds: document.querySelectorAll('iframe, object, embed, frame, base, meta[http-equiv]').length,
    hrefs: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
                  .map(e => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action')
                            ?? e.getAttribute('formaction')),
    text: document.body.innerText,
})"""


class _AnyQuery(dict):
    """Routes of the loopback publisher, matched without their query string."""

    def get(self, path: str, default: Any = None) -> Any:
        return super().get(path.split("?")[0], default)


def _page(title: str, author: str, paragraphs: list[str], image: str, canonical: str) -> str:
    e = html.escape
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "author": {"@type": "Person", "name": author}, "image": image,
                     "datePublished": "2025-11-01T10:00:00Z"}).replace("</", "<\\/")
    body = "".join(f"<p>{e(p)} {e(title)}</p>" for p in paragraphs)
    # the raw payload in the article markup too: the extractor must not carry it over as markup
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>"
            f"<meta property='og:title' content='{e(title, quote=True)}'><meta name='author' content='{e(author)}'>"
            f"<meta property='og:image' content='{e(image)}'><link rel='canonical' href='{e(canonical)}'>"
            f"<script type='application/ld+json'>{ld}</script></head><body><article><h1>{e(title)}</h1>"
            f"<p class='byline'>By {e(author)}</p>{body}<p>{title}</p></article></body></html>")


def _feed(base: str, prefix: str, channel: str) -> str:
    e = html.escape
    items = []
    for i, title in enumerate(TITLES):
        paragraphs = synthetic_article(0, i)[1]
        items.append(f"<item><title>{e(title)}</title><link>{base}/{prefix}/{i}</link><guid>{prefix}-{i}</guid>"
                     f"<author>{e(NAMES[i % len(NAMES)])}</author><category>{e(title)}</category>"
                     f"<pubDate>Sat, 01 Nov 2025 {10 + i % 10:02d}:{i:02d}:00 GMT</pubDate>"
                     f"<description><![CDATA[{paragraphs[0]} {title}]]></description></item>")
    for j, url in enumerate(URLS):  # links no crawler may follow
        items.append(f"<item><title>{e(url)}</title><link>{e(url)}</link><guid>{prefix}-url-{j}</guid></item>")
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{e(channel)}</title>"
            f"<link>{base}/</link><description>{e(channel)}</description>{''.join(items)}</channel></rss>")


@dataclass(frozen=True)
class HostileSite:
    url: str
    tagwire: Tagwire


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Iterator[HostileSite]:
    server = LocalServer()
    server.routes = _AnyQuery()
    for prefix, channel in (("a", NAMES[0]), ("b", "Plain Outlet \"><script>window.__xss=1</script>")):
        server.set(f"/{prefix}.xml", _feed(server.url, prefix, channel), Content_Type="application/rss+xml")
        for i, title in enumerate(TITLES):
            page = _page(title, NAMES[i % len(NAMES)], synthetic_article(0, i)[1], URLS[i % len(URLS)],
                         URLS[(i + 1) % len(URLS)])
            server.set(f"/{prefix}/{i}", page, Content_Type="text/html; charset=utf-8")
    # a feed whose error message carries markup: shown on /sources and on its source page
    server.set("/broken.xml", "<rss><channel><title><script>window.__xss=1</script>", status=200,
               Content_Type="application/rss+xml")
    try:
        with fresh_database(tmp_path_factory.mktemp("xss")) as url, make_tagwire(site_settings(url)) as tw:
            tw.add_feed(server.url + "/a.xml", NAMES[0])
            tw.add_feed(server.url + "/b.xml?\"><svg onload=window.__xss=1>", "Plain Outlet")
            tw.add_feed(server.url + "/broken.xml?<script>window.__xss=1</script>", NAMES[1])
            in_thread(tw.crawl)
            with LiveServer(_app(tw)) as site_url:
                yield HostileSite(site_url, tw)
    finally:
        server.close()


def _app(tw: Tagwire):
    from tagwire.web import create_app

    return create_app(tw)


def _paths(site: HostileSite) -> list[str]:
    tw = site.tagwire
    articles, _ = tw.latest(limit=100)
    paths = ["/", "/tags", "/sources", "/search"]
    paths += [f"/story/{s}" for s in sorted({a.story_id for a in articles if a.story_id})]
    paths += [f"/source/{f.source_id}" for f in tw.feeds()]
    paths += [f"/category/{quote(c, safe='')}" for c in sorted({a.category for a in articles})]
    paths += [f"/tag/{t.tag}" for t in tw.hashtag_directory()[:40]]
    paths += ["/search?q=" + quote(p, safe="") for p in [*TITLES, *URLS, *NAMES]]
    paths += [f"/api/v1/articles/{a.id}" for a in articles[:5]] + ["/api/v1/articles?limit=100", "/feed.json"]
    return paths


def test_the_hostile_strings_were_stored(hostile_site):
    """Without this the rest proves nothing: the payloads reached the database intact."""
    articles, _ = hostile_site.tagwire.latest(limit=100)
    titles = {a.title for a in articles}
    assert len(articles) >= len(TITLES)
    assert sum(t in titles for t in TITLES) >= len(TITLES) * 3 // 4, titles
    assert any(n in a.authors for a in articles for n in NAMES)
    assert all(a.url.startswith("http://127.0.0.1:") for a in articles)  # no script URL was crawled


def test_corpus_markup_runs_when_not_escaped(browser):
    """The control: each markup payload does run when pasted raw into a page (no CSP)."""
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    inert = []
    for payload in CORPUS["markup"]:
        dialogs.clear()
        tab.set_content(f"<!doctype html><html><body><p>{payload}</p></body></html>")
        try:
            tab.wait_for_function("() => window.__xss === 1 || document.querySelector('iframe')?.contentWindow?.parent.__xss === 1",
                                  timeout=2000)
        except Exception:  # noqa: BLE001 - a payload that never ran
            if not dialogs:
                inert.append(payload)
    context.close()
    assert not inert, f"payloads that do not run even unescaped (useless as tests): {inert}"


@pytest.mark.parametrize("csp", ["with CSP", "escaping alone"])
def test_nothing_runs_on_any_page(browser, hostile_site, csp):
    context = browser.new_context(bypass_csp=csp == "escaping alone")
    tab = context.new_page()
    dialogs: list[str] = []
    console: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # resources that fail to load (a 400 search, /favicon.ico) are noise; a CSP refusal is not
    tab.on("console", lambda m: None if m.text.startswith("Failed to load resource") else
           console.append(f"{m.type}: {m.text}"))
    tab.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    failures: list[str] = []
    statuses: dict[str, int] = {}
    shown = ""
    for path in _paths(hostile_site):
        response = tab.goto(hostile_site.url + path)
        assert response is not None, path
        statuses[path] = response.status
        tab.wait_for_timeout(30)  # let onerror/onload handlers of anything that got through fire
        found = tab.evaluate(CHECK)
        shown += found["text"]
        bad_links = [h for h in found["hrefs"] if not _safe_link(h)]
        if found["xss"] or found["scripts"] or found["handlers"] or found["embeds"] or bad_links:
            failures.append(f"{path}: {({k: v for k, v in found.items() if k != 'text'}, bad_links)}")
    context.close()
    assert not dialogs, f"dialogs opened: {dialogs}"
    # a hostile search may be refused as a bad query (400, on an inert error page); nothing else fails
    assert all(code == 200 or (path.startswith("/search?") and code == 400) for path, code in statuses.items()), \
        {p: c for p, c in statuses.items() if c != 200}
    assert not console, f"console messages (a CSP refusal means markup got through): {console[:5]}"
    assert not failures, "\n".join(failures[:10])
    # the hostile strings are on the pages, as text a reader can see
    visible = [t for t in TITLES if t in shown]
    assert len(visible) >= len(TITLES) * 3 // 4, set(TITLES) - set(visible)
    assert any(n in shown for n in NAMES)


def _safe_link(value: str | None) -> bool:
    if value is None:
        return True
    v = value.strip()
    return (v.startswith(("http://", "https://", "?", "#")) or (v.startswith("/") and not v.startswith("//")))


FEEDS_OUT = ["/feed.rss", "/feed.atom", "/feed.json"]


def test_feeds_out_stay_well_formed(hostile_site):
    tw = hostile_site.tagwire
    paths = [*FEEDS_OUT]
    for f in tw.feeds():
        paths += [f"/source/{f.source_id}.{fmt}" for fmt in ("rss", "atom", "json")]
    for t in tw.hashtag_directory()[:10]:
        paths += [f"/tag/{t.tag}.{fmt}" for fmt in ("rss", "atom", "json")]
    paths += [f"/search.{fmt}?q=" + quote(TITLES[0], safe="") for fmt in ("rss", "atom", "json")]
    parser = etree.XMLParser(resolve_entities=False, no_network=True)  # strict: no recovery
    seen_titles: set[str] = set()
    for path in paths:
        r = httpx.get(hostile_site.url + path)
        assert r.status_code == 200, path
        if path.split("?")[0].endswith(".json"):
            doc = json.loads(r.content)
            items = [(i.get("title", ""), i["url"]) for i in doc["items"]]
        else:
            root = etree.fromstring(r.content, parser)
            ns = {"a": "http://www.w3.org/2005/Atom"}
            items = ([(i.findtext("title"), i.findtext("link")) for i in root.iter("item")]
                     or [(e.findtext("a:title", namespaces=ns), e.find("a:link", ns).get("href"))
                         for e in root.iterfind("a:entry", ns)])
        assert items or "/source/" in path, path  # the broken feed's source has no articles
        for title, link in items:
            assert link.startswith("http://127.0.0.1:"), (path, link)
            seen_titles.add(title)
    assert len(seen_titles & set(TITLES)) >= len(TITLES) * 3 // 4


def test_api_returns_the_hostile_strings_as_inert_json(hostile_site):
    r = httpx.get(hostile_site.url + "/api/v1/articles", params={"limit": 100})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    items = r.json()["items"]
    stored = {a.id: a for a in hostile_site.tagwire.latest(limit=100)[0]}
    assert {i["id"] for i in items} == set(stored)
    for item in items:  # exactly the stored strings, neither escaped twice nor stripped
        assert item["title"] == stored[item["id"]].title
        assert item["source"]["name"] == stored[item["id"]].source_name
        assert item["url"] is None or item["url"].startswith("http://127.0.0.1:")
    for item in items[:5]:
        detail = httpx.get(f"{hostile_site.url}/api/v1/articles/{item['id']}").json()
        assert detail["authors"] == list(stored[item["id"]].authors)
        assert detail.get("image") in (None, *[u for u in (stored[item["id"]].image,) if u and u.startswith("http")])
