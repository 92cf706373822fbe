"""PostgreSQL-only checks. Skipped, with the reason, when no server was started for the tests."""

import pytest

from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(
    not PG_URL,
    reason="PostgreSQL run not active: set TAGWIRE_TEST_DATABASE_URL (scripts/test.sh starts a server and does)",
)


def test_plain_postgresql_url_uses_psycopg3(database_url):
    from tagwire.store import open_storage

    storage = open_storage(database_url)
    try:
        assert storage.engine.dialect.name == "postgresql"
        assert storage.engine.dialect.driver == "psycopg"
        assert storage.pending_migrations() == []
    finally:
        storage.close()

