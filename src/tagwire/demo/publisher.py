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
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .pages import render_article, render_home
from .site import (
    _ACCENTS,
    _CONTENT_TYPES,
    CONTENT_PATH,
    IMAGE_SIZE,
    OutletFeed,
    _http_date,
    _png,
    _Resource,
    _Site,
    _slugify,
    e,
    load_content,
)

__all__ = ["OutletFeed", "Publisher", "start_publisher", "load_content", "CONTENT_PATH"]

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
