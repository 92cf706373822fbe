"""Verbs a word-class lexicon cannot see: words English uses both as nouns and
as verbs, read as verbs from the words around them.

A lexicon gives each word one class, so "vote", "signs", "handled" and
"losing" may sit inside a noun phrase by their class. News writes many of
them as the verb of a subject just before ("rail workers vote", "Ofgem
consults on", "officers handled allegations", "homes losing power"), and the
fragment then reads as a tag (#railworkersvote, #handledallegations). The
cues below mark such a word as a predicate: it ends any key phrase before it
and starts none (``_candidates.Analysis._grams``). Each is a shape, not a
list of phrases:

- a subject followed by a past form: a noun, a name or a pronoun (or an
  adverb in "-ly", or a form of "be" or "have"), then a word the lexicon calls
  a past tense or participle ("officers handled allegations", "who credited
  staff", "she barely mentioned speed", "staff were offered below-inflation pay");
- a noun, then "that", "which" or "who", then a word that can be a verb
  ("rain of the kind that cause flash flooding");
- a plural followed by a word that can be a verb ("costs fall", "fans
  criticise", "people answer questions"), unless the plural is one English
  puts before nouns ("sales tax", "arms race");
- a name followed by a verb in "-s" and then a word that starts an object or
  an adverbial ("Ofgem consults on", "Callum Forde signs new", "River Lenn
  bursts its"); "Tesla shares fell" keeps "Tesla shares", since a verb follows;
  so does a noun followed by a word in "-s" the lexicon does not call a plural
  ("as industry lobbying intensifies.");
- a plural followed by an "-ing" word the text never uses as a noun ("homes
  losing power"), and such a word after a comma (", meaning eligible families");
- a plural at the start of a sentence followed by a word with a past form and
  then a determiner ("Wildfires force evacuation", "offices waste a huge
  amount"): the older rule, kept here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tagwire.enrich._lexicon import IRREGULAR_VERBS, STOPWORDS, VERBS
from tagwire.enrich._phrase_words import NEVER_IN_PHRASE
from tagwire.enrich._text import Tok
from tagwire.enrich._wordclass import NOUNS, lexicon

__all__ = ["ATTRIBUTIVE_PLURALS", "can_be_verb", "predicates", "us_spelling"]

#: Plurals English puts before another noun: after them the next word is no verb.
ATTRIBUTIVE_PLURALS = frozenset(
    """
    sales arms jobs news sports savings customs goods communications services systems rights
    works arts games parts drugs weapons earnings futures markets products materials minerals
    students women men children people's emissions operations affairs relations resources
    claims benefits accounts schools homes roads cars animals pensions
    """.split()
)

#: Base forms of verbs whose past the lexicon spells differently ("fall", "fell").
IRREGULAR_BASES = frozenset(
    """
    fall rise hit cut beat win lose lead fight sell buy hold set put quit shut spread strike
    take bring grow drive fly stand sink swim seek keep leave meet pay run see send sit
    speak spend steal tell think throw wear write bet burst hurt split cost shake feed
    """.split()
)

_PAST = frozenset(("VBD", "VBN"))
_SUBJECT_PRONOUNS = frozenset("he she they it we i you who which".split())
_RELATIVES = frozenset(("that", "which", "who"))
#: Forms of "be" and "have" right before a past form make it a verb ("staff were offered
#: below-inflation pay rises", "has ruled"), not a describing word ("paid leave").
_AUXILIARIES = frozenset("is are was were be been being has have had".split())
_NOUNS_VBG = NOUNS | {"VBG"}
_NOT_AFTER_RELATIVE = frozenset(("JJ", "JJR", "JJS", "NNS", "VBG"))  # "industry lobbying intensifies"
#: Words that start what follows a verb: an object, a complement or an adverbial.
_OBJECT_CUES = frozenset(("JJ", "JJR", "JJS", "CD", "DT", "PRP$", "IN", "RB", "RP"))
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$")


def us_spelling(word: str) -> str:
    """"criticise" → "criticize": the lexicon was made from American text."""
    return _ISE.sub(lambda m: "iz" + m.group(1), word)


@lru_cache(maxsize=16384)
def can_be_verb(word: str) -> bool:
    """English uses the word (a base form) as a verb: the lexicon calls it one or
    knows its past ("vote" → "voted"), or it is a common verb."""
    get = lexicon().get
    if get(word) in ("VB", "VBP") or word in VERBS or word in IRREGULAR_BASES or word in IRREGULAR_VERBS:
        return True
    stem = word[:-1] if word.endswith("e") else word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        stem = word[:-1] + "i"
    return get(stem + "ed") in _PAST


def _base_of_s(word: str) -> str:
    """"launches" → "launch", "intensifies" → "intensify", "signs" → "sign"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _plural(t: Tok) -> bool:
    w = t.lower
    return not t.named and (
        t.cls == "NNS" or w in _PLURAL_NOUNS or (not t.cls and w.endswith("s") and not w.endswith("ss"))
    )


#: Plurals without an "-s": "people want answers" ("police", "staff" mostly stand before nouns).
_PLURAL_NOUNS = frozenset("people children men women cattle".split())


def _nounish(t: Tok) -> bool:
    return t.named or t.cls in NOUNS or t.lower in _SUBJECT_PRONOUNS


def _past(t: Tok) -> bool:
    return t.cls in _PAST or (not t.cls and len(t.lower) > 4 and t.lower.endswith("ed"))


def _verb_s(t: Tok, after: Tok | None) -> bool:
    """"consults on", "signs new", "bursts its": a verb in "-s" before an object."""
    w = t.lower
    if t.cap or len(w) < 4 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return False
    if t.cls not in ("VBZ", "NNS", ""):
        return False
    if not can_be_verb(_base_of_s(w)):
        return False
    if t.brk or after is None:  # a clause may end on its verb ("Ofgem confirms", "lobbying intensifies")
        return t.title or t.cls != "NNS"
    if after.lower == "to":  # "Engineering works to close line": a headline's future, after a plural
        return False
    return after.cls in _OBJECT_CUES or after.lower in STOPWORDS or after.digit or after.cap


def _clause_ing(t: Tok, nominal: set[str]) -> bool:
    """An "-ing" word after a comma opens a clause when English uses its stem as a verb."""
    w = t.lower
    if not w.endswith("ing") or len(w) < 6 or w in nominal:
        return False
    stem = w[:-3]
    doubled = len(stem) > 2 and stem[-1] == stem[-2]  # "running" → "run"
    return can_be_verb(stem) or can_be_verb(stem + "e") or (doubled and can_be_verb(stem[:-1]))


def predicates(toks: list[Tok], nominal: set[str]) -> set[int]:
    """Indexes of words read as verbs from the words around them (see the module)."""
    out = _sentence_openers(toks)
    for i in range(1, len(toks)):
        t = toks[i]
        if t.named or t.lower in NEVER_IN_PHRASE:  # no phrase to end or start (most tokens)
            continue
        p = toks[i - 1]
        if p.brk:
            if not t.start and _clause_ing(t, nominal):
                out.add(t.index)  # "..., meaning eligible families"
            continue
        if _past(t) and (_nounish(p) or (p.cls == "RB" and p.lower.endswith("ly")) or p.lower in _AUXILIARIES):
            out.add(t.index)  # "officers handled allegations", "she barely mentioned speed", "were offered"
        elif p.lower in _RELATIVES and i > 1 and not toks[i - 2].brk and _nounish(toks[i - 2]) and (
            t.cls not in _NOT_AFTER_RELATIVE and (can_be_verb(t.lower) or _past(t))
        ):  # ("the idea that moderate drinking...": an adjective, "that" a determiner)
            out.add(t.index)  # "rain of the kind that cause flash flooding"
        elif t.cls in ("VB", "VBP", "NN", "") and _plural(p) and p.lower not in ATTRIBUTIVE_PLURALS and (
            can_be_verb(t.lower)
        ):
            out.add(t.index)
        elif (p.named or _cap_name(p) or (p.cls in _NOUNS_VBG and t.cls != "NNS")) and _verb_s(
            t, toks[i + 1] if i + 1 < len(toks) else None
        ):  # "Ofgem consults on", "as industry lobbying intensifies."
            out.add(t.index)
        elif t.cls == "VBG" and p.lower.endswith("s") and t.lower not in nominal and _plural(p):
            out.add(t.index)
        elif t.title and p.lower == "police" and _headline_verb(t, toks[i + 1] if i + 1 < len(toks) else None):
            out.add(t.index)  # "police fire tear gas", "police raid homes": a headline's verb
    return out


def _headline_verb(t: Tok, after: Tok | None) -> bool:
    """A word English also uses as a verb, after "police" in a headline and before a noun or
    an object ("police fire tear gas"); "police force said", "police station closed" stay
    nouns, since a verb or nothing follows them. Headlines only: a body writes "police
    search teams" as a noun phrase far more often."""
    if after is None or t.brk or t.cls not in ("VB", "VBP", "NN") or not can_be_verb(t.lower):
        return False
    return after.cls in NOUNS or after.cls in _OBJECT_CUES or after.cls == "VB" or after.digit  # "tear gas"


def _cap_name(t: Tok) -> bool:
    """Capitalised as a name is: not an English word capitalised only by a sentence start
    or a headline ("Resident doctors in England": "doctors" is no verb there)."""
    return t.cap and not ((t.start or t.title) and t.cls in ("JJ", "NN"))


def _sentence_openers(toks: list[Tok]) -> set[int]:
    """"Wildfires force evacuation", "Residents fear more flights", "offices waste a
    huge amount": a plural followed by a word English also uses as a past form is
    its verb at the start of a sentence, or anywhere when a determiner follows."""
    get = lexicon().get
    out = set()
    for t, n, after in zip(toks, toks[1:], [*toks[2:], None]):
        if t.brk or n.cls not in _OPENER_VERBS:  # the cheap tests first: most pairs stop here
            continue
        plural = t.cls == "NNS" or (not t.cls and t.lower.endswith("s") and not t.lower.endswith("ss"))
        opens = t.start or (after is not None and not n.brk and after.lower in _OBJECT_STARTS)
        if opens and plural and not t.named and not n.cap:
            w = n.lower
            if get(w + "ed") in _PAST or get(w + "d") in _PAST:
                out.add(n.index)
    return out


_OBJECT_STARTS = frozenset("a an the their its his her our more".split())
_OPENER_VERBS = frozenset(("NN", "VB", "VBP"))
