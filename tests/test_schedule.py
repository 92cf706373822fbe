import random
from datetime import datetime, timedelta, timezone

from tagwire.fetch import schedule

NOW = datetime(2025, 11, 1, tzinfo=timezone.utc)


def test_after_success():
    assert schedule.after_success(NOW, 1800) == NOW + timedelta(seconds=1800)


def test_error_backoff_grows_and_is_capped():
    rng = random.Random(1)
    delays = [(schedule.after_error(NOW, n, base=300, maximum=6 * 3600, rng=rng) - NOW).total_seconds()
              for n in range(1, 12)]
    assert 270 <= delays[0] <= 330
    assert 540 <= delays[1] <= 660
    assert all(d <= 6 * 3600 * 1.1 for d in delays)
    assert delays[-1] >= 6 * 3600 * 0.9


def test_jitter_spreads_feeds():
    rng = random.Random(2)
    times = {schedule.after_error(NOW, 3, base=300, maximum=3600, rng=rng) for _ in range(20)}
    assert len(times) > 10


def test_adaptive_interval_follows_publishing_rhythm():
    hourly = [NOW - timedelta(hours=h) for h in range(10)]
    assert schedule.adaptive_interval(hourly, NOW, default=1800, minimum=600, maximum=86400) == 1800
    every_minute = [NOW - timedelta(minutes=m) for m in range(10)]
    assert schedule.adaptive_interval(every_minute, NOW, default=1800, minimum=600, maximum=86400) == 600
    daily = [NOW - timedelta(days=d) for d in range(5)]
    assert schedule.adaptive_interval(daily, NOW, default=1800, minimum=600, maximum=86400) == 43200
    quiet = [NOW - timedelta(days=30 + d) for d in range(5)]
    assert schedule.adaptive_interval(quiet, NOW, default=1800, minimum=600, maximum=86400) == 86400
    assert schedule.adaptive_interval([], NOW, default=1800, minimum=600, maximum=86400) == 1800


def test_cache_freshness_and_retry_after():
    from tagwire.fetch import caching

    assert caching.freshness({"cache-control": "public, max-age=300"}) == 300
    assert caching.freshness({"cache-control": "no-cache"}) == 0
    assert caching.freshness({"expires": "Sat, 01 Nov 2025 01:00:00 GMT", "date": "Sat, 01 Nov 2025 00:00:00 GMT"}) == 3600
    assert caching.freshness({"expires": "0"}) == 0
    assert caching.freshness({}) is None
    assert caching.retry_after({"retry-after": "120"}) == 120
    assert caching.retry_after({"retry-after": "Sat, 01 Nov 2025 01:00:00 GMT"}, now=NOW) == 3600
    assert caching.retry_after({"retry-after": "soon"}) is None


def test_success_waits_for_cache_and_error_for_retry_after():
    assert schedule.after_success(NOW, 600, cache_seconds=3600, maximum=86400) == NOW + timedelta(hours=1)
    assert schedule.after_success(NOW, 600, cache_seconds=10**9, maximum=86400) == NOW + timedelta(days=1)
    when = schedule.after_error(NOW, 1, base=300, maximum=3600, retry_after=7200, rng=random.Random(0))
    assert when == NOW + timedelta(seconds=7200)
    assert schedule.is_failing(5) and not schedule.is_failing(4)
