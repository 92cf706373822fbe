"""Crash safety: a crawl SIGKILLed at random moments resumes with no corruption, no
duplicates and no half-stored article; a read-only database and a full disk give one
clear line and leave the database intact.

Each crawl is a real ``python -m tagwire crawl`` process against the demo publisher
(45 articles). The default category model is stored in each test database first, so
a process start does not spend its ~4 s training the classifier (docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest

from tagwire import load_settings, make_tagwire
from tagwire.demo.publisher import start_publisher
from tagwire.enrich.classifier import default_model
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite files: kills, read-only files, full disks")

KILLS = int(os.environ.get("TAGWIRE_TEST_KILLS", "50"))
PER_ROUND = 10  # kills of one fresh database at most, before a crawl is let finish
WORKERS = 2  # rounds run side by side (separate databases, one publisher)
# A killed crawl keeps its feed leases until they expire (lease_seconds, 300 s by default);
# until then another crawl skips those feeds. Short leases let the next crawl resume at once.
LEASE_SECONDS = 1.0


def _env(db: Path) -> dict[str, str]:
    env = {**os.environ, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1", "TAGWIRE_FETCH_HOST_DELAY": "0",
           "TAGWIRE_DATABASE_URL": f"sqlite:///{db}", "TAGWIRE_FETCH_PER_HOST": "4",
           "TAGWIRE_LEASE_SECONDS": str(LEASE_SECONDS)}
    env.pop("TAGWIRE_CONFIG", None)
    return env


def _template(folder: Path, publisher) -> Path:
    """A database subscribed to the publisher's feeds, with the category model stored."""
    db = folder / "template.db"
    settings = load_settings(environ={}, config_file=None, overrides=dict(
        database_url=f"sqlite:///{db}", fetch_allow_hosts="127.0.0.1"))
    with make_tagwire(settings) as tw:
        for outlet in publisher.outlets:
            tw.add_feed(outlet.feed_url, outlet.name, outlet.home_url)
        tw.storage.save_model("categories", default_model().to_bytes(), note="tests: skip training")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return -1


def _crawl(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tagwire", "crawl", *args], env=_env(db),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_once(db: Path, rng: random.Random) -> str:
    """Start a crawl and SIGKILL it: mostly once it has begun writing articles (plus a random
    delay), otherwise at a random moment of its life. Returns "killed" or "finished"."""
    before = _count(db)
    proc = _crawl(db, "--force")
    started = time.monotonic()
    if rng.random() < 0.7:
        while proc.poll() is None and _count(db) <= before and time.monotonic() - started < 30:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.4))
    else:
        time.sleep(rng.uniform(0.5, 4.0))
    if proc.poll() is not None:
        proc.communicate()
        return "finished"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    return "killed"


def _check(db: Path, publisher) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        urls = [r[0] for r in conn.execute("SELECT url FROM articles")]
        incomplete = conn.execute(
            "SELECT url FROM articles a WHERE coalesce(trim(title), '') = '' OR coalesce(trim(text), '') = '' "
            "OR NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)").fetchall()
    assert len(urls) == len(set(urls)), "an article stored twice"
    assert sorted(urls) == sorted(a["url"].split("?")[0] for a in publisher.articles)
    assert incomplete == [], f"half-stored articles: {incomplete}"
    return {"articles": len(urls)}


def _round(number: int, template: Path, folder: Path, publisher, kills: int) -> dict[str, int]:
    rng = random.Random(1000 + number)
    db = folder / f"round{number}.db"
    shutil.copy(template, db)
    killed = finished = 0
    stored = 0
    while killed < kills and stored < len(publisher.articles):
        if _kill_once(db, rng) == "killed":
            killed += 1
        else:
            finished += 1
        now = _count(db)
        assert now >= stored, "a kill lost stored articles"  # each crawl resumed from the last
        stored = now
        with sqlite3.connect(db) as conn:  # after every kill, before anything repairs it
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored_before = _count(db)
    time.sleep(LEASE_SECONDS + 0.5)  # the last killed crawl's leases expire
    final = _crawl(db, "--json")  # no --force: the resumed crawl must find what is missing
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    assert "Traceback" not in err
    summary = json.loads(out)
    assert summary["errors"] == 0, summary
    result = _check(db, publisher)
    assert stored_before + summary["new_articles"] == len(publisher.articles)
    return {"killed": killed, "finished": finished, "stored_before_final": stored_before,
            "resumed": summary["new_articles"], **result}


def test_sigkill_during_crawl_resumes_without_damage(tmp_path):
    """Fresh databases, each killed up to PER_ROUND times (fewer when it fills up first) and
    then crawled to the end, until KILLS kills in all; WORKERS rounds at a time."""
    started = time.monotonic()
    lock = threading.Lock()
    results: list[dict[str, int]] = []
    rounds = itertools.count()

    def worker(publisher, template: Path) -> None:
        while True:
            with lock:
                if sum(r["killed"] for r in results) >= KILLS:
                    return
                number = next(rounds)
            result = _round(number, template, tmp_path, publisher, PER_ROUND)
            with lock:
                results.append(result)

    with start_publisher() as publisher:
        template = _template(tmp_path, publisher)
        with ThreadPoolExecutor(WORKERS) as pool:
            for future in [pool.submit(worker, publisher, template) for _ in range(WORKERS)]:
                future.result()
    killed = sum(r["killed"] for r in results)
    print(f"\ncrash safety: {killed} kills survived in {len(results)} databases, "
          f"{time.monotonic() - started:.0f} s; per round: {results}")
    assert killed >= KILLS
    assert all(r["articles"] == 45 for r in results)


# -- a read-only database, a full disk -----------------------------------------------------

def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def _tmpfs(folder: Path, size: int) -> Iterator[Path]:
    """A small tmpfs (root only); yields its mount point."""
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), result.stderr
    return last


def _integrity(db: Path, read_only_fs: bool = False) -> str:
    # immutable: no -shm needed on a read-only filesystem (safe there: nothing is in a WAL)
    uri = f"file:{db}?immutable=1" if read_only_fs else f"file:{db}"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_read_only_database_gives_one_line_and_no_damage(tmp_path):
    with start_publisher() as publisher:
        template = _template(tmp_path, publisher)
        if _can_mount():  # root ignores file modes: make the whole filesystem read-only
            ctx = _tmpfs(tmp_path / "ro", 8_000_000)
        else:
            ctx = contextlib.nullcontext((tmp_path / "ro"))
            (tmp_path / "ro").mkdir()
        with ctx as folder:
            db = folder / "tagwire.db"
            shutil.copy(template, db)
            if _can_mount():
                subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            else:
                db.chmod(0o444)
                folder.chmod(0o555)
            before = db.read_bytes()
            for args in (["crawl"], ["sources", "list"], ["topics", "add", "x", "--phrase", "y"]):
                result = subprocess.run([sys.executable, "-m", "tagwire", *args], env=_env(db),
                                        capture_output=True, text=True, timeout=60)
                line = _one_line_error(result)
                assert "database" in line, line
            assert db.read_bytes() == before
            if not _can_mount():
                folder.chmod(0o755)
            assert _integrity(db, read_only_fs=_can_mount()) == "ok"


def _fsize_limit(limit: int):
    def apply() -> None:  # in the child: writes past the limit fail with EFBIG instead of killing it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_gives_one_line_and_no_damage(tmp_path):
    with start_publisher() as publisher:
        template = _template(tmp_path, publisher)
        room = 300_000  # a few articles fit, then the disk is full
        if _can_mount() and not os.environ.get("TAGWIRE_TEST_NO_MOUNT"):
            ctx, limit = _tmpfs(tmp_path / "full", template.stat().st_size + room), None
        else:
            (tmp_path / "full").mkdir()
            ctx, limit = contextlib.nullcontext(tmp_path / "full"), template.stat().st_size + room
        with ctx as folder:
            db = folder / "tagwire.db"
            shutil.copy(template, db)
            result = subprocess.run([sys.executable, "-m", "tagwire", "crawl"], env=_env(db), capture_output=True,
                                    text=True, timeout=120, preexec_fn=_fsize_limit(limit) if limit else None)
            line = _one_line_error(result)
            # a full filesystem: "database or disk is full"; RLIMIT_FSIZE (EFBIG): "disk I/O error"
            assert "full" in line or "disk I/O error" in line, line
            assert _integrity(db) == "ok"
            with contextlib.closing(sqlite3.connect(db)) as conn:
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                orphans = conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                                       "(SELECT 1 FROM article_tags t WHERE t.article_id = a.id)").fetchone()[0]
            assert stored < len(publisher.articles) and orphans == 0
