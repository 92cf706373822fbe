"""``tagwire tags …``: merges and the blocklist (kept as data), trending, related, why.

Registered at the end of cli.py (it uses that module's helpers).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import typer
from rich.table import Table

from .cli import _open, _print_json, app, out, run_guarded

tags_app = typer.Typer(help="Hashtags: merges, the blocklist, trending and related tags.", no_args_is_help=True)
app.add_typer(tags_app, name="tags")
JSON = typer.Option(False, "--json", help="Print JSON.")
LIMIT = typer.Option(20, "--limit", min=1, max=100, help="How many to show.")


def _say(as_json: bool, data: dict[str, Any], line: str) -> None:
    if as_json:
        _print_json(data)
    else:
        out.print(line, highlight=False)


@tags_app.command("merge")
def tags_merge(source: str, target: str, as_json: bool = JSON) -> None:
    """Merge SOURCE into TARGET: its articles move now, and later tagging says TARGET."""
    def body() -> None:
        with _open() as tw:
            moved = tw.merge_hashtag(source, target)
            final = next(r.target for r in tw.hashtag_rules() if r.tag == _canonical(source))
        _say(as_json, dict(source=_canonical(source), target=final, moved=moved),
             f"merged #{_canonical(source)} into #{final} ({moved} articles moved)")
    run_guarded(body)


@tags_app.command("unmerge")
def tags_unmerge(source: str, as_json: bool = JSON) -> None:
    """Undo a merge: SOURCE is its own tag again, on the articles the merge moved too."""
    def body() -> None:
        with _open() as tw:
            moved = tw.unmerge_hashtag(source)
        _say(as_json, dict(source=_canonical(source), moved=moved),
             f"unmerged #{_canonical(source)} ({moved} articles got it back)")
    run_guarded(body)


@tags_app.command("block")
def tags_block(tag: str, as_json: bool = JSON) -> None:
    """Remove TAG from every article and never assign it again."""
    def body() -> None:
        with _open() as tw:
            removed = tw.block_hashtag(tag)
        _say(as_json, dict(tag=_canonical(tag), removed=removed),
             f"blocked #{_canonical(tag)} (removed from {removed} articles)")
    run_guarded(body)


@tags_app.command("unblock")
def tags_unblock(tag: str, as_json: bool = JSON) -> None:
    """Allow TAG again (run `tagwire topics apply` to re-tag stored articles)."""
    def body() -> None:
        with _open() as tw:
            tw.unblock_hashtag(tag)
        _say(as_json, dict(tag=_canonical(tag)), f"unblocked #{_canonical(tag)}")
    run_guarded(body)


@tags_app.command("list")
def tags_list(as_json: bool = JSON) -> None:
    """Every merged or blocked hashtag."""
    def body() -> None:
        with _open() as tw:
            rules = tw.hashtag_rules()
        if as_json:
            return _print_json([dataclasses.asdict(r) for r in rules])
        table = Table("hashtag", "label", "rule")
        for r in rules:
            what = "blocked" if r.blocked else f"merged into #{r.merged_into}"
            if r.target and r.target != r.merged_into:
                what += f" (→ #{r.target})"
            table.add_row("#" + r.tag, r.label, what)
        out.print(table if rules else "no merged or blocked hashtags")
    run_guarded(body)


@tags_app.command("trending")
def tags_trending(limit: int = LIMIT, as_json: bool = JSON) -> None:
    """Hashtags more outlets carry in the last day than usually do."""
    def body() -> None:
        with _open() as tw:
            found = tw.trending_hashtags(limit=limit)
        if as_json:
            return _print_json([dataclasses.asdict(t) for t in found])
        table = Table("hashtag", "label", "score", "outlets today", "usual outlets a day")
        for t in found:
            table.add_row("#" + t.tag, t.label, f"{t.score:.2f}", str(t.outlets), f"{t.baseline:.2f}")
        out.print(table if found else "nothing trending")
    run_guarded(body)


@tags_app.command("related")
def tags_related(tag: str, limit: int = LIMIT, as_json: bool = JSON) -> None:
    """Hashtags that appear with TAG more often than chance, over the last 30 days."""
    def body() -> None:
        with _open() as tw:
            found = tw.related_hashtags(_canonical(tag), limit=limit)
        if as_json:
            return _print_json([dataclasses.asdict(r) for r in found])
        table = Table("hashtag", "label", "score", "together", "articles")
        for r in found:
            table.add_row("#" + r.tag, r.label, f"{r.score:.2f}", str(r.together), str(r.count))
        out.print(table if found else f"no related hashtags for #{_canonical(tag)} yet")
    run_guarded(body)


@tags_app.command("why")
def tags_why(article_id: int, as_json: bool = JSON) -> None:
    """An article's hashtags and why each is there."""
    def body() -> None:
        with _open() as tw:
            tags = tw.article_hashtags(article_id)
        if as_json:
            return _print_json([dataclasses.asdict(t) for t in tags])
        table = Table("hashtag", "kind", "score", "why")
        for t in tags:
            table.add_row("#" + t.tag, t.kind, f"{t.score:.2f}", t.why)
        out.print(table)
    run_guarded(body)


def _canonical(tag: str) -> str:
    from .core import Tagwire

    return Tagwire.canonical_tag(tag)
