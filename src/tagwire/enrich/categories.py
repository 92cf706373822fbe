"""Categories: the publisher's own section names mapped onto a small taxonomy.

Signals, strongest first; the first that maps wins:

    section (page metadata) → feed categories → URL path segments → General

A compound value ("UK News > Politics") maps each part and keeps the most
specific: Opinion beats everything (a comment piece on politics is opinion),
then the deepest part that is not a broad place category (UK, World), then
the deepest broad one. The table lives in ``tagwire/data/sections.toml``;
``extra_mapping`` extends or overrides it, and ``section_map`` builds the
merged table once from a user's file (``TAGWIRE_SECTION_MAP``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from urllib.parse import unquote, urlsplit

from tagwire.errors import ConfigError
from tagwire.types import CategoryAssignment

__all__ = [
    "TAXONOMY",
    "SectionTable",
    "categorize",
    "normalise_section",
    "parse_section_map",
    "section_map",
    "section_table",
]

TAXONOMY = (
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Sport",
    "Entertainment",
    "World",
    "UK",
    "Environment",
    "Opinion",
    "General",
)
_BY_LOWER = {name.lower(): name for name in TAXONOMY}
_BROAD = frozenset({"UK", "World"})

_SEPARATORS = re.compile(r"\s*(?:>|›|»|\||/|\\|,|;|:)\s*")
_NON_WORD = re.compile(r"[-_\s.]+")
_DATE_SEGMENT = re.compile(
    r"^(?:\d{1,4}|\d{4}-\d{1,2}(?:-\d{1,2})?|\d{8}"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)$"
)
_ID_SEGMENT = re.compile(r"^(?=.*\d)[0-9a-f-]{6,}$|^[a-z]?\d{5,}[a-z]?$|^[a-z0-9]{16,}$")
_TRAILING_ID = re.compile(r"(?:[-_](?:\d+|[a-z]?\d{4,}[a-z0-9]*))+$")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp|ece|amp|cms)$")


def normalise_section(name: str) -> str:
    """Lower case; "-", "_", "." and runs of spaces → one space; "&", "+" → "and"."""
    name = name.lower().replace("&", " and ").replace("+", " and ").replace("'", "")
    return _NON_WORD.sub(" ", name).strip()


@cache
def section_table() -> Mapping[str, str]:
    """The packaged mapping: normalised section name → category."""
    raw = resources.files("tagwire").joinpath("data/sections.toml").read_text("utf-8")
    table: dict[str, str] = {}
    for category, names in tomllib.loads(raw)["categories"].items():
        for name in names:
            table[normalise_section(name)] = category
    return table


class SectionTable(dict):
    """The built-in table merged with a user's entries, built once (``section_map``)."""


def parse_section_map(text: str, origin: str) -> dict[str, str]:
    """A section map file: TOML ``"section or /path/" = "Category"`` lines, flat or under
    ``[sections]``; ConfigError (one line) when it is not that."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"section map {origin} is not valid TOML: {error}") from None
    data = data.get("sections", data) if isinstance(data.get("sections"), dict) else data
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f'section map {origin}: "{key}" must map to a category name')
    return dict(data)


def section_map(entries: Mapping[str, str], names: Sequence[str] = TAXONOMY,
                origin: str = "section map") -> SectionTable:
    """The built-in table with ``entries`` over it; a value must be one of ``names``
    (the configured categories) or a built-in one. "/money/" keys a URL segment."""
    allowed = {n.lower(): n for n in (*TAXONOMY, *names)}
    table = SectionTable(section_table())
    for key, value in entries.items():
        category = allowed.get(str(value).strip().lower())
        if category is None:
            raise ConfigError(
                f'{origin}: "{key}" → "{value}": not a category (one of {", ".join(names)})'
            )
        normalised = normalise_section(str(key).strip().strip("/"))
        if not normalised:
            raise ConfigError(f'{origin}: "{key}" is not a section name or path')
        table[normalised] = category
    return table


def _table(extra: Mapping[str, str] | None) -> Mapping[str, str]:
    if isinstance(extra, SectionTable):
        return extra
    if not extra:
        return section_table()
    return section_map(extra, origin="category mapping")


def _lookup(value: str, table: Mapping[str, str]) -> str | None:
    """Map one value; a compound value maps to its most specific part."""
    key = normalise_section(value)
    if key in table:
        return table[key]
    parts = [normalise_section(p) for p in _SEPARATORS.split(value)]
    return _pick([table[p] for p in parts if p in table])


def _pick(categories: Sequence[str]) -> str | None:
    """Opinion first, then the last specific category, then the last broad one."""
    if not categories:
        return None
    if "Opinion" in categories:
        return "Opinion"
    specific = [c for c in categories if c not in _BROAD]
    return (specific or list(categories))[-1]


def _url_segments(url: str) -> list[str]:
    """Path segments that may name a section: no dates, ids or article slugs."""
    path = unquote(urlsplit(url).path).lower()
    segments = [s for s in path.split("/") if s]
    out = []
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        seg = _EXTENSION.sub("", seg)
        if _DATE_SEGMENT.match(seg) or _ID_SEGMENT.match(seg):
            continue
        stripped = _TRAILING_ID.sub("", seg)
        if last and stripped == seg and len(_NON_WORD.split(seg)) >= 4:
            continue  # an article slug
        if stripped:
            out.append(stripped)
    return out


def _lookup_segment(segment: str, table: Mapping[str, str]) -> str | None:
    words = normalise_section(segment).split()
    if len(words) > 4:
        return None
    for n in range(len(words), 0, -1):  # "world-europe" → "world europe" → "world"
        category = table.get(" ".join(words[:n]))
        if category:
            return category
    return None


def categorize(
    *,
    url: str | None,
    section: str | None,
    feed_categories: Sequence[str] = (),
    extra_mapping: Mapping[str, str] | None = None,
) -> CategoryAssignment:
    """The article's category from the taxonomy, with the signal that gave it."""
    table = _table(extra_mapping)
    if section and section.strip():
        category = _lookup(section, table)
        if category:
            return CategoryAssignment(category, f'section "{section.strip()}" → {category}')
    found = [(c, _lookup(c, table)) for c in feed_categories if c and c.strip()]
    mapped = [c for _, c in found if c]
    if mapped:
        category = _pick(_first_wins(mapped))
        value = next(v for v, c in found if c == category)
        return CategoryAssignment(category, f'feed category "{value.strip()}" → {category}')
    if url:
        hits = [(s, _lookup_segment(s, table)) for s in _url_segments(url)]
        category = _pick([c for _, c in hits if c])
        if category:
            segment = next(s for s, c in reversed(hits) if c == category)
            return CategoryAssignment(category, f'URL segment "{segment}" → {category}')
    return CategoryAssignment("General", _no_signal(section, feed_categories, url))


def _first_wins(categories: list[str]) -> list[str]:
    # feed categories are not ordered general → specific: the first specific one wins
    return list(reversed(categories))


def _no_signal(section: str | None, feeds: Sequence[str], url: str | None) -> str:
    seen = []
    if section and section.strip():
        seen.append(f'section "{section.strip()}"')
    if any(c.strip() for c in feeds):
        seen.append(f'feed categories "{", ".join(c.strip() for c in feeds if c.strip())}"')
    if url and urlsplit(url).path.strip("/"):
        seen.append(f'URL path "{urlsplit(url).path}"')
    if not seen:
        return "no section signal → General"
    return f"no known section in {'; '.join(seen)} → General"
