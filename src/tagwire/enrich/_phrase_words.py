"""Which words may make a key phrase, and where: the tests the n-gram cutter of
``_candidates.Analysis`` applies to each word (its usual class from
``_wordclass.py``, the word lists of ``_lexicon.py``, a light verb morphology).
"""

from __future__ import annotations

from tagwire.enrich._lexicon import (
    DECADES,
    DEGREE_ADJ,
    EDGE_ADJ,
    EST_NOUNS,
    EVALUATIVE_ADJ,
    GENERIC,
    IRREGULAR_VERBS,
    NUMBER_WORDS,
    STOPWORDS,
    TIME_ZONES,
    VERBS,
    WEAK,
)
from tagwire.enrich._text import Tok
from tagwire.enrich._wordclass import BREAKS, NOUNS

#: Words that say nothing on their own: a phrase of only these is no tag.
COMMON = STOPWORDS | WEAK | GENERIC | EDGE_ADJ


def verb_forms(base: str) -> tuple[str, str, str, str]:
    """(present -s, past -ed, -ing, base): regular English inflections."""
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        third, past = base[:-1] + "ies", base[:-1] + "ied"
    else:
        third = base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s")
        past = stem + "ed"
    return third, past, stem + "ing", base


#: Finite verb forms break a key phrase ("officials say", "group contends");
#: participles may start one ("illegal", "rising prices") but never end it.
FINITE_VERBS = frozenset(
    f for b in VERBS for f in verb_forms(b) if not f.endswith("ing")
) | IRREGULAR_VERBS | NUMBER_WORDS
PARTICIPLES = frozenset(verb_forms(b)[2] for b in VERBS)


#: Inside a phrase a past participle ("tornado toppled trees"), a base-form verb
#: after a plural ("aliens live") and these words end it (see ``Analysis._grams``).
TIME_WORDS = frozenset(("last", "next", "running"))  # "hurricanes last season", "second year running"


def verb_after_name(run: list[Tok], i: int, j: int) -> bool:
    """The first lower-case word after a leading name reads as the name's verb:
    the lexicon says so, or the name opens a sentence and the word ends the run
    without being a plural noun ("Ashford drop to fifth.")."""
    w = run[j]
    return w.cls in ("VB", "VBP") or (run[i].start and j == len(run) - 1 and w.cls != "NNS")


#: Never part of a key phrase, whatever the context ("of" may sit inside one).
NEVER_IN_PHRASE = (STOPWORDS | WEAK | FINITE_VERBS | TIME_ZONES | DECADES) - {"of"}


def phrase_word(t: Tok) -> bool:
    """May stand in a key phrase (``t.lower`` not in ``NEVER_IN_PHRASE``): names
    may too, to lead one ("NAFTA pact")."""
    if t.digit:
        return False
    w = t.lower
    if w == "of":
        return True
    if "-" in w and _describing_compound(w):
        return False
    return not (t.cls in BREAKS and not t.named) and "." not in w and "&" not in w  # "delete", "contends"


#: "FA Cup-winning manager", "state-owned lender": a describing compound is no part
#: of a tag (the noun after it may be one).
_DESCRIBING_ENDS = ("ed", "winning", "leading", "breaking", "making", "looking", "setting", "topping", "moving",
                    "seeking", "changing", "hit", "old", "long", "wide", "style", "known", "like")
_DESCRIBING_STARTS = ("well", "much", "highly", "little", "best", "so", "long", "short", "fast", "slow")


def _describing_compound(w: str) -> bool:
    return w.rsplit("-", 1)[1].endswith(_DESCRIBING_ENDS) or w.split("-", 1)[0] in _DESCRIBING_STARTS


def counting_compound(w: str) -> bool:
    """"four-day", "three-year", "10-point": a count and a unit. A phrase holding one
    is a detail ("three-year contract") unless the article keeps coming back to it
    ("four-day week"): see the floor in ``_keyphrase_rank.passes_floor``."""
    if "-" not in w:
        return False
    first = w.split("-", 1)[0]
    return first in NUMBER_WORDS or first.isdigit()


#: Units that end a phrase only after a count ("four-day week").
TIME_UNITS = frozenset("day days week weeks month months year years hour hours".split())


#: A word after these is read as a verb when its class allows ("would gain new routes").
VERB_CUES = frozenset(
    "to will would can could may might must shall should did does do not never i we you they he she who"
    " has had have".split()  # "had secured funding"
)
VERBISH = frozenset(("", "NN", "VB", "VBP", "JJ", "VBN"))  # "clean", "open": JJ in the lexicon
#: An "-ing" word after these is a noun ("the flooding").
DETERMINERS = frozenset("the a an of this that its their his her our more any no".split())


#: Comparatives that name a thing with the noun after them ("higher education");
#: with any other noun they describe ("higher ground").
SECTOR_COMPARATIVES = frozenset(("higher", "further"))
SECTORS = frozenset(("education",))


def edge_ok(t: Tok, *, first: bool, nominal: frozenset[str] | set[str] = frozenset()) -> bool:
    """May start (``first``) or end a key phrase; ``nominal``: "-ing" words used as nouns."""
    w = t.lower
    if w == "of" or w.endswith("ly") or len(w) < 3:
        return False
    if first:
        # a verb: "delete illegal aliens", "creating new jobs"; "the grooming" makes
        # "grooming" a noun, so "grooming gangs" is a phrase
        if t.cls == "VB" or (t.cls == "VBG" and w not in nominal):
            return False
        if w in DEGREE_ADJ or w in EVALUATIVE_ADJ:
            return False
        if t.cls == "JJR" and w not in SECTOR_COMPARATIVES:  # "warmer seas", "higher prices"
            return False  # ("higher ground": see hashtags._ranked)
        return not (len(w) > 5 and w.endswith("est") and w not in EST_NOUNS)
    tag = t.cls
    return (
        (not tag or tag in NOUNS or tag == "VB" or (tag == "VBG" and w in nominal))
        and w not in EDGE_ADJ
        and (w not in PARTICIPLES or w in nominal)  # "warning" after "profit", "the"
        and not (len(w) > 4 and w.endswith("ed") and not w.endswith("eed"))
    )


def single_ok(w: str) -> bool:
    """May be a key phrase of one word."""
    return (
        len(w) >= 4
        and w not in COMMON
        and w not in PARTICIPLES
        and not w.endswith("ed")
        and "'" not in w
    )
