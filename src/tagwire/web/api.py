"""The JSON API under /api/v1: a FastAPI app mounted into the site, reading only through ``Tagwire``.

Every answer is JSON with an ETag (304 on If-None-Match); lists page by opaque
cursor (``next_cursor`` in the body and a ``Link: <…>; rel="next"`` header);
every error is ``{"error": {"code": …, "message": …}}`` with the status that
``web/errors.status_for`` gives, the same table the pages use.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import FastAPI, Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ..core import Tagwire
from ..errors import InvalidInputError, NotFoundError, TagwireError
from . import api_models as m
from .api_admin import create_admin_router
from .api_stories import create_story_router
from .caching import conditional
from .errors import error_code, status_for

PREFIX = "/api/v1"
MAX_LIMIT = 100
# 429: the rate limiter (web/ratelimit.py) answers it in front of every operation
_ERRORS = {status: {"model": m.ErrorBody} for status in (400, 404, 422, 429, 500, 503)}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page, at most {MAX_LIMIT}")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]
_TAG_301 = {301: {"description": "a merged hashtag, or a typed spelling (case, #, accents, hyphens): "
                               "Location is the stored tag's"}}
RowId = Annotated[int, Path(ge=1)]


def create_api(tagwire: Tagwire) -> FastAPI:
    # docs_url/redoc_url off: the site serves a script-free docs page instead (see web/api_docs.py)
    api = FastAPI(title="tagwire", version="1", description="News by hashtag: articles, hashtags, sources.",
                  servers=[{"url": PREFIX}], docs_url=None, redoc_url=None, responses=_ERRORS)
    _add_error_handlers(api)
    _add_article_routes(api, tagwire)
    _add_catalogue_routes(api, tagwire)
    api.include_router(create_story_router(tagwire, respond))
    api.include_router(create_admin_router(tagwire))  # /admin/..., bearer token (web/api_admin.py)
    return api


def respond(request: Request, model: BaseModel, next_cursor: str | None = None) -> Response:
    headers = {}
    if next_cursor:
        headers["Link"] = f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'
    return conditional(request, model.model_dump_json().encode(), "application/json", headers)


def _add_article_routes(api: FastAPI, tagwire: Tagwire) -> None:
    @api.get("/articles", response_model=m.ArticlePage, summary="Articles, newest first")
    def articles(request: Request, tag: str | None = None,
                 source: Annotated[int | None, Query(ge=1, description="source id")] = None,
                 category: str | None = None,
                 story: Annotated[str | None, Query(max_length=40, description="story id")] = None,
                 q: Annotated[str | None, Query(max_length=500, description="a search in the site's query "
                                                "language; results then come best match first")] = None,
                 since: Annotated[datetime | None, Query(description="ISO 8601, inclusive; no offset = UTC")] = None,
                 until: Annotated[datetime | None, Query(description="ISO 8601, exclusive; no offset = UTC")] = None,
                 cursor: Cursor = None, limit: Limit = 20) -> Response:
        if q is not None:
            if story is not None:
                raise InvalidInputError("q and story cannot be combined")
            items, next_cursor = _searched(tagwire, q, tag, source, category, since, until, cursor, limit)
        else:
            items, next_cursor = tagwire.articles(tag=tag, source_id=source, category=category, since=since,
                                                  until=until, cursor=cursor, limit=limit, story=story)
        page = m.ArticlePage(items=[m.article_out(a) for a in items], next_cursor=next_cursor)
        return respond(request, page, next_cursor)

    @api.get("/articles/{article_id}", response_model=m.ArticleDetail, summary="One article, with why each hashtag")
    def article(request: Request, article_id: RowId) -> Response:
        return respond(request, m.article_detail(tagwire.article(article_id)))

    @api.get("/articles/{article_id}/tags", response_model=m.ArticleTags,
             summary="An article's hashtags: kind, score and why each is there")
    def article_tags(request: Request, article_id: RowId) -> Response:
        return respond(request, m.article_tags_out(article_id, tagwire.article_hashtags(article_id)))


def _searched(tagwire: Tagwire, q: str, tag: str | None, source: int | None, category: str | None,
              since: datetime | None, until: datetime | None, cursor: str | None,
              limit: int) -> tuple[list, str | None]:
    """A search's page: ranked results page by number, so its cursor is "page:N"."""
    page = 1
    if cursor is not None:
        number = cursor.removeprefix("page:")
        if not (cursor.startswith("page:") and number.isdigit() and len(number) <= 4):
            raise InvalidInputError(f"invalid page cursor {cursor[:40]!r}")
        page = int(number)
    try:
        _, items, more = tagwire.search(q, page=page, limit=limit, tag=tag, source_id=source, category=category,
                                        since=since, until=until)
    except NotFoundError:  # an unknown source matches nothing, as without q
        return [], None
    return items, f"page:{page + 1}" if more else None


def _add_catalogue_routes(api: FastAPI, tagwire: Tagwire) -> None:
    @api.get("/hashtags", response_model=m.HashtagList, summary="Hashtags with most articles in the last days")
    def hashtags(request: Request, days: Annotated[int | None, Query(ge=1, le=365)] = None,
                 limit: Limit = 20) -> Response:
        days = days or tagwire.settings.trending_days
        top = tagwire.top_hashtags(limit=limit, days=days)
        return respond(request, m.HashtagList(days=days, items=[m.hashtag_out(h) for h in top]))

    _add_trend_routes(api, tagwire)  # before /hashtags/{tag}: "trending" is not a tag

    @api.get("/hashtags/{tag}", response_model=m.HashtagDetail, summary="A hashtag and its latest articles",
             responses=_TAG_301)
    def hashtag(request: Request, tag: str, cursor: Cursor = None, limit: Limit = 20) -> Response:
        if (target := tagwire.hashtag_for(tag)) != tag:
            return RedirectResponse(f"{PREFIX}/hashtags/{quote(target, safe='')}", status_code=301)
        info, items, next_cursor = tagwire.tag_articles(tag, cursor=cursor, limit=limit)
        body = m.HashtagDetail(tag=info.tag, label=info.label, count=info.count, next_cursor=next_cursor,
                               articles=[m.article_out(a) for a in items])
        return respond(request, body, next_cursor)

    @api.get("/sources", response_model=m.SourceList, summary="Sources and their feeds' health")
    def sources(request: Request) -> Response:
        return respond(request, m.sources_out(tagwire.health()))

    @api.get("/categories", response_model=m.CategoryList, summary="The category taxonomy with article counts")
    def categories(request: Request) -> Response:
        items = [m.CategoryOut(name=name, count=n) for name, n in tagwire.categories()]
        return respond(request, m.CategoryList(items=items))


def _add_trend_routes(api: FastAPI, tagwire: Tagwire) -> None:
    @api.get("/hashtags/trending", response_model=m.TrendingList,
             summary="Hashtags more outlets carry in the last 24 hours than on their usual day")
    def trending(request: Request, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10) -> Response:
        found = tagwire.trending_hashtags(limit=limit)
        return respond(request, m.TrendingList(items=[m.TrendingOut(**dataclasses.asdict(t)) for t in found]))

    @api.get("/hashtags/{tag}/related", response_model=m.RelatedList,
             summary="Hashtags that appear with this one more often than chance, last 30 days",
             responses=_TAG_301)
    def related(request: Request, tag: str, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10) -> Response:
        if (target := tagwire.hashtag_for(tag)) != tag:
            return RedirectResponse(f"{PREFIX}/hashtags/{quote(target, safe='')}/related", status_code=301)
        found = tagwire.related_hashtags(tag, limit=limit)
        return respond(request, m.RelatedList(tag=tag, items=[m.RelatedOut(**dataclasses.asdict(r)) for r in found]))


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = m.ErrorBody(error=m.ErrorDetail(code=error_code(status), message=message))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _add_error_handlers(api: FastAPI) -> None:
    async def tagwire_error(request: Request, exc: Exception) -> Response:
        status, title = status_for(exc)
        # 5xx messages may name database internals: clients get the title, the log gets the rest
        return error_response(status, str(exc) if status < 500 else title)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, "; ".join(_describe(e) for e in exc.errors()))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        status, title = status_for(exc)
        return error_response(status, title if exc.detail in (None, "") else str(exc.detail), exc.headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette logs and re-raises after sending this, so the traceback is not lost
        return error_response(500, "internal error")

    api.add_exception_handler(TagwireError, tagwire_error)
    api.add_exception_handler(RequestValidationError, validation_error)
    api.add_exception_handler(HTTPException, http_error)
    api.add_exception_handler(Exception, server_error)


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
    return f"{where}: {error.get('msg', 'invalid')}"
