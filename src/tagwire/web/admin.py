"""Admin pages under /admin/: login, sources, topics. Plain HTML forms, no scripts.

A login starts a session: the cookie holds 32 random bytes (the database only
their SHA-256), ``HttpOnly``, ``SameSite=Lax``, ``Secure`` over https or when
``admin_secure_cookies`` is set, and expires after ``admin_session_hours``.
Every POST carries the session's CSRF token in a hidden field and is refused
with 403 without it; the login form itself uses a double-submit cookie, so
nobody can log a browser into their own account. A POST answers with the page
and a notice (no redirect, so the notice needs no storage).
"""

from __future__ import annotations

import secrets
from typing import Any, Awaitable, Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from ..core import Tagwire
from ..errors import AuthError, ForbiddenError, InvalidInputError, TagwireError, TooManyAttemptsError
from ..store.admin import AdminSession
from .errors import status_for

SESSION_COOKIE = "tagwire_admin"
LOGIN_COOKIE = "tagwire_login"  # the login form's CSRF double-submit value
FEED_ACTIONS = ("pause", "resume", "recrawl", "remove")

Handler = Callable[[Request, AdminSession, FormData | None], Response]


class Pages:
    """The admin pages of one site: holds the facade and the templates."""

    def __init__(self, tagwire: Tagwire, templates: Jinja2Templates):
        self.tw = tagwire
        self.templates = templates

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> Response:
        response = self.templates.TemplateResponse(request, template, context, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    def secure(self, request: Request) -> bool:
        return request.url.scheme == "https" or self.tw.settings.admin_secure_cookies

    # -- login and logout --------------------------------------------------------------
    async def login_form(self, request: Request) -> Response:
        session = await run_in_threadpool(self.tw.admin_session, request.cookies.get(SESSION_COOKIE))
        if session is not None:
            return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
        return self._login_page(request, next_path=request.query_params.get("next", ""))

    def _login_page(self, request: Request, status: int = 200, error: str | None = None,
                    next_path: str = "", username: str = "") -> Response:
        token = secrets.token_urlsafe(32)
        response = self.render(request, "admin_login.html", status, login_csrf=token, error=error,
                               next_path=_safe_next(next_path) if next_path else "", username=username)
        response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/admin/login", httponly=True,
                            samesite="lax", secure=self.secure(request))
        return response

    async def login(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        username, password = str(form.get("username", ""))[:200], str(form.get("password", ""))
        next_path = str(form.get("next", ""))
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not expected or not secrets.compare_digest(expected, str(form.get("csrf", ""))):
            return self._login_page(request, 403, "The form expired; please log in again.", next_path, username)
        client = request.client.host if request.client else "unknown"
        try:
            cookie, session = await run_in_threadpool(self.tw.login, username, password, client)
        except TooManyAttemptsError as exc:
            response = self._login_page(request, 429, str(exc), next_path, username)
            response.headers["Retry-After"] = str(int(exc.retry_after) + 1)
            return response
        except AuthError as exc:
            return self._login_page(request, 401, str(exc), next_path, username)
        response = RedirectResponse(_safe_next(next_path), status_code=303)
        max_age = int((session.expires_at - session.created_at).total_seconds())
        response.set_cookie(SESSION_COOKIE, cookie, max_age=max_age, path="/", httponly=True, samesite="lax",
                            secure=self.secure(request))
        response.delete_cookie(LOGIN_COOKIE, path="/admin/login")
        return response

    def logout(self, request: Request, session: AdminSession, form: FormData | None) -> Response:
        self.tw.logout(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse(request.app.url_path_for("admin_login"), status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=self.secure(request))
        return response

    # -- the guard every other page goes through ---------------------------------------------
    def guarded(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """Session required (else to the login form); on POST, the session's CSRF token too."""

        async def endpoint(request: Request) -> Response:
            session = await run_in_threadpool(self.tw.admin_session, request.cookies.get(SESSION_COOKIE))
            if session is None:
                login = request.app.url_path_for("admin_login")
                back = request.url.path if request.method == "GET" else ""
                return RedirectResponse(f"{login}?next={quote(back)}" if back else login, status_code=303)
            form = None
            if request.method == "POST":
                form = await request.form(max_files=1, max_fields=50)
                if not secrets.compare_digest(str(form.get("csrf", "")), session.csrf_token):
                    exc = ForbiddenError("this form's security token is missing or stale; reload the page")
                    return self.render(request, "error.html", 403, title="Forbidden", message=str(exc))
            return await run_in_threadpool(handler, request, session, form)

        return endpoint

    # -- sources ----------------------------------------------------------------------------
    def sources_page(self, request: Request, session: AdminSession, form: FormData | None = None,
                     notice: str | None = None, error: str | None = None, status: int = 200) -> Response:
        return self.render(request, "admin_sources.html", status, session=session, notice=notice, error=error,
                           sources=self.tw.sources_with_feeds())

    def action(self, page: Callable[..., Response], do: Callable[[FormData], str]) -> Handler:
        """A POST: run it, then show ``page`` with its outcome (or its one-line error)."""
        def handler(request: Request, session: AdminSession, form: FormData | None) -> Response:
            try:
                notice = do(form or FormData())
            except TagwireError as exc:
                return page(request, session, error=str(exc), status=status_for(exc)[0])
            return page(request, session, notice=notice)
        return handler

    def sources_action(self, do: Callable[[FormData], str]) -> Handler:
        return self.action(self.sources_page, do)

    def add_feed(self, form: FormData) -> str:
        feed, created = self.tw.add_feed(_field(form, "url"), _field(form, "name") or None)
        return f"Added {feed.url}." if created else f"Already subscribed to {feed.url}."

    def import_opml(self, form: FormData) -> str:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInputError("choose an OPML file to import")
        cap = self.tw.settings.fetch_max_bytes
        content = upload.file.read(cap + 1)
        if len(content) > cap:
            raise InvalidInputError(f"the file is larger than {cap} bytes")
        added, existing, errors = self.tw.import_opml(content)
        skipped = "".join(f" Skipped {e}." for e in errors[:20])
        return f"Imported {added} feeds ({existing} already subscribed, {len(errors)} skipped).{skipped}"

    def feed_action(self, request: Request, session: AdminSession, form: FormData | None) -> Response:
        feed_id, action = request.path_params["feed_id"], request.path_params["action"]
        if action not in FEED_ACTIONS:
            raise InvalidInputError(f"no feed action {action[:20]!r}")
        do = {"pause": lambda: f"Paused {self.tw.pause_feed(feed_id).url}.",
              "resume": lambda: f"Resumed {self.tw.resume_feed(feed_id).url}.",
              "remove": lambda: f"Removed {self.tw.remove_feed_ref(feed_id).url}; its articles stay.",
              "recrawl": lambda: f"{self.tw.feed(feed_id).url} is due: {self.tw.recrawl(feed_id)} feed scheduled."}
        return self.sources_action(lambda _form: do[action]())(request, session, form)

    def edit_source(self, request: Request, session: AdminSession, form: FormData | None) -> Response:
        def edit(form: FormData) -> str:
            source = self.tw.edit_source(request.path_params["source_id"], name=_field(form, "name"),
                                         home_url=_field(form, "home_url"))
            return f"Saved {source.name}."
        return self.sources_action(edit)(request, session, form)

    def export_opml(self, request: Request, session: AdminSession, form: FormData | None) -> Response:
        return Response(self.tw.export_opml(), media_type="text/x-opml; charset=utf-8", headers={
            "Cache-Control": "no-store", "Content-Disposition": 'attachment; filename="tagwire.opml"'})

    # -- topics -------------------------------------------------------------------------------
    def topics_page(self, request: Request, session: AdminSession, form: FormData | None = None,
                    notice: str | None = None, error: str | None = None, status: int = 200) -> Response:
        stored = {t.tag for t in self.tw.stored_topics()}
        return self.render(request, "admin_topics.html", status, session=session, notice=notice, error=error,
                           topics=self.tw.topics(), stored=stored)

    def topics_action(self, do: Callable[[FormData], str]) -> Handler:
        return self.action(self.topics_page, do)

    def add_topic(self, form: FormData) -> str:
        topic = self.tw.add_topic(_field(form, "tag"), _lines(_field(form, "phrases")),
                                  label=_field(form, "label") or None, exclude=_lines(_field(form, "exclude")),
                                  rule=_field(form, "rule") or None)
        return f"Saved #{topic.tag}. Apply topics to re-tag stored articles."

    def remove_topic(self, form: FormData) -> str:
        tag = _field(form, "tag")
        self.tw.remove_topic(tag)
        return f"Removed #{tag.lstrip('#')}."

    def apply_topics(self, form: FormData) -> str:
        return f"Re-tagged {self.tw.apply_topics()} articles."


def _field(form: FormData, name: str, limit: int = 5000) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be text")
    if len(value) > limit:
        raise InvalidInputError(f"{name} is longer than {limit} characters")
    return value.strip()


def _lines(text: str) -> list[str]:
    """One phrase a line (commas also separate, as on the command line's repeated options)."""
    return [p.strip() for line in text.splitlines() for p in line.split(",") if p.strip()]


def _safe_next(path: str | None) -> str:
    """Only a path on this site: never //host or a scheme (an open redirect)."""
    if path and path.startswith("/") and not path.startswith(("//", "/\\")) and len(path) < 2000:
        return path
    return "/admin/sources"


def admin_routes(tagwire: Tagwire, templates: Jinja2Templates) -> list[Route]:
    from .admin_curation import curation_routes  # it builds on this module

    p = Pages(tagwire, templates)
    g = p.guarded
    return [
        Route("/admin", lambda r: RedirectResponse(r.app.url_path_for("admin_sources"), 303), name="admin"),
        Route("/admin/login", p.login_form, methods=["GET"], name="admin_login"),
        Route("/admin/login", p.login, methods=["POST"], name="admin_login_post"),
        Route("/admin/logout", g(p.logout), methods=["POST"], name="admin_logout"),
        Route("/admin/sources", g(p.sources_page), methods=["GET"], name="admin_sources"),
        Route("/admin/sources.opml", g(p.export_opml), methods=["GET"], name="admin_export"),
        Route("/admin/sources/add", g(p.sources_action(p.add_feed)), methods=["POST"], name="admin_add_feed"),
        Route("/admin/sources/import", g(p.sources_action(p.import_opml)), methods=["POST"], name="admin_import"),
        Route("/admin/sources/{source_id:int}/edit", g(p.edit_source), methods=["POST"], name="admin_edit_source"),
        Route("/admin/recrawl", g(p.sources_action(lambda f: f"{tagwire.recrawl()} feeds are due now.")),
              methods=["POST"], name="admin_recrawl"),
        Route("/admin/feeds/{feed_id:int}/{action}", g(p.feed_action), methods=["POST"], name="admin_feed"),
        Route("/admin/topics", g(p.topics_page), methods=["GET"], name="admin_topics"),
        Route("/admin/topics/add", g(p.topics_action(p.add_topic)), methods=["POST"], name="admin_add_topic"),
        Route("/admin/topics/remove", g(p.topics_action(p.remove_topic)), methods=["POST"], name="admin_remove_topic"),
        Route("/admin/topics/apply", g(p.topics_action(p.apply_topics)), methods=["POST"], name="admin_apply_topics"),
        *curation_routes(p),  # hashtags and webhooks (web/admin_curation.py)
    ]
