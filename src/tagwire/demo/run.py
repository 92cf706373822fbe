"""``tagwire demo``: the fake publisher, crawled over real HTTP, then served."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from rich.console import Console

from ..core import Tagwire, make_tagwire
from ..settings import load_settings
from .publisher import start_publisher


def run_demo(*, port: int | None, database: Path | None, console: Console,
             serve: Callable[[Tagwire, str, int, bool], None]) -> None:
    tmp = None
    if database is None:
        tmp = tempfile.TemporaryDirectory(prefix="tagwire-demo-")
        database = Path(tmp.name) / "demo.db"
    publisher = start_publisher()
    try:
        settings = load_settings(overrides=dict(
            database_url=f"sqlite:///{database}",
            fetch_allow_hosts="127.0.0.1",  # the fake publisher lives on loopback
            fetch_per_host=4,
            fetch_host_delay=0.0,  # one loopback host serves every outlet
            crawl_interval=60,
            **({"port": port} if port else {}),
        ))
        with make_tagwire(settings) as tw:
            for outlet in publisher.outlets:
                tw.add_feed(outlet.feed_url, outlet.name, outlet.home_url)
            console.print(f"fake publisher on {publisher.base_url}/ ({len(publisher.outlets)} outlets); crawling…")
            summary = tw.crawl()
            console.print(f"stored {summary.new_articles} articles from {summary.feeds} feeds "
                          f"({summary.errors} errors)")
            console.print(f"open http://{tw.settings.host}:{tw.settings.port}/ — try "
                          f"http://{tw.settings.host}:{tw.settings.port}/tag/groominggangs", highlight=False)
            serve(tw, tw.settings.host, tw.settings.port, True)
    finally:
        publisher.stop()
        if tmp is not None:
            tmp.cleanup()
