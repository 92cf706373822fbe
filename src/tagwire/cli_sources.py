"""``tagwire sources …``: subscribe, unsubscribe, OPML in and out, health, pause, resume, edit, recrawl.

Registered at the end of cli.py (it uses that module's helpers).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from .cli import JSON_OPTION, _fail, _iso, _open, _print_json, _short, app, err, out, run_guarded
from .errors import InvalidInputError
from .parse.names import is_provisional
from .types import Feed

sources_app = typer.Typer(help="Manage the feeds tagwire crawls.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


def _feed_json(f: Feed) -> dict[str, Any]:
    return dict(id=f.id, url=f.url, source=f.source_name, source_id=f.source_id, paused=f.paused,
                next_check=_iso(f.next_check))


# -- subscriptions ---------------------------------------------------------------------------
@sources_app.command("add")
def sources_add(url: str, name: Optional[str] = typer.Option(None, "--name", help="Publisher name."),
                as_json: bool = JSON_OPTION) -> None:
    """Subscribe to a feed (RSS, Atom, JSON Feed, news sitemap), or a web page without one."""
    def body() -> None:
        with _open() as tw:
            feed, created = tw.add_feed(url, name)
            if as_json:
                return _print_json(dict(created=created, feed_id=feed.id, url=feed.url, source_id=feed.source_id,
                                        source=feed.source_name))
            verb = "added" if created else "already subscribed:"
            named = " until the first crawl names its publisher" if created and is_provisional(
                feed.source_name, feed.url) else ""
            out.print(f"{verb} {feed.url} ({feed.source_name}{named})", highlight=False)
    run_guarded(body)


@sources_app.command("remove")
def sources_remove(url: str, as_json: bool = JSON_OPTION) -> None:
    """Unsubscribe from a feed (its stored articles stay)."""
    def body() -> None:
        with _open() as tw:
            tw.remove_feed(url)
        if as_json:
            return _print_json(dict(removed=url))
        out.print(f"removed {url}", highlight=False)
    run_guarded(body)


@sources_app.command("import")
def sources_import(file: Path, as_json: bool = JSON_OPTION) -> None:
    """Add every feed of an OPML file."""
    def body() -> None:
        try:
            content = file.read_bytes()
        except OSError as exc:
            _fail(f"cannot read {file}: {exc.strerror or exc}")
        with _open() as tw:
            added, existing, errors = tw.import_opml(content)
        if as_json:
            return _print_json(dict(added=added, existing=existing, errors=errors))
        for line in errors:
            err.print(f"[yellow]skipped[/yellow] {line}", highlight=False)
        out.print(f"imported {added} feeds ({existing} already subscribed, {len(errors)} skipped)")
    run_guarded(body)


@sources_app.command("export")
def sources_export() -> None:
    """Print every feed as OPML 2.0."""
    def body() -> None:
        with _open() as tw:
            sys.stdout.write(tw.export_opml())
    run_guarded(body)


@sources_app.command("list")
def sources_list(as_json: bool = JSON_OPTION) -> None:
    """Every feed with its health: state, articles, a day, last success, errors, pages waiting.

    Pages waiting: the source's pages that failed (dead links, not articles) awaiting their next try.

    On a terminal narrower than 140 columns a feed is two or three lines instead of a table row."""
    def body() -> None:
        with _open() as tw:
            health = tw.health()
        rows = [dict(source=h.feed.source_name, url=h.feed.url, status=h.status, articles=h.articles,
                     per_day=h.per_day, last_success=h.feed.last_success_at, next_check=h.feed.next_check,
                     errors=h.feed.error_count, last_error=h.feed.last_error, cause=h.last_error_cause,
                     pages_waiting=h.pages_waiting)
                for h in health]
        if as_json:
            return _print_json(rows)
        if out.width < 140:  # nine columns in 80: every cell wrapped to a word per line
            return _print_feed_lines(rows)
        table = Table("source", "feed", "state", "articles", "a day", "last success", "errors", "last error",
                      "pages waiting")
        for r in rows:
            table.add_row(r["source"], r["url"], r["status"], str(r["articles"]), f"{r['per_day']:g}",
                          _short(r["last_success"]), str(r["errors"]), (r["last_error"] or "")[:80],
                          str(r["pages_waiting"]))
        out.print(table)
    run_guarded(body)


def _print_feed_lines(rows: list[dict]) -> None:
    """``sources list`` on a narrow terminal: a feed in two or three lines."""
    for r in rows:
        out.print(f"[bold]{escape(r['source'])}[/bold]  {escape(r['url'])}")
        out.print(f"  {r['status']} · {_count(r['articles'], 'article')} · {r['per_day']:g} a day · last success "
                  f"{_short(r['last_success'])} · {_count(r['errors'], 'error')} · "
                  f"{_count(r['pages_waiting'], 'page')} waiting",
                  highlight=False)
        if r["last_error"]:
            out.print(f"  last error: {escape(r['last_error'][:300])}", highlight=False)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- sources: pause, resume, edit, recrawl -----------------------------------------------------------
FEED = typer.Argument(..., metavar="FEED", help="The feed's URL or id (see `sources list --json`).")


def _set_paused(feed: str, paused: bool, as_json: bool) -> None:
    def body() -> None:
        with _open() as tw:
            changed = tw.pause_feed(feed) if paused else tw.resume_feed(feed)
        if as_json:
            return _print_json(_feed_json(changed))
        out.print(f"{'paused' if paused else 'resumed'} {changed.url} ({changed.source_name})", highlight=False)
    run_guarded(body)


@sources_app.command("pause")
def sources_pause(feed: str = FEED, as_json: bool = JSON_OPTION) -> None:
    """Stop crawling a feed (its articles stay; `sources resume` starts it again)."""
    _set_paused(feed, True, as_json)


@sources_app.command("resume")
def sources_resume(feed: str = FEED, as_json: bool = JSON_OPTION) -> None:
    """Crawl a paused feed again."""
    _set_paused(feed, False, as_json)


@sources_app.command("edit")
def sources_edit(source: str = typer.Argument(..., metavar="SOURCE", help="Source id, name, or one of its feed URLs."),
                 name: Optional[str] = typer.Option(None, "--name", help="New publisher name."),
                 home: Optional[str] = typer.Option(None, "--home", help="Home page URL ('' clears it)."),
                 as_json: bool = JSON_OPTION) -> None:
    """Rename a source or change its home page."""
    def body() -> None:
        if name is None and home is None:
            raise InvalidInputError("give --name or --home")
        with _open() as tw:
            edited = tw.edit_source(source, name=name, home_url=home)
        if as_json:
            return _print_json(dict(id=edited.id, name=edited.name, home_url=edited.home_url))
        out.print(f"source {edited.id}: {edited.name} ({edited.home_url or 'no home page'})", highlight=False)
    run_guarded(body)


@sources_app.command("recrawl")
def sources_recrawl(feed: Optional[str] = typer.Argument(None, metavar="[FEED]", help="One feed's URL or id; none: all."),
                    as_json: bool = JSON_OPTION) -> None:
    """Make every unpaused feed (or one) due now; the running crawler fetches them on its next look."""
    def body() -> None:
        with _open() as tw:
            count = tw.recrawl(feed)
        if as_json:
            return _print_json(dict(scheduled=count))
        out.print(f"{count} feeds due now; `tagwire crawl` or the running crawler fetches them", highlight=False)
    run_guarded(body)
