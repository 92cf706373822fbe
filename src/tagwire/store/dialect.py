"""The few statements that differ between SQLite and PostgreSQL, in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert(conn: Connection, table: Table) -> Any:
    """An INSERT that knows ON CONFLICT (both dialects spell it the same way)."""
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def lock_for_claim(query: Any, conn: Connection) -> Any:
    """PostgreSQL: skip rows another worker is claiming. SQLite has one writer at a time,
    so the single UPDATE … WHERE id IN (SELECT …) statement is already atomic."""
    if conn.dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True)
    return query
