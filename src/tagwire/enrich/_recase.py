"""Texts written all in capitals or all in lower case, rewritten as news is written.

Names are found by their capitals, so a wire alert in capitals ("CYCLONE
ALFRED MADE LANDFALL NEAR BRISBANE") made one 40-letter "name" of a whole
sentence, and a text in lower case ("chief executive tim cook said") had no
name at all. Such a text gives no evidence of its own, so each word is
written the way English mostly writes it: the word-class lexicon knows
"Brisbane" and "Tim" only as proper nouns and "made" as a verb; known places
and first names are capitalised; in capitals, a word the lexicon does not know
is a name ("Crisafulli"), or an acronym when it has no vowel or at most three
letters ("NSW", "BJP"); in lower case it stays as written ("iphone").
"""

from __future__ import annotations

from tagwire.enrich._lexicon import FIRST_NAMES, PLACES, STOPWORDS, WEEKDAYS_MONTHS
from tagwire.enrich._text import Tok
from tagwire.enrich._wordclass import NOUNS, lexicon

__all__ = ["recase", "shouted", "whispered"]

_PROPER = ("NNP", "NNPS")
_MULTI_PLACES: dict[str, list[list[str]]] = {}  # first word → places of several words, longest first
for _place in sorted((p.split() for p in PLACES if " " in p), key=len, reverse=True):
    _MULTI_PLACES.setdefault(_place[0], []).append(_place)


def shouted(toks: list[Tok]) -> bool:
    """Most words of four letters or more are in capitals (a title is judged elsewhere)."""
    limit = 0.2 * len(toks)  # more long words in lower case than this: not shouted, whatever follows
    long = shout = 0
    for t in toks:
        if len(t.text) > 3 and not t.digit:
            long += 1
            shout += t.acronym
            if long - shout > limit:
                return False
    return long >= 6 and shout >= 0.8 * long


def whispered(toks: list[Tok]) -> bool:
    """A text of some length with (almost) no capital letter at all."""
    limit = len(toks) // 100  # more capitals than this: not whispered, whatever follows
    words = caps = 0
    for t in toks:
        if not t.digit:
            words += 1
            caps += t.cap
            if caps > limit:
                return False
    return words >= 20 and caps <= words // 100


def _set(t: Tok, text: str) -> None:
    t.text = text
    t.cap = text[:1].isupper()
    t.acronym = len(text) > 1 and text.isupper()


def _word_form(t: Tok, loud: bool) -> str:
    w = t.lower
    if w in STOPWORDS or "'" in w:
        return w
    lex = lexicon()
    usual = lex.get(w)
    cap = w[:1].upper() + w[1:]
    if w in PLACES or w in FIRST_NAMES or w in WEEKDAYS_MONTHS:
        return cap
    if lex.get(cap) in _PROPER and (usual is None or usual in _PROPER):
        return cap
    if usual is not None or not loud or "-" in w:
        return w
    if len(w) <= 3 or not any(v in w for v in "aeiouy"):
        return w.upper()
    return cap


def recase(toks: list[Tok], loud: bool) -> None:
    """Rewrite the tokens in place; ``loud``: they were in capitals, else in lower case."""
    for t in toks:
        if t.digit:
            continue
        _set(t, _word_form(t, loud))
    _places(toks)
    if not loud:
        _surnames(toks)


def _places(toks: list[Tok]) -> None:
    """Known places of several words ("New South Wales") in capitals."""
    n = len(toks)
    for i in range(n):
        for words in _MULTI_PLACES.get(toks[i].lower, ()):
            k = len(words)
            if i + k <= n and all(toks[i + j].lower == words[j] for j in range(k)) and not any(
                toks[i + j].brk for j in range(k - 1)
            ):
                for t in toks[i : i + k]:
                    _set(t, t.lower[:1].upper() + t.lower[1:])
                break


def _surnames(toks: list[Tok]) -> None:
    """In lower case, the noun right after a first name (a listed one, or a word the
    lexicon knows only as a proper noun) is its surname ("tim cook")."""
    lex = lexicon()
    for prev, t in zip(toks, toks[1:]):
        first = prev.lower in FIRST_NAMES or (
            prev.cap and lex.get(prev.lower) is None and prev.lower not in PLACES and prev.lower not in WEEKDAYS_MONTHS
        )
        if first and not prev.brk and not t.cap and t.lower not in STOPWORDS:
            if lex.get(t.lower, "NN") in NOUNS:
                _set(t, t.lower[:1].upper() + t.lower[1:])
