"""Ordered, recorded schema migrations: Alembic revisions, run in process.

The revisions live in ``store/alembic/versions`` (numbered ``0001``, ``0002``...,
one linear chain, append-only: never edit a released one) and Alembic records
the current one in ``alembic_version``.  No alembic.ini is needed: the
``Config`` is built here and gets our connection through ``config.attributes``.

An upgrade is a loop of steps, each one transaction that:

1. takes the upgrade lock (PostgreSQL: ``pg_advisory_xact_lock``; SQLite:
   ``BEGIN IMMEDIATE``, the database's write lock),
2. reads the current revision *under that lock*,
3. applies the single next revision and records it, then commits.

So each migration is its own transaction, and two processes starting at once
never both apply the same revision: the second waits, then sees it done.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

from .schema import metadata

SCRIPT_LOCATION = Path(__file__).with_name("alembic")
#: any constant 64-bit number; it names tagwire's upgrade lock on PostgreSQL
PG_LOCK_KEY = 0x7461_6777_6972_6531  # "tagwire1"


class MigrationError(RuntimeError):
    """The database's schema cannot be brought to the code's (wrapped as StorageError)."""


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = conn
    return config


@functools.cache
def _chain() -> tuple[Script, ...]:
    """Every revision, oldest first; refuses a history that has branched."""
    script = ScriptDirectory.from_config(_config())
    script.get_current_head()  # raises when there are several heads
    return tuple(reversed(list(script.walk_revisions())))


def current_revision(conn: Connection) -> str | None:
    heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if heads else None


def _after(revision: str | None) -> list[Script]:
    chain = _chain()
    if revision is None:
        return list(chain)
    ids = [s.revision for s in chain]
    if revision not in ids:
        raise MigrationError(f"database is at revision {revision!r}, unknown to this tagwire (newer?)")
    return list(chain[ids.index(revision) + 1:])


def pending(conn: Connection) -> list[tuple[int, str]]:
    """(number, name) of each revision not yet applied, oldest first."""
    return [(int(s.revision), s.doc) for s in _after(current_revision(conn))]


def upgrade(engine: Engine) -> list[str]:
    """Apply every pending revision, each in its own transaction; return their names."""
    applied = []
    while True:
        with _locked(engine) as conn:
            todo = _after(current_revision(conn))
            if not todo:
                return applied
            command.upgrade(_config(conn), todo[0].revision)
        applied.append(todo[0].doc)


@contextlib.contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the upgrade lock until it commits or rolls back."""
    if engine.dialect.name == "sqlite":
        with _sqlite_locked(engine) as conn:
            yield conn
        return
    with engine.connect() as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        yield conn


@contextlib.contextmanager
def _sqlite_locked(engine: Engine) -> Iterator[Connection]:
    # Batch ALTERs copy and drop tables: with foreign keys on, dropping a parent would
    # cascade into its children.  The pragma only changes outside a transaction, so it
    # is switched off first and the keys are checked by hand before committing.
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise MigrationError(f"migration broke foreign keys: {broken[:5]}")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


#: full-text search objects that migration 0002 makes per dialect, outside the metadata
_FULL_TEXT = ("articles_fts", "search_vector", "ix_articles_search")


def include_name(name: str | None, type_: str, _parent: dict) -> bool:
    """For schema comparisons: everything but the full-text objects (and FTS5's shadow tables)."""
    return not (name or "").startswith(_FULL_TEXT)


def differences(conn: Connection) -> list:
    """How the database's schema differs from ``schema.py`` (empty when they agree)."""
    context = MigrationContext.configure(conn, opts={"include_name": include_name})
    return compare_metadata(context, metadata)
