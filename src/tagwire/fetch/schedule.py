"""When is a feed due again? Pure decisions, no I/O."""

from __future__ import annotations

import random
from datetime import datetime, timedelta


def after_success(now: datetime, interval: int) -> datetime:
    """Next check after a good fetch (changed or 304)."""
    return now + timedelta(seconds=interval)


def after_error(now: datetime, error_count: int, *, base: int, maximum: int,
                rng: random.Random | None = None) -> datetime:
    """Exponential back-off with ±10 % jitter, so failing feeds of one host spread out.

    ``error_count`` counts this failure too (1 on the first one).
    """
    rng = rng or random.Random()
    delay = min(maximum, base * 2 ** max(0, min(error_count - 1, 20)))
    delay *= rng.uniform(0.9, 1.1)
    return now + timedelta(seconds=delay)
