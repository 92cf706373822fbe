"""Rate limiting of the API and feeds out: 429 with Retry-After after the burst, recovery,
one bucket per client, bounded memory; pages are not limited."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from tagwire import make_tagwire
from tagwire.web import create_app
from tagwire.web.ratelimit import TokenBuckets, limited_path


def test_bucket_allows_the_burst_then_the_rate():
    b = TokenBuckets(per_minute=60, burst=3)
    assert [b.take("a", 0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert b.take("a", 0.0) == pytest.approx(1.0)  # one token a second
    assert b.take("a", 0.5) == pytest.approx(0.5)  # a refused request takes nothing
    assert b.take("a", 1.0) == 0.0
    assert b.take("b", 1.0) == 0.0  # another client, another bucket


def test_bucket_memory_is_bounded():
    b = TokenBuckets(per_minute=60, burst=2, max_clients=100)
    for n in range(1000):
        b.take(f"10.0.{n // 256}.{n % 256}", 0.0)
    assert len(b) == 100
    b.take("late", 10.0)  # every other bucket has been idle long enough to be full: dropped
    assert len(b) == 1


def test_limited_paths():
    for path in ("/api/v1", "/api/v1/articles", "/tag/uk.rss", "/feed.atom", "/source/3.json"):
        assert limited_path(path, "/api/v1")
    for path in ("/", "/tag/uk", "/static/style.css", "/static/x.json", "/healthz", "/api/v10"):
        assert not limited_path(path, "/api/v1")


@pytest.fixture
def app_with(settings):
    made = []

    def build(**overrides):
        tw = make_tagwire(settings.replace(**overrides))
        made.append(tw)
        return create_app(tw)

    yield build
    for tw in made:
        tw.close()


def test_429_with_retry_after_after_the_burst_then_recovery(app_with):
    app = app_with(api_rate_limit=60, api_rate_burst=3)  # one a second
    client = TestClient(app)
    assert [client.get("/api/v1/articles").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/articles")
    assert refused.status_code == 429
    assert refused.json() == {"error": {"code": "rate_limited",
                                        "message": "too many requests from this client; retry in 1 s"}}
    assert refused.headers["Retry-After"] == "1"
    assert refused.headers["content-security-policy"]  # still behind the security headers
    assert client.get("/tag/alpha.rss").status_code == 429  # feeds out share the bucket
    assert client.get("/").status_code == 200  # pages are not limited
    time.sleep(1.1)
    assert client.get("/api/v1/articles").status_code == 200


def test_retry_after_is_whole_seconds_until_a_token(app_with):
    client = TestClient(app_with(api_rate_limit=6, api_rate_burst=1))  # one every 10 s
    assert client.get("/api/v1/articles").status_code == 200
    refused = client.get("/api/v1/articles")
    assert refused.status_code == 429 and 9 <= int(refused.headers["Retry-After"]) <= 10


def test_clients_have_separate_buckets(app_with):
    app = app_with(api_rate_limit=60, api_rate_burst=2)
    first, second = TestClient(app, client=("192.0.2.1", 1000)), TestClient(app, client=("192.0.2.2", 1000))
    assert [first.get("/api/v1/articles").status_code for _ in range(3)] == [200, 200, 429]
    assert [second.get("/api/v1/articles").status_code for _ in range(2)] == [200, 200]
    # another port of the same address is the same client; a bearer token does not buy a new bucket
    same = TestClient(app, client=("192.0.2.1", 2000), headers={"Authorization": "Bearer made-up"})
    assert same.get("/api/v1/articles").status_code == 429


def test_zero_turns_the_limit_off(app_with):
    client = TestClient(app_with(api_rate_limit=0, api_rate_burst=1))
    assert {client.get("/api/v1/articles").status_code for _ in range(20)} == {200}


def test_default_limit_is_on_and_generous(settings):
    assert settings.api_rate_limit >= 60 and settings.api_rate_burst >= 60
