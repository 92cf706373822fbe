"""Prometheus text exposition of what the database knows (no client library needed).

Counts come from the shared database, so any web process of a multi-host
installation reports the whole installation, whoever did the crawling.
"""

from __future__ import annotations

import math
from typing import Any


def _line(name: str, value: float, labels: dict[str, str] | None = None) -> str:
    if labels:
        inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items())
        return f"{name}{{{inner}}} {value}"
    return f"{name} {value}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def prometheus_text(m: dict[str, Any]) -> str:
    out = [
        "# HELP tagwire_feeds Feeds subscribed.", "# TYPE tagwire_feeds gauge", _line("tagwire_feeds", m["feeds"]),
        "# HELP tagwire_feeds_due Feeds whose next check has come (the crawl queue).",
        "# TYPE tagwire_feeds_due gauge", _line("tagwire_feeds_due", m["feeds_due"]),
        "# HELP tagwire_feeds_leased Feeds a worker is crawling now.",
        "# TYPE tagwire_feeds_leased gauge", _line("tagwire_feeds_leased", m["feeds_leased"]),
        "# HELP tagwire_feeds_erroring Feeds whose last fetch failed, by cause.",
        "# TYPE tagwire_feeds_erroring gauge",
    ]
    out += [_line("tagwire_feeds_erroring", n, {"cause": cause or "unknown"})
            for cause, n in sorted(m["errors_by_cause"].items(), key=lambda kv: str(kv[0]))]
    out += [
        "# HELP tagwire_articles Articles stored.", "# TYPE tagwire_articles gauge",
        _line("tagwire_articles", m["articles"]),
        "# HELP tagwire_articles_last_hour Articles fetched in the last hour.",
        "# TYPE tagwire_articles_last_hour gauge", _line("tagwire_articles_last_hour", m["articles_last_hour"]),
        "# HELP tagwire_articles_per_minute Articles fetched per minute, averaged over the last hour.",
        "# TYPE tagwire_articles_per_minute gauge",
        _line("tagwire_articles_per_minute", round(m["articles_last_hour"] / 60, 3)),
    ]
    return "\n".join(out + _latency(m.get("fetch_ms_last_hour", []))) + "\n"


def quantile(values: list[float], q: float) -> float:
    """The q-quantile by nearest rank (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _latency(fetch_ms: list[int]) -> list[str]:
    # Each feed's last successful fetch in the last hour, as quantiles. Gauges, not a
    # histogram: the values come from the shared database, not from this process, so
    # every web process of an installation reports the same figures.
    seconds = [ms / 1000 for ms in fetch_ms]
    out = ["# HELP tagwire_feed_fetch_seconds Time on the wire of each feed's last fetch in the last hour "
           "(politeness waits excluded).", "# TYPE tagwire_feed_fetch_seconds gauge"]
    out += [_line("tagwire_feed_fetch_seconds", quantile(seconds, q), {"quantile": str(q)})
            for q in (0.5, 0.9, 0.99)]
    out += ["# HELP tagwire_feed_fetch_seconds_count Feeds fetched in the last hour.",
            "# TYPE tagwire_feed_fetch_seconds_count gauge", _line("tagwire_feed_fetch_seconds_count", len(seconds))]
    return out
