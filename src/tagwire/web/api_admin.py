"""The admin API under /api/v1/admin: sources, feeds, OPML, topics, re-crawl and tokens.

Every route needs ``Authorization: Bearer <token>`` (``tagwire admin token create
NAME``). The token is checked before anything else of the request is read (a
route class wraps each handler), so a caller without one learns nothing, not even
whether its body was valid: missing → 401 with ``WWW-Authenticate: Bearer``;
unknown or revoked → 401 with ``error="invalid_token"``. Answers are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any, Callable, Coroutine

from fastapi import APIRouter, Body, Path, Security
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..core import Tagwire
from ..errors import AuthError, InvalidInputError
from ..store.admin import ApiToken
from ..types import FeedHealth, Feed, Source, Topic
from . import api_models as m

BEARER = HTTPBearer(auto_error=False, scheme_name="bearer",
                    description="An API token made with `tagwire admin token create NAME`.")
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": m.ErrorBody} for status in (400, 401, 404, 422, 503)}
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]


# -- models --------------------------------------------------------------------------------
class AdminFeed(BaseModel):
    id: int
    url: str
    kind: str
    state: str = Field(description="ok, error, failing, never or paused")
    paused: bool
    articles: int = Field(description="articles stored from this feed's source")
    last_success: m.Time | None
    next_check: m.Time | None = Field(description="null: due at the crawler's next look")
    last_error: m.LastError | None


class AdminSource(BaseModel):
    id: int
    name: str
    home_url: str | None
    feeds: list[AdminFeed]


class AdminSourceList(BaseModel):
    items: list[AdminSource]


class FeedIn(BaseModel):
    url: str = Field(description="the feed's URL (RSS, Atom or JSON Feed)", max_length=2000)
    name: str | None = Field(None, description="publisher name; default: the feed's host", max_length=200)
    home_url: str | None = Field(None, max_length=2000)


class FeedAdded(BaseModel):
    created: bool = Field(description="false when the URL was already subscribed")
    source_id: int
    feed: AdminFeed


class SourceEdit(BaseModel):
    name: str | None = Field(None, max_length=200)
    home_url: str | None = Field(None, description="empty string clears it", max_length=2000)


class SourceRecord(BaseModel):
    id: int
    name: str
    home_url: str | None


class OpmlResult(BaseModel):
    added: int
    existing: int
    errors: list[str] = Field(description="one line per outline that could not be added")


class Scheduled(BaseModel):
    scheduled: int = Field(description="feeds made due now; the crawler fetches them on its next look")


class TopicIn(BaseModel):
    phrases: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=200,
                                                               description="any of them tags an article")
    rule: str | None = Field(None, max_length=2000, description='e.g. "grooming gangs" OR (Casey NEAR/5 inquiry)')
    label: str | None = Field(None, max_length=200)
    exclude: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=200)


class TopicOut(BaseModel):
    tag: str
    label: str
    phrases: list[str]
    exclude: list[str]
    rule: str | None
    stored: bool = Field(description="added through admin (removable); false: built-in or from the topics file")


class TopicList(BaseModel):
    items: list[TopicOut]


class Applied(BaseModel):
    changed: int = Field(description="articles whose hashtags changed")


class TokenOut(BaseModel):
    id: int
    name: str
    active: bool
    created_at: m.Time
    last_used_at: m.Time | None
    revoked_at: m.Time | None


class TokenList(BaseModel):
    items: list[TokenOut]


# -- conversions ------------------------------------------------------------------------------
def feed_out(h: FeedHealth) -> AdminFeed:
    f = h.feed
    error = None
    if f.last_error:
        error = m.LastError(message=f.last_error, cause=h.last_error_cause, at=f.last_error_at, count=f.error_count)
    return AdminFeed(id=f.id, url=f.url, kind=f.kind, state=h.status, paused=f.paused, articles=h.articles,
                     last_success=f.last_success_at, next_check=f.next_check, last_error=error)


def _bare_feed(f: Feed) -> AdminFeed:
    return feed_out(FeedHealth(feed=f, articles=0, per_day=0.0, newest=None,
                               status="paused" if f.paused else ("ok" if f.last_success_at else "never")))


def topic_out(t: Topic, stored: set[str]) -> TopicOut:
    return TopicOut(tag=t.tag, label=t.label, phrases=list(t.phrases), exclude=list(t.exclude), rule=t.rule,
                    stored=t.tag in stored)


def token_out(t: ApiToken) -> TokenOut:
    return TokenOut(id=t.id, name=t.name, active=t.active, created_at=t.created_at, last_used_at=t.last_used_at,
                    revoked_at=t.revoked_at)


def _json(model: BaseModel, status: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status, media_type="application/json",
                    headers={"Cache-Control": "no-store"})


def _source(s: Source) -> SourceRecord:
    return SourceRecord(id=s.id, name=s.name, home_url=s.home_url)


# -- authentication ------------------------------------------------------------------------------
def authenticate(tagwire: Tagwire, authorization: str | None) -> ApiToken:
    """The active token of an Authorization header, or HTTPException 401 saying why."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "an API token is needed: send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": 'Bearer realm="tagwire admin"'})
    try:
        return tagwire.check_token(token.strip())
    except AuthError as exc:
        raise HTTPException(401, str(exc), headers={
            "WWW-Authenticate": 'Bearer realm="tagwire admin", error="invalid_token"'}) from None


def _token_route(tagwire: Tagwire) -> type[APIRoute]:
    class TokenRoute(APIRoute):
        """Checks the bearer token before the handler reads parameters or body."""

        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def guarded(request: Request) -> Response:
                header = request.headers.get("authorization")
                request.state.api_token = await run_in_threadpool(authenticate, tagwire, header)
                return await handler(request)

            return guarded

    return TokenRoute


def create_admin_router(tagwire: Tagwire) -> APIRouter:
    # Security(BEARER) puts the scheme in OpenAPI; the route class does the checking
    router = APIRouter(prefix="/admin", tags=["admin"], route_class=_token_route(tagwire),
                       dependencies=[Security(BEARER)], responses=_ERRORS)
    _source_routes(router, tagwire)
    _feed_routes(router, tagwire)
    _topic_routes(router, tagwire)
    from .api_admin_curation import add_curation_routes  # it builds on this module's helpers

    add_curation_routes(router, tagwire)  # hashtag merges/blocks and webhooks

    @router.get("/tokens", response_model=TokenList, summary="API tokens (never the tokens themselves)")
    def tokens() -> Response:
        return _json(TokenList(items=[token_out(t) for t in tagwire.api_tokens()]))

    return router


def _source_routes(router: APIRouter, tagwire: Tagwire) -> None:
    @router.get("/sources", response_model=AdminSourceList, summary="Every source with its feeds, paused ones too")
    def sources() -> Response:
        items = [AdminSource(id=s.id, name=s.name, home_url=s.home_url, feeds=[feed_out(h) for h in health])
                 for s, health in tagwire.sources_with_feeds()]
        return _json(AdminSourceList(items=items))

    @router.post("/sources", response_model=FeedAdded, status_code=201,
                 summary="Subscribe to a feed (201; 200 when already subscribed)")
    def add(body: FeedIn) -> Response:
        feed, created = tagwire.add_feed(body.url, body.name, body.home_url)
        return _json(FeedAdded(created=created, source_id=feed.source_id, feed=_bare_feed(feed)),
                     201 if created else 200)

    @router.patch("/sources/{source_id}", response_model=SourceRecord, summary="Rename a source or change its home page")
    def edit(source_id: RowId, body: SourceEdit) -> Response:
        if body.name is None and body.home_url is None:
            raise InvalidInputError("give a name or a home_url to change")
        return _json(_source(tagwire.edit_source(source_id, name=body.name, home_url=body.home_url)))

    @router.get("/opml", summary="Every feed as OPML 2.0", response_class=Response,
                responses={200: {"content": {"text/x-opml": {"schema": {"type": "string"}}}}})
    def export() -> Response:
        return Response(tagwire.export_opml(), media_type="text/x-opml; charset=utf-8",
                        headers={"Cache-Control": "no-store",
                                 "Content-Disposition": 'attachment; filename="tagwire.opml"'})

    @router.post("/opml", response_model=OpmlResult, summary="Subscribe to every feed of an OPML document (the body)",
                 openapi_extra={"requestBody": {"required": True, "content": {
                     "text/x-opml": {"schema": {"type": "string"}},
                     "application/xml": {"schema": {"type": "string"}}}}})
    async def import_(request: Request) -> Response:
        body = await _capped_body(request, tagwire.settings.fetch_max_bytes)
        added, existing, errors = await run_in_threadpool(tagwire.import_opml, body)
        return _json(OpmlResult(added=added, existing=existing, errors=errors))


async def _capped_body(request: Request, cap: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise InvalidInputError(f"the document is larger than {cap} bytes")
        chunks.append(chunk)
    if not size:
        raise InvalidInputError("send the OPML document as the request body")
    return b"".join(chunks)


def _feed_routes(router: APIRouter, tagwire: Tagwire) -> None:
    @router.post("/feeds/{feed_id}/pause", response_model=AdminFeed, summary="Stop crawling a feed")
    def pause(feed_id: RowId) -> Response:
        return _json(_bare_feed(tagwire.pause_feed(feed_id)))

    @router.post("/feeds/{feed_id}/resume", response_model=AdminFeed, summary="Crawl a paused feed again")
    def resume(feed_id: RowId) -> Response:
        return _json(_bare_feed(tagwire.resume_feed(feed_id)))

    @router.delete("/feeds/{feed_id}", status_code=204, response_class=Response,
                   summary="Unsubscribe from a feed (its stored articles stay)")
    def remove(feed_id: RowId) -> Response:
        tagwire.remove_feed_ref(feed_id)
        return Response(status_code=204)

    @router.post("/feeds/{feed_id}/recrawl", response_model=Scheduled, summary="Make one feed due now")
    def recrawl_one(feed_id: RowId) -> Response:
        return _json(Scheduled(scheduled=tagwire.recrawl(feed_id)))

    @router.post("/recrawl", response_model=Scheduled, summary="Make every unpaused feed due now")
    def recrawl_all() -> Response:
        return _json(Scheduled(scheduled=tagwire.recrawl()))


def _topic_routes(router: APIRouter, tagwire: Tagwire) -> None:
    @router.get("/topics", response_model=TopicList, summary="Curated topics: built-in, from file and stored")
    def topics() -> Response:
        stored = {t.tag for t in tagwire.stored_topics()}
        return _json(TopicList(items=[topic_out(t, stored) for t in tagwire.topics()]))

    @router.put("/topics/{tag}", response_model=TopicOut, summary="Define or replace a topic")
    def put(tag: Annotated[str, Path(max_length=100)], body: Annotated[TopicIn, Body()]) -> Response:
        topic = tagwire.add_topic(tag, body.phrases, label=body.label, exclude=body.exclude, rule=body.rule)
        return _json(topic_out(topic, {topic.tag}))

    @router.delete("/topics/{tag}", status_code=204, response_class=Response, summary="Remove a stored topic")
    def remove(tag: Annotated[str, Path(max_length=100)]) -> Response:
        tagwire.remove_topic(tag)
        return Response(status_code=204)

    @router.post("/topics/apply", response_model=Applied,
                 summary="Re-tag every stored article with the current topics")
    def apply() -> Response:
        return _json(Applied(changed=tagwire.apply_topics()))
