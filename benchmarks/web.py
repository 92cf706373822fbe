"""The hashtag page under load with 10k and with 1M stored articles, against a static file.

    python benchmarks/web.py                                  # 10k and 1M, 20 s per target
    python benchmarks/web.py --articles 10000 --seconds 5     # a quick look
    python benchmarks/web.py --keep /tmp/bench --json

Databases (SQLite, schema at head, so the full-text triggers index every article
as it is inserted) are built with bulk SQLAlchemy Core inserts and kept under
``build/bench/`` (or ``--keep DIR``): a rerun reuses them, ``--rebuild`` does not.
Shape: 50 outlets, 2,000 hashtags drawn with a Zipf law (s = 1), 5 tags per
article, stories of 1-4 articles from different outlets that share 3 of their
tags, 1,000 articles a day ending at build time (so 10k spans 10 days and 1M
nearly three years, and the trending window holds the same articles in both),
text of about 1-2 KB made from the word list below.

For each size, ``tagwire serve`` (uvicorn, one process) runs in a subprocess and
N async httpx clients (closed loop) fetch one target at a time for ``--seconds``
after a short warm-up: ``/static/style.css`` (the reference, same server), a
mid-popularity tag (rank 50), the top tag, and page 2 of each (the page's
"older" link). Reports requests/s, p50 and p99 per target and the two goals:
p99 at the largest size <= 1.3x p99 at the smallest; tag page rps >= 1/3 of the
static file's. All traffic stays on 127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine  # noqa: E402

DEFAULT_KEEP = REPO / "build" / "bench"
OUTLETS, TAGS, TAGS_PER_ARTICLE, PER_DAY = 50, 2000, 5, 1000
MID_RANK = 50
BATCH = 20_000

# -- text: an invented vocabulary, not taken from any dataset ---------------------------

_WORDS = """
council ferry timetable harbour budget minister inquiry hospital nurses teachers strike river flood
rain storm wind bridge railway station tram bus road motorway airport runway pilot airline shipping
port cargo market shares bank rates inflation prices wages pension tax housing rent mortgage builders
energy power grid solar wind turbine coal gas pipeline water drought farmers harvest wheat barley
cattle fishing quota court judge trial jury appeal verdict police officers arrest charge prison
election ballot voters campaign party leader mayor parliament senate committee report review audit
school university students exam research scientists study trial vaccine clinic doctors patients
museum gallery theatre festival concert album film director actor author novel library archive
football cricket rugby tennis cycling marathon league cup final match goal season coach stadium
weather heatwave frost snow coast cliff island village town city county region border treaty
summit talks ceasefire aid refugees charity volunteers donors fund grant scheme plan strategy
software startup chips factory plant jobs workers union contract deal merger profit loss shares
the a of to in on at for with from after before during over under about against between into
new old local national regional global public private early late major minor first last final
said says announced confirmed warned denied agreed rejected approved opened closed raised cut
rose fell grew slowed reached passed missed won lost met visited reported expected planned
on monday on tuesday on wednesday on thursday on friday this week last month next year
""".split()

_PLACES = ("Northgate Millbrook Harbour Ashford Kingsbridge Eastwick Fairhaven Redcliff Stonebury "
           "Westmere Brightwater Oakham Glenford Riverton Highcombe Lowater Thornbury Marsh").split()
_PAPERS = ("Herald Gazette Courier Post Times Chronicle Echo Mercury Observer Standard").split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


class TextMaker:
    """Articles from a pool of invented sentences: cheap per article, varied enough for the index."""

    def __init__(self, rng: random.Random, pool: int = 30_000):
        self.rng = rng
        self.sentences = [_sentence(rng) for _ in range(pool)]

    def title(self) -> str:
        return " ".join(self.rng.choices(_WORDS, k=self.rng.randint(6, 11))).capitalize()

    def body(self) -> str:
        picked = self.rng.choices(self.sentences, k=self.rng.randint(9, 18))
        return "\n\n".join(" ".join(picked[i:i + 3]) for i in range(0, len(picked), 3))


def _tag_names(rng: random.Random) -> list[tuple[str, str]]:
    """2,000 distinct (tag, label): places, people-like and topic-like names, all [a-z0-9]+."""
    firsts = [w for w in _WORDS if len(w) > 3 and w.isalpha()]
    names: dict[str, str] = {}
    while len(names) < TAGS:
        a, b = rng.choice(_PLACES + firsts), rng.choice(firsts)
        label = f"{a.capitalize()} {b}" if rng.random() < 0.7 else a.capitalize()
        names.setdefault(re.sub(r"[^a-z0-9]", "", label.lower()), label)
    return list(names.items())


# -- the database -------------------------------------------------------------------------


@dataclass
class Built:
    articles: int
    path: str
    build_seconds: float
    built_at: str
    top: str
    top_count: int
    mid: str
    mid_count: int


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def build_database(path: Path, n: int, seed: int = 7) -> Built:
    """A fresh database at head (full-text triggers included) filled in big transactions."""
    from sqlalchemy import create_engine, event

    from tagwire.store import open_storage
    from tagwire.store.schema import article_tags, articles, feeds, hashtags, sources, stories

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    open_storage(_sqlite_url(path)).close()  # migrations: the same schema and triggers as production

    engine = create_engine(_sqlite_url(path))

    @event.listens_for(engine, "connect")
    def _fast(dbapi_conn, _record) -> None:  # noqa: ANN001
        # a throwaway build: no journal, no fsync; WAL again at the end for the server
        dbapi_conn.execute("PRAGMA journal_mode=OFF")
        dbapi_conn.execute("PRAGMA synchronous=OFF")
        dbapi_conn.execute("PRAGMA cache_size=-1000000")
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")

    rng = random.Random(seed)
    text = TextMaker(rng)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    names = _tag_names(rng)
    weights = list(accumulate(1 / rank for rank in range(1, TAGS + 1)))  # Zipf, s = 1
    kinds = ("place", "person", "org", "entity", "topic")
    outlets = [f"The {rng.choice(_PLACES)} {_PAPERS[i % len(_PAPERS)]} {i}" for i in range(OUTLETS)]
    from tagwire.enrich.categories import TAXONOMY

    with engine.begin() as conn:
        conn.execute(sources.insert(), [dict(id=i + 1, name=name, home_url=f"http://127.0.0.1:9/{i}",
                                             language="en", created_at=now) for i, name in enumerate(outlets)])
        conn.execute(feeds.insert(), [dict(id=i + 1, source_id=i + 1, url=f"http://127.0.0.1:9/{i}/feed.xml",
                                           kind="rss", interval_seconds=1800, error_count=0, paused=False,
                                           created_at=now, next_check=now + timedelta(days=3650))
                                      for i in range(OUTLETS)])
        conn.execute(hashtags.insert(), [dict(tag=t, label=label, kind=kinds[i % len(kinds)], blocked=False)
                                         for i, (t, label) in enumerate(names)])

    def draw(k: int, taken: set[int]) -> list[int]:
        out: list[int] = []
        while len(out) < k:
            r = rng.choices(range(TAGS), cum_weights=weights, k=1)[0]
            if r not in taken:
                taken.add(r)
                out.append(r)
        return out

    step = 86_400 / PER_DAY
    start = now - timedelta(seconds=step * n)
    story: dict = {}
    counts = [0] * TAGS
    for first in range(0, n, BATCH):
        rows, tag_rows, story_rows = [], [], []
        for i in range(first, min(n, first + BATCH)):
            ident = i + 1
            when = start + timedelta(seconds=step * i + rng.random() * step)
            if not story.get("left"):
                size = rng.choices((1, 2, 3, 4), weights=(4, 3, 2, 1))[0]
                story = dict(id=f"s{ident:011d}", left=size, tags=draw(3, set()), outlets=rng.sample(range(OUTLETS), size),
                             headline=text.title(), first=when, size=size)
                story_rows.append(dict(id=story["id"], headline=story["headline"], first_seen=when,
                                       last_seen=when, first_source_id=story["outlets"][0] + 1, size=size,
                                       signature="{}"))
            story["left"] -= 1
            outlet = story["outlets"][story["left"]]
            title = story["headline"] if story["left"] == story["size"] - 1 else text.title()
            body = text.body()
            url = f"http://127.0.0.1:9/{outlet}/a/{ident}"
            rows.append(dict(
                id=ident, url=url, guid=url, source_id=outlet + 1, feed_id=outlet + 1, title=title, text=body,
                excerpt=body.split("\n\n", 1)[0][:300], published=when, modified=None, fetched_at=when,
                sort_time=when, authors=("Staff reporter",), section=None, image=None, language="en",
                paywalled=rng.random() < 0.05, word_count=body.count(" ") + 1,
                category=TAXONOMY[ident % len(TAXONOMY)], category_reason="benchmark",
                content_hash=hashlib.sha256(body.encode()).hexdigest(), story_id=story["id"],
                duplicate_of_url=None))
            ranks = story["tags"] + draw(TAGS_PER_ARTICLE - 3, set(story["tags"]))
            for j, r in enumerate(ranks):
                counts[r] += 1
                tag, label = names[r]
                tag_rows.append(dict(article_id=ident, tag=tag, label=label, score=round(1 - j * 0.15, 2),
                                     kind=kinds[r % len(kinds)], why="in the headline and the text",
                                     sort_time=when))
        with engine.begin() as conn:
            conn.execute(articles.insert(), rows)
            conn.execute(article_tags.insert(), tag_rows)
            if story_rows:
                conn.execute(stories.insert(), story_rows)
        print(f"  {path.name}: {min(n, first + BATCH):,} / {n:,} articles, {time.perf_counter() - started:.0f} s",
              end="\r", flush=True, file=sys.stderr)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    engine.dispose()
    print(file=sys.stderr)
    built = Built(articles=n, path=str(path), build_seconds=round(time.perf_counter() - started, 1),
                  built_at=now.isoformat(), top=names[0][0], top_count=counts[0],
                  mid=names[MID_RANK - 1][0], mid_count=counts[MID_RANK - 1])
    Path(f"{path}.json").write_text(json.dumps(asdict(built), indent=2))
    return built


def database(folder: Path, n: int, rebuild: bool) -> tuple[Built, bool]:
    """The kept database of n articles, built first if missing; (info, built now)."""
    path = folder / f"web-{n}.db"
    meta = Path(f"{path}.json")
    if not rebuild and path.exists() and meta.exists():
        return Built(**json.loads(meta.read_text())), False
    return build_database(path, n), True


# -- serving and load ---------------------------------------------------------------------


@dataclass
class Measured:
    target: str
    path: str
    requests: int = 0
    errors: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, port: int, page_cache: float | None) -> subprocess.Popen:
    env = {**os.environ, "TAGWIRE_DATABASE_URL": _sqlite_url(db)}
    if page_cache is not None:
        env["TAGWIRE_PAGE_CACHE_SECONDS"] = str(page_cache)
    env.pop("TAGWIRE_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "tagwire", "serve", "--port", str(port), "--host", "127.0.0.1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_up(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up: {server.stdout.read() if server.poll() is not None else ''}")


def _stop(server: subprocess.Popen) -> str:
    server.terminate()
    try:
        return server.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        server.kill()
        return server.communicate()[0]


async def _hammer(base: str, path: str, clients: int, seconds: float) -> tuple[list[float], dict[str, int]]:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        async def one() -> None:
            while time.monotonic() < until:
                start = time.perf_counter()
                try:
                    key = str((await client.get(path)).status_code)
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                latencies.append(time.perf_counter() - start)
                statuses[key] = statuses.get(key, 0) + 1

        await asyncio.gather(*(one() for _ in range(clients)))
    return latencies, statuses


def measure(base: str, target: str, path: str, clients: int, seconds: float, warmup: float) -> Measured:
    asyncio.run(_hammer(base, path, clients, warmup))
    started = time.monotonic()
    latencies, statuses = asyncio.run(_hammer(base, path, clients, seconds))
    elapsed = time.monotonic() - started
    result = Measured(target=target, path=path, requests=len(latencies), statuses=statuses)
    result.errors = sum(n for k, n in statuses.items() if k != "200")
    if latencies:
        ordered = sorted(latencies)
        result.rps = round(len(ordered) / elapsed, 1)
        result.p50_ms = round(ordered[len(ordered) // 2] * 1000, 1)
        result.p99_ms = round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1)
    return result


def _older_link(base: str, tag: str) -> str:
    page = httpx.get(f"{base}/tag/{tag}", timeout=60).text
    found = re.search(r'<a rel="next" href="([^"]+)"', page)
    if not found:
        raise RuntimeError(f"no 'older' link on /tag/{tag}")
    return str(httpx.URL(f"/tag/{tag}").join(found.group(1).replace("&amp;", "&")))


def run_size(built: Built, clients: int, seconds: float, warmup: float,
             page_cache: float | None = None) -> list[Measured]:
    port = _free_port()
    server = _serve(Path(built.path), port, page_cache)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base + "/healthz", server)
        targets = [("static file", "/static/style.css"),
                   (f"tag mid #{built.mid}", f"/tag/{built.mid}"),
                   (f"tag top #{built.top}", f"/tag/{built.top}"),
                   ("mid, page 2", _older_link(base, built.mid)),
                   ("top, page 2", _older_link(base, built.top))]
        return [measure(base, name, path, clients, seconds, warmup) for name, path in targets]
    finally:
        log = _stop(server)
        if "Traceback" in log:
            print(log[-3000:], file=sys.stderr)


# -- report -------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--articles takes numbers separated by commas, not {text!r}") from None
    if not sizes or sizes[0] < 1000 or sizes[-1] > 5_000_000:
        raise argparse.ArgumentTypeError("--articles: between 1,000 and 5,000,000 articles each")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The hashtag page under load at several archive sizes.")
    parser.add_argument("--articles", type=_sizes, default=[10_000, 1_000_000],
                        help="archive sizes, comma-separated (default 10000,1000000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per target (default 20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds per target (default 3)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--keep", type=Path, default=DEFAULT_KEEP, help=f"database folder (default {DEFAULT_KEEP})")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again even if kept")
    parser.add_argument("--page-cache", type=float, default=None, metavar="SECONDS",
                        help="TAGWIRE_PAGE_CACHE_SECONDS for the server (default: the product's default; "
                             "0 measures every request rendered)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 256 and 0 < args.seconds <= 300 and 0 <= args.warmup <= 60):
        parser.error("bounded: 1-256 clients, at most 300 s per target and 60 s of warm-up")
    try:
        args.keep.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        parser.error(f"cannot use --keep {args.keep}: {exc.strerror or exc}")

    report: dict = {"machine": machine(), "clients": args.clients, "seconds": args.seconds, "sizes": {},
                    "page_cache": "default" if args.page_cache is None else args.page_cache}
    for n in args.articles:
        built, fresh = database(args.keep, n, args.rebuild)
        age = datetime.now(timezone.utc) - datetime.fromisoformat(built.built_at)
        if age > timedelta(days=2):
            print(f"note: the {n:,}-article database was built {age.days} days ago; its trending window "
                  "is emptier than at build time (--rebuild to refresh)", file=sys.stderr)
        results = run_size(built, args.clients, args.seconds, args.warmup, args.page_cache)
        report["sizes"][n] = dict(built=asdict(built), built_now=fresh, results=[asdict(r) for r in results])
    report["goals"] = _goals(report)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    return 0


def _goals(report: dict) -> dict:
    sizes = sorted(report["sizes"])
    by = {n: {r["target"].split(" #")[0]: r for r in report["sizes"][n]["results"]} for n in sizes}
    small, large = sizes[0], sizes[-1]
    goals = {}
    for kind in ("tag mid", "tag top", "mid, page 2", "top, page 2"):
        if by[small][kind]["p99_ms"]:
            goals[f"p99 {kind}: {large:,} / {small:,}"] = round(by[large][kind]["p99_ms"] / by[small][kind]["p99_ms"], 2)
    for n in sizes:
        static = by[n]["static file"]["rps"] or 1
        for kind in ("tag mid", "tag top"):
            goals[f"rps {kind} / static at {n:,}"] = round(by[n][kind]["rps"] / static, 2)
    return goals


def _print(report: dict) -> None:
    print(f"machine: {report['machine']}")
    print(f"{report['clients']} clients, closed loop, {report['seconds']:g} s per target after warm-up; "
          f"one uvicorn process; page cache: {report['page_cache']}")
    for n, size in report["sizes"].items():
        b = size["built"]
        how = "built now" if size["built_now"] else "kept"
        print(f"\n{n:,} articles ({how}, build {b['build_seconds']:.0f} s): top #{b['top']} in {b['top_count']:,} "
              f"articles, mid #{b['mid']} (rank {MID_RANK}) in {b['mid_count']:,}")
        for r in size["results"]:
            errors = f"  errors {r['errors']} {r['statuses']}" if r["errors"] else ""
            print(f"  {r['target']:<28} {r['rps']:>8.1f} req/s   p50 {r['p50_ms']:>7.1f} ms   "
                  f"p99 {r['p99_ms']:>7.1f} ms{errors}")
    print()
    for name, value in report["goals"].items():
        goal = "(goal <= 1.30)" if name.startswith("p99") else "(goal >= 0.33)"
        print(f"{name:<40} {value:5.2f}  {goal}")


if __name__ == "__main__":
    raise SystemExit(main())
