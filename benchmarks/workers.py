"""Articles ingested per second with 1, 2 and 4 `tagwire worker` processes on PostgreSQL.

    python benchmarks/workers.py [--database postgresql://…] [--articles 600] [--workers 1,2,4]

Each run gets a fresh schema in the database (default: the server that
scripts/postgres.sh starts), subscribes to a synthetic publisher on loopback
(feeds of 10 distinct articles each), starts N workers and times until every
article is stored. The 1-worker run is the reference the others are compared with,
in the same process. All processes share this machine's CPUs, so the scaling
ceiling is the core count.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine  # noqa: E402

from tagwire import make_tagwire  # noqa: E402
from tagwire.demo.synthetic import start_synthetic  # noqa: E402
from tagwire.settings import load_settings  # noqa: E402
from tagwire.store.schema import articles  # noqa: E402


def _engine(url: str):  # noqa: ANN202
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def run(base_url: str, workers: int, total: int, per_feed: int = 10) -> float:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = _engine(base_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = f"{base_url}?options=-csearch_path%3D{schema}"
    try:
        with start_synthetic(feeds=total // per_feed, per_feed=per_feed) as publisher:
            with make_tagwire(load_settings(environ={}, config_file=None, overrides=dict(database_url=url))) as tw:
                for n, feed in enumerate(publisher.feed_urls):
                    tw.add_feed(feed, f"Synthetic {n}")
            env = {**os.environ, "TAGWIRE_DATABASE_URL": url, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1",
                   "TAGWIRE_FETCH_HOST_DELAY": "0", "TAGWIRE_FETCH_PER_HOST": "4", "TAGWIRE_CRAWL_INTERVAL": "1"}
            started = time.perf_counter()
            procs = [subprocess.Popen([sys.executable, "-m", "tagwire", "worker"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
            engine = _engine(url)
            try:
                while True:
                    with engine.connect() as conn:
                        stored = conn.execute(select(func.count()).select_from(articles)).scalar()
                    if stored >= total:
                        break
                    if time.perf_counter() - started > 900:
                        raise SystemExit(f"{workers} workers: only {stored} of {total} after 900 s")
                    time.sleep(0.2)
                elapsed = time.perf_counter() - started
            finally:
                for p in procs:
                    p.terminate()
                for p in procs:
                    p.wait(30)
                engine.dispose()
        return total / elapsed
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="")
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    url = args.database or subprocess.run(["bash", str(REPO / "scripts" / "postgres.sh")], capture_output=True,
                                          text=True, check=True).stdout.strip()
    print(f"machine: {machine()}")
    print(f"database: {url.split('@')[-1]}, {args.articles} articles per run (process start included)")
    rates = {}
    for n in (int(x) for x in args.workers.split(",")):
        rates[n] = run(url, n, args.articles)
        base = rates[min(rates)]
        print(f"{n} worker{'s' if n > 1 else ' '}: {rates[n]:6.1f} articles/s   ({rates[n] / base:.2f}× one worker)")


if __name__ == "__main__":
    main()
