"""Admin pages for hashtag merges and blocks, and for webhooks (same login, CSRF and notices
as the other admin pages: ``web/admin.py``'s ``Pages.guarded`` wraps every handler)."""

from __future__ import annotations


from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import InvalidInputError, TagwireError
from ..store.admin import AdminSession
from .admin import Pages, _field
from .errors import status_for

SCOPES = ("hashtag", "source", "story")


class CurationPages:
    def __init__(self, pages: Pages):
        self.p = pages
        self.tw = pages.tw

    def hashtags_page(self, request: Request, session: AdminSession, form: FormData | None = None,
                      notice: str | None = None, error: str | None = None, status: int = 200) -> Response:
        return self.p.render(request, "admin_hashtags.html", status, session=session, notice=notice, error=error,
                             rules=self.tw.hashtag_rules())

    def webhooks_page(self, request: Request, session: AdminSession, form: FormData | None = None,
                      notice: str | None = None, error: str | None = None, status: int = 200,
                      secret: str | None = None) -> Response:
        return self.p.render(request, "admin_webhooks.html", status, session=session, notice=notice, error=error,
                             webhooks=self.tw.webhooks(), scopes=SCOPES, secret=secret)

    def merge(self, form: FormData) -> str:
        source, target = _field(form, "tag", 100), _field(form, "into", 100)
        moved = self.tw.merge_hashtag(source, target)
        return f"Merged #{source.lstrip('#')} into #{target.lstrip('#')}: {moved} articles moved."

    def unmerge(self, form: FormData) -> str:
        tag = _field(form, "tag", 100)
        return f"Undid the merge of #{tag.lstrip('#')}: {self.tw.unmerge_hashtag(tag)} articles moved back."

    def block(self, form: FormData) -> str:
        tag = _field(form, "tag", 100)
        return f"Blocked #{tag.lstrip('#')}: removed from {self.tw.block_hashtag(tag)} articles."

    def unblock(self, form: FormData) -> str:
        tag = _field(form, "tag", 100)
        self.tw.unblock_hashtag(tag)
        return f"Unblocked #{tag.lstrip('#')}. Apply topics to tag stored articles with it again."

    def add_webhook(self, request: Request, session: AdminSession, form: FormData | None) -> Response:
        form = form or FormData()
        try:
            scope = _field(form, "scope", 20)
            if scope not in SCOPES:
                raise InvalidInputError(f"a webhook follows a {', '.join(SCOPES)}, not {scope[:20]!r}")
            hook, secret = self.tw.add_webhook(_field(form, "url", 2000), scope, _field(form, "target", 100),
                                               secret=_field(form, "secret", 200) or None)
        except TagwireError as exc:
            return self.webhooks_page(request, session, error=str(exc), status=status_for(exc)[0])
        return self.webhooks_page(request, session, notice=f"Webhook {hook.id} will POST to {hook.url}.",
                                  secret=secret)

    def remove_webhook(self, form: FormData) -> str:
        value = _field(form, "id", 20)
        if not value.isdigit():
            raise InvalidInputError("choose a webhook to remove")
        self.tw.remove_webhook(int(value))
        return f"Removed webhook {value}."


def curation_routes(pages: Pages) -> list[Route]:
    c, g = CurationPages(pages), pages.guarded
    hashtag_post = lambda path, do, name: Route(path, g(pages.action(c.hashtags_page, do)),  # noqa: E731
                                                methods=["POST"], name=name)
    return [
        Route("/admin/hashtags", g(c.hashtags_page), methods=["GET"], name="admin_hashtags"),
        hashtag_post("/admin/hashtags/merge", c.merge, "admin_merge"),
        hashtag_post("/admin/hashtags/unmerge", c.unmerge, "admin_unmerge"),
        hashtag_post("/admin/hashtags/block", c.block, "admin_block"),
        hashtag_post("/admin/hashtags/unblock", c.unblock, "admin_unblock"),
        Route("/admin/webhooks", g(c.webhooks_page), methods=["GET"], name="admin_webhooks"),
        Route("/admin/webhooks/add", g(c.add_webhook), methods=["POST"], name="admin_add_webhook"),
        Route("/admin/webhooks/remove", g(pages.action(c.webhooks_page, c.remove_webhook)), methods=["POST"],
              name="admin_remove_webhook"),
    ]
