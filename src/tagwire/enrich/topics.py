"""Curated topics: a hashtag that any of its phrases puts on an article.

Matching is case-insensitive, on word boundaries, tolerant of whitespace,
hyphens and a plural or possessive ending ("grooming gang" also matches
"Grooming-gangs" and "grooming gang's"). A phrase written entirely in capitals
("NHS", "AI") matches only in capitals, so "AI" never matches "ai" inside a
foreign name written in lower case. A topic whose ``exclude`` phrases match
anywhere in the article is not assigned.

TOML format (``load_topics`` / ``dump_topics``)::

    [[topic]]
    tag = "groominggangs"
    label = "grooming gangs"
    phrases = ["grooming gang", "rape gang"]
    exclude = []
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from tagwire.enrich.hashtags import normalise_tag, singular
from tagwire.errors import ConfigError
from tagwire.types import TagAssignment, Topic

__all__ = ["TopicScan", "dump_topics", "load_topics", "match_topics", "scan_topics"]

_KEYS = frozenset({"tag", "label", "phrases", "exclude"})


# ---------------------------------------------------------------- TOML in


def load_topics(text: str) -> list[Topic]:
    """Parse ``[[topic]]`` tables; raise ConfigError (one line) on bad input."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"topics: not valid TOML: {exc}") from None
    unknown = set(doc) - {"topic"}
    if unknown:
        raise ConfigError(f"topics: unknown top-level key {sorted(unknown)[0]!r} (expected [[topic]])")
    tables = doc.get("topic", [])
    if not isinstance(tables, list):
        raise ConfigError("topics: 'topic' must be an array of tables ([[topic]])")
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for number, table in enumerate(tables, start=1):
        topic = _topic(number, table)
        if topic.tag in seen:
            raise ConfigError(
                f"topics: topic {number} ({table['tag']!r}): same tag {topic.tag!r} "
                f"as topic {seen[topic.tag]}"
            )
        seen[topic.tag] = number
        topics.append(topic)
    return topics


def _topic(number: int, table: object) -> Topic:
    where = f"topic {number}"
    if not isinstance(table, dict):
        raise ConfigError(f"topics: {where}: must be a table")
    if isinstance(table.get("tag"), str):
        where = f"{where} ({table['tag']!r})"
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"topics: {where}: unknown key {sorted(unknown)[0]!r}")
    raw_tag = table.get("tag")
    if not isinstance(raw_tag, str) or not raw_tag.strip():
        raise ConfigError(f"topics: {where}: missing 'tag'")
    tag = normalise_tag(raw_tag)
    if not tag:
        raise ConfigError(f"topics: {where}: tag has no letters or digits")
    phrases = _strings(table.get("phrases"), where, "phrases")
    if not phrases:
        raise ConfigError(f"topics: {where}: 'phrases' must list at least one phrase")
    exclude = _strings(table.get("exclude", []), where, "exclude")
    label = table.get("label", phrases[0])
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(f"topics: {where}: 'label' must be a non-empty string")
    return Topic(tag=tag, label=label.strip(), phrases=phrases, exclude=exclude)


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"topics: {where}: {key!r} must be a list of strings")
    cleaned = tuple(" ".join(v.split()) for v in value)
    if any(not v or not re.search(r"\w", v) for v in cleaned):
        raise ConfigError(f"topics: {where}: {key!r} has an empty phrase")
    return cleaned


# ---------------------------------------------------------------- TOML out


def dump_topics(topics: Iterable[Topic]) -> str:
    """TOML that ``load_topics`` reads back to the same topics."""
    blocks = []
    for t in topics:
        blocks.append(
            "[[topic]]\n"
            f"tag = {_quote(t.tag)}\n"
            f"label = {_quote(t.label)}\n"
            f"phrases = {_array(t.phrases)}\n"
            f"exclude = {_array(t.exclude)}\n"
        )
    return "\n".join(blocks)


def _quote(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _array(values: Sequence[str]) -> str:
    return "[" + ", ".join(_quote(v) for v in values) + "]"


# ---------------------------------------------------------------- matching
#
# Article and phrases are cut into words the same way (hyphens and spaces
# separate words; "'s" dropped; lower case; last letters singularised), then
# every phrase is looked up by its first word: one pass over the article,
# whatever the number of topics.

# Words only: the gap before a word is the text since the previous one. (A pattern that
# also matched the gap, "([\W_]*?)(word)", retried from every character of a long run
# of punctuation: quadratic, seconds for 10 kB of "[[[[".)
_WORD = re.compile(r"[^\W_]+(?:[&'.][^\W_]+)*")
_JOINERS = " \t\r\n-‐‑–"


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]  # folded
    exact: tuple[str, ...] | None  # for phrases in capitals: the words as written
    topic: int
    text: str
    veto: bool


def _words(text: str) -> tuple[list[str], list[str], list[bool]]:
    """Folded words, words as written, and whether each follows the previous
    one with only spaces or hyphens between."""
    folded, written, joined = [], [], []
    text = text.replace("’", "'")
    end = 0
    for m in _WORD.finditer(text):
        gap, word, end = text[end : m.start()], m.group(), m.end()
        if word[-2:] in ("'s", "'S"):
            word = word[:-2]
        folded.append(singular(word.lower()))
        written.append(word)
        joined.append(not gap.strip(_JOINERS))
    return folded, written, joined


@lru_cache(maxsize=64)
def _index(topics: tuple[Topic, ...]) -> dict[str, list[_Phrase]]:
    index: dict[str, list[_Phrase]] = {}
    for number, topic in enumerate(topics):
        for veto, phrases in ((False, topic.phrases), (True, topic.exclude)):
            for text in phrases:
                folded, written, _ = _words(text)
                if not folded:
                    continue
                exact = tuple(written) if text.isupper() else None
                entry = _Phrase(tuple(folded), exact, number, text, veto)
                index.setdefault(folded[0], []).append(entry)
    return index


def _matches(p: _Phrase, i: int, folded: list[str], written: list[str], joined: list[bool]) -> bool:
    n = len(p.words)
    if folded[i : i + n] != list(p.words) or not all(joined[i + 1 : i + n]):
        return False
    if p.exact is None:
        return True
    return all(w == e or w == e + "s" for w, e in zip(written[i : i + n], p.exact))


class TopicScan(NamedTuple):
    matches: list[TagAssignment]  # strongest first
    excluded: frozenset[str]  # tags of topics an exclude phrase vetoed


def match_topics(topics: Sequence[Topic], title: str, text: str) -> list[TagAssignment]:
    """Topics whose phrases occur in the article, strongest first.

    Score is 1.0 for a topic in the title or mentioned at least twice, and
    0.7 for a single passing mention in the body. A topic with a matching
    ``exclude`` phrase is left out.
    """
    return scan_topics(topics, title, text).matches


def scan_topics(topics: Sequence[Topic], title: str, text: str) -> TopicScan:
    """``match_topics``, and also which topics an exclude phrase vetoed."""
    topics = tuple(topics)
    if not topics:
        return TopicScan([], frozenset())
    index = _index(topics)
    head = _words(title or "")
    body = _words(text or "")
    hits: dict[int, Counter[str]] = {}
    in_title: set[int] = set()
    vetoed: set[int] = set()
    for part, (folded, written, joined) in enumerate((head, body)):
        for i, word in enumerate(folded):
            for p in index.get(word, ()):
                if p.topic in vetoed or not _matches(p, i, folded, written, joined):
                    continue
                if p.veto:
                    vetoed.add(p.topic)
                    continue
                hits.setdefault(p.topic, Counter())[p.text] += 1
                if part == 0:
                    in_title.add(p.topic)
    found = []
    excluded = frozenset(topics[n].tag for n in vetoed)
    for number, counts in hits.items():
        if number in vetoed:
            continue
        topic, mentions = topics[number], sum(counts.values())
        score = 1.0 if number in in_title or mentions >= 2 else 0.7
        phrase = counts.most_common(1)[0][0]
        why = f'topic rule matched "{phrase}"'
        found.append((-score, -mentions, number, TagAssignment(topic.tag, topic.label, score, "topic", why)))
    found.sort(key=lambda f: f[:3])
    return TopicScan([f[3] for f in found], excluded)
