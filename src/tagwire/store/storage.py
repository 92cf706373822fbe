"""The storage facade: one engine, driver errors wrapped, per-aggregate mixins.

``open_storage(url)`` builds the engine for a SQLAlchemy URL, applies SQLite's
pragmas (WAL so the site reads while the crawler writes; a busy timeout so a
reader never sees "database is locked"), and runs pending migrations.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Iterator

from alembic.util import CommandError as AlembicError
from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from ..errors import ConfigError, StorageError
from . import migrations
from .admin import AdminMixin
from .articles import ArticlesMixin
from .categories import CategoriesMixin
from .entry_failures import EntryFailuresMixin
from .feeds import FeedsMixin
from .retention import RetentionMixin
from .search import SearchMixin
from .stories import StoriesMixin, StoryListMixin
from .tags import TagsMixin
from .trends import TrendsMixin
from .webhooks import WebhooksMixin


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


@contextlib.contextmanager
def _migration_errors() -> Iterator[None]:
    try:
        yield
    except (migrations.MigrationError, AlembicError) as exc:
        raise StorageError(f"cannot migrate the database: {exc}") from exc


class Storage(FeedsMixin, ArticlesMixin, TagsMixin, StoriesMixin, StoryListMixin, SearchMixin, AdminMixin, WebhooksMixin, TrendsMixin, CategoriesMixin,
              EntryFailuresMixin, RetentionMixin):
    def __init__(self, engine: Engine):
        self.engine = engine

    @contextlib.contextmanager
    def _wrap(self, what: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise StorageError(f"database error while {what}: {_one_line(exc)}") from exc

    @contextlib.contextmanager
    def write(self, what: str) -> Iterator[Connection]:
        """A transaction; driver errors come out as StorageError."""
        with self._wrap(what), self.engine.begin() as conn:
            yield conn

    @contextlib.contextmanager
    def read(self, what: str) -> Iterator[Connection]:
        with self._wrap(what), self.engine.connect() as conn:
            yield conn

    def upgrade(self) -> list[str]:
        """Apply pending migrations (safe with other processes doing the same); their names."""
        with self._wrap("upgrading the schema"), _migration_errors():
            return migrations.upgrade(self.engine)

    def pending_migrations(self) -> list[tuple[int, str]]:
        """(number, name) of each migration not yet applied, oldest first."""
        with self.read("reading the schema version") as conn, _migration_errors():
            return migrations.pending(conn)

    def integrity_check(self) -> str:
        if self.engine.dialect.name != "sqlite":
            return "ok"
        with self.read("checking integrity") as conn:
            return conn.exec_driver_sql("PRAGMA integrity_check").scalar() or ""

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=15000")
    _wal(cur)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _wal(cur, seconds: float = 15.0) -> None:  # noqa: ANN001
    """Switch a new database to WAL; a no-op once it is.

    The switch needs the database to itself and SQLite does not wait for that
    (no busy handler), so processes opening a fresh file at once retry here.
    """
    deadline = time.monotonic() + seconds
    if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    while True:  # an in-memory database answers "memory" and stays so: that is fine
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"TAGWIRE_DATABASE_URL is not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise ConfigError(f"folder for the SQLite database does not exist: {parent}")
        engine = create_engine(parsed, connect_args={"timeout": 15, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2", ""):
            raise ConfigError(f"unsupported PostgreSQL driver {parsed.get_driver_name()!r}; use postgresql://")
        # psycopg 3 whatever the URL said: postgresql:// means postgresql+psycopg://
        return create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True,
                             pool_size=10, max_overflow=20)
    raise ConfigError(f"unsupported database {backend!r}; use sqlite:///FILE or postgresql://USER@HOST/DB")


def open_storage(url: str, *, upgrade: bool = True) -> Storage:
    storage = Storage(make_engine(url))
    try:
        if upgrade:
            storage.upgrade()
        else:
            storage.pending_migrations()
    except StorageError as exc:
        storage.close()
        cause = exc.__cause__
        if isinstance(cause, OperationalError):
            shown = make_url(url).render_as_string(hide_password=True)
            raise StorageError(f"cannot open database {shown}: {_one_line(cause)}") from exc
        raise
    return storage
