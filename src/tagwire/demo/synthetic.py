"""A synthetic publisher for load and fault tests: many feeds, thousands of distinct articles.

Articles are generated from a seed (different places, people, numbers and
topics in every one), small but real HTML pages, served on loopback by a
threaded standard-library server. ``python -m tagwire.demo.synthetic`` runs it.
"""

from __future__ import annotations

import argparse
import html
import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PLACES = ["Ashford", "Barnmouth", "Calder Vale", "Dunmore", "Eastwick", "Fenwick", "Glenholm", "Harlow Cross",
          "Ivybridge", "Kingsmere", "Lowestoke", "Marsden", "Northfield", "Oakhampton", "Penrith Green", "Redcastle"]
PEOPLE = ["Alice Moreton", "Ben Okafor", "Clara Jensen", "Dev Patel", "Elena Ruiz", "Farid Haddad", "Grace Lin",
          "Hugo Brandt", "Isla Murray", "Jonah Price", "Kemi Adeyemi", "Liam Walsh", "Maya Singh", "Noah Fischer"]
TOPICS = [
    ("council", "Politics", "The council voted on a plan to {verb} the {thing} after months of debate."),
    ("hospital", "Health", "Doctors at the hospital said waiting times for {thing} had {trend} this year."),
    ("factory", "Business", "The factory announced it would {verb} {n} jobs as orders for {thing} {trend}."),
    ("stadium", "Sport", "Fans at the stadium watched the side {verb} its rivals in a tense {thing} match."),
    ("festival", "Entertainment", "Organisers of the festival said {n} people came to see the {thing} this year."),
    ("river", "Environment", "Volunteers surveyed the river and found the {thing} had {trend} since spring."),
    ("laboratory", "Science", "Researchers at the laboratory reported a new result on {thing} after {n} trials."),
    ("software", "Technology", "The company released software to {verb} {thing} for {n} small firms."),
]
THINGS = ["bus routes", "bridge repairs", "school meals", "solar panels", "cataract operations", "steel beams",
          "cup semi-final", "folk music", "otter numbers", "battery chemistry", "invoice tools", "library hours"]
VERBS = ["expand", "review", "reduce", "replace", "protect", "double", "beat", "support"]
TRENDS = ["risen sharply", "fallen slightly", "stayed flat", "improved", "worsened"]


@dataclass(frozen=True)
class SyntheticPublisher:
    base_url: str
    feeds: int
    per_feed: int
    server: ThreadingHTTPServer

    @property
    def feed_urls(self) -> list[str]:
        return [f"{self.base_url}/feed/{f}.xml" for f in range(self.feeds)]

    def article_urls(self) -> list[str]:
        return [f"{self.base_url}/a/{f}/{i}" for f in range(self.feeds) for i in range(self.per_feed)]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "SyntheticPublisher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _article(feed: int, item: int) -> tuple[str, list[str]]:
    rng = random.Random(feed * 100_003 + item)
    place, person = rng.choice(PLACES), rng.choice(PEOPLE)
    key, _, pattern = TOPICS[(feed + item) % len(TOPICS)]
    fill = dict(verb=rng.choice(VERBS), thing=rng.choice(THINGS), trend=rng.choice(TRENDS), n=rng.randint(12, 9000))
    title = f"{place} {key} story {feed}-{item}: {fill['thing']} {fill['trend']}"
    paragraphs = [
        f"In {place}, {pattern.format(**fill)} Report number {feed}-{item} was filed on the day.",
        f"{person}, who follows the {key} closely, said the figures of {fill['n']} were "
        f"{'encouraging' if rng.random() < .5 else 'worrying'} and that residents wanted answers.",
        f"Officials in {place} promised an update within {rng.randint(2, 9)} weeks, and a public meeting "
        f"on the {fill['thing']} is planned for the town hall.",
        f"Critics said the {key} had been slow to act, while supporters pointed to {rng.randint(3, 40)} "
        f"earlier projects that had finished on time and on budget.",
    ]
    return title, paragraphs


def _page(feed: int, item: int) -> bytes:
    title, paragraphs = _article(feed, item)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)} | Synthetic</title>"
            f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{html.escape(title)}</h1>"
            f"{body}</article><footer>Synthetic publisher for tagwire tests</footer></body></html>").encode()


def _feed(base: str, feed: int, per_feed: int, now: datetime) -> bytes:
    items = []
    for item in range(per_feed):
        title, paragraphs = _article(feed, item)
        when = format_datetime(now - timedelta(minutes=feed * per_feed + item))
        items.append(f"<item><title>{html.escape(title)}</title><link>{base}/a/{feed}/{item}</link>"
                     f"<guid isPermaLink='false'>syn-{feed}-{item}</guid><pubDate>{when}</pubDate>"
                     f"<description>{html.escape(paragraphs[0])}</description></item>")
    return (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Synthetic {feed}</title>"
            f"<link>{base}/</link><description>x</description>{''.join(items)}</channel></rss>").encode()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass  # clients killed mid-request (the fault tests do that on purpose) reset connections


def start_synthetic(feeds: int = 40, per_feed: int = 50, host: str = "127.0.0.1", port: int = 0) -> SyntheticPublisher:
    now = datetime.now(timezone.utc)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            parts = self.path.split("?")[0].strip("/").split("/")
            base = f"http://{self.headers.get('Host', host)}"
            try:
                if parts[0] == "feed" and len(parts) == 2:
                    body, kind = _feed(base, int(parts[1].removesuffix(".xml")), per_feed, now), "application/rss+xml"
                elif parts[0] == "a" and len(parts) == 3:
                    body, kind = _page(int(parts[1]), int(parts[2])), "text/html; charset=utf-8"
                else:
                    raise ValueError
            except ValueError:
                body, kind = b"not found", "text/plain"
                self.send_response(404)
            else:
                self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = _QuietServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return SyntheticPublisher(f"http://{host}:{server.server_address[1]}", feeds, per_feed, server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--per-feed", type=int, default=50)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    publisher = start_synthetic(args.feeds, args.per_feed, port=args.port)
    print(f"synthetic publisher on {publisher.base_url}: {args.feeds} feeds × {args.per_feed} articles")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        publisher.stop()


if __name__ == "__main__":
    main()
