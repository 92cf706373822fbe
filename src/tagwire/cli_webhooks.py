"""``tagwire webhooks …``: subscribe URLs to a hashtag, source or story, and watch their deliveries.

Registered at the end of cli.py (it uses that module's helpers).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

import typer
from rich.table import Table

from .cli import _fail, _open, _print_json, _short, out, run_guarded
from .deliver.webhooks import Webhook

webhooks_app = typer.Typer(help="Webhooks: new articles POSTed, signed, to a URL.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")


def _scope(hashtag: Optional[str], source: Optional[str], story: Optional[str]) -> tuple[str, str]:
    given = [(name, value) for name, value in (("hashtag", hashtag), ("source", source), ("story", story))
             if value is not None]
    if len(given) != 1:
        _fail("give exactly one of --hashtag, --source or --story")
    return given[0]


def _webhook_json(w: Webhook) -> dict[str, Any]:
    data = dataclasses.asdict(w)
    data["created_at"] = w.created_at.isoformat()
    return data


@webhooks_app.command("add")
def webhooks_add(url: str,
                 hashtag: Optional[str] = typer.Option(None, "--hashtag", help="Follow a hashtag (merged tags too)."),
                 source: Optional[str] = typer.Option(None, "--source", help="Follow a source, by id."),
                 story: Optional[str] = typer.Option(None, "--story", help="Follow a story, by id."),
                 secret: Optional[str] = typer.Option(None, "--secret", help="HMAC key (default: a random one)."),
                 as_json: bool = JSON) -> None:
    """Subscribe URL to new articles; prints the signing secret (shown only now)."""
    def body() -> None:
        scope, target = _scope(hashtag, source, story)
        with _open() as tw:
            hook, key = tw.add_webhook(url, scope, target, secret=secret)
        if as_json:
            return _print_json({**_webhook_json(hook), "secret": key})
        out.print(f"added webhook {hook.id}: {hook.url} ← {hook.scope} {hook.target}", highlight=False)
        out.print(f"secret: {key}", highlight=False)
    run_guarded(body)


@webhooks_app.command("list")
def webhooks_list(as_json: bool = JSON) -> None:
    """Every webhook with its deliveries by state."""
    def body() -> None:
        with _open() as tw:
            hooks = tw.webhooks()
        if as_json:
            return _print_json([_webhook_json(w) for w in hooks])
        table = Table("id", "url", "follows", "pending", "delivered", "failed", "since")
        for w in hooks:
            table.add_row(str(w.id), w.url, f"{w.scope} {w.target}", str(w.pending), str(w.delivered),
                          str(w.failed), _short(w.created_at))
        out.print(table)
    run_guarded(body)


@webhooks_app.command("remove")
def webhooks_remove(webhook_id: int = typer.Argument(..., metavar="ID")) -> None:
    """Unsubscribe (its delivery records go with it)."""
    def body() -> None:
        with _open() as tw:
            tw.remove_webhook(webhook_id)
        out.print(f"removed webhook {webhook_id}")
    run_guarded(body)


@webhooks_app.command("deliveries")
def webhooks_deliveries(webhook_id: int = typer.Argument(..., metavar="ID"),
                        limit: int = typer.Option(50, "--limit", min=1, max=1000, help="How many, newest first."),
                        as_json: bool = JSON) -> None:
    """A webhook's latest deliveries: state, attempts, receiver's status, last error."""
    def body() -> None:
        with _open() as tw:
            rows = tw.deliveries(webhook_id, limit=limit)
        if as_json:
            return _print_json([dataclasses.asdict(d) for d in rows])
        table = Table("id", "article", "state", "attempts", "status", "next attempt", "last error")
        for d in rows:
            table.add_row(str(d.id), str(d.article_id), d.status, str(d.attempts), str(d.response_status or ""),
                          _short(d.next_attempt_at) if d.status == "pending" else "", (d.last_error or "")[:80])
        out.print(table)
    run_guarded(body)


@webhooks_app.command("deliver")
def webhooks_deliver(as_json: bool = JSON) -> None:
    """One pass: make deliveries for new articles and send what is due, then exit."""
    def body() -> None:
        with _open() as tw:
            summary = tw.deliver_once()
        if as_json:
            return _print_json(dataclasses.asdict(summary))
        out.print(f"{summary.enqueued} new deliveries; sent: {summary.delivered} delivered, "
                  f"{summary.retried} to retry, {summary.failed} failed")
    run_guarded(body)


from .cli import app  # noqa: E402  (cli.py imports this module at its end)

app.add_typer(webhooks_app, name="webhooks")
