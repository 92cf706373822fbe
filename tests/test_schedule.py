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
