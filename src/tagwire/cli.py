"""The ``tagwire`` command: Typer for parsing, Rich for output, the facade for work.

Every error a user can cause ends as one line on stderr and exit status 1;
commands that print data take ``--json``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import logging
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any, Callable, Optional

import typer
from rich.console import Console

from .core import Tagwire, make_tagwire
from .errors import ConfigError, TagwireError
from .settings import load_settings
from .types import CrawlSummary, FeedResult

app = typer.Typer(help="tagwire: news from publishers' feeds, organised by hashtag.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
categories_app = typer.Typer(help="The category classifier of this instance.", no_args_is_help=True)
app.add_typer(categories_app, name="categories")

out = Console()
err = Console(stderr=True, soft_wrap=True)  # one message, one line, however long
log = logging.getLogger("tagwire")

_state: dict[str, Any] = {}


@app.callback()
def main(config: Optional[Path] = typer.Option(None, "--config", help="TOML settings file."),
         verbose: bool = typer.Option(False, "--verbose", "-v", help="Log more.")) -> None:
    _state["config"] = config
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _open(**overrides: Any) -> Tagwire:
    config = _state.get("config")
    settings = load_settings(config_file=config if config else True,
                             overrides={k: v for k, v in overrides.items() if v is not None})
    return make_tagwire(settings)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(1)


def run_guarded(fn: Callable[[], Any]) -> Any:
    """Run a command body; TagwireError becomes one line and exit 1."""
    try:
        return fn()
    except TagwireError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _short(when: Any) -> str:
    return when.strftime("%Y-%m-%d %H:%M") if when else "never"


def _iso(when: Any) -> str | None:
    return when.isoformat() if when else None


# -- crawling ----------------------------------------------------------------------------
def _result_line(r: FeedResult) -> str:
    if r.error:
        return f"error  {r.source_name}: {r.error}"
    if r.not_modified:
        return f"same   {r.source_name}: not modified"
    extra = f", {r.article_errors} pages failed" if r.article_errors else ""
    return f"ok     {r.source_name}: {r.new_articles} new{extra}"


def _summary_line(s: CrawlSummary) -> str:
    return f"crawled {s.feeds} feeds: {s.new_articles} new articles, {s.errors} feed errors"


def _crawl_with_progress(tw: Tagwire, force: bool) -> CrawlSummary:
    """A Rich progress bar on a terminal (feeds done, new articles, errors); plain lines otherwise."""
    if not err.is_terminal:
        return tw.crawl(force=force, progress=lambda r: err.print(_result_line(r), highlight=False))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    counts = {"new": 0, "errors": 0}
    columns = (TextColumn("crawling"), BarColumn(), MofNCompleteColumn(), TextColumn("feeds"),
               TextColumn("{task.fields[new]} new, {task.fields[errors]} errors"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("crawl", total=tw.due_count(force=force), new=0, errors=0)

        def advance(r: FeedResult) -> None:
            counts["new"] += r.new_articles
            counts["errors"] += bool(r.error)
            if r.error:
                bar.console.print(_result_line(r), highlight=False)
            bar.update(task, advance=1, **counts)

        return tw.crawl(force=force, progress=advance)


@app.command()
def crawl(force: bool = typer.Option(False, "--force", help="Poll every feed now (still conditionally)."),
          as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON.")) -> None:
    """One pass over the due feeds and their new articles, then exit."""
    def body() -> None:
        with _open() as tw:
            summary = tw.crawl(force=force) if as_json else _crawl_with_progress(tw, force)
        if as_json:
            return _print_json(dict(feeds=summary.feeds, new_articles=summary.new_articles,
                                    errors=summary.errors,
                                    results=[dataclasses.asdict(r) for r in summary.results]))
        out.print(_summary_line(summary))
    run_guarded(body)


def _crawl_forever(tw: Tagwire, stop: threading.Event) -> None:
    """The scheduler thread of ``run``: look for due feeds every crawl_interval seconds."""
    while not stop.is_set():
        try:
            summary = tw.crawl(progress=lambda r: log.info(_result_line(r)))
            if summary.feeds:
                err.print(_summary_line(summary), highlight=False)
        except TagwireError as exc:
            err.print(f"[red]crawl failed:[/red] {exc}", highlight=False)
        except Exception:  # the site must outlive a crawler bug; log it whole
            log.exception("crawl pass crashed")
        stop.wait(tw.settings.crawl_interval)


def _serve(tw: Tagwire, host: str, port: int, crawl_in_background: bool) -> None:
    import uvicorn

    from .web import create_app

    sock = _listen(host, port)  # before anything starts: a busy port is one clear line, not a silent exit
    stop = threading.Event()
    if crawl_in_background:
        threading.Thread(target=_crawl_forever, args=(tw, stop), name="crawler", daemon=True).start()
    out.print(f"serving on http://{host}:{sock.getsockname()[1]}/", highlight=False)
    try:
        with tw.delivering() if crawl_in_background else contextlib.nullcontext():  # webhooks, own thread
            uvicorn.Server(uvicorn.Config(create_app(tw), log_level="warning")).run(sockets=[sock])
    finally:
        stop.set()
        sock.close()


def _listen(host: str, port: int) -> socket.socket:
    """The server's listening socket; ConfigError in one line when the address cannot be had."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
        return socket.create_server((host, port), family=family, backlog=2048)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: unknown address ({exc.strerror})") from None
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"cannot listen on {host}:{port}: {reason}") from None


@app.command()
def worker(once: bool = typer.Option(False, "--once", help="One pass over the due feeds, then exit.")) -> None:
    """Crawl without serving: claim due feeds (leases), crawl, repeat. Run any number, on any hosts."""
    import signal

    def stop(*_: object) -> None:
        raise KeyboardInterrupt  # unwinds the crawl, which gives its leases back

    signal.signal(signal.SIGTERM, stop)

    def body() -> None:
        with _open() as tw, (contextlib.nullcontext() if once else tw.delivering()):  # webhooks, own thread
            err.print(f"worker {tw.worker_id} started", highlight=False)
            while True:
                summary = tw.crawl(progress=lambda r: log.info(_result_line(r)))
                if summary.feeds:
                    err.print(_summary_line(summary), highlight=False)
                if once:
                    return
                time.sleep(tw.settings.crawl_interval)
    run_guarded(body)


@app.command()
def serve(host: Optional[str] = typer.Option(None, help="Address to listen on."),
          port: Optional[int] = typer.Option(None, help="Port to listen on.")) -> None:
    """Serve the site only (no crawling)."""
    def body() -> None:
        with _open(host=host, port=port) as tw:
            _serve(tw, tw.settings.host, tw.settings.port, crawl_in_background=False)
    run_guarded(body)


@app.command()
def run(host: Optional[str] = typer.Option(None, help="Address to listen on."),
        port: Optional[int] = typer.Option(None, help="Port to listen on.")) -> None:
    """The main job: crawl the sources on a schedule and serve the site."""
    def body() -> None:
        with _open(host=host, port=port) as tw:
            added = tw.ensure_sources()
            if added:
                out.print(f"subscribed to {added} feeds (see `tagwire sources list`)")
            _serve(tw, tw.settings.host, tw.settings.port, crawl_in_background=True)
    run_guarded(body)


@app.command()
def demo(port: Optional[int] = typer.Option(None, help="Port of the site."),
         database: Optional[Path] = typer.Option(None, help="SQLite file (default: a fresh temporary one).")) -> None:
    """Show the whole product offline: a local fake publisher, crawled and served."""
    from .demo.run import run_demo

    run_guarded(lambda: run_demo(port=port, database=database, console=out, serve=_serve))


# -- extraction --------------------------------------------------------------------------
@app.command()
def extract(source: str = typer.Argument(..., metavar="FILE_OR_URL", help="An HTML file, or an http(s) URL to fetch."),
            url: Optional[str] = typer.Option(None, "--url", help="The page's address (for relative links and URL dates)."),
            as_json: bool = typer.Option(False, "--json", help="Print JSON (the default output is readable text).")) -> None:
    """Extract an article's text and metadata from a page."""
    def body() -> None:
        with _open() as tw:
            if source.startswith(("http://", "https://")):
                article = tw.extract_url(source)
            else:
                try:
                    content = Path(source).read_bytes()
                except OSError as exc:
                    _fail(f"cannot read {source}: {exc.strerror or exc}")
                article = tw.extract(content, url)
        data = _article_json(article)
        if as_json:
            return _print_json(data)
        out.print(f"[bold]{data['title'] or '(no title)'}[/bold]", highlight=False)
        meta = [data["publisher"], data["published"], ", ".join(data["authors"]), data["section"],
                "subscriber" if data["paywalled"] else None, f"{data['word_count']} words"]
        out.print(" · ".join(m for m in meta if m), highlight=False)
        out.print()
        out.print(data["text"], highlight=False, markup=False)
    run_guarded(body)


def _article_json(a: Any) -> dict[str, Any]:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return dict(title=a.title, text=a.text, published=iso(a.published), modified=iso(a.modified),
                authors=list(a.authors), section=a.section, image=a.image, language=a.language,
                publisher=a.publisher, description=a.description, paywalled=a.paywalled,
                word_count=a.word_count)


# -- batch -------------------------------------------------------------------------------
@app.command()
def analyze(input: Path = typer.Option(..., "--input", help="JSONL rows {id, title, text, url?, published?, source?}; - for standard input."),
            output: Path = typer.Option(Path("-"), "--output", help="JSONL out; - for standard output.")) -> None:
    """Hashtags, category and story of every row, with the crawler's own code, streaming in time order."""
    from .analyze import analyze_file

    def body() -> None:
        try:
            source = _spooled_stdin() if str(input) == "-" else input.open("rb")
            sink = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot open {exc.filename}: {exc.strerror or exc}")
        done = skipped = warned = 0
        with _open() as tw, source, contextlib.ExitStack() as stack:
            if sink is not sys.stdout:
                stack.enter_context(sink)
            progress = _batch_progress(stack)
            enrich = functools.partial(tw.enrich, number_forms={})  # one number form per key phrase in the run
            for result in analyze_file(source, enrich, tw.stories.batch_clusterer()):
                if isinstance(result, dict):
                    sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                    done += 1
                    progress(done)
                    continue
                skipped += result.skipped
                warned += not result.skipped
                if result.skipped or warned <= MAX_WARNINGS:
                    kind = "[yellow]skipped[/yellow]" if result.skipped else "[yellow]warning[/yellow]"
                    err.print(f"{kind} {input}:{result.line}: {result.message}", highlight=False)
        more = f"; {warned} with an unreadable date" if warned else ""
        err.print(f"analyzed {done} rows ({skipped} skipped{more})", highlight=False)
    run_guarded(body)


MAX_WARNINGS = 20  # per run: a file of bad dates says so without burying the skipped rows


def _spooled_stdin() -> IO[bytes]:
    """Standard input in a temporary file: the analysis reads rows twice, in time order."""
    spool = tempfile.TemporaryFile()
    shutil.copyfileobj(sys.stdin.buffer, spool)
    spool.seek(0)
    return spool


def _batch_progress(stack: contextlib.ExitStack) -> Callable[[int], None]:
    """A spinner with a count on a terminal; nothing otherwise."""
    if not err.is_terminal:
        return lambda n: None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = stack.enter_context(Progress(SpinnerColumn(), TextColumn("analyzed {task.completed} rows"),
                                       TimeElapsedColumn(), console=err, transient=True))
    task = bar.add_task("analyze", total=None)
    return lambda n: bar.update(task, completed=n)


# -- categories --------------------------------------------------------------------------
@categories_app.command("train")
def categories_train(input: Path = typer.Option(..., "--input", help="JSONL rows {title, text, label}."),
                     as_json: bool = typer.Option(False, "--json", help="Print the outcome as JSON.")) -> None:
    """Train this instance's classifier; the current model stays unless the new one is at least as good."""
    from .enrich.classifier import MAX_TRAIN_CHARS, load_rows

    def body() -> None:
        try:
            # a training reads at most MAX_TRAIN_CHARS; a file several times that is
            # sampled while it is read rather than loaded whole (bytes ≈ characters, and
            # the JSON around each row and the body past what features read make up the 4×)
            size = input.stat().st_size
            keep = min(1.0, 4 * MAX_TRAIN_CHARS / size) if size else 1.0
            with input.open(encoding="utf-8") as lines:
                rows = load_rows(lines, str(input), keep=keep)
        except OSError as exc:
            _fail(f"cannot read {input}: {exc.strerror or exc}")
        except UnicodeDecodeError:
            _fail(f"{input} is not UTF-8 text")
        with _open() as tw:
            replaced, message = tw.train_categories(rows)
        if keep < 1.0:
            message += f" (the {size / 1e6:,.0f} MB file was read as a random {keep:.0%} of its lines)"
        if as_json:
            return _print_json(dict(replaced=replaced, message=message, rows=len(rows)))
        out.print(("model updated: " if replaced else "model kept: ") + message, highlight=False)
    run_guarded(body)


@categories_app.command("learn")
def categories_learn() -> None:
    """Learn from stored articles whose publisher's section gave their category."""
    def body() -> None:
        with _open() as tw:
            replaced, message = tw.learn_categories()
        out.print(("model updated: " if replaced else "model kept: ") + message, highlight=False)
    run_guarded(body)


@categories_app.command("list")
def categories_list(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """The configured categories with their article counts, and the model's last change."""
    def body() -> None:
        with _open() as tw:
            status = tw.category_status()
        if as_json:
            return _print_json(status)
        for c in status["categories"]:
            out.print(f"{c['name']:<24} {c['articles']:>8}", highlight=False)
        for old, new in status["renames"].items():
            out.print(f"renamed: {old} → {new}", highlight=False)
        out.print(f"model: {status['model']['note']}", highlight=False)
        if status["learning"]:
            out.print(f"learning: {status['learning']['note']}", highlight=False)
    run_guarded(body)


# -- maintenance ------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending schema migrations (also done automatically on start)."""
    def body() -> None:
        with _open() as tw:
            out.print(f"schema up to date; integrity: {tw.storage.integrity_check()}")
    run_guarded(body)


@db_app.command("prune")
def db_prune(older_than: Optional[int] = typer.Option(None, "--older-than", metavar="DAYS", min=1,
                                                       help="Days of coverage to keep (default: keep_days)."),
             dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would go."),
             as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Delete coverage older than DAYS, a whole story at a time (hashtags, merges and feeds stay)."""
    def body() -> None:
        with _open() as tw:
            pruned = tw.prune(older_than, dry_run=dry_run)
        if as_json:
            return _print_json(dict(articles=pruned.articles, stories=pruned.stories, dry_run=dry_run))
        verb = "would delete" if dry_run else "deleted"
        out.print(f"{verb} {pruned.articles} articles and {pruned.stories} stories", highlight=False)
    run_guarded(body)


def entry() -> None:
    app()


from . import cli_sources  # noqa: E402,F401  registers `sources …`
from . import cli_topics  # noqa: E402,F401  registers `topics add|list|remove|apply`
app.add_typer(db_app, name="db")  # after sources and topics, where `--help` has always listed it
from . import cli_admin  # noqa: E402,F401  registers `admin token|user …`
from . import cli_webhooks  # noqa: E402,F401  registers `webhooks add|list|remove|deliveries|deliver`
from . import cli_tags  # noqa: E402,F401  registers `tags merge|unmerge|block|unblock|list|trending|related`
from . import cli_read  # noqa: E402,F401  registers `search` and `export`
