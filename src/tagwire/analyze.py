"""``tagwire analyze``: the crawler's enrichment and story grouping over any JSONL corpus.

Rows ``{id, title, text, url?, published?, source?}`` in, rows
``{id, hashtags: [{tag, label, score, why}], category, category_reason, story,
duplicate_of}`` out, one per input row, in the input's order, streaming. Stories
are grouped online in that order, as articles arrive in the crawler.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator

from .enrich import Enrichment
from .enrich.stories import StoryClusterer, StoryInput


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str


def _published(value: Any, fallback: datetime) -> datetime:
    if isinstance(value, str) and value.strip():
        try:
            when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return fallback
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return fallback
    return fallback


def _row(line_no: int, line: str) -> dict[str, Any] | RowError:
    try:
        row = json.loads(line)
    except ValueError as exc:
        return RowError(line_no, f"not JSON ({exc})")
    if not isinstance(row, dict):
        return RowError(line_no, "not a JSON object")
    if "id" not in row:
        return RowError(line_no, "no id")
    if not any(isinstance(row.get(k), str) and row[k].strip() for k in ("title", "text")):
        return RowError(line_no, "neither title nor text")
    return row


def analyze_lines(lines: Iterable[str], enrich: Callable[..., Enrichment],
                  clusterer: StoryClusterer | None = None) -> Iterator[dict[str, Any] | RowError]:
    """One output row (or a RowError) per non-empty input line, in order."""
    clusterer = clusterer or StoryClusterer()
    now = datetime.now(timezone.utc)
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        row = _row(line_no, line)
        if isinstance(row, RowError):
            yield row
            continue
        title, text = str(row.get("title") or ""), str(row.get("text") or "")
        url = row.get("url") if isinstance(row.get("url"), str) else None
        e = enrich(title=title, text=text, url=url, section=row.get("section") if isinstance(row.get("section"), str) else None)
        decision = clusterer.add(StoryInput(
            id=str(row["id"]), title=title, text=text, published=_published(row.get("published"), now),
            source=str(row["source"]) if row.get("source") is not None else None,
            tags=tuple(t.tag for t in e.tags)))
        yield {
            "id": row["id"],
            "hashtags": [{"tag": t.tag, "label": t.label, "score": round(t.score, 4), "why": t.why} for t in e.tags],
            "category": e.category.name,
            "category_reason": e.category.reason,
            "story": decision.story_id,
            "duplicate_of": decision.duplicate_of,
        }
