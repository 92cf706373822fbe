"""Alembic migrations on the backend under test: exact schema, idempotent, concurrent."""

import threading
from datetime import datetime, timezone

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Text, text

from tagwire.errors import StorageError
from tagwire.store import migrations, open_storage
from tagwire.store.storage import Storage, make_engine

INITIAL = "initial schema"
ALL = [INITIAL, "full-text search, admin, webhooks, topic rules, fetch latency", "story change counter",
       "pages that failed, with when to try them again"]
HEAD = "0004"


@pytest.fixture
def fresh(database_url):
    """A Storage on an empty database, not yet upgraded."""
    s = Storage(make_engine(database_url))
    yield s
    s.close()


def _versions(storage):
    with storage.read("x") as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()


def test_migrated_database_matches_the_metadata_exactly(fresh):
    assert fresh.upgrade() == ALL
    with fresh.read("x") as conn:
        assert migrations.differences(conn) == []
        # and the comparison is not blind: a column schema.py lacks is reported
        conn.exec_driver_sql("ALTER TABLE sources ADD COLUMN motto TEXT")
        assert migrations.differences(conn)


def test_fresh_database_lists_every_revision_as_pending(fresh):
    assert fresh.pending_migrations() == list(enumerate(ALL, 1))


def test_upgrading_twice_is_a_no_op(fresh):
    assert fresh.upgrade() == ALL
    assert fresh.upgrade() == []
    assert fresh.pending_migrations() == []
    assert _versions(fresh) == [HEAD]


def test_open_storage_upgrades_and_only_once(database_url):
    for _ in range(2):
        s = open_storage(database_url)
        assert s.pending_migrations() == []
        s.close()
    assert _versions(s) == [HEAD]


def test_concurrent_upgrades_of_a_fresh_database_all_succeed(database_url):
    """Four workers with their own engines start at once; each revision is applied once."""
    barrier, results, errors = threading.Barrier(4), [], []

    def start() -> None:
        storage = Storage(make_engine(database_url))
        try:
            barrier.wait()
            results.append(storage.upgrade())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            storage.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(results) == 4
    # each revision applied exactly once, by whichever worker got the lock first
    assert sorted(name for applied in results for name in applied) == sorted(ALL)
    s = open_storage(database_url, upgrade=False)
    assert s.pending_migrations() == [] and _versions(s) == [HEAD]
    s.close()


def test_a_newer_database_is_refused(fresh):
    fresh.upgrade()
    with fresh.write("x") as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StorageError, match="unknown to this tagwire"):
        fresh.pending_migrations()


def test_revisions_are_one_numbered_chain_that_never_reads_schema_py():
    chain = migrations._chain()
    assert [int(s.revision) for s in chain] == list(range(1, len(chain) + 1))
    assert [s.down_revision for s in chain] == [None] + [s.revision for s in chain[:-1]]
    for script in chain:
        source = open(script.path, encoding="utf-8").read()
        assert "tagwire" not in source.split('"""', 2)[2], f"{script.path} imports project code"


def test_a_failing_upgrade_leaves_the_database_as_it_was(fresh, monkeypatch):
    def broken(config, revision):  # noqa: ANN001
        conn = config.attributes["connection"]
        conn.execute(text("CREATE TABLE half_done (id INTEGER)"))
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations.command, "upgrade", broken)
    with pytest.raises(RuntimeError, match="boom"):
        fresh.upgrade()
    with fresh.read("x") as conn:
        assert not conn.dialect.has_table(conn, "half_done")
        assert not conn.dialect.has_table(conn, "alembic_version")
    if fresh.engine.dialect.name == "sqlite":
        with fresh.read("x") as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_sqlite_batch_rebuild_keeps_child_rows(tmp_path):
    """The step runs with foreign keys off, so a batch copy of a parent table cascades nothing."""
    storage = open_storage(f"sqlite:///{tmp_path / 'b.db'}")
    src = storage.add_source("Herald")
    with storage.write("x") as conn:
        conn.execute(text("INSERT INTO feeds (source_id, url, kind, interval_seconds, error_count, "
                          "paused, created_at) VALUES (:s, 'https://h.example/f', 'rss', 1, 0, 0, :t)"),
                     {"s": src.id, "t": datetime.now(timezone.utc).replace(tzinfo=None)})
    with migrations._locked(storage.engine) as conn:
        op = Operations(MigrationContext.configure(conn))
        with op.batch_alter_table("sources", recreate="always") as batch:  # copy, drop, rename
            batch.add_column(Column("motto", Text))
    with storage.read("x") as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM feeds").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    storage.close()
