"""Routes serving feeds out: /feed, /tag/<tag>, /category/<name>, /source/<id>, /story/<id>, /search.

Each as /<path>.<fmt>.

<fmt> is rss, atom or json. Feed URLs must be absolute (RSS ``link``, Atom
``id``), so they are built from the request's own base URL: behind a reverse
proxy, run uvicorn with ``--proxy-headers`` so that URL is the public one.
"""

from __future__ import annotations

from typing import Any, Sequence

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import NoMatchFound, Route

from ..core import Tagwire
from ..errors import NotFoundError
from ..types import Article
from .caching import conditional
from .feeds_out import BUILDERS, MEDIA_TYPES, Channel, items_of, newest

FEED_ITEMS = 50  # what readers show at once; older articles are on the site's pages


def feed_routes(tagwire: Tagwire) -> list[Route]:
    """Listed before the pages' routes, so /tag/x.rss is never taken for a tag named 'x.rss'."""

    def latest(request: Request) -> Response:
        articles, _ = tagwire.latest(limit=FEED_ITEMS)
        channel = _channel(request, "latest_feed", "Latest news · tagwire",
                           "The newest articles from every source.", "home", {})
        return _serve(request, channel, articles)

    def tag(request: Request) -> Response:
        name = request.path_params["tag"]
        canonical = tagwire.hashtag_for(name)  # /tag/Ferry-Strike.rss is #ferrystrike's feed, as its page
        if canonical != name:
            path = request.app.url_path_for("tag_feed", tag=canonical, fmt=_format(request))
            return RedirectResponse(path, status_code=301)
        info, articles, _ = tagwire.tag_articles(name, limit=FEED_ITEMS)
        channel = _channel(request, "tag_feed", f"#{info.tag} · tagwire",
                           f"Latest news with #{info.tag} ({info.label}).", "tag", {"tag": info.tag})
        return _serve(request, channel, articles)

    def category(request: Request) -> Response:
        name = tagwire.category_name(request.path_params["name"])
        articles, _ = tagwire.articles(category=name, limit=FEED_ITEMS)
        channel = _channel(request, "category_feed", f"{name} · tagwire", f"Latest news in {name}.",
                           "category", {"name": name.lower()})
        return _serve(request, channel, articles)

    def source(request: Request) -> Response:
        src = tagwire.source(request.path_params["source_id"])
        articles, _ = tagwire.articles(source_id=src.id, limit=FEED_ITEMS)
        channel = _channel(request, "source_feed", f"{src.name} · tagwire", f"Latest articles from {src.name}.",
                           "source", {"source_id": src.id})
        return _serve(request, channel, articles)

    def search(request: Request) -> Response:
        text = request.query_params.get("q", "")
        _, articles, _ = tagwire.search(text, limit=FEED_ITEMS)
        channel = _channel(request, "search_feed", f"Search: {text[:80]} · tagwire",
                           f"Articles matching {text[:200]}", "search", {})
        # newest first in a feed, whatever the relevance order of the page
        return _serve(request, channel, _newest_first(articles))

    def story(request: Request) -> Response:
        coverage = tagwire.story(request.path_params["story_id"])
        channel = _channel(request, "story_feed", f"{coverage.headline[:120]} · tagwire",
                           "Every outlet's report of this story, newest first.", "story",
                           {"story_id": coverage.id})
        return _serve(request, channel, _newest_first(coverage.articles)[:FEED_ITEMS])

    return [
        Route("/feed.{fmt}", latest, name="latest_feed"),
        Route("/story/{story_id}.{fmt}", story, name="story_feed"),
        Route("/search.{fmt}", search, name="search_feed"),
        Route("/tag/{tag}.{fmt}", tag, name="tag_feed"),
        Route("/category/{name}.{fmt}", category, name="category_feed"),
        Route("/source/{source_id:int}.{fmt}", source, name="source_feed"),
    ]


def _newest_first(articles: Sequence[Article]) -> list[Article]:
    """Feed order, for lists that come in another (relevance; a story's coverage oldest first)."""
    return sorted(articles, key=lambda a: (a.sort_time, a.id), reverse=True)


def _format(request: Request) -> str:
    fmt = request.path_params["fmt"]
    if fmt not in BUILDERS:
        raise NotFoundError(f"no feed format {fmt[:20]!r}; try rss, atom or json")
    return fmt


def _channel(request: Request, feed: str, title: str, description: str, page: str,
             params: dict[str, Any]) -> Channel:
    self_url = request.url_for(feed, **params, fmt=_format(request))
    return Channel(title=title, description=description, page_url=_page_url(request, page, params),
                   self_url=str(self_url))


def _page_url(request: Request, name: str, params: dict[str, Any]) -> str:
    # a feed whose HTML page does not exist (yet) points at the home page
    try:
        return str(request.url_for(name, **params))
    except NoMatchFound:
        return str(request.url_for("home"))


def _serve(request: Request, channel: Channel, articles: Sequence[Article]) -> Response:
    fmt = _format(request)
    items = items_of(articles)
    body = BUILDERS[fmt](channel, items)
    return conditional(request, body, MEDIA_TYPES[fmt], last_modified=newest(items) if items else None)
