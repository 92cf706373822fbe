"""Prometheus text exposition of what the database knows (no client library needed).

Counts come from the shared database, so any web process of a multi-host
installation reports the whole installation, whoever did the crawling.
"""

from __future__ import annotations

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
    ]
    return "\n".join(out) + "\n"
