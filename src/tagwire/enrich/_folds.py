"""Later, shorter references count for what they refer to: "the union" for the one
"Chicago Teachers Union", "BMA" for "British Medical Association", "the Fed" for
"Federal Reserve", "the line" for the headline's "rail line". PURE: each function
folds one article's candidates (name or phrase key → ``Cand``) in place."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from tagwire.enrich._lexicon import GENERIC, NAME_CONNECTORS, ORG_SUFFIXES, PLACES
from tagwire.enrich._phrase_words import COMMON
from tagwire.enrich._text import singular

if TYPE_CHECKING:
    from tagwire.enrich._candidates import Cand

Names = dict[tuple[str, ...], "Cand"]

__all__ = ["COUNT_HEADS", "fold_references", "merge"]


def fold_references(names: Names, phrases: Names) -> None:
    """Later, shorter references count for what they refer to: "the union" and
    "the Commission" for the one "Chicago Teachers Union" or "European
    Commission" of the article; "Election Commission of India" for "Election
    Commission"; "measles cases" for "measles"."""
    heads: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    plural: set[str] = set()  # heads a name writes in the plural
    for key in names:
        if len(key) > 1 and " ".join(key) not in PLACES:
            for word in (key[-1], key[key.index("of") - 1] if "of" in key[1:] else ""):
                if word:
                    head = singular(word)
                    heads[head].add(key)
                    if head != word:
                        plural.add(head)
    for head, keys in heads.items():
        if len(keys) == 1:
            target = names[next(iter(keys))]
            lone = phrases.get((head,))
            if lone is not None and not (head in plural and lone.in_title):  # "libraries" in the
                merge(phrases.pop((head,)), target)  # headline is more than "Friends of ... Libraries"
            if head in ORG_SUFFIXES:  # "the Bank", never "Labour" for "Scottish Labour"
                merge(names.pop((head,), None), target)
    for key in [k for k in names if "of" in k[2:]]:  # "Election Commission of India"
        short = key[: key.index("of")]
        if short in names and key in names:
            merge(names.pop(key), names[short])
    counting = [k for k in phrases if len(k) == 2 and k[1] in COUNT_HEADS]
    for key in [k for k in counting if (singular(k[0]),) in phrases]:
        merge(phrases.pop(key), phrases[(singular(key[0]),)])
    _fold_short_forms(names)
    _fold_headline_heads(phrases)


def _fold_headline_heads(phrases: Names) -> None:
    """"rail line closed" in the headline, only "the line" in the text: the head noun
    after "the" refers back to the one two-word headline phrase it ends."""
    heads: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in phrases:
        if len(key) > 1:
            heads[key[-1]].append(key)
    for head, keys in heads.items():
        lone = phrases.get((head,))
        if lone is None or len(keys) != 1 or not lone.body or lone.definite < lone.body:
            continue
        target = phrases[keys[0]]  # the same form: not "the crash" for "Jet crashes on carrier"
        if len(target.key) == 2 and target.in_title and target.label.split()[-1] == lone.label:
            del phrases[(head,)]
            target.mentions += lone.body  # its headline mention is the phrase's own
            target.body += lone.body


def _fold_short_forms(names: Names) -> None:
    """"BMA" and "British Medical Association", "M&S" and "Marks & Spencer", "the
    Fed" and "Federal Reserve" are one name: the short form is the initials, or the
    start of the first word, of exactly one longer name of the article. Both count
    as one; of initials and name the form the article uses more is the tag (on a tie
    the name), a cut word never is ("fed" is a word)."""
    longer = [k for k in names if len(k) > 1]
    if not longer:
        return
    # indexes, so a hostile text of many names costs linear time, not names squared
    starts: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for k in longer:
        if k[-1] in ORG_SUFFIXES:
            for n in range(2, len(k)):
                starts[k[:n]].append(k)
    for key in [k for k in names if len(k) > 1 and " ".join(k) not in PLACES]:
        hits = starts.get(key, ())  # "St Aldhelm's" for "St Aldhelm's Hospital"; a name used more
        if len(hits) == 1 and hits[0] in names and (  # on its own is its own ("Harbour Rovers"
            names[key].mentions < names[hits[0]].mentions  # beside its Supporters' Trust)
        ):
            merge(names.pop(key), names[hits[0]])
    short_forms: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for k in longer:
        if k in names:
            for form in {*_initials(k), *(k[0][:n] + "." for n in range(3, min(len(k[0]), 6)))}:
                short_forms[form].append(k)
    for key in [k for k in names if len(k) == 1]:
        w = key[0]
        cand = names.get(key)
        if cand is None or len(w) < 2 or w in PLACES:
            continue
        label = cand.label
        initials = label[0].isupper() and sum(ch.isupper() for ch in label) >= 2  # "NHS", "AfD", "M&S"
        if initials:
            hits = short_forms.get(w.replace("&", ""), ())
        elif 3 <= len(w) <= 5 and w not in COMMON:  # a cut word: "Fed" of "Federal"
            hits = short_forms.get(w + ".", ())
        else:
            continue
        if len(hits) != 1 or hits[0] not in names:
            continue
        full = names[hits[0]]
        if initials and cand.mentions > full.mentions and w not in GENERIC:  # "the Fed", "UK" never are
            merge(names.pop(hits[0]), cand)
        else:
            merge(names.pop(key), full)


#: Nouns that count what the word before names: "measles cases" are about measles.
COUNT_HEADS = frozenset(("case", "figure", "number", "total", "count", "toll"))


def _initials(key: tuple[str, ...]) -> tuple[str, str]:
    """"british medical association" → "bma"; "marks & spencer" → "ms" (connectors skipped);
    "alternative für deutschland" → "afd", "bank of england" → "boe" (connectors kept)."""
    words = [w for w in key if w not in ("&", "the")]
    return "".join(w[0] for w in words if w not in NAME_CONNECTORS), "".join(w[0] for w in words)


def merge(c: Cand | None, into: Cand) -> None:
    """Count one candidate's mentions for another (its own forms stay out of the label)."""
    if c is None or c is into:
        return
    into.mentions += c.mentions
    into.body += c.body
    into.in_title |= c.in_title
    into.in_lead |= c.in_lead
    into.first = min(into.first, c.first)
    into.titled += c.titled
    into.speaking += c.speaking
