"""Words for story clustering: tokens, light stems, names, numbers, sketches.

``article_features`` turns one article into what the clusterer compares:

* ``weights``: term → weight *without* IDF (the clusterer applies the current
  IDF when it compares, so early articles are not stuck with a cold IDF).
  Weight = ``1 + log(tf)`` of position-weighted counts; a title word counts
  ``title_boost`` times, words after the lead count half, a capitalised word
  seen mid-sentence (a name) is multiplied by ``name_boost``.
* ``names``: stems seen capitalised mid-sentence ("reid", "malibu"), or in a
  headline written in sentence case ("Two hurt in Norfolk shooting"); a Title
  Case headline capitalises every word, so its capitals say nothing. The place
  of a dateline opening the body ("HENRICO COUNTY, Va. -- ") is a name too, and
  counts once more at half weight: it says where the event happened, yet as the
  first word of a sentence it was no name.
* hashtags given with the article add their stems as terms of weight
  ``tag_weight`` (0: not used), never as names.
* ``numbers``: number tokens of two characters or more ("287", "12.5m").
* ``years``: the numbers that are years, 1900 to the publication year (a later
  year is a plan or a forecast, not when the event happened).
* ``title_terms``: the terms of the headline alone (without a site name), to
  compare headlines with headlines, with the counts it gives ("#3" for "3 dead"
  or "Three dead"), which are also terms.
* ``sketch``: bottom-k CRC32 hashes of word 4-shingles of the body, to spot
  near-identical copies (wire copy) without storing the text.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from tagwire.enrich._lexicon import STOPWORDS, WEAK, _words
from tagwire.enrich._text import fold as _fold_text
from tagwire.enrich._text import singular

fold = lru_cache(maxsize=200_000)(_fold_text)

_NEWS_WORDS = _words(
    """
    said says told tell reported report reports reporting according news update updated
    updates story stories article breaking live photo photos video videos image images
    copyright rights reserved click subscribe sign newsletter share email comment comments
    read more also would could will just like new one two three four five six seven eight
    nine ten first last year years day days week weeks month months time times people
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr am pm est edt pst pdt gmt bst utc et
    """
)
STOP = STOPWORDS | WEAK | _NEWS_WORDS

_TOKEN = re.compile(r"(\d+(?:[.,]\d+)*(?:[a-z]{1,2}\b)?)|([^\W\d_]+(?:['’][^\W\d_]+)*)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*\s+|\n+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||::|–|—|-|:)\s+")
_SHINGLE = 4


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, consistent stem: plural folded, then -ing, -ed and a final -e cut
    ("shootings" → "shoot", "injured" → "injur", "injure" → "injur")."""
    w = singular(word)
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def clean_title(title: str) -> str:
    """The headline without a trailing site name ("… :: WRAL.com", "… | BBC")."""
    parts = _TITLE_SEPARATORS.split(title.strip())
    if len(parts) > 1 and len(parts[0].split()) >= 4:
        return parts[0]
    return title.strip()


_COUNT_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty".split())}


def headline_counts(head: str) -> list[str]:
    """Counts in a headline, spelled or in figures, as terms "#3" ("3 dead", "Three
    dead"): single digits are not terms otherwise, and number words are stop words.
    The "#" keeps them apart from the body's numbers, which the figure rule compares."""
    out = []
    for m in islice(_TOKEN.finditer(head), 60):  # as many words as the headline scan reads
        num, word = m.groups()
        if num:
            if num.isdigit() and len(num) <= 2:
                out.append("#" + str(int(num)))
        elif (n := _COUNT_WORDS.get(word.lower())) is not None:
            out.append(f"#{n}")
    return out


#: A dateline opening the body: "HENRICO COUNTY, Va. -- ", "NASHVILLE, Tenn. (WKRN) – ",
#: "DALLAS (CBS11) — ": the place in capitals, an optional state, an optional outlet.
_DATELINE = re.compile(
    r"(?:^|\s)([A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,[ \t]+[A-Z][A-Za-z.]+(?:[ \t]+[A-Z][A-Za-z.]+){0,2})?[ \t]*"
    r"(?:\([^()\n]{1,30}\)[ \t]*)?(?:--|[-–—])\s")
_DATELINE_SPAN = 250  # characters: a dateline opens the text, after a photo caption at most
_DATELINE_WEIGHT = 0.5  # the place counted once more, like a word after the lead


def dateline_place(text: str) -> tuple[str, ...]:
    """Stems of the place named by the dateline that opens ``text`` (("orlean",) for
    "NEW ORLEANS — ": "new" is a stop word), or () when it opens with none."""
    m = _DATELINE.search(text[:_DATELINE_SPAN])
    if not m:
        return ()
    words = (fold(w.strip(".'’-")) for w in m.group(1).split())
    return tuple(stem(w) for w in words if len(w) >= 2 and w not in STOP)


def _number(token: str) -> str:
    return token.replace(",", "").lower()


@dataclass(frozen=True, slots=True)
class Features:
    weights: dict[str, float]
    names: frozenset[str]
    numbers: frozenset[str]
    sketch: tuple[int, ...]
    words: int
    years: frozenset[str] = frozenset()  # 1900–2099, not after the publication year
    title_terms: frozenset[str] = frozenset()  # stems and numbers of the cleaned headline


def _scan(text: str, out: dict[str, float], names: set[str], numbers: set[str],
          weight: float, lead: int, limit: int) -> list[str]:
    """Count stems of ``text`` into ``out``; return its folded words (for shingles)."""
    words: list[str] = []
    position = 0
    for sentence in _SENTENCE_END.split(text):
        first = True
        for num, word in _TOKEN.findall(sentence):
            if position >= limit:
                return words
            w = weight if position < lead else weight * 0.5
            position += 1
            if num:
                n = _number(num)
                words.append(n)
                if len(n) >= 2:
                    numbers.add(n)
                    out[n] = out.get(n, 0.0) + w
                first = False
                continue
            low = fold(word)
            if low.endswith(("'s", "’s")):
                low = low[:-2]
            words.append(low)
            if len(low) < 2 or low in STOP:
                first = False
                continue
            s = stem(low)
            out[s] = out.get(s, 0.0) + w
            if not first and word[0].isupper():
                names.add(s)
            first = False
    return words


def _sentence_case(title: str) -> bool:
    """A headline written like a sentence ("Police charge two in Norfolk shooting"), whose
    capitals mark names, not one in Title Case, where every word has one."""
    words = [w for _, w in _TOKEN.findall(title)[1:] if w and fold(w) not in STOP]
    if len(words) < 3:
        return False
    return sum(1 for w in words if w[0].isupper()) <= len(words) // 2


def sketch_of(words: list[str], k: int) -> tuple[int, ...]:
    if len(words) < _SHINGLE:
        grams = {" ".join(words)} if words else set()
    else:
        grams = {" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}
    hashes = sorted({zlib.crc32(g.encode("utf-8")) for g in grams})
    return tuple(hashes[:k])


def resemblance(a: tuple[int, ...], b: tuple[int, ...], k: int) -> float:
    """Estimated Jaccard of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:k]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def article_features(title: str, text: str, *, title_boost: float, name_boost: float,
                     lead: int, limit: int, sketch_size: int, tags: tuple[str, ...] = (),
                     tag_weight: float = 0.0, latest_year: int = 2099) -> Features:
    counts: dict[str, float] = {}
    names: set[str] = set()
    numbers: set[str] = set()
    head = clean_title(title or "")
    # a Title Case headline's capitals say nothing: its names are dropped (a fresh set)
    _scan(head, counts, names if _sentence_case(head) else set(), numbers, title_boost, 10**6, 60)
    # the counts a headline gives ("3 dead, 2 hurt", "Four shot") say which event it is
    # as much as its words; a body's small numbers are mostly times, ages and dates
    for count in headline_counts(head):
        counts[count] = counts.get(count, 0.0) + title_boost
    title_terms = frozenset(counts)
    words = _scan(text or "", counts, names, numbers, 1.0, lead, limit)
    for place in dateline_place(text or ""):
        if place in counts:
            names.add(place)
            counts[place] += _DATELINE_WEIGHT
    for tag in tags if tag_weight else ():
        s = stem(fold(tag))
        if s and s not in STOP:
            counts[s] = counts.get(s, 0.0) + tag_weight
    weights = {}
    for term, tf in counts.items():
        w = 1.0 + math.log(tf) if tf >= 1.0 else tf
        weights[term] = w * name_boost if term in names else w
    if len(words) < 8:
        words = [fold(w) for _, w in _TOKEN.findall(title or "")] + words
    years = frozenset(n for n in numbers if len(n) == 4 and n.isdigit() and 1900 <= int(n) <= latest_year)
    return Features(weights, frozenset(names), frozenset(numbers),
                    sketch_of(words, sketch_size), len(words), years, title_terms)
