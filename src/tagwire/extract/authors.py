"""Author names from bylines: "By Jane Doe, Political Editor and John Roe"."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PREFIX = re.compile(
    r"^(?:(?:written|words|reporting|reported|story|text|posted|published|compiled|analysis)\s+)?"
    r"(?:by|from|par|von|por)\s*:?\s+",
    re.IGNORECASE,
)
# "and"-like joins separate people; commas may also introduce a role.
_SPLIT = re.compile(r"\s*(,|;|\||/|&|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_COMMA_LIKE = {",", ";", "|", "/"}
_LOCATION = re.compile(r"\s+(?:in|at|for)\s+(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*$")
_JUNK_CHARS = re.compile(r"^[\W_]+|[\W_]+$")
# The last word of a role: "Political Editor", "Staff Writer", "Reporter".
_ROLE_HEADS = {
    "editor", "correspondent", "reporter", "writer", "staff", "contributor",
    "columnist", "producer", "journalist", "analyst", "photographer", "desk",
    "team", "critic", "presenter", "commentator", "newsroom", "redaktion", "stringer",
}  # fmt: skip
# Words that may precede a role head: "Chief Political", "Senior Home Affairs".
_ROLE_WORDS = _ROLE_HEADS | {
    "chief", "senior", "deputy", "associate", "assistant", "managing", "executive",
    "contributing", "special", "political", "politics", "economics", "economic",
    "business", "health", "science", "technology", "tech", "sports", "sport",
    "home", "affairs", "foreign", "diplomatic", "environment", "security",
    "defence", "defense", "education", "entertainment", "arts", "culture",
    "investigations", "investigative", "news", "digital", "online", "global",
    "international", "national", "local", "world", "us", "uk", "europe",
    "europe's", "royal", "legal", "crime", "transport", "social", "media",
    "data", "video", "multimedia", "freelance", "guest", "travel", "food",
    "music", "film", "books", "money", "markets", "finance", "climate", "and",
    "the", "of", "a", "an", "our", "medical", "courts", "community", "general",
}  # fmt: skip
_AGENCIES = {
    "reuters", "ap", "associated press", "the associated press", "afp",
    "agence france-presse", "agence france presse", "pa", "pa media",
    "press association", "bloomberg", "dpa", "efe", "ansa", "xinhua", "upi",
    "ap news", "cnn wire", "reuters staff", "ap staff", "afp staff", "pa wire",
}  # fmt: skip
_JUNK = {
    "admin", "administrator", "anonymous", "unknown", "null", "none", "guest",
    "author", "editor", "editors", "staff", "web desk", "newsdesk", "news desk",
}  # fmt: skip


def clean_authors(raw: Iterable[str]) -> tuple[str, ...]:
    """Clean, split and de-duplicate bylines; agencies only if nobody else."""
    people: list[str] = []
    agencies: list[str] = []
    for byline in raw:
        for name in split_byline(byline):
            (agencies if is_agency(name) else people).append(name)
    return _dedupe(people or agencies)


def split_byline(byline: str) -> list[str]:
    """One raw byline to a list of cleaned names (roles and places dropped)."""
    text = " ".join(str(byline).split())
    if not text or "@" in text or "://" in text or text.lower().startswith("www."):
        return []
    pieces = _SPLIT.split(_PREFIX.sub("", text))
    names = []
    # pieces alternate: name, separator, name, ...
    for index in range(0, len(pieces), 2):
        after_comma = index > 0 and pieces[index - 1] in _COMMA_LIKE
        if after_comma and _ends_with_role(pieces[index]):
            continue  # "Jane Doe, Local Democracy Reporter": the role, not a person
        name = clean_name(pieces[index])
        if name:
            names.append(name)
    return names


def _ends_with_role(piece: str) -> bool:
    words = piece.split()
    return bool(words) and words[-1].lower().strip(".,") in _ROLE_HEADS


def clean_name(part: str) -> str | None:
    """A person's name from one byline piece, or None if it is not one."""
    name = _PREFIX.sub("", part.strip())
    name = _LOCATION.sub("", name)
    name = _JUNK_CHARS.sub("", name)
    name = _strip_role(name)
    if not name or len(name) > 60 or not re.search(r"[^\W\d_]", name):
        return None
    words = name.split()
    if len(words) > 5 or name.lower() in _JUNK or all(w.lower() in _ROLE_WORDS for w in words):
        return None
    if name.isupper() and len(name) > 3 and not is_agency(name):
        name = name.title()
    return name


def _strip_role(name: str) -> str:
    """Drop a trailing job title, keeping at least two words of name."""
    words = name.split()
    if not words or words[-1].lower().strip(".,") not in _ROLE_HEADS:
        return name
    keep = len(words)
    while keep > 0 and words[keep - 1].lower().strip(".,") in _ROLE_WORDS:
        keep -= 1
    if keep >= 2 or (keep == 1 and is_agency(words[0])):
        return " ".join(words[:keep])
    return name  # a lone word plus a role ("John Writer"): not sure, keep it


def is_agency(name: str) -> bool:
    return name.lower().strip(". ") in _AGENCIES


def _dedupe(names: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)
