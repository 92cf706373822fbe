"""``tagwire search QUERY`` and ``tagwire export``: reading the archive from the shell.

Both print articles in the JSON shape of the API's article detail
(``web/api_models.article_detail``), so a script sees one representation
whichever door it uses. Registered from cli.py by importing this module.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from .cli import _fail, _open, _print_json, app, out, run_guarded
from .web.api_models import article_detail


# "tagwire search ferry -union" unquoted: the words are one query, and "-union" an exclusion,
# not an unknown option (it was "No such option: -u")
@app.command(context_settings={"ignore_unknown_options": True})
def search(words: list[str] = typer.Argument(..., metavar="QUERY...",
                                             help='Words, "phrases", -exclusions, #tag, source:, category:, '
                                                  "before:/after:"),
           page: int = typer.Option(1, "--page", min=1, help="Page of results."),
           limit: int = typer.Option(20, "--limit", min=1, max=100, help="Results per page."),
           as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Search stored articles, best match first (relevance discounted by age)."""
    query = words[0] if len(words) == 1 else " ".join(_requote(w) for w in words)

    def body() -> None:
        with _open() as tw:
            _, found, more = tw.search(query, page=page, limit=limit)
        if as_json:
            return _print_json(dict(results=[article_detail(a).model_dump(mode="json") for a in found],
                                    page=page, more=more))
        if not found:
            out.print("no articles match")
            return None
        table = Table("when", "publisher", "headline", "category")
        for a in found:
            table.add_row(a.sort_time.strftime("%Y-%m-%d %H:%M"), a.source_name, a.title, a.category)
        out.print(table)
        if more:
            out.print(f"more: tagwire search {query!r} --page {page + 1}", highlight=False)
        return None
    run_guarded(body)


def _requote(word: str) -> str:
    """One shell argument with a space in it was quoted: "River Exe", source:"Daily Meridian"."""
    word = word.strip()
    if " " not in word or '"' in word:
        return word
    sign, word = ("-", word[1:]) if word.startswith("-") else ("", word)
    name, colon, value = word.partition(":")
    if colon and name.isalpha():
        return f'{sign}{name}:"{value}"'
    return f'{sign}"{word}"'


@app.command()
def export(output: Path = typer.Option(Path("-"), "--output", "-o", help="JSONL file; - for standard output."),
           with_text: bool = typer.Option(False, "--text", help="Add each article's full extracted text "
                                          "(then `tagwire analyze --input` reads the file as it is).")
           ) -> None:
    """Every stored article as JSON lines (with hashtags, why, category and story), oldest first."""
    def body() -> None:
        try:
            sink = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot open {exc.filename}: {exc.strerror or exc}")
        count = 0
        with _open() as tw:
            try:
                for article in tw.export_articles():
                    row = article_detail(article).model_dump(mode="json")
                    if with_text:  # the instance's own copy for its own analysis; the API never serves it
                        row["text"] = article.text
                    sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
            finally:
                if sink is not sys.stdout:
                    sink.close()
        if sink is not sys.stdout:
            out.print(f"{count} articles written to {output}", highlight=False)
    run_guarded(body)
