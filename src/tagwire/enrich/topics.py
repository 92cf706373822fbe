"""Curated topics: a hashtag that any of its phrases, or its rule, puts on an article.

Matching is case-insensitive, on word boundaries, tolerant of whitespace,
hyphens and a plural or possessive ending ("grooming gang" also matches
"Grooming-gangs" and "grooming gang's"). A phrase written entirely in capitals
("NHS", "AI") matches only in capitals, so "AI" never matches "ai" inside a
foreign name written in lower case. A topic whose ``exclude`` phrases match
anywhere in the article is not assigned. A topic's ``rule`` (``rules.py``:
phrases, AND, OR, NOT, NEAR/n) tags the article too when it is true.

TOML format (``load_topics`` / ``dump_topics``)::

    [[topic]]
    tag = "groominggangs"
    label = "grooming gangs"
    phrases = ["grooming gang", "rape gang"]
    exclude = []
    rule = '"rape gangs" AND NOT football'   # optional; phrases may then be left out
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from tagwire.enrich._phrases import Pattern, count_words, matches_at, pattern, words
from tagwire.enrich.hashtags import normalise_tag
from tagwire.enrich.rules import Document, evaluate, matched_text, parse_rule
from tagwire.errors import ConfigError, InvalidInputError
from tagwire.types import TagAssignment, Topic

__all__ = ["TopicScan", "dump_topics", "load_topics", "match_topics", "scan_topics"]

_KEYS = frozenset({"tag", "label", "phrases", "exclude", "rule"})


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
    rule = _rule(table.get("rule"), where)
    if not phrases and rule is None:
        raise ConfigError(f"topics: {where}: 'phrases' must list at least one phrase (or give a 'rule')")
    exclude = _strings(table.get("exclude", []), where, "exclude")
    label = table.get("label", phrases[0] if phrases else tag)
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(f"topics: {where}: 'label' must be a non-empty string")
    return Topic(tag=tag, label=label.strip(), phrases=phrases, exclude=exclude, rule=rule)


def _rule(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"topics: {where}: 'rule' must be a string")
    try:
        return parse_rule(value).text
    except InvalidInputError as exc:
        raise ConfigError(f"topics: {where}: {exc}") from None


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
            + (f"rule = {_quote(t.rule)}\n" if t.rule else "")
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
# Every phrase is looked up by its first folded word (``_phrases.py``): one pass
# over the article, whatever the number of topics. Rules are evaluated after,
# over the same folded words, only for topics that have one.


@dataclass(frozen=True, slots=True)
class _Phrase:
    pattern: Pattern
    topic: int
    veto: bool


@lru_cache(maxsize=64)
def _index(topics: tuple[Topic, ...]) -> dict[str, list[_Phrase]]:
    index: dict[str, list[_Phrase]] = {}
    for number, topic in enumerate(topics):
        for veto, phrases in ((False, topic.phrases), (True, topic.exclude)):
            for text in phrases:
                found = pattern(text)
                if found is not None:
                    index.setdefault(found.words[0], []).append(_Phrase(found, number, veto))
    return index


class TopicScan(NamedTuple):
    matches: list[TagAssignment]  # strongest first
    excluded: frozenset[str]  # tags of topics an exclude phrase vetoed


#: The lead, where a story says what it is about: the body's first paragraph, counted
#: as at least LEAD_MIN words (a one-line opening) and at most LEAD_MAX (a text
#: without paragraph breaks). A topic met once, beyond it, is a passing mention.
LEAD_MIN = 40
LEAD_MAX = 80


def _lead_words(text: str) -> int:
    """How many of the body's words (as ``words`` cuts them) make its lead."""
    body = text.lstrip()
    cut = body.find("\n")
    first = body[: cut if cut >= 0 else len(body)][: 40 * LEAD_MAX]  # bounded: a word is rarely 40 letters
    return min(max(count_words(first), LEAD_MIN), LEAD_MAX)


def match_topics(topics: Sequence[Topic], title: str, text: str) -> list[TagAssignment]:
    """Topics whose phrases occur in the article, strongest first.

    Score is 1.0 for a topic in the title or mentioned at least twice, and
    0.7 for a single mention in the lead (the body's first paragraph). A topic
    met once, further down, is left out: "migrant workers" in the tenth paragraph
    of a film review, "first-time buyers" in a story about the Federal Reserve
    are passing mentions, not the article's subject. So is a topic with a
    matching ``exclude`` phrase.
    """
    return scan_topics(topics, title, text).matches


def scan_topics(topics: Sequence[Topic], title: str, text: str) -> TopicScan:
    """``match_topics``, and also which topics an exclude phrase vetoed."""
    topics = tuple(topics)
    if not topics:
        return TopicScan([], frozenset())
    index = _index(topics)
    hits: dict[int, Counter[str]] = {}
    in_title: set[int] = set()
    in_lead: set[int] = set()
    vetoed: set[int] = set()
    lead = _lead_words(text or "")
    for part, doc in enumerate((words(title or ""), words(text or ""))):
        for i, word in enumerate(doc.folded):
            for p in index.get(word, ()):
                if p.topic in vetoed or not matches_at(p.pattern, i, doc):
                    continue
                if p.veto:
                    vetoed.add(p.topic)
                    continue
                hits.setdefault(p.topic, Counter())[p.pattern.text] += 1
                if part == 0:
                    in_title.add(p.topic)
                elif i < lead:
                    in_lead.add(p.topic)
    found = {}
    for number, counts in hits.items():
        mentions = sum(counts.values())
        if number in vetoed or not (number in in_title or mentions >= 2 or number in in_lead):
            continue
        score = 1.0 if number in in_title or mentions >= 2 else 0.7
        found[number] = (score, mentions, f'topic rule matched "{counts.most_common(1)[0][0]}"')
    _match_rules(topics, title, text, vetoed, found, lead)
    ranked = sorted(found.items(), key=lambda f: (-f[1][0], -f[1][1], f[0]))
    excluded = frozenset(topics[n].tag for n in vetoed)
    return TopicScan([TagAssignment(topics[n].tag, topics[n].label, score, "topic", why)
                      for n, (score, _, why) in ranked], excluded)


def _match_rules(topics: tuple[Topic, ...], title: str, text: str, vetoed: set[int],
                 found: dict[int, tuple[float, int, str]], lead: int) -> None:
    """Add the topics whose rule is true; a topic its phrases already matched keeps that reason.
    A rule true by one span beyond the lead is a passing mention, as for phrases."""
    doc = None
    for number, topic in enumerate(topics):
        if not topic.rule or number in vetoed or number in found:
            continue
        try:
            rule = parse_rule(topic.rule)
        except InvalidInputError:
            continue  # rules are checked when saved or loaded; a bad one never tags anything
        doc = doc or Document(title or "", text or "")
        spans = evaluate(rule, doc)
        if spans is None:
            continue
        in_title = any(doc.part(s) == 0 for s in spans)
        if len(spans) == 1 and not in_title and spans[0][0] - doc.title_words >= lead:
            continue
        score = 1.0 if in_title or len(spans) >= 2 else 0.7
        shown = matched_text(doc, spans[0]) if spans else ""
        found[number] = (score, len(spans), f'topic rule [{_short(rule.text)}] matched "{shown}"')


def _short(rule: str, most: int = 80) -> str:
    return rule if len(rule) <= most else rule[: most - 1] + "…"
