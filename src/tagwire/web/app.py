"""The site: explicit routes, one error mapping, templates with autoescape on."""

from __future__ import annotations

import functools
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from ..cards import Card
from ..core import Tagwire
from ..errors import InvalidInputError, TagwireError
from . import charts
from . import format as fmt
from .metrics import prometheus_text
from .api import PREFIX as API_PREFIX
from .api import create_api, error_response
from .api_docs import operations
from .caching import conditional, newest_shown, page_cache_control
from .errors import status_for
from .feed_routes import feed_routes
from .ratelimit import rate_limit
from .admin import admin_routes
from .pagecache import PageCache
from .private import private_gate

_HERE = resources.files(__package__)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """Strict CSP and friends on every response (pages carry no scripts at all)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates(tagwire: Tagwire) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    env = templates.env
    env.autoescape = True
    date_format = tagwire.settings.date_format
    env.filters["age"] = lambda when: fmt.relative_age(when, date_format=date_format)
    env.filters["iso"] = fmt.iso
    env.filters["href"] = fmt.safe_href
    env.filters["paragraphs"] = fmt.paragraphs
    env.filters["extract_count"] = lambda outlet, day, counts: counts.get((day, outlet), 0)
    return templates


def create_app(tagwire: Tagwire) -> Starlette:
    templates = _templates(tagwire)
    api = create_api(tagwire)

    def render(request: Request, template: str, /, status: int = 200, **context: Any) -> Response:
        context.setdefault("now", datetime.now(timezone.utc))
        response = templates.TemplateResponse(request, template, context, status_code=status)
        if status != 200:  # an error is no version of the page asked for: no validator, never stored
            response.headers["Cache-Control"] = "no-store"
            return response
        return conditional(request, bytes(response.body), "text/html; charset=utf-8",
                           last_modified=newest_shown(context), cache_control=page_cache_control(request))

    def home(request: Request) -> Response:
        cards, next_cursor = tagwire.latest_cards(cursor=request.query_params.get("cursor"))
        top = tagwire.top_hashtags(limit=20)
        feeds = tagwire.feeds() if not cards else []  # an empty page says why: no feeds, or feeds failing
        return render(request, "home.html", cards=cards, next_cursor=next_cursor, top=top,
                      trending_days=tagwire.settings.trending_days, trending=tagwire.trending_hashtags(limit=10),
                      following=len(feeds), failing=sum(1 for f in feeds if f.error_count))

    def tag_page(request: Request) -> Response:
        tag = request.path_params["tag"]
        lowered = tagwire.hashtag_for(tag)  # a merged tag's page is its target's
        if lowered != tag:
            # /tag/GroomingGangs and /tag/%23x land on the canonical page
            return RedirectResponse(request.app.url_path_for("tag", tag=lowered), status_code=301)
        info, cards, next_cursor = tagwire.tag_cards(tag, cursor=request.query_params.get("cursor"))
        coverage = charts.daily_coverage(tagwire.tag_coverage(info.tag), datetime.now(timezone.utc).date())
        chart = Markup(charts.coverage_svg(coverage, f"Articles with #{info.tag} per day and outlet, last 30 days"))
        return render(request, "tag.html", tag=info, cards=cards, next_cursor=next_cursor,
                      coverage=coverage, chart=chart, legend=charts.legend(coverage),
                      top=tagwire.top_hashtags(limit=12), related=tagwire.related_hashtags(info.tag, limit=10),
                      trending=tagwire.trending_hashtags(limit=8))

    def category_page(request: Request) -> Response:
        name, cards, next_cursor = tagwire.category_cards(request.path_params["name"],
                                                          cursor=request.query_params.get("cursor"))
        if name != request.path_params["name"]:
            return RedirectResponse(request.app.url_path_for("category", name=name), status_code=301)
        return render(request, "category.html", category=name, cards=cards, next_cursor=next_cursor)

    def source_page(request: Request) -> Response:
        source, health, cards, next_cursor = tagwire.source_cards(request.path_params["source_id"],
                                                                  cursor=request.query_params.get("cursor"))
        return render(request, "source.html", source=source, health=health, cards=cards, next_cursor=next_cursor)

    def search_page(request: Request) -> Response:
        text = request.query_params.get("q", "")
        page = _page_number(request.query_params.get("page", "1"))
        query, found, more = tagwire.search(text, page=page)
        return render(request, "search.html", q=text, query=query, cards=[Card(a) for a in found],
                      page=page, more=more)

    def tags_page(request: Request) -> Response:
        tags = tagwire.hashtag_directory()
        by_letter: dict[str, list] = {}
        for t in tags:
            by_letter.setdefault(t.tag[0] if t.tag[0].isalpha() else "#", []).append(t)
        by_volume = sorted(tags, key=lambda t: (-t.count, t.tag))[:50]
        return render(request, "tags.html", by_letter=sorted(by_letter.items()), by_volume=by_volume, total=len(tags))

    def story_page(request: Request) -> Response:
        return render(request, "story.html", story=tagwire.story(request.path_params["story_id"]))

    def sources(request: Request) -> Response:
        return render(request, "sources.html", health=tagwire.health())

    def api_docs(request: Request) -> Response:
        schema = api.openapi()
        return render(request, "api_docs.html", operations=operations(schema), version=schema["openapi"],
                      openapi_url=API_PREFIX + api.openapi_url)

    def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    def metrics(request: Request) -> Response:
        return PlainTextResponse(prometheus_text(tagwire.metrics()),
                                 media_type="text/plain; version=0.0.4; charset=utf-8")

    async def on_error(request: Request, exc: Exception) -> Response:
        status, title = status_for(exc)
        message = getattr(exc, "detail", None) or str(exc)
        if request.url.path.startswith(API_PREFIX + "/"):  # an API path its mount did not take (a newline in it)
            return error_response(status, message if status < 500 else title)
        return render(request, "error.html", status=status, title=title, message=message)

    routes = [
        *feed_routes(tagwire),  # first: /tag/x.rss is a feed, not the page of a tag "x.rss"
        Route("/", home, name="home"),
        Route("/tag/{tag}", tag_page, name="tag"),
        Route("/story/{story_id}", story_page, name="story"),
        Route("/category/{name}", category_page, name="category"),
        Route("/source/{source_id:int}", source_page, name="source"),
        Route("/tags", tags_page, name="tags"),
        Route("/search", search_page, name="search"),
        Route("/sources", sources, name="sources"),
        Route("/healthz", healthz, name="healthz"),
        Route("/metrics", metrics, name="metrics"),
        *admin_routes(tagwire, templates),  # /admin/..., login and sessions (web/admin.py)
        Route(API_PREFIX + "/docs", api_docs, name="api_docs"),  # before the mount, which would take it
        Mount(API_PREFIX, app=api, name="api"),
        Mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders), rate_limit(tagwire.settings), *private_gate(tagwire),
                    Middleware(PageCache, ttl=tagwire.settings.page_cache_seconds)],  # innermost: after the gate
        exception_handlers={TagwireError: on_error, 404: on_error},
    )
    # paths, not absolute URLs: correct behind any reverse proxy. Memoised: Starlette
    # tries every route in turn, and a page of cards asks for a few hundred paths
    @functools.lru_cache(maxsize=8192)
    def path_for(route: str, params: tuple[tuple[str, Any], ...]) -> str:
        return app.url_path_for(route, **dict(params))

    templates.env.globals["path_for"] = lambda route, /, **params: path_for(route, tuple(sorted(params.items())))
    return app



def _page_number(value: str) -> int:
    if not value.isdigit() or len(value) > 4:
        raise InvalidInputError(f"page must be a number, not {value[:20]!r}")
    return int(value)
