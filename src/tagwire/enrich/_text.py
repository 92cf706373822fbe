"""Words: accent folding, a light singulariser, and the article tokeniser."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_TRANSLIT = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ð": "d", "ı": "i", "’": "'"}
)


def fold(text: str) -> str:
    """Casefold and strip accents."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLIT))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_SINGULAR_KEEP = frozenset(
    "news series species politics economics physics ethics athletics gymnastics "
    "always perhaps various serious famous previous dangerous analysis crisis basis "
    "thesis diagnosis virus status census bonus campus bus gas chaos lens this is has "
    "was his its us yes plus thus bias atlas alias canvas".split()
)


_OES_KEEP = frozenset("shoes canoes oboes horseshoes".split())


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A light English singulariser, used only to match plural and singular."""
    w = word.lower()
    if len(w) <= 3 or w in _SINGULAR_KEEP or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("oes") and len(w) > 5 and w not in _OES_KEEP:  # "tornadoes", "heroes"
        return w[:-2]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("'s"):
        return w[:-1]
    return w


#: A lone "&" is a word too, so "Brighton & Hove Albion" stays one name. The group makes
#: ``split`` return gaps and words in turn, in one C call.
_WORD_SPLIT = re.compile(r"([^\W_]+(?:['\-.&][^\W_]+)*|&)").split


def _gaps_and_words(text: str) -> Iterator[tuple[str, str]]:
    """(gap before, word) pairs. Splitting on the words keeps this linear: a lazy gap group
    before each word rescanned long runs of punctuation (quadratic)."""
    parts = _WORD_SPLIT(text)
    return zip(parts[0::2], parts[1::2])


_HAS_DIGIT = re.compile(r"\d").search
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof no vs etc rev gen sen gov lt col sgt capt jr sr mt ft inc ltd co "
    "corp approx est fig".split()
)
LEAD_TOKENS = 60
SHORT_TOKENS = 80  # a feed summary rather than an article


@dataclass(slots=True)
class Tok:
    text: str  # surface, possessive stripped
    lower: str
    cap: bool  # starts with a capital letter
    acronym: bool  # all capitals, two letters or more ("NHS", "MPs")
    digit: bool
    start: bool  # first word of a sentence
    brk: bool  # punctuation (or a possessive) between this token and the next
    title: bool  # in the title
    index: int
    name: bool = False  # claimed by a name
    cls: str = ""  # usual part of speech ("NN", "VBD"; "" unknown): _wordclass.py
    named: bool = False  # part of a name or written like one: may lead a key phrase, never end one
    quoted: bool = False  # inside double quotes: a speaker's words
    poss: str = ""  # the possessive after the word: "'s" (stripped from it) or "'" ("Residents' Association")


def tokenise(text: str, *, title: bool, offset: int) -> list[Tok]:
    toks: list[Tok] = []
    start = True
    quoted = False
    last: Tok | None = None
    for gap, word in _gaps_and_words(text):
        if gap != " " and ('"' in gap or "“" in gap or "”" in gap or "\n" in gap):
            quoted = _quote_state(gap, quoted)
        if last is not None and gap != " ":
            stripped = gap.strip()
            if stripped or "\n" in gap:
                last.brk = True
                if gap[0] == "'" and last.lower[-1:] == "s":  # "Residents' Association"
                    last.poss = "'"
                if "\n" in gap or (
                    ("." in stripped or "!" in stripped or "?" in stripped)
                    and not (
                        stripped[0] == "."
                        and (last.lower in _ABBREVIATIONS or len(last.text) == 1 or "." in last.text)
                    )
                ):
                    start = True
        poss = ""
        if word[-2:] in ("'s", "'S") and len(word) > 2:
            word, poss = word[:-2], "'s"
        lower = word.lower()
        if lower == word:  # most words: no capital at all
            cap = acronym = False
        else:
            # "Cup-winning", "Oscar-nominated", "Tory-led": a describing word, not part of a name;
            # "easyJet", "iPhone", "eBay": a name written with a capital inside (not a unit: "kWh")
            cap = (word[0].isupper() and not ("-" in word and word.rsplit("-", 1)[1][:1].islower())) or (
                word[0].islower() and len(word) > 3 and word.isalpha()
            )
            acronym = word[:2].isupper() and (word.isupper() or word[:-1].isupper())
        last = Tok(
            word,
            lower,
            cap,
            acronym,
            not word.isalpha() and _HAS_DIGIT(word) is not None,  # isalpha: one C call for most words
            start,
            bool(poss),
            title,
            offset + len(toks),
            False,
            "",
            False,
            quoted,
            poss,
        )
        toks.append(last)
        start = False
    if last is not None:
        last.brk = True
    return toks


def _quote_state(gap: str, quoted: bool) -> bool:
    """Inside double quotes after this gap? A new paragraph closes an open quote
    (a quote running over paragraphs opens again in each one)."""
    if "\n" in gap:
        quoted = False
        gap = gap.rsplit("\n", 1)[1]
    for ch in gap:
        if ch == "“":
            quoted = True
        elif ch == "”":
            quoted = False
        elif ch == '"':
            quoted = not quoted
    return quoted


def looks_title_case(toks: list[Tok]) -> bool:
    long = [t for t in toks if len(t.text) > 3 and not t.digit]
    return len(long) >= 3 and sum(t.cap for t in long) >= 0.7 * len(long)
