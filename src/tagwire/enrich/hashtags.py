"""Automatic hashtags: named people, organisations and places, and key phrases.

A fast, dependency-free candidate scorer (about 1 ms for a 600-word article):

1. Tokenise once; note sentence starts, punctuation breaks and possessives.
2. Names are runs of capitalised words ("Bank of England", "Yvette Cooper").
   A capitalised word at a sentence start only counts as part of a name when
   the text gives evidence for it (the same name appears mid-sentence, or the
   word is never written in lower case and is not a common word). Titles and
   roles in front of a name are dropped ("Home Secretary Yvette Cooper" →
   "Yvette Cooper"); a later bare surname ("Cooper said") counts as a mention
   of the full name, so "Cooper" is never emitted beside "Yvette Cooper".
3. Key phrases are lower-case n-grams of up to four words that neither start
   nor end with a stopword or a weak word ("said", "last"); "of" may sit
   inside ("cost of living"). A shorter phrase mostly seen inside a longer one
   is dropped in favour of the longer one.
4. Plural folding: candidates are counted under a key whose last word goes
   through a light English singulariser, so "grooming gang" and "grooming
   gangs" are one candidate. Its label (and so its tag) is the surface form
   used most often; on a tie the plural form wins, because news phrases that
   vary in number ("grooming gangs", "small boats") are mostly plural.
5. Score: mentions weighted by kind (multi-word names highest), plus a bonus
   for the title and for the first 60 words, mapped onto 0..1 with
   ``1 - exp(-raw / 8)``.

Kinds emitted: "person", "org", "place", "entity" (a name of unknown kind) and
"keyphrase".
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tagwire.enrich._lexicon import (
    EDGE_ADJ,
    FIRST_NAMES,
    GENERIC,
    HONORIFICS,
    NAME_CONNECTORS,
    ORG_SUFFIXES,
    PLACES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STOPWORDS,
    WEAK,
    WEEKDAYS_MONTHS,
)
from tagwire.types import TagAssignment

__all__ = ["GENERIC", "automatic_tags", "normalise_tag", "singular"]

# ---------------------------------------------------------------- normalising

_TRANSLIT = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ð": "d", "ı": "i", "’": "'"}
)
_NOT_TAG = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_WORD_SPLIT = re.compile(r"[\s.,;:]+")


def _fold(text: str) -> str:
    """Casefold and strip accents."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLIT))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalise_tag(label: str) -> str:
    """Canonical tag for a label: ``[a-z0-9]+``, or "" when nothing remains.

    Casefolds, strips accents, drops leading honorifics ("Sir", "Dr", "Rt Hon")
    and possessive "'s", then removes everything that is not a-z or 0-9.
    """
    words = [w for w in _WORD_SPLIT.split(_POSSESSIVE.sub("", _fold(label))) if w]
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return _NOT_TAG.sub("", "".join(words))


_SINGULAR_KEEP = frozenset(
    "news series species politics economics physics ethics athletics gymnastics "
    "always perhaps various serious famous previous dangerous analysis crisis basis "
    "thesis diagnosis virus status census bonus campus bus gas chaos lens this is has "
    "was his its us yes plus thus bias atlas alias canvas".split()
)


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A light English singulariser, used only to match plural and singular."""
    w = word.lower()
    if len(w) <= 3 or w in _SINGULAR_KEEP or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("'s"):
        return w[:-1]
    return w


# ---------------------------------------------------------------- tokenising

_GAP_TOKEN = re.compile(r"([\W_]*?)([^\W_]+(?:['\-.&][^\W_]+)*)")
_HAS_DIGIT = re.compile(r"\d").search
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof no vs etc rev gen sen gov lt col sgt capt jr sr mt ft inc ltd co "
    "corp approx est fig".split()
)
_LEAD_TOKENS = 60
_SHORT_TOKENS = 80  # a feed summary rather than an article


@dataclass(slots=True)
class _Tok:
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


def _tokenise(text: str, *, title: bool, offset: int) -> list[_Tok]:
    toks: list[_Tok] = []
    start = True
    last: _Tok | None = None
    for gap, word in _GAP_TOKEN.findall(text):
        if last is not None and gap != " ":
            stripped = gap.strip()
            if stripped or "\n" in gap:
                last.brk = True
                if "\n" in gap or (
                    ("." in stripped or "!" in stripped or "?" in stripped)
                    and not (
                        stripped[0] == "."
                        and (last.lower in _ABBREVIATIONS or len(last.text) == 1 or "." in last.text)
                    )
                ):
                    start = True
        poss = False
        if word[-2:] in ("'s", "'S") and len(word) > 2:
            word, poss = word[:-2], True
        lower = word.lower()
        upper2 = word[:2].isupper()
        last = _Tok(
            word,
            lower,
            word[0].isupper(),
            upper2 and (word.isupper() or word[:-1].isupper()),
            _HAS_DIGIT(word) is not None,
            start,
            poss,
            title,
            offset + len(toks),
        )
        toks.append(last)
        start = False
    if last is not None:
        last.brk = True
    return toks


def _looks_title_case(toks: list[_Tok]) -> bool:
    long = [t for t in toks if len(t.text) > 3 and not t.digit]
    return len(long) >= 3 and sum(t.cap for t in long) >= 0.7 * len(long)


# ---------------------------------------------------------------- candidates


@dataclass(slots=True)
class _Cand:
    key: tuple[str, ...]
    kind: str  # name | keyphrase
    forms: Counter = field(default_factory=Counter)
    mentions: int = 0
    body: int = 0  # mentions outside the title
    in_title: bool = False
    in_lead: bool = False
    first: int = 1 << 30
    titled: int = 0  # mentions after an honorific or a role ("Mr", "Home Secretary")
    speaking: int = 0  # mentions followed by "said", "told"...
    surname_refs: int = 0  # later mentions by surname alone

    def add(self, form: str, tok: _Tok) -> None:
        self.forms[form] += 1
        self.count(tok)

    def count(self, tok: _Tok) -> None:
        self.mentions += 1
        self.body += not tok.title
        self.in_title |= tok.title
        self.in_lead |= (not tok.title) and tok.index < _LEAD_TOKENS
        self.first = min(self.first, tok.index)

    @property
    def label(self) -> str:
        # most used form; on a tie the longer (plural) one
        return max(self.forms.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


_COMMON = STOPWORDS | WEAK | GENERIC | EDGE_ADJ


def _chains(toks: list[_Tok]) -> list[list[_Tok]]:
    """Raw runs of capitalised tokens, joined by connectors ("Bank of England")."""
    chains: list[list[_Tok]] = []
    cur: list[_Tok] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        capish = t.cap and t.lower not in WEEKDAYS_MONTHS and not (t.digit and t.text.isdigit())
        if capish and (not cur or (not cur[-1].brk and not t.start)):
            cur.append(t)
        elif (
            cur
            and t.lower in NAME_CONNECTORS
            and not cur[-1].brk
            and not t.brk
            and i + 1 < n
            and toks[i + 1].cap
        ):
            cur.append(t)
        elif (  # "Society for the Prevention of Cruelty"
            cur
            and t.lower in ("of", "for")
            and not cur[-1].brk
            and not t.brk
            and i + 2 < n
            and toks[i + 1].lower == "the"
            and not toks[i + 1].brk
            and toks[i + 2].cap
        ):
            cur.extend((t, toks[i + 1]))
            i += 1
        else:
            if cur:
                chains.append(cur)
            cur = [t] if capish else []
        if cur and cur[-1].brk:
            chains.append(cur)
            cur = []
        i += 1
    if cur:
        chains.append(cur)
    return [_trim(c) for c in chains if _trim(c)]


def _trim(chain: list[_Tok]) -> list[_Tok]:
    while chain and (chain[-1].lower in NAME_CONNECTORS or not chain[-1].cap):
        chain = chain[:-1]
    while chain and (chain[0].lower in NAME_CONNECTORS or not chain[0].cap):
        chain = chain[1:]
    return chain


def _is_role(t: _Tok) -> bool:
    return t.lower in ROLE_NOUNS or t.lower in ROLE_MODIFIERS


def _split_roles(chain: list[_Tok]) -> tuple[list[list[_Tok]], bool]:
    """Drop honorifics and roles; return the name parts and a person hint."""
    hint = False
    while chain and chain[0].lower in HONORIFICS:
        chain, hint = chain[1:], True
    i = 0
    while i < len(chain):
        if not _is_role(chain[i]):
            i += 1
            continue
        j = i
        while j < len(chain) and (_is_role(chain[j]) or chain[j].lower == "of"):
            j += 1
        while j > i and chain[j - 1].lower == "of":
            j -= 1
        if not any(t.lower in ROLE_NOUNS for t in chain[i:j]):
            i = j
            continue
        if j < len(chain):  # a role before a name
            head, rest = _trim(chain[:i]), _trim(chain[j:])
            while rest and rest[0].lower in HONORIFICS:
                rest = rest[1:]
            parts, _ = _split_roles(rest)
            return ([head] if head else []) + parts, True
        if i > 0 and chain[i - 1].lower in NAME_CONNECTORS:  # "Ministry of Justice"
            i = j
            continue
        head = _trim(chain[:i])
        return ([head] if head else []), hint
    return ([chain] if chain else []), hint


class _Analysis:
    """One article's tokens and the candidates found in them."""

    def __init__(self, title: str, text: str) -> None:
        title = title.replace("’", "'").replace("‘", "'")
        text = text.replace("’", "'").replace("‘", "'")
        self.body = _tokenise(text, title=False, offset=0)
        self.head = _tokenise(title, title=True, offset=-10_000)
        self.lower_seen = {t.lower for t in self.body if not t.cap}
        self.cap_mid = {t.lower for t in self.body if t.cap and not t.start}
        if _looks_title_case(self.head):
            # "Ofgem Raises Energy Price Cap": trust only capitals the body confirms
            for t in self.head:
                if t.cap and not t.acronym and not t.start:
                    t.cap = t.lower in self.cap_mid
        self.tokens = self.head + self.body
        self.names: dict[tuple[str, ...], _Cand] = {}
        self.phrases: dict[tuple[str, ...], _Cand] = {}

    # ----------------------------------------------------------- names

    def _keep_start(self, chain: list[_Tok], mid_keys: set[tuple[str, ...]]) -> list[_Tok]:
        """Decide whether a sentence-initial capital belongs to the name."""
        first = chain[0]
        if not first.start or tuple(t.lower for t in chain) in mid_keys:
            return chain
        w = first.lower
        if first.acronym or w in self.cap_mid or w in PLACES or w in FIRST_NAMES:
            return chain
        if len(chain) >= 2 and w not in self.lower_seen and w not in _COMMON:
            return chain
        return _trim(chain[1:])

    def find_names(self) -> None:
        raw = _chains(self.tokens)
        mid_keys = {tuple(t.lower for t in c) for c in raw if not c[0].start}
        mentions: list[tuple[list[_Tok], bool]] = []
        for chain in raw:
            chain = self._keep_start(chain, mid_keys)
            if chain:
                parts, titled = _split_roles(chain)
                mentions.extend((part, titled and part is parts[-1]) for part in parts)
        surnames = self._surnames(mentions)
        heads = self._heads(mentions)
        for part, titled in mentions:
            key = tuple(t.lower for t in part)
            by_surname = len(part) == 1 and key[0] in surnames
            by_head = len(part) == 1 and not by_surname and key[0] in heads
            if by_surname:
                key = self._nearest(surnames[key[0]], part[0].index)
            elif by_head:  # "Redhill" for "Redhill Rovers"
                key = heads[key[0]]
            cand = self.names.get(key)
            if cand is None:
                cand = self.names[key] = _Cand(key, "name")
            if by_surname or by_head:
                cand.count(part[0])
                cand.surname_refs += by_surname
            else:
                cand.add(" ".join(t.text for t in part), part[0])
            cand.titled += titled
            after = self._token_at(part[-1].index + 1)
            cand.speaking += after is not None and after.lower in SPEECH_VERBS
            for t in part:
                t.name = True

    def _token_at(self, index: int) -> _Tok | None:
        if index >= 0:
            return self.body[index] if index < len(self.body) else None
        i = index + 10_000
        return self.head[i] if 0 <= i < len(self.head) else None

    @staticmethod
    def _surnames(mentions: list[tuple[list[_Tok], bool]]) -> dict[str, list[tuple[int, tuple]]]:
        out: dict[str, list[tuple[int, tuple]]] = defaultdict(list)
        for part, _ in mentions:
            if 2 <= len(part) <= 4 and _person_shaped(part):
                out[part[-1].lower].append((part[0].index, tuple(t.lower for t in part)))
        return out

    @staticmethod
    def _heads(mentions: list[tuple[list[_Tok], bool]]) -> dict[str, tuple[str, ...]]:
        """First words that stand for exactly one longer name ("Redhill" → "Redhill
        Rovers", "Priya" → "Priya Raman"); never a known place ("Manchester")."""
        found: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for part, _ in mentions:
            if len(part) >= 2 and part[1].lower not in NAME_CONNECTORS:
                found[part[0].lower].add(tuple(t.lower for t in part))
        return {
            head: next(iter(keys))
            for head, keys in found.items()
            if len(keys) == 1 and head not in PLACES and head not in _COMMON
        }

    @staticmethod
    def _nearest(fulls: list[tuple[int, tuple]], index: int) -> tuple:
        before = [f for f in fulls if f[0] < index]
        return (before[-1] if before else fulls[0])[1]

    # ----------------------------------------------------------- key phrases

    def find_phrases(self) -> None:
        run: list[_Tok] = []
        for t in self.tokens:
            if _phrase_word(t):
                run.append(t)
                if t.brk:
                    self._grams(run)
                    run = []
            else:
                self._grams(run)
                run = []
        self._grams(run)

    def _grams(self, run: list[_Tok]) -> None:
        if not run:
            return
        words = [t.lower for t in run]
        starts = [_edge_ok(t, first=True) for t in run]
        ends = [_edge_ok(t, first=False) for t in run]
        n = len(run)
        for i in range(n):
            if not starts[i]:
                continue
            for j in range(i, min(i + 4, n)):
                if not ends[j] or (i == j and not _single_ok(words[i])):
                    continue
                gram = words[i : j + 1]
                if j > i and all(w in _COMMON for w in gram):
                    continue
                key = (*gram[:-1], singular(gram[-1]))
                cand = self.phrases.get(key)
                if cand is None:
                    cand = self.phrases[key] = _Cand(key, "keyphrase")
                cand.add(" ".join(gram), run[i])


def _person_shaped(part: list[_Tok]) -> bool:
    return (
        all(t.cap and not t.acronym and not t.digit for t in part)
        and part[-1].lower not in ORG_SUFFIXES
        and not any(t.lower in NAME_CONNECTORS for t in part[1:-1] if t.lower != "de")
        and " ".join(t.lower for t in part) not in PLACES
        and not any(t.lower in PLACES or t.lower in _COMMON for t in part)
    )


def _phrase_word(t: _Tok) -> bool:
    if t.digit or t.name or (t.cap and not t.start and not t.title) or t.acronym:
        return False
    w = t.lower
    return w == "of" or (w not in STOPWORDS and w not in WEAK and "." not in w and "&" not in w)


def _edge_ok(t: _Tok, *, first: bool) -> bool:
    w = t.lower
    if w == "of" or w.endswith("ly") or len(w) < 3:
        return False
    if first:
        return True
    return w not in EDGE_ADJ and not (len(w) > 4 and w.endswith("ed") and not w.endswith("eed"))


def _single_ok(w: str) -> bool:
    return len(w) >= 4 and w not in _COMMON and not w.endswith("ed") and "'" not in w


# ---------------------------------------------------------------- scoring


def _name_kind(c: _Cand, label: str) -> str:
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


def _raw(c: _Cand, weight: float, short: bool) -> float | None:
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


def _drop_subsumed(phrases: dict[tuple[str, ...], _Cand]) -> None:
    """Drop a phrase seen mostly inside a longer one ("sexual exploitation")."""
    inside: dict[tuple[str, ...], int] = {}
    for key, cand in phrases.items():
        n = len(key)
        for size in range(1, n):
            for i in range(n - size + 1):
                window = (*key[i : i + size - 1], singular(key[i + size - 1]))
                if inside.get(window, 0) < cand.mentions:
                    inside[window] = cand.mentions
    for key in [k for k in phrases if k in inside]:
        if phrases[key].mentions <= 1.5 * inside[key]:
            del phrases[key]


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """``short`` is a run of words of ``long`` (last word plural folded)."""
    n = len(short)
    if n > len(long):
        return False
    for i in range(len(long) - n + 1):
        if long[i : i + n - 1] == short[:-1] and singular(long[i + n - 1]) == short[-1]:
            return True
    return False


def automatic_tags(title: str, text: str, *, limit: int = 10) -> list[TagAssignment]:
    """Key phrases and names of an article, best first, at most ``limit``."""
    if limit <= 0:
        return []
    a = _Analysis(title or "", text or "")
    a.find_names()
    a.find_phrases()
    _drop_subsumed(a.phrases)
    short = len(a.body) < _SHORT_TOKENS
    scored: list[tuple[float, int, tuple[str, ...], TagAssignment]] = []
    for c in a.names.values():
        if not c.forms:
            continue
        label = c.label
        if all(w in _COMMON or w in ROLE_NOUNS or w in ROLE_MODIFIERS for w in c.key):
            continue
        weight = 1.5 if len(c.key) > 1 else 1.1
        raw = _raw(c, weight, short)
        if raw is not None:
            kind = _name_kind(c, label)
            scored.append((raw, c.first, c.key, _assign(c, label, kind, raw, kind)))
    for c in a.phrases.values():
        if all(w in _COMMON or w in ROLE_NOUNS or w in ROLE_MODIFIERS for w in c.key):
            continue  # "chief executive", "last year"
        if len(c.key) > 1:
            weight = 1.0 + 0.1 * min(len(c.key), 3)
        else:  # single words: abstract nouns ("extremism") beat plurals ("households")
            weight = 0.45 if c.label != c.key[0] else 0.6
        raw = _raw(c, weight, short)
        if raw is not None:
            scored.append((raw, c.first, c.key, _assign(c, c.label, "keyphrase", raw, "key phrase")))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out: list[TagAssignment] = []
    seen: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for _, _, key, tag in scored:
        if not tag.tag or tag.tag in seen or tag.tag.isdigit() or len(tag.tag) < 2:
            continue
        if tag.kind == "keyphrase":  # one of "political points" / "political point scoring"
            if any(_contains(k, key) or _contains(key, k) for k in phrases):
                continue
            phrases.append(key)
        seen.add(tag.tag)
        out.append(tag)
        if len(out) == limit:
            break
    return out


def _assign(c: _Cand, label: str, kind: str, raw: float, what: str) -> TagAssignment:
    score = round(1.0 - math.exp(-raw / 8.0), 2)
    plural = "mention" if c.mentions == 1 else "mentions"
    where = ", in title" if c.in_title else ""
    return TagAssignment(
        tag=normalise_tag(label),
        label=label,
        score=score,
        kind=kind,
        why=f'{what} "{label}" (score {score:.2f}, {c.mentions} {plural}{where})',
    )
