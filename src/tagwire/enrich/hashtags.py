"""Automatic hashtags: named people, organisations and places, and key phrases.

A fast candidate scorer (about 4 ms for an 800-word article, 2.5 ms for a
short one: some 220-400 articles/s per core, less on a loaded machine; YAKE
takes 20-40 ms; docs/benchmarks.md), pure Python; ``wordfreq``
supplies word rarity and TextBlob's lexicon word classes (each optional).
Candidates are found in ``_candidates.py`` (tokens and word helpers in
``_text.py``, word lists in ``_lexicon.py``, which words may make a key phrase
in ``_phrase_words.py``, word classes in ``_wordclass.py``, verbs read from
their neighbours in ``_verb_cues.py``, capitalised runs in
``_name_chains.py``); this module ranks them:

0. Bylines, datelines, agency credits and live-blog timestamps are removed
   first (``_furniture.py``); a text all in capitals or all in lower case is
   rewritten as English is mostly written (``_recase.py``).
1. Tokenise once; note sentence starts, punctuation breaks and possessives.
   A headline in capitals is rewritten as the body writes its words.
2. Names are runs of capitalised words ("Bank of England", "Yvette Cooper").
   A capitalised word at a sentence start only counts as part of a name when
   the text gives evidence for it (the same name appears mid-sentence, or the
   word is never written in lower case, is not a common word and is not a
   verb, preposition or number in the word-class lexicon: not "Regarding
   Ireland"). Titles and roles in front of a name are dropped ("Home
   Secretary Yvette Cooper" → "Yvette Cooper"), and so are "I'm" and
   describing compounds ("Denver-based"); a later bare surname ("Cooper
   said") counts as a mention of the full name, so "Cooper" is never emitted
   beside "Yvette Cooper"; a bare first word that starts exactly one longer
   name counts for it too ("Redhill" → "Redhill Rovers"), unless it is a
   known place ("Manchester") or the body uses it alone before the longer
   name ("Apple", then "Apple Intelligence": two things). More than eight words is not a name.
3. Key phrases are noun phrases of up to four words: n-grams that neither
   start nor end with a stopword or a weak word ("said", "last"), whose
   words are not verbs, adverbs or prepositions by their usual class
   (``_wordclass.py``, a lexicon; "tornado watch" stays, since a base-form
   verb is mostly a noun too) and that end in a noun. "of" may sit inside
   ("cost of living"). A name may lead a phrase ("NAFTA pact", "Heathrow
   expansion") but never end one. A few readings use the word before: an
   "-ing" word starts or ends a phrase only where the text uses it as a noun
   ("the grooming"); a word after "to", a modal or a pronoun does not start
   one ("would gain new routes"); a participle or a verb after a plural ends
   one ("tornado toppled trees", "aliens live"). A shorter phrase mostly
   seen inside a longer one is dropped in favour of the longer one.
4. Plural folding: candidates are counted under a key whose last word goes
   through a light English singulariser, so "grooming gang" and "grooming
   gangs" are one candidate. Its label (and so its tag) is the surface form
   used most often; on a tie the plural form wins, because news phrases that
   vary in number ("grooming gangs", "small boats") are mostly plural.
5. Score (``_keyphrase_rank.py``): mentions plus the mean count of the
   candidate's words anywhere in the text, times how rare its words are in
   English (``_keyphrase_prior.py``, from ``wordfreq`` when installed), a
   length prior (two- and three-word phrases first, as news key phrases
   mostly are), a position bias towards the lead and a title bonus; mapped
   onto 0..1 with ``1 - exp(-raw / 8)``. Floors, counted outside the title:
   names 1 mention (2 for one word in a feed summary), phrases 1, single
   words 2; feed summaries (under 80 words) need 2 unless in the title; a
   headline without any text is tagged from the headline alone.
6. Choosing the tags, best first: a one-word key phrase already inside a
   chosen tag is skipped ("rail" after "rail link"), and so is a one-word
   name inside a chosen name ("Commission" after "European Commission"), and
   a place that ends a chosen organisation's name, outside the headline
   ("England" after "NHS England");
   "the union" counts as a mention of the one name it heads; at most two
   phrases may be led by the same name ("NASA scientists", "NASA research"...).
   Tags are readable: key phrases of at most 3 words, tags of at most 30
   characters, no role ("Brighton chairman"), no outlet a quote appeared in,
   no name with only a group of people after it ("Federal Reserve officials"),
   no "years of complaints", no everyday word alone ("water") unless the
   headline uses it, no idiom or routine event of a match or a deal
   ("turning point", "yellow card", "funding round"), no place something was
   said ("on social media") unless the headline names it.
   Overlapping phrases may both be emitted ("tornado watch", "tornado
   season"): editors and the key-phrase literature use both. Weights are
   tuned on the dev half of two public key-phrase sets
   (``benchmarks/hashtags.py``).

Kinds emitted: "person", "org", "place", "entity" (a name of unknown kind) and
"keyphrase".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from tagwire.enrich import _keyphrase_rank as rank
from tagwire.enrich._candidates import COMMON, ORDINALS, Analysis, Cand, drop_subsumed
from tagwire.enrich._lexicon import (
    CHANNELS,
    FIGURES_OF_SPEECH,
    FIRST_NAMES,
    GENERIC,
    HONORIFICS,
    MEDIA,
    NAME_CONNECTORS,
    OF_MEASURES,
    ORG_SUFFIXES,
    PARTICIPANTS,
    PEERAGE,
    PLACES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    STOPWORDS,
    WEEKDAYS_MONTHS,
)
from tagwire.enrich._keyphrase_prior import ZIPF_TOP, specificity
from tagwire.enrich._name_chains import NAME_HEADS
from tagwire.enrich._phrase_words import SECTOR_COMPARATIVES, SECTORS
from tagwire.enrich._text import SHORT_TOKENS, fold, singular
from tagwire.enrich._wordclass import lexicon
from tagwire.types import TagAssignment

__all__ = ["GENERIC", "automatic_tags", "normalise_tag", "singular", "typed_tag"]

_RIGHT_HON = frozenset(("hon", "honourable"))
_NAMES_ROLES = FIRST_NAMES | ROLE_NOUNS
_NOT_TAG = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=\w)'s$|(?<=s)'$")  # the last word's: "King's College" keeps its s
_WORD_SPLIT = re.compile(r"[\s.,;:]+")


@lru_cache(maxsize=65536)  # labels recur: every candidate ranked, every topic phrase, every title word
def typed_tag(text: str) -> str:
    """The tag a person typed in a path ("#Ferry-Strike", "café", "Straße"): folded as every
    stored tag is (``normalise_tag``) but without its word rules, which read labels, not paths.
    A path with no letter or digit of a tag keeps its lower case (and will find nothing)."""
    typed = text.lstrip("#")
    return _NOT_TAG.sub("", fold(typed)) or typed.lower()


def normalise_tag(label: str) -> str:
    """Canonical tag for a label: ``[a-z0-9]+``, or "" when nothing remains.

    Casefolds, strips accents, drops leading honorifics ("Sir", "Dr", "Rt Hon"; a
    peerage title before one word stays: "Lord Reed")
    and possessive "'s", then removes everything that is not a-z or 0-9.
    """
    words = [w for w in _WORD_SPLIT.split(_POSSESSIVE.sub("", fold(label))) if w]
    while len(words) > 1 and words[0] in HONORIFICS and (words[0] != "right" or words[1] in _RIGHT_HON) and not (
        len(words) == 2 and words[0] in PEERAGE and words[1] not in _NAMES_ROLES  # "Lord Reed"
    ):
        words.pop(0)  # "Rt Hon", "Right Honourable"; never "right direction", "Right to Buy"
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
    if label.split()[0].isupper() or words[-1] in PLACES:  # "NHS England", "Police Scotland"
        return "entity"
    if words[0] in NAME_HEADS and words[0] not in ("st", "saint"):  # "Storm Kester", "River Lenn"
        return "entity"
    if words[-1] in _GROUP_TAILS and words[0] not in FIRST_NAMES:  # "Harbour Rovers", "Network Rail"
        return "org"
    if len(words) <= 4 and not set(words) & NAME_CONNECTORS and words[0] not in _DEMONYMS and (
        c.titled or c.surname_refs or c.speaking or words[0] in FIRST_NAMES
    ):  # "Western Mainline said" speaks, but no one's first name is "Western"
        return "person"
    return "entity"


# Last words that make a name a group, not a person, even when it "said" something. Not
# "city" or "town" (Mexico City, Charles Town) nor "united" alone in a person's name (none).
_GROUP_TAILS = frozenset(
    "rovers wanderers rangers athletic hotspur united alliance coalition partnership campaign "
    "movement forum collective consortium initiative fc afc rail railways trains gas energy airport "
    "airports media capital motors pharma foods homes labs systems technologies telecom mobile "
    "insurance logistics".split()
)  # not "power" or "water": surnames too (Samantha Power), and not every first name is known


_DEMONYMS = frozenset(
    "greek french dutch swiss thai arab israeli iraqi saudi pakistani bangladeshi nepali "
    "kuwaiti qatari emirati yemeni somali afghan czech european african asian "
    "western eastern northern southern central".split()
)


def _demonym(word: str) -> bool:
    """"Greek", "Australian", "Chinese", "Turkish": describes, never a tag by itself."""
    return word in _DEMONYMS or (len(word) > 5 and word.endswith(("ian", "ean", "ese", "ish")) and word not in PLACES)


def _says_nothing(key: tuple[str, ...], mixed: int = 0) -> bool:
    """Only common words ("last year"), or only a role ("chief executive"); a name
    with only common words after it ("Federal Reserve officials"); a generic noun
    described by a participle ("planned rise", "proposed changes") or an utterance
    by an adjective ("joint statement", "brief remarks")."""
    if all(w in COMMON for w in key) or (mixed and all(_participant(w) for w in key[mixed:])):
        return True
    if any(w in ROLE_NOUNS for w in key) and all(w in COMMON or w in _ROLES for w in key):
        return True
    if len(key) != 2 or mixed:
        return False
    cls = lexicon().get(key[0], "")
    if key[1] in GENERIC and (cls in ("VBN", "VBD") or key[0].endswith("ed")):
        return True
    return key[1] in UTTERANCES and cls == "JJ"


_ROLES = ROLE_NOUNS | ROLE_MODIFIERS  # built once: a union per call cost 4% of tagging


#: Last words that make a name of common words a law: "Digital Markets Act".
_LAWS = frozenset(("act", "acts", "bill", "treaty", "convention", "directive", "regulations"))


def _institution(key: tuple[str, ...]) -> bool:
    """A capitalised name of common words that is an organisation or a law ("Digital
    Markets Act", "Energy Department") says something, unlike "Last Year"."""
    return len(key) > 1 and (key[-1] in _LAWS or key[-1] in ORG_SUFFIXES)


def _figure(key: tuple[str, ...]) -> bool:
    """"turning point", "second yellow card", "Series B funding round": the phrase is, or
    ends in, an idiom or a routine event of a match or a deal (``FIGURES_OF_SPEECH``)."""
    return key[-1] in _FIGURE_ENDS and any(
        key[i:] in FIGURES_OF_SPEECH for i in range(max(len(key) - 3, 0), len(key) - 1)
    )


_FIGURE_ENDS = frozenset(k[-1] for k in FIGURES_OF_SPEECH)  # one set lookup for most candidates


def _participant(word: str) -> bool:
    return word in PARTICIPANTS or word + "s" in PARTICIPANTS  # keys are singular: "official"


#: Common words that still head a subject with "of" ("cost of living").
_OF_HEADS = frozenset(("cost",))
#: Uncommon words that still only say how much or which part ("middle of winter").
_PART_OF = frozenset(
    "middle prospect lack range series variety handful majority minority rest bulk wake beginning start "
    "depths depth height peak heart end".split()
)


#: A word at least this common in English (zipf: log10 of uses per billion words;
#: "water" 5.5, "tickets" 4.6, "rainfall" 3.8, "measles" 3.3) is a tag on its own only
#: when the headline uses it: elsewhere it is scenery ("water", "trees", "winter").
EVERYDAY_ZIPF = 4.5


def _everyday(word: str) -> bool:
    return ZIPF_TOP - specificity(word) >= EVERYDAY_ZIPF


#: Periods an ordinal counts: "third quarter", "second half", "first week" say when.
_PERIODS = frozenset("quarter half week month year day term season round innings".split())


_SEASONS = frozenset(((w,) for w in ("spring", "summer", "autumn", "winter", "fall")))


#: Occasions an ordinal counts in passing: "fourth meeting", "first penalty", "second match
#: point" say which one, not what; "second hurricane", "third crash" name an event.
_OCCASIONS = _PERIODS | frozenset("meeting time occasion attempt match game point visit penalty goal win".split())


def _when(key: tuple[str, ...], once: bool = False) -> bool:
    """"third quarter" says when; "fourth meeting", "first penalty" met once say which
    one, not what."""
    return (key[0] in ORDINALS or key[0] == "first") and (
        (len(key) == 2 and key[1] in _PERIODS) or (once and key[-1] in _OCCASIONS)
    )


def _vague_of(key: tuple[str, ...]) -> bool:
    """"years of complaints", "cent of turnover", "job of reading": a key phrase whose
    head before "of" is a common word says how much or what kind, not what; "earthquake
    of magnitude" says how strong."""
    return "of" in key[1:-1] and (
        key[0] in _PART_OF or (key[0] in COMMON and key[0] not in _OF_HEADS) or key[-1] in OF_MEASURES
    )

#: What people say or write: "a joint statement" is how news reached the writer.
UTTERANCES = frozenset("statement announcement remark comment letter speech briefing message".split())


#: Prepositions a verb takes ("wait for", "vote on"): a base-form verb before one ends no phrase.
_VERB_PREPOSITIONS = frozenset("for to on with about into".split())


def _verb_before_preposition(a: Analysis, c: Cand) -> bool:
    """"patients in the area wait for a diagnosis": a phrase met once whose last word the
    lexicon calls a base-form verb, with a preposition after it, is a subject and its verb."""
    last = a.token_at(c.first + len(c.key) - 1)
    after = a.token_at(c.first + len(c.key))
    return (
        last is not None and after is not None and last.cls == "VB" and not last.brk
        and after.lower in _VERB_PREPOSITIONS
    )


#: Owners that are people: "his heart condition", "their first major trophy". "its" is left
#: out: an organisation's "traffic management plan" may be the story.
_PERSONAL_OWNERS = frozenset(("his", "her", "their", "my", "our", "your"))


def _owned_once(a: Analysis, c: Cand) -> bool:
    """The one mention of a phrase follows "his", "her", "their"...: a detail of someone."""
    before = a.token_at(c.first - 1)
    return before is not None and not before.brk and before.lower in _PERSONAL_OWNERS


def _ranked(a: Analysis, short: bool) -> list[tuple[float, int, Cand, str, str]]:
    """(raw score, first position, candidate, label, kind) above the floors."""
    p = rank.PARAMS
    words = rank.WordStats(a)
    out = []
    for c in a.names.values():
        if len(c.key) == 1 and _demonym(c.key[0]):  # "Greek", "Australian": a describing word
            continue
        if not c.in_title and " ".join(c.key) in MEDIA:  # "told Sky News"
            continue
        if len(c.key) == 1 and c.coded >= c.mentions:  # "LHS 1140 b", "GJ 1214": a catalogue's prefix
            continue
        if _figure(c.key):  # "Series B"
            continue
        if c.key in _SEASONS and not (c.titled or c.speaking):  # "“Winter is about to...”": when, not who
            continue
        if c.forms and rank.passes_floor(c, True, short, p, not a.body) and (
            _institution(c.key) or not _says_nothing(c.key)
        ):
            raw = rank.score(c, words, True, p)
            out.append((raw, c.first, c, c.label, _name_kind(c, c.label)))
    for c in a.phrases.values():
        if len(c.key) > MAX_PHRASE_WORDS or c.key[-1] in ROLE_NOUNS:  # "Brighton chairman": a role
            continue
        if c.key[0] in WEEKDAYS_MONTHS or c.key in _SEASONS:  # "October pressure", "summer": when, not what
            continue
        if c.body and c.quoted >= c.body and not c.in_title:  # "a reckless disregard": only a speaker's words
            continue
        if c.key in CHANNELS and not c.in_title:  # "said on social media": where, not what
            continue
        if _figure(c.key) or (len(c.key) == 1 and c.key[0] in OF_MEASURES):  # "turning point", "yellow
            continue  # card", "funding round": said of every story; "magnitude" says how strong
        if c.key[0] in SECTOR_COMPARATIVES and c.key[-1] not in SECTORS:  # "higher ground", not "higher education"
            continue
        if c.mentions == 1 and len(c.key) > 1 and _verb_before_preposition(a, c):  # "the area wait for"
            continue
        if c.mentions == 1 and len(c.key) > 1 and not (c.mixed or c.in_title) and _owned_once(a, c):
            continue  # "because of his heart condition": a detail of someone named elsewhere
        if len(c.key) == 1 and max(c.owned, c.numbered) >= c.mentions:  # "bursts its banks",
            continue  # "in three phases": something's part, a unit counted
        if _when(c.key, c.mentions < 2) or _vague_of(c.key) or (len(c.key) == 1 and not c.in_title and _everyday(c.key[0])):
            continue
        if rank.passes_floor(c, False, short, p, not a.body) and not _says_nothing(c.key, c.mixed):
            out.append((rank.score(c, words, False, p), c.first, c, c.label, "keyphrase"))
    out.sort(key=lambda s: (-s[0], s[1]))
    return out


def automatic_tags(title: str, text: str, *, limit: int = 10, names_only: bool = False) -> list[TagAssignment]:
    """Key phrases and names of an article, best first, at most ``limit``; only names
    with ``names_only`` (a text in another language: the phrase rules read English)."""
    if limit <= 0:
        return []
    a = Analysis(title or "", text or "")
    a.find_names()
    if not names_only:
        a.find_phrases()
    a.fold_references()
    if rank.PARAMS['subsumed']:
        drop_subsumed(a.phrases)
    out: list[TagAssignment] = []
    seen: set[str] = set()
    covered: set[str] = set()  # words of the tags so far
    leaders: Counter[tuple[str, ...]] = Counter()
    heads = _name_heads(a)
    named: set[str] = set()  # words of the names chosen so far
    headline: set[str] = set()  # words of the tags so far that the headline uses
    tails: set[str] = set()  # last words of the organisations chosen so far ("NHS England")
    for raw, _, c, label, kind in _ranked(a, short=len(a.body) < SHORT_TOKENS):
        tag = normalise_tag(label)
        if len(tag) < 2 or len(tag) > MAX_TAG_CHARS or tag in seen or tag.isdigit():
            continue
        words = {singular(w) for w in c.key if w not in STOPWORDS}
        if len(words) == 1 and _repeats(c, kind, words, covered, named | heads) and (
            # "libraries" in the headline stays beside "Friends of Northbrook Libraries" (a name
            # outside it), not beside "rough diamonds" (a key phrase: the word adds nothing)
            not c.in_title or words <= headline or words <= covered - named
        ):
            continue
        if kind == "place" and len(words) == 1 and words <= tails and not c.in_title:
            continue  # "England" beside "NHS England", "Bank of England": the body's scope, said already
        if c.mixed:  # at most two of "NASA scientists", "NASA research", "NASA spacecraft"...
            if leaders[c.key[: c.mixed]] >= rank.PER_NAME:
                continue
            leaders[c.key[: c.mixed]] += 1
        seen.add(tag)
        covered |= words
        if c.in_title:
            headline |= words
        if kind != "keyphrase":
            named |= words
        if kind in ("org", "entity") and len(c.key) > 1:
            tails.add(singular(c.key[-1]))
        out.append(_assign(c, tag, label, kind, raw))
        if len(out) == limit:
            break
    return out


#: Key phrases of more words read as a sentence, not a tag ("planned production
#: increases next year").
MAX_PHRASE_WORDS = 3

#: Longer tags are unreadable run together ("#nswenvironmentprotectionauthority");
#: such a name is mostly written shorter in the same text too ("the EPA").
MAX_TAG_CHARS = 30


def _name_heads(a: Analysis) -> frozenset[str]:
    """Head nouns of the article's names of several words: "union" of "Chicago
    Teachers Union", "bank" of "Bank of England" (the word before "of")."""
    out = set()
    for key in a.names:
        if len(key) > 1 and " ".join(key) not in PLACES:
            out.add(singular(key[-1]))
            if "of" in key[1:]:
                out.add(singular(key[key.index("of") - 1]))
    return frozenset(out)


def _repeats(c: Cand, kind: str, words: set[str], covered: set[str], names: set[str] | frozenset[str]) -> bool:
    """A tag of one word that only repeats a longer one: "rail" after "rail link",
    "the union" of the "Chicago Teachers Union", "Commission" after "European
    Commission". A name leading a phrase stays ("Heathrow" beside "Heathrow
    expansion"), and so does a place ("Leeds" beside "Leeds Crown Court")."""
    if kind == "keyphrase":
        return words <= covered or words <= names
    return kind != "person" and c.key[0] not in PLACES and words <= names


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
