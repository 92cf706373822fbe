"""Automatic hashtags: named people, organisations and places, and key phrases.

A fast, dependency-free candidate scorer (2–3 ms for a 600-word article, so
300–450 articles/s per core; YAKE takes about 35 ms). Candidates are found in
``_candidates.py`` (tokens and word helpers in ``_text.py``, word lists in
``_lexicon.py``); this module ranks them:

1. Tokenise once; note sentence starts, punctuation breaks and possessives.
2. Names are runs of capitalised words ("Bank of England", "Yvette Cooper").
   A capitalised word at a sentence start only counts as part of a name when
   the text gives evidence for it (the same name appears mid-sentence, or the
   word is never written in lower case and is not a common word). Titles and
   roles in front of a name are dropped ("Home Secretary Yvette Cooper" →
   "Yvette Cooper"); a later bare surname ("Cooper said") counts as a mention
   of the full name, so "Cooper" is never emitted beside "Yvette Cooper"; a
   bare first word that starts exactly one longer name counts for it too
   ("Redhill" → "Redhill Rovers"), unless it is a known place ("Manchester").
3. Key phrases are lower-case n-grams of up to four words that neither start
   nor end with a stopword or a weak word ("said", "last"); "of" may sit
   inside ("cost of living"). A shorter phrase mostly seen inside a longer one
   is dropped in favour of the longer one.
4. Plural folding: candidates are counted under a key whose last word goes
   through a light English singulariser, so "grooming gang" and "grooming
   gangs" are one candidate. Its label (and so its tag) is the surface form
   used most often; on a tie the plural form wins, because news phrases that
   vary in number ("grooming gangs", "small boats") are mostly plural.
5. Score: ``weight × (mentions + 2 if in title + 0.8 if in the first 60
   words)``, the weight by kind (multi-word name 1.5, one-word name 1.1,
   phrase 1.2–1.3, one word 0.6, a plural word 0.45), mapped onto 0..1 with
   ``1 - exp(-raw / 8)``. Floors, counted outside the title: names 2 mentions
   (1 when in the title, or a multi-word name in the first 60 words), phrases
   2, single words 3; feed summaries (under 80 words) need fewer. Of two
   overlapping phrases only the better ranked is emitted.

Kinds emitted: "person", "org", "place", "entity" (a name of unknown kind) and
"keyphrase".
"""

from __future__ import annotations

import math
import re

from tagwire.enrich._candidates import COMMON, Analysis, Cand, contains, drop_subsumed
from tagwire.enrich._lexicon import (
    FIRST_NAMES,
    GENERIC,
    HONORIFICS,
    NAME_CONNECTORS,
    ORG_SUFFIXES,
    PLACES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
)
from tagwire.enrich._text import SHORT_TOKENS, fold, singular
from tagwire.types import TagAssignment

__all__ = ["GENERIC", "automatic_tags", "normalise_tag", "singular"]

_NOT_TAG = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_WORD_SPLIT = re.compile(r"[\s.,;:]+")


def normalise_tag(label: str) -> str:
    """Canonical tag for a label: ``[a-z0-9]+``, or "" when nothing remains.

    Casefolds, strips accents, drops leading honorifics ("Sir", "Dr", "Rt Hon")
    and possessive "'s", then removes everything that is not a-z or 0-9.
    """
    words = [w for w in _WORD_SPLIT.split(_POSSESSIVE.sub("", fold(label))) if w]
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return _NOT_TAG.sub("", "".join(words))


# ---------------------------------------------------------------- scoring


def _name_kind(c: Cand, label: str) -> str:
    """person / org / place from cheap evidence, else "entity"."""
    words = c.key
    joined = " ".join(words)
    if joined in PLACES:
        return "place"
    if words[-1] in ORG_SUFFIXES or (len(words) == 1 and label.isupper()):
        return "org"
    if len(words) == 1:
        return "person" if c.titled else "entity"
    if len(words) <= 4 and not set(words) & NAME_CONNECTORS and (
        c.titled or c.surname_refs or c.speaking or words[0] in FIRST_NAMES
    ):
        return "person"
    return "entity"


def _raw(c: Cand, weight: float, short: bool) -> float | None:
    """Weighted mentions plus title and lead bonuses; None below the floor.

    The floor counts mentions in the body: a title alone is not enough, except
    for names and in short texts (feed summaries).
    """
    multi = len(c.key) > 1
    if short and c.kind == "keyphrase":
        needed = 1 if c.in_title else 2
    elif short:
        needed = 1 if (multi or c.in_title) else 2
    elif c.kind == "keyphrase":
        needed = 2 if multi else 3
    else:
        needed = 1 if (c.in_title or (multi and c.in_lead)) else 2
    if c.body < needed:
        return None
    return weight * (c.mentions + 2.0 * c.in_title + 0.8 * c.in_lead)


def _says_nothing(key: tuple[str, ...]) -> bool:
    """Only common words ("last year"), or only a role ("chief executive")."""
    if all(w in COMMON for w in key):
        return True
    roles = ROLE_NOUNS | ROLE_MODIFIERS
    return any(w in ROLE_NOUNS for w in key) and all(w in COMMON or w in roles for w in key)


def _ranked(a: Analysis, short: bool) -> list[tuple[float, int, Cand, str, str]]:
    """(raw score, first position, candidate, label, kind) above the floors."""
    out = []
    for c in a.names.values():
        if c.forms and not _says_nothing(c.key):
            raw = _raw(c, 1.5 if len(c.key) > 1 else 1.1, short)
            if raw is not None:
                out.append((raw, c.first, c, c.label, _name_kind(c, c.label)))
    for c in a.phrases.values():
        if _says_nothing(c.key):
            continue
        if len(c.key) > 1:
            weight = 1.0 + 0.1 * min(len(c.key), 3)
        else:  # single words: abstract nouns ("extremism") beat plurals ("households")
            weight = 0.45 if c.label != c.key[0] else 0.6
        raw = _raw(c, weight, short)
        if raw is not None:
            out.append((raw, c.first, c, c.label, "keyphrase"))
    out.sort(key=lambda s: (-s[0], s[1]))
    return out


def automatic_tags(title: str, text: str, *, limit: int = 10) -> list[TagAssignment]:
    """Key phrases and names of an article, best first, at most ``limit``."""
    if limit <= 0:
        return []
    a = Analysis(title or "", text or "")
    a.find_names()
    a.find_phrases()
    drop_subsumed(a.phrases)
    out: list[TagAssignment] = []
    seen: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for raw, _, c, label, kind in _ranked(a, short=len(a.body) < SHORT_TOKENS):
        tag = normalise_tag(label)
        if len(tag) < 2 or tag in seen or tag.isdigit():
            continue
        if kind == "keyphrase":  # not both "political points" and "political point scoring"
            if any(contains(k, c.key) or contains(c.key, k) for k in phrases):
                continue
            phrases.append(c.key)
        seen.add(tag)
        out.append(_assign(c, tag, label, kind, raw))
        if len(out) == limit:
            break
    return out


def _assign(c: Cand, tag: str, label: str, kind: str, raw: float) -> TagAssignment:
    score = round(1.0 - math.exp(-raw / 8.0), 2)
    what = "key phrase" if kind == "keyphrase" else kind
    plural = "mention" if c.mentions == 1 else "mentions"
    where = ", in title" if c.in_title else ""
    return TagAssignment(
        tag=tag,
        label=label,
        score=score,
        kind=kind,
        why=f'{what} "{label}" (score {score:.2f}, {c.mentions} {plural}{where})',
    )
