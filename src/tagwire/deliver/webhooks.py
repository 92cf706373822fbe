"""Webhooks, the pure part: what is sent, how it is signed, when a failure is retried.

The receiver verifies a delivery by recomputing::

    HMAC-SHA256(key=secret, message=X-Tagwire-Timestamp + "." + raw body)

and comparing its hex digest with ``X-Tagwire-Signature`` (``sha256=<hex>``);
the timestamp is inside the signed message so a captured request cannot be
replayed later with a fresh timestamp.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from ..types import Article

SCOPES = ("hashtag", "source", "story")
EVENT = "article.created"
SIGNATURE_HEADER = "X-Tagwire-Signature"
TIMESTAMP_HEADER = "X-Tagwire-Timestamp"
DELIVERY_HEADER = "X-Tagwire-Delivery"
EVENT_HEADER = "X-Tagwire-Event"


@dataclass(frozen=True, slots=True)
class Webhook:
    """A subscription (its secret is never part of it: it is shown once, when created)."""

    id: int
    url: str
    scope: str  # hashtag | source | story
    target: str  # canonical tag, source id or story id
    active: bool
    created_at: datetime
    cursor_article_id: int = 0
    pending: int = 0
    delivered: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    webhook_id: int
    article_id: int
    status: str  # pending | delivered | failed
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    last_error: str | None = None
    response_status: int | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DeliveryJob:
    """A claimed delivery with what sending it needs."""

    id: int
    webhook_id: int
    url: str
    secret: str
    attempts: int  # made before this one
    scope: str
    target: str
    article: Article


@dataclass(frozen=True, slots=True)
class DeliverySummary:
    enqueued: int = 0
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def payload(job: DeliveryJob) -> bytes:
    """The JSON body: the event, which webhook and delivery, and the article as a card shows it."""
    a = job.article
    body = {
        "event": EVENT,
        "webhook_id": job.webhook_id,
        "delivery_id": job.id,
        "scope": job.scope,
        "target": job.target,
        "article": {
            "id": a.id, "url": a.url, "title": a.title, "excerpt": a.excerpt, "publisher": a.source_name,
            "published": a.published.isoformat() if a.published else None, "category": a.category,
            "hashtags": [t.tag for t in a.tags], "story_id": a.story_id,
        },
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of the timestamp, a dot and the raw body, keyed by the secret."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def headers(job: DeliveryJob, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature(job.secret, timestamp, body),
        TIMESTAMP_HEADER: str(timestamp),
        DELIVERY_HEADER: str(job.id),
        EVENT_HEADER: EVENT,
    }


def retry_delay(attempts: int, max_attempts: int, base: float, cap: float,
                rand: Callable[[], float] = random.random) -> float | None:
    """Seconds until the next attempt after ``attempts`` failed ones; None: give up.

    Exponential (base, 2·base, 4·base …, at most ``cap``) with "equal jitter": the
    wait is between half and all of that, so receivers coming back from an outage
    are not hit by every subscriber's retries at the same instant.
    """
    if attempts >= max(1, max_attempts):
        return None
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return delay / 2 + delay / 2 * rand()


def delivered(status: int) -> bool:
    return 200 <= status < 300
