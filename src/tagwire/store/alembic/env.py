"""Alembic's environment for tagwire, run in process by ``tagwire.store.migrations``.

There is no alembic.ini: ``migrations`` builds the ``Config`` in code and passes
its open connection as ``config.attributes["connection"]``, already inside the
transaction that holds the upgrade lock.
"""

from __future__ import annotations

from alembic import context

from tagwire.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("tagwire runs its migrations in process: use `tagwire db upgrade`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # outside a caller's transaction, each revision gets its own
    transaction_per_migration=True,
    # SQLite cannot ALTER most things; batch mode copies the table instead
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
