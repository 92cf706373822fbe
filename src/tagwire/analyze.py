"""``tagwire analyze``: the crawler's enrichment and story grouping over any JSONL corpus.

Rows ``{id, title, text, url?, published?, source?}`` in, rows
``{id, hashtags: [{tag, label, score, why}], category, category_reason, story,
duplicate_of}`` out, one per input row, streaming. Stories are grouped online, as
articles arrive in the crawler, so rows are taken in the input's time order: a
first pass reads only each row's offset and date (an input grouped by outlet, or
shuffled, would otherwise reach a story after it left the 72-hour window), then
rows are read back one at a time in date order (the input's own order among rows
of one date, and for undated rows, which count as the time of analysis). Memory
is two numbers per row, never the rows.
"""

from __future__ import annotations

import email.utils
import json
import warnings
from array import array
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, Any, Callable, Iterable, Iterator

from dateutil import parser as date_parser

from .enrich import Enrichment
from .enrich.stories import StoryClusterer, StoryInput


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that was skipped (``skipped``), or only warned about (an unreadable date)."""

    line: int
    message: str
    skipped: bool = True


def parse_published(value: Any) -> datetime | None:
    """ISO 8601, RFC 2822 (feeds), other common spellings, or a Unix time; None when unreadable."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    value = value.strip()
    when = None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            try:
                with warnings.catch_warnings():  # "unknown time zone EST": read as UTC, quietly
                    warnings.simplefilter("ignore")
                    when = date_parser.parse(value)
            except (ValueError, OverflowError):
                return None
    return when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)


def time_ordered(stream: IO[bytes], now: datetime) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line of a seekable binary stream, in date order (see above)."""
    offsets, keys = array("q"), array("d")
    fallback = now.timestamp()
    offset = stream.tell()
    for line in iter(stream.readline, b""):
        offsets.append(offset)
        offset += len(line)
        try:
            row = json.loads(line)
            when = parse_published(row.get("published")) if isinstance(row, dict) else None
        except (ValueError, RecursionError):  # (the row is reported when it is read in turn)
            when = None
        keys.append(when.timestamp() if when else fallback)
    for i in sorted(range(len(offsets)), key=lambda i: (keys[i], i)):
        stream.seek(offsets[i])
        yield i + 1, stream.readline().decode("utf-8", errors="replace")


def _row(line_no: int, line: str) -> dict[str, Any] | RowError:
    try:
        row = json.loads(line)
    except ValueError as exc:
        return RowError(line_no, f"not JSON ({exc})")
    except RecursionError:  # "[[[[…" thousands deep: the json module recurses per level
        return RowError(line_no, "not JSON (nested too deeply)")
    if not isinstance(row, dict):
        return RowError(line_no, "not a JSON object")
    if "id" not in row:
        return RowError(line_no, "no id")
    if not any(isinstance(row.get(k), str) and row[k].strip() for k in ("title", "text")):
        return RowError(line_no, "neither title nor text")
    return row


def analyze_lines(lines: Iterable[str], enrich: Callable[..., Enrichment],
                  clusterer: StoryClusterer | None = None) -> Iterator[dict[str, Any] | RowError]:
    """One output row (or a RowError) per non-empty input line, in the order given."""
    return analyze_numbered(enumerate(lines, 1), enrich, clusterer)


def analyze_file(stream: IO[bytes], enrich: Callable[..., Enrichment],
                 clusterer: StoryClusterer | None = None) -> Iterator[dict[str, Any] | RowError]:
    """One output row (or a RowError) per non-empty line of a seekable file, in its time order."""
    now = datetime.now(timezone.utc)
    return analyze_numbered(time_ordered(stream, now), enrich, clusterer, now)


def analyze_numbered(numbered: Iterable[tuple[int, str]], enrich: Callable[..., Enrichment],
                     clusterer: StoryClusterer | None = None,
                     now: datetime | None = None) -> Iterator[dict[str, Any] | RowError]:
    clusterer = clusterer or StoryClusterer()
    now = now or datetime.now(timezone.utc)
    for line_no, line in numbered:
        if not line.strip():
            continue
        row = _row(line_no, line)
        if isinstance(row, RowError):
            yield row
            continue
        published = parse_published(row.get("published"))
        if published is None and row.get("published") not in (None, ""):
            yield RowError(line_no, f"published {str(row['published'])[:40]!r} is not a date: "
                                    "taken as the time of analysis", skipped=False)
        title, text = str(row.get("title") or ""), str(row.get("text") or "")
        url = row.get("url") if isinstance(row.get("url"), str) else None
        e = enrich(title=title, text=text, url=url, section=row.get("section") if isinstance(row.get("section"), str) else None)
        decision = clusterer.add(StoryInput(
            id=str(row["id"]), title=title, text=text, published=published or now,
            source=_source_name(row.get("source")),
            tags=tuple(t.tag for t in e.tags)))
        yield {
            "id": row["id"],
            "hashtags": [{"tag": t.tag, "label": t.label, "score": round(t.score, 4), "why": t.why} for t in e.tags],
            "category": e.category.name,
            "category_reason": e.category.reason,
            "story": decision.story_id,
            "duplicate_of": decision.duplicate_of,
        }


def _source_name(value: Any) -> str | None:
    """A row's outlet: a name, or the ``{id, name}`` object `tagwire export` writes (so an
    export with ``--text`` is read as it is)."""
    if isinstance(value, dict):
        value = value.get("name") if value.get("name") is not None else value.get("id")
    return None if value is None else str(value)
