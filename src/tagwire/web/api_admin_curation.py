"""Admin API for hashtag merges and blocks, and for webhooks (under /api/v1/admin, bearer token).

Added to the admin router by ``api_admin.create_admin_router``, so the token check
and error objects are the same as for every other admin route. The webhook secret
is in the answer of the POST that creates it, and never again.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel, Field
from starlette.responses import Response

from ..core import Tagwire
from ..deliver.webhooks import Delivery, Webhook
from ..enrich.canonical import HashtagRule
from . import api_models as m
from .api_admin import RowId, _json

TagPath = Annotated[str, Path(min_length=1, max_length=100)]


class RuleOut(BaseModel):
    tag: str
    label: str
    merged_into: str | None = Field(description="the tag it was merged into (one step)")
    target: str | None = Field(description="where its merge chain ends: its page redirects there")
    blocked: bool


class RuleList(BaseModel):
    items: list[RuleOut]


class MergeIn(BaseModel):
    into: str = Field(min_length=1, max_length=100, description="the hashtag that takes this one's articles")


class Changed(BaseModel):
    articles: int = Field(description="articles whose hashtags changed")


class WebhookIn(BaseModel):
    url: str = Field(max_length=2000, description="http(s) URL that receives POSTs (same SSRF rules as crawling)")
    scope: Literal["hashtag", "source", "story"]
    target: str = Field(min_length=1, max_length=100, description="the hashtag, source id or story id")
    secret: str | None = Field(None, min_length=16, max_length=200,
                               description="HMAC key; default: 32 random bytes, returned once")


class WebhookOut(BaseModel):
    id: int
    url: str
    scope: str
    target: str
    active: bool
    created_at: m.Time
    pending: int
    delivered: int
    failed: int


class WebhookCreated(WebhookOut):
    secret: str = Field(description="the HMAC-SHA256 key for X-Tagwire-Signature; shown only now")


class WebhookList(BaseModel):
    items: list[WebhookOut]


class DeliveryOut(BaseModel):
    id: int
    article_id: int
    status: str = Field(description="pending, delivered or failed")
    attempts: int
    next_attempt_at: m.Time
    created_at: m.Time
    delivered_at: m.Time | None
    response_status: int | None
    last_error: str | None


class DeliveryList(BaseModel):
    items: list[DeliveryOut]


def _rule(r: HashtagRule) -> RuleOut:
    return RuleOut(tag=r.tag, label=r.label, merged_into=r.merged_into, target=r.target, blocked=r.blocked)


def _hook(w: Webhook) -> dict:
    return dict(id=w.id, url=w.url, scope=w.scope, target=w.target, active=w.active, created_at=w.created_at,
                pending=w.pending, delivered=w.delivered, failed=w.failed)


def _delivery(d: Delivery) -> DeliveryOut:
    return DeliveryOut(id=d.id, article_id=d.article_id, status=d.status, attempts=d.attempts,
                       next_attempt_at=d.next_attempt_at, created_at=d.created_at, delivered_at=d.delivered_at,
                       response_status=d.response_status, last_error=d.last_error)


def add_curation_routes(router: APIRouter, tagwire: Tagwire) -> None:
    _hashtag_routes(router, tagwire)
    _webhook_routes(router, tagwire)


def _hashtag_routes(router: APIRouter, tagwire: Tagwire) -> None:
    @router.get("/hashtags/rules", response_model=RuleList, summary="Merged and blocked hashtags")
    def rules() -> Response:
        return _json(RuleList(items=[_rule(r) for r in tagwire.hashtag_rules()]))

    @router.post("/hashtags/{tag}/merge", response_model=Changed,
                 summary="Merge a hashtag into another: its articles move now, its page redirects")
    def merge(tag: TagPath, body: Annotated[MergeIn, Body()]) -> Response:
        return _json(Changed(articles=tagwire.merge_hashtag(tag, body.into)))

    @router.delete("/hashtags/{tag}/merge", response_model=Changed, summary="Undo a hashtag's merge")
    def unmerge(tag: TagPath) -> Response:
        return _json(Changed(articles=tagwire.unmerge_hashtag(tag)))

    @router.post("/hashtags/{tag}/block", response_model=Changed,
                 summary="Block a hashtag: removed from articles and never assigned again")
    def block(tag: TagPath) -> Response:
        return _json(Changed(articles=tagwire.block_hashtag(tag)))

    @router.delete("/hashtags/{tag}/block", status_code=204, response_class=Response, summary="Unblock a hashtag")
    def unblock(tag: TagPath) -> Response:
        tagwire.unblock_hashtag(tag)
        return Response(status_code=204)


def _webhook_routes(router: APIRouter, tagwire: Tagwire) -> None:
    @router.get("/webhooks", response_model=WebhookList, summary="Webhooks with their delivery counts")
    def webhooks() -> Response:
        return _json(WebhookList(items=[WebhookOut(**_hook(w)) for w in tagwire.webhooks()]))

    @router.post("/webhooks", response_model=WebhookCreated, status_code=201,
                 summary="Register a URL for new articles of a hashtag, source or story")
    def add(body: Annotated[WebhookIn, Body()]) -> Response:
        hook, secret = tagwire.add_webhook(body.url, body.scope, body.target, secret=body.secret)
        return _json(WebhookCreated(**_hook(hook), secret=secret), 201)

    @router.delete("/webhooks/{webhook_id}", status_code=204, response_class=Response,
                   summary="Remove a webhook and its delivery records")
    def remove(webhook_id: RowId) -> Response:
        tagwire.remove_webhook(webhook_id)
        return Response(status_code=204)

    @router.get("/webhooks/{webhook_id}/deliveries", response_model=DeliveryList,
                summary="A webhook's latest deliveries, newest article first")
    def deliveries(webhook_id: RowId, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:
        return _json(DeliveryList(items=[_delivery(d) for d in tagwire.deliveries(webhook_id, limit)]))
