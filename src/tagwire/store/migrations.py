"""Ordered, recorded schema migrations (miniflux style).

The schema version is the number of steps applied; each step runs in its own
transaction and is recorded in ``schema_migrations``.  Steps are append-only:
never edit a released one.  Step 1 builds the first schema from the metadata;
the first change to ``schema.py`` after a release must freeze step 1's DDL
and add an ALTER step instead (see docs/decisions.md).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Connection, select

from .schema import metadata, schema_migrations


def _initial(conn: Connection) -> None:
    metadata.create_all(conn)


MIGRATIONS: tuple[tuple[str, Callable[[Connection], None]], ...] = (
    ("initial schema", _initial),
)


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, "schema_migrations"):
        return 0
    rows = conn.execute(select(schema_migrations.c.version)).scalars().all()
    return max(rows, default=0)


def pending(conn: Connection) -> list[tuple[int, str]]:
    version = current_version(conn)
    return [(i, name) for i, (name, _) in enumerate(MIGRATIONS, 1) if i > version]


def upgrade(engine) -> list[str]:  # noqa: ANN001
    """Apply every pending step, each in its own transaction; return their names."""
    applied = []
    with engine.connect() as conn:
        todo = pending(conn)
    for version, name in todo:
        step = MIGRATIONS[version - 1][1]
        with engine.begin() as conn:
            # re-check inside the transaction: another process may have upgraded meanwhile
            if current_version(conn) >= version:
                continue
            step(conn)
            conn.execute(
                schema_migrations.insert().values(
                    version=version, name=name, applied_at=datetime.now(timezone.utc)
                )
            )
        applied.append(name)
    return applied
