"""Several `tagwire worker` processes share one database; one is SIGKILLed again and again.

Three workers ingest the publisher while a random one is SIGKILLed every
TAGWIRE_FAULT_KILL_EVERY seconds (and replaced) until at least
TAGWIRE_FAULT_MIN_KILLS kills (50) and the ingest is complete, or
TAGWIRE_FAULT_SECONDS have passed; then the survivors stop (SIGTERM) and one clean
`crawl --force` finishes what is left. At the end every article is stored
exactly once and complete, every story row agrees with its articles (size,
members), and no lease is left behind. Runs on the backend
under test (SQLite, or PostgreSQL in scripts/test.sh's second run).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, func, select

from tagwire import make_tagwire
from tagwire.demo.synthetic import start_synthetic
from tagwire.settings import load_settings
from tagwire.store.schema import article_tags, articles, feeds

from tests.storycheck import check_story_rows

ARTICLES = int(os.environ.get("TAGWIRE_FAULT_ARTICLES", "2000"))
KILL_EVERY = float(os.environ.get("TAGWIRE_FAULT_KILL_EVERY", "1.6"))
LIMIT_SECONDS = float(os.environ.get("TAGWIRE_FAULT_SECONDS", "150"))
MIN_KILLS = int(os.environ.get("TAGWIRE_FAULT_MIN_KILLS", "50"))
WORKERS = 3
PER_FEED = 50


def _worker(env):
    return subprocess.Popen([sys.executable, "-m", "tagwire", "worker"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _counts(url):
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(articles)).scalar()
            distinct = conn.execute(select(func.count(articles.c.url.distinct()))).scalar()
            untagged = conn.execute(select(func.count()).select_from(articles).where(
                ~select(article_tags.c.article_id).where(article_tags.c.article_id == articles.c.id).exists()
            )).scalar()
            leased = conn.execute(select(func.count()).select_from(feeds).where(feeds.c.lease_owner.is_not(None))).scalar()
        return total, distinct, untagged, leased
    finally:
        engine.dispose()


def test_killed_workers_lose_nothing_and_duplicate_nothing(database_url):
    rng = random.Random(7)
    with start_synthetic(feeds=ARTICLES // PER_FEED, per_feed=PER_FEED) as publisher:
        settings = load_settings(environ={}, config_file=None, overrides=dict(database_url=database_url))
        with make_tagwire(settings) as tw:
            for n, url in enumerate(publisher.feed_urls):
                tw.add_feed(url, f"Synthetic {n}")
        env = {**os.environ, "TAGWIRE_DATABASE_URL": database_url, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1",
               "TAGWIRE_FETCH_HOST_DELAY": "0", "TAGWIRE_FETCH_PER_HOST": "4", "TAGWIRE_LEASE_SECONDS": "4",
               "TAGWIRE_CRAWL_INTERVAL": "1", "TAGWIRE_FETCH_TIMEOUT": "10"}
        workers = [_worker(env) for _ in range(WORKERS)]
        kills, during_ingest, started = 0, 0, time.monotonic()
        try:
            while time.monotonic() - started < LIMIT_SECONDS:
                time.sleep(KILL_EVERY)
                total, *_ = _counts(database_url)
                if total >= ARTICLES and kills >= MIN_KILLS:
                    break
                during_ingest += total < ARTICLES
                victim = rng.randrange(len(workers))
                workers[victim].send_signal(signal.SIGKILL)
                workers[victim].wait()
                kills += 1
                workers[victim] = _worker(env)
        finally:
            for w in workers:
                w.send_signal(signal.SIGTERM)
            errors = [w.communicate(timeout=30)[1] for w in workers]
        time.sleep(float(env["TAGWIRE_LEASE_SECONDS"]) + 1)  # the killed workers' leases run out
        # a clean pass over every feed: what the killed workers left unfinished is fetched now;
        # pages that time out on a loaded machine are retried, as the crawler itself would
        for _ in range(3):
            finish = subprocess.run([sys.executable, "-m", "tagwire", "crawl", "--force"], env=env,
                                    capture_output=True, text=True, timeout=600)
            errors.append(finish.stderr)
            if "pages failed" not in finish.stdout + finish.stderr:
                break
    total, distinct, untagged, leased = _counts(database_url)
    print(f"\nworkers: {ARTICLES} articles, {kills} SIGKILLs ({during_ingest} during ingest), "
          f"{time.monotonic() - started:.0f} s")
    assert kills >= MIN_KILLS, f"only {kills} kills in {LIMIT_SECONDS} s"
    assert total == distinct == ARTICLES, f"stored {total} ({distinct} distinct) of {ARTICLES}; {errors[-1][-2000:]}"
    assert untagged == 0
    assert leased == 0, "workers stopped with SIGTERM give their leases back"
    assert not any("Traceback" in e for e in errors), errors
    with make_tagwire(settings) as tw:  # and the stories agree with their articles, whoever wrote them
        check_story_rows(tw)
