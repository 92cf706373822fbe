"""JSON-LD: find the page's article node, tolerating what publishers ship.

Publishers put the article in a bare object, a list, an ``@graph`` (Yoast,
the Guardian), or under ``mainEntity``; they leave trailing commas, HTML
comments and raw newlines in strings. We read what we can and skip the rest:
a broken block must never cost us the page.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

# Schema.org types that describe an article page, best first.
_ARTICLE_TYPES = (
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "report",
)
_PAGE_TYPES = ("webpage", "itempage", "collectionpage")
_MAX_SCRIPT_CHARS = 2_000_000
_MAX_DEPTH = 8
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


@dataclass(slots=True)
class JsonLd:
    """The article node (if any), every node seen, and an @id index."""

    article: dict[str, Any] | None = None
    page: dict[str, Any] | None = None
    nodes: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """Follow a bare ``{"@id": ...}`` reference into the graph."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(str(value["@id"]), value)
        return value


def read_jsonld(tree) -> JsonLd:
    """Collect every JSON-LD node in the page and pick the article."""
    found = JsonLd()
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = parse_json(script.text or "")
        if data is not None:
            _walk(data, found.nodes, 0)
    for node in found.nodes:
        if isinstance(node.get("@id"), str):
            found.by_id.setdefault(node["@id"], node)
    found.article = _pick(found.nodes, _ARTICLE_TYPES)
    found.page = _pick(found.nodes, _PAGE_TYPES)
    return found


def parse_json(raw: str) -> Any:
    """Parse one script body; None when it cannot be repaired cheaply."""
    raw = raw.strip()
    if not raw or len(raw) > _MAX_SCRIPT_CHARS:
        return None
    raw = _WRAPPERS.sub("", raw).strip()
    for candidate in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        data = _loads_all(candidate)
        if data is not None:
            return data
    return None


def _loads_all(raw: str) -> Any:
    """json.loads that also accepts several objects back to back."""
    decoder = json.JSONDecoder(strict=False)  # strict=False: raw newlines in strings
    values, index = [], 0
    try:
        while index < len(raw):
            value, index = decoder.raw_decode(raw, index)
            values.append(value)
            while index < len(raw) and raw[index] in " \t\r\n;,":
                index += 1
    except (ValueError, RecursionError):
        if not values:
            return None
    return values[0] if len(values) == 1 else values


def _walk(data: Any, out: list[dict[str, Any]], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            _walk(item, out, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data or "@id" in data:
            out.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement"):
            if isinstance(data.get(key), (dict, list)):
                _walk(data[key], out, depth + 1)


def types_of(node: dict[str, Any]) -> list[str]:
    """Lower-case type names, without ``schema:`` or URL prefixes."""
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return [re.split(r"[/:#]", name)[-1].lower() for name in names if isinstance(name, str)]


def _pick(nodes: list[dict[str, Any]], wanted: tuple[str, ...]) -> dict[str, Any] | None:
    """The best node of the wanted types: best type, then the most complete."""
    best, best_key = None, None
    for order, node in enumerate(nodes):
        ranks = [wanted.index(t) for t in types_of(node) if t in wanted]
        if not ranks:
            continue
        filled = sum(1 for key in ("headline", "articleBody", "datePublished", "author") if node.get(key))
        key = (-filled, min(ranks), order)
        if best_key is None or key < best_key:
            best, best_key = node, key
    return best


def text_of(value: Any) -> str | None:
    """A clean string from a JSON-LD value (string, list, @value, name)."""
    if isinstance(value, list):
        value = next((v for v in value if text_of(v)), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("url")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(html.unescape(value).split())
    return value or None


def is_false(value: Any) -> bool:
    """``isAccessibleForFree`` style flags: False, "false", "False", "no"."""
    if isinstance(value, bool):
        return value is False
    return isinstance(value, str) and value.strip().lower() in {"false", "no", "0"}
