"""Words and phrases as curated topics and rules see them. PURE.

Article and phrases are cut into words the same way (hyphens and spaces separate
words; "'s" dropped; lower case; last letters singularised), so "grooming gang"
also matches "Grooming-gangs" and "grooming gang's". A phrase written entirely in
capitals ("NHS", "AI") matches only in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from tagwire.enrich.hashtags import singular

# Words only: the gap before a word is the text since the previous one. (A pattern that
# also matched the gap, "([\W_]*?)(word)", retried from every character of a long run
# of punctuation: quadratic, seconds for 10 kB of "[[[[".)
_WORD = re.compile(r"[^\W_]+(?:[&'.][^\W_]+)*")
_JOINERS = " \t\r\n-‐‑–"


class Words(NamedTuple):
    folded: list[str]
    written: list[str]
    joined: list[bool]  # follows the previous word with only spaces or hyphens between


def words(text: str) -> Words:
    """Folded words, words as written, and whether each is joined to the previous one."""
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
    return Words(folded, written, joined)


def count_words(text: str) -> int:
    """How many words ``words`` would cut the text into (without folding them)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Pattern:
    """A phrase ready to look up: its folded words, and for a phrase in capitals the words as written."""

    words: tuple[str, ...]
    exact: tuple[str, ...] | None
    text: str


def pattern(text: str) -> Pattern | None:
    """The phrase's pattern; None when it has no word at all."""
    folded, written, _ = words(text)
    if not folded:
        return None
    return Pattern(tuple(folded), tuple(written) if text.isupper() else None, text)


def matches_at(p: Pattern, i: int, doc: Words) -> bool:
    """Whether the phrase starts at word ``i`` (whose folded form is already its first word)."""
    n = len(p.words)
    if doc.folded[i : i + n] != list(p.words) or not all(doc.joined[i + 1 : i + n]):
        return False
    if p.exact is None:
        return True
    return all(w == e or w == e + "s" for w, e in zip(doc.written[i : i + n], p.exact))
