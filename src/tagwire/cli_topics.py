"""``tagwire topics …``: curated hashtags defined by phrases and rules.

Registered at the end of cli.py (it uses that module's helpers).
"""

from __future__ import annotations

from typing import Optional

import typer
from rich.table import Table

from .cli import JSON_OPTION, _open, _print_json, app, out, run_guarded

topics_app = typer.Typer(help="Curated topics: hashtags defined by phrases.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")


# -- topics ----------------------------------------------------------------------------
@topics_app.command("add")
def topics_add(tag: str, phrase: list[str] = typer.Option([], "--phrase", "-p", help="A phrase that tags an article (repeat)."),
               rule: Optional[str] = typer.Option(None, "--rule", help='A rule: "a b" OR (c AND NOT d) OR (e NEAR/5 f).'),
               label: Optional[str] = typer.Option(None, help="Readable label."),
               exclude: list[str] = typer.Option([], "--exclude", help="A phrase that vetoes the topic (repeat)."),
               as_json: bool = JSON_OPTION) -> None:
    """Define or replace a curated topic: phrases (any of them) and/or a rule."""
    def body() -> None:
        with _open() as tw:
            topic = tw.add_topic(tag, phrase, label=label, exclude=exclude, rule=rule)
        if as_json:
            return _print_json(dict(tag=topic.tag, label=topic.label, phrases=topic.phrases, exclude=topic.exclude,
                                    rule=topic.rule))
        out.print(f"topic #{topic.tag} ({topic.label}): {', '.join(topic.phrases + ((topic.rule,) if topic.rule else ()))}",
                  highlight=False)
    run_guarded(body)


@topics_app.command("list")
def topics_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every curated topic: built-in, from the topics file and added here."""
    def body() -> None:
        with _open() as tw:
            topics = tw.topics()
        if as_json:
            return _print_json([dict(tag=t.tag, label=t.label, phrases=t.phrases, exclude=t.exclude, rule=t.rule)
                                for t in topics])
        table = Table("hashtag", "label", "phrases")
        for t in topics:
            table.add_row("#" + t.tag, t.label, ", ".join(t.phrases + ((f"rule: {t.rule}",) if t.rule else ())))
        out.print(table)
    run_guarded(body)


@topics_app.command("remove")
def topics_remove(tag: str, as_json: bool = JSON_OPTION) -> None:
    """Remove a topic added with `topics add`."""
    def body() -> None:
        with _open() as tw:
            tw.remove_topic(tag)
        if as_json:
            return _print_json(dict(removed=tag.lstrip("#")))
        out.print(f"removed topic {tag}", highlight=False)
    run_guarded(body)


@topics_app.command("apply")
def topics_apply(as_json: bool = JSON_OPTION) -> None:
    """Re-tag every stored article with the current topics."""
    def body() -> None:
        with _open() as tw:
            changed = tw.apply_topics()
        if as_json:
            return _print_json(dict(changed=changed))
        out.print(f"re-tagged {changed} articles")
    run_guarded(body)
