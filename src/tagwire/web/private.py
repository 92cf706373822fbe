"""A private instance (``TAGWIRE_PRIVATE=true``): nothing is read without a login or a token.

An ASGI middleware in front of the routes lets a request through when it carries
a live admin session cookie or a valid ``Authorization: Bearer`` token; the feeds
out also take ``?token=``, since feed readers seldom send headers. Refused: pages
are sent to the login form, the API and feeds answer 401. ``/healthz`` and the
stylesheet stay public, and ``/admin/…`` and ``/api/v1/admin/…`` check their own
credentials. Answers let through are marked ``Cache-Control: private`` so a
shared cache never hands them to someone else.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from ..core import Tagwire
from ..errors import AuthError
from .admin import SESSION_COOKIE
from .api import PREFIX as API_PREFIX
from .errors import error_code
from .feed_routes import feed_routes

_PUBLIC = ("/healthz",)
_OWN_CHECKS = ("/admin", f"{API_PREFIX}/admin", "/static")  # and everything below them


def private_gate(tagwire: Tagwire) -> list[Middleware]:
    """The middleware to add to the site: the gate when the instance is private, else none."""
    return [Middleware(PrivateGate, tagwire=tagwire)] if tagwire.settings.private else []


class PrivateGate:
    def __init__(self, app: ASGIApp, tagwire: Tagwire):
        self.app = app
        self.tw = tagwire
        self.feeds = feed_routes(tagwire)  # only to recognise feed URLs, never called

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _exempt(scope["path"]):
            return await self.app(scope, receive, send)
        request = Request(scope)
        is_feed = any(route.matches(scope)[0] == Match.FULL for route in self.feeds)
        if not await run_in_threadpool(self._allowed, request, is_feed):
            return await self._refuse(request, is_feed)(scope, receive, send)

        async def send_private(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message["headers"] = [*headers, (b"cache-control", b"private, no-cache")]
            await send(message)

        await self.app(scope, receive, send_private)

    def _allowed(self, request: Request, is_feed: bool) -> bool:
        if self.tw.admin_session(request.cookies.get(SESSION_COOKIE)) is not None:
            return True
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            token = request.query_params.get("token", "") if is_feed else ""
        try:
            self.tw.check_token(token.strip() or None)
        except AuthError:
            return False
        return True

    def _refuse(self, request: Request, is_feed: bool) -> Response:
        challenge = {"WWW-Authenticate": 'Bearer realm="tagwire"', "Cache-Control": "no-store"}
        message = "this tagwire is private: log in, or send an API token"
        if request.url.path.startswith(API_PREFIX + "/"):
            body = json.dumps({"error": {"code": error_code(401), "message": message}})
            return Response(body, 401, headers=challenge, media_type="application/json")
        if is_feed or request.method not in ("GET", "HEAD"):
            return Response(message + (" (feeds take ?token=)" if is_feed else "") + "\n", 401,
                            headers=challenge, media_type="text/plain")
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/admin/login?next={quote(back)}", status_code=303)


def _exempt(path: str) -> bool:
    return path in _PUBLIC or any(path == p or path.startswith(p + "/") for p in _OWN_CHECKS)
