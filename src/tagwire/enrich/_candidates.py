"""Candidates of one article: names (capitalised runs) and key phrases (n-grams)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tagwire.enrich._folds import fold_references, merge as _merge
from tagwire.enrich._furniture import strip_furniture
from tagwire.enrich._lexicon import (
    FIRST_NAMES,
    NAME_CONNECTORS,
    NUMBER_WORDS,
    OF_MEASURES,
    PLACES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)
from tagwire.enrich._name_chains import (
    MAX_NAME_WORDS,
    NAME_HEADS,
    NOT_NAME_START,
    chains,
    person_shaped,
    split_roles,
    trim,
)
from tagwire.enrich._phrase_words import (
    COMMON,
    DETERMINERS,
    NEVER_IN_PHRASE,
    PARTICIPLES,
    TIME_UNITS,
    TIME_WORDS,
    VERB_CUES,
    VERBISH,
    counting_compound,
    edge_ok,
    phrase_word,
    single_ok,
    verb_after_name,
)
from tagwire.enrich._recase import recase, shouted, whispered
from tagwire.enrich._verb_cues import predicates, us_spelling
from tagwire.enrich._text import LEAD_TOKENS, Tok, looks_title_case, singular, tokenise
from tagwire.enrich._wordclass import lexicon

__all__ = ["COMMON", "Analysis", "Cand", "drop_subsumed"]


@dataclass(slots=True)
class Cand:
    key: tuple[str, ...]
    kind: str  # name | keyphrase
    forms: dict[str, int] = field(default_factory=dict)  # form → uses (a Counter costs 10x more to make)
    mentions: int = 0
    body: int = 0  # mentions outside the title
    in_title: bool = False
    in_lead: bool = False
    first: int = 1 << 30
    titled: int = 0  # mentions after an honorific or a role ("Mr", "Home Secretary")
    speaking: int = 0  # mentions followed by "said", "told"...
    surname_refs: int = 0  # later mentions by surname alone
    mixed: int = 0  # words of a name leading a key phrase ("NAFTA pact": 1)
    counted: bool = False  # holds a counting compound ("four-day week", "three-year contract")
    quoted: int = 0  # body mentions inside double quotes
    owned: int = 0  # one-word mentions after "its", "their"...: a part of something ("burst its banks")
    numbered: int = 0  # one-word mentions after a number: a unit counted ("in three phases", "40 light years")
    definite: int = 0  # one-word body mentions after "the": a reference back ("the line")
    coded: int = 0  # mentions of a word in capitals right before a number: a code ("LHS 1140 b")

    def add(self, form: str, tok: Tok) -> None:
        self.forms[form] = self.forms.get(form, 0) + 1
        # ``count``, inlined: called once per n-gram of every run, the hottest call of the tagger
        self.mentions += 1
        self.body += not tok.title
        self.quoted += tok.quoted
        self.in_title |= tok.title
        self.in_lead |= (not tok.title) and tok.index < LEAD_TOKENS
        if tok.index < self.first:
            self.first = tok.index

    def count(self, tok: Tok) -> None:
        self.mentions += 1
        self.body += not tok.title
        self.quoted += tok.quoted
        self.in_title |= tok.title
        self.in_lead |= (not tok.title) and tok.index < LEAD_TOKENS
        self.first = min(self.first, tok.index)

    @property
    def label(self) -> str:
        # most used form; on a tie the longer (plural) one
        return max(self.forms.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


class Analysis:
    """One article's tokens and the candidates found in them."""

    def __init__(self, title: str, text: str) -> None:
        title = title.replace("’", "'").replace("‘", "'")
        text = text.replace("’", "'").replace("‘", "'")
        self.body = tokenise(strip_furniture(text), title=False, offset=0)
        self.head = tokenise(title, title=True, offset=-10_000)
        if shouted(self.body):
            recase(self.body, loud=True)
        elif whispered(self.body):
            recase(self.body, loud=False)
            if not any(t.cap for t in self.head):
                recase(self.head, loud=False)
        self.lower_seen = {t.lower for t in self.body if not t.cap}
        self._unshout_body()
        self.cap_mid = {t.lower for t in self.body if t.cap and not t.start}
        if _shouting(self.head):
            self._unshout_title()
        elif looks_title_case(self.head):
            self._recase_title()
        self.tokens = self.head + self.body
        self.names: dict[tuple[str, ...], Cand] = {}
        self.phrases: dict[tuple[str, ...], Cand] = {}

    def _unshout_body(self) -> None:
        """Lead-ins in capitals ("US INSURERS face..."): a word of four letters or
        more in capitals that the text also writes another way is written that way
        ("insurers", "Harry"); acronyms ("NATO") are never written otherwise."""
        shouted = [t for t in self.body if t.acronym and len(t.text) >= 4 and t.text.isalpha()]
        if not shouted:
            return
        written: dict[str, str] = {}
        for t in self.body:
            if t.cap and not t.acronym and not t.start:
                written.setdefault(t.lower, t.text)
        for t in shouted:
            if t.lower in self.lower_seen:
                t.text, t.cap, t.acronym = t.lower, False, False
            elif t.lower in written:
                t.text, t.acronym = written[t.lower], False

    def _recase_title(self) -> None:
        """"Ofgem Raises Energy Price Cap": keep only capitals the body confirms,
        either as a name word never written in lower case, or next to another
        confirmed word ("Police Scotland"), or beside the same capitalised
        neighbour as in the body ("Harbour Rovers")."""
        named = [t.lower in self.cap_mid for t in self.head]
        pairs = {(a.lower, b.lower) for a, b in zip(self.body, self.body[1:]) if a.cap and b.cap and not a.brk}
        head = self.head
        for i, t in enumerate(head):
            if not t.cap or t.acronym or t.start:
                continue
            beside = (i > 0 and named[i - 1]) or (i + 1 < len(named) and named[i + 1])
            paired = (i > 0 and (head[i - 1].lower, t.lower) in pairs) or (
                i + 1 < len(head) and (t.lower, head[i + 1].lower) in pairs
            )  # "Harbour Rovers" the body writes only at sentence starts
            t.cap = paired or (named[i] and (t.lower not in self.lower_seen or beside))

    def _unshout_title(self) -> None:
        """"YELLOWSTONE FIRES SPREAD": write each word as the body does; a word the
        body never writes in capitals goes to lower case."""
        forms: dict[str, str] = {}
        for t in self.body:
            if t.cap and not t.start and t.lower not in self.lower_seen:
                forms.setdefault(t.lower, t.text)
        for t in self.head:
            t.text = forms.get(t.lower, t.lower)
            t.acronym = t.text.isupper() and len(t.text) > 1
            t.cap = t.text[:1].isupper()

    # ----------------------------------------------------------- names

    def _keep_start(self, chain: list[Tok], mid_keys: set[tuple[str, ...]]) -> list[Tok]:
        """Decide whether a sentence-initial capital belongs to the name."""
        first = chain[0]
        if not first.start or tuple(t.lower for t in chain) in mid_keys:
            return chain
        w = first.lower
        if first.acronym or w in PLACES or w in FIRST_NAMES or (w in NAME_HEADS and len(chain) >= 2):
            return chain
        if w in COMMON or w in self.lower_seen:  # "Police said", "Energy bills rose"
            return trim(chain[1:])
        lex = lexicon()
        if lex.get(w, "NN") in NOT_NAME_START and lex.get(first.text) not in ("NNP", "NNPS"):
            return trim(chain[1:])  # "Regarding Ireland", "Four Qwest executives"
        if len(chain) >= 2 and chain[1].text[0].islower():  # "Rival easyJet": a brand starts the name
            return trim(chain[1:])
        if w in self.cap_mid or len(chain) >= 2:
            return chain
        if w not in lex and self.opening[w] >= 2:  # "Tesla reported...", "Tesla faces...": no English word
            return chain
        return trim(chain[1:])

    def find_names(self) -> None:
        raw = chains(self.tokens)
        mid_keys = {tuple(t.lower for t in c) for c in raw if not c[0].start}
        self.opening = Counter(c[0].lower for c in raw if c[0].start)
        mentions: list[tuple[list[Tok], bool]] = []
        for chain in raw:
            chain = self._before_role(self._keep_start(chain, mid_keys))
            if chain:
                parts, titled = split_roles(chain)
                mentions.extend((part, titled and part is parts[-1]) for part in parts)
        surnames = self._surnames(mentions)
        heads = self._heads(mentions)
        for part, titled in mentions:
            if len(part) > MAX_NAME_WORDS:  # a run of capitals ("WORD WORD WORD ..."), not a name
                continue
            key = tuple(t.lower for t in part)
            by_surname = len(part) == 1 and key[0] in surnames
            by_head = len(part) == 1 and not by_surname and key[0] in heads
            if by_surname:
                key = self._nearest(surnames[key[0]], part[0].index)
            elif by_head:  # "Redhill" for "Redhill Rovers"
                key = heads[key[0]]
            cand = self.names.get(key)
            if cand is None:
                cand = self.names[key] = Cand(key, "name")
            if by_surname or by_head:
                cand.count(part[0])
                cand.surname_refs += by_surname
            else:  # "St Aldhelm's Hospital" keeps its "'s" in the label
                cand.add(" ".join(t.text + t.poss if t is not part[-1] else t.text for t in part), part[0])
            cand.titled += titled
            after = self._token_at(part[-1].index + 1)
            cand.speaking += after is not None and after.lower in SPEECH_VERBS
            cand.coded += after is not None and after.digit and part[-1].acronym and not part[-1].brk
            for t in part:
                t.name = True

    def _before_role(self, chain: list[Tok]) -> list[Tok]:
        """"Senate Democratic leader Chuck Schumer": "Democratic" belongs to the
        role written in lower case after it, not to the name before it."""
        if not chain or chain[-1].brk:
            return chain
        after = self._token_at(chain[-1].index + 1)
        if after is None or after.cap or after.lower not in ROLE_NOUNS:
            return chain
        while len(chain) > 1 and chain[-1].lower in ROLE_MODIFIERS:
            chain = chain[:-1]
        return chain

    def fold_references(self) -> None:
        """Later, shorter references count for what they refer to (``_folds.py``)."""
        fold_references(self.names, self.phrases)

    def token_at(self, index: int) -> Tok | None:
        """The token at an index of the article (the title's are negative)."""
        return self._token_at(index)

    def _token_at(self, index: int) -> Tok | None:
        if index >= 0:
            return self.body[index] if index < len(self.body) else None
        i = index + 10_000
        return self.head[i] if 0 <= i < len(self.head) else None

    @staticmethod
    def _surnames(mentions: list[tuple[list[Tok], bool]]) -> dict[str, list[tuple[int, tuple]]]:
        out: dict[str, list[tuple[int, tuple]]] = defaultdict(list)
        for part, _ in mentions:
            if 2 <= len(part) <= 4 and person_shaped(part):
                out[part[-1].lower].append((part[0].index, tuple(t.lower for t in part)))
        return out

    @staticmethod
    def _heads(mentions: list[tuple[list[Tok], bool]]) -> dict[str, tuple[str, ...]]:
        """First words that stand for exactly one longer name ("Redhill" → "Redhill
        Rovers", "Priya" → "Priya Raman"); never a known place ("Manchester"), nor a word
        the body uses alone before the longer name, unless the headline gives the longer one:
        that is a name of its own, and the longer one another thing of it ("Apple" in four
        paragraphs, then "Apple Intelligence", its software)."""
        found: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        alone_first: set[str] = set()
        body_seen: set[str] = set()
        for part, _ in mentions:
            head = part[0].lower
            if not part[0].title and head not in body_seen:
                body_seen.add(head)
                if len(part) == 1:
                    alone_first.add(head)
            if len(part) >= 2 and part[1].lower not in NAME_CONNECTORS:
                found[head].add(tuple(t.lower for t in part))
                if part[0].title:  # the headline gives the name first: "Aster AI" in it, "Aster" after
                    alone_first.discard(head)
                    body_seen.add(head)
        return {
            head: next(iter(keys))
            for head, keys in found.items()
            if len(keys) == 1 and head not in PLACES and head not in COMMON and head not in alone_first
        }

    @staticmethod
    def _nearest(fulls: list[tuple[int, tuple]], index: int) -> tuple:
        """The full name written last before ``index`` (else the first); ``fulls`` is in
        text order, so a binary search keeps a text of many mentions linear."""
        i = bisect_left(fulls, (index,))
        return fulls[i - 1 if i else 0][1]

    # ----------------------------------------------------------- key phrases

    def find_phrases(self) -> None:
        """Runs of phrase words, cut into n-grams once the whole text is read.

        Two readings come from the word before: an "-ing" word after a
        determiner is a noun ("the flooding": it may end a phrase); a word
        after "to", a modal or a pronoun is a verb when the lexicon allows it
        ("would gain new routes": it may not start one).
        """
        get = lexicon().get
        nominal: set[str] = set()
        verbal: set[int] = set()
        runs: list[list[Tok]] = []
        run: list[Tok] = []
        after = ""  # the word before, when nothing but a space separates them
        after2 = ""  # and the word before that, likewise
        for t in self.tokens:
            w = t.lower
            t.named = t.name or t.acronym or (t.cap and not t.start and not t.title)
            if w not in NEVER_IN_PHRASE:  # function words need no class (most tokens)
                t.cls = get(w) or (get(t.text) if t.cap else None) or ""
                if not t.cls and "is" in w:  # "criticise": the lexicon is American
                    t.cls = get(us_spelling(w)) or ""
                if after in DETERMINERS or (after2 in DETERMINERS and run and run[-1].cls in _MODIFIERS) or (
                    after.endswith("ing") and run and run[-1].cls == "VBG"
                ):  # "the flooding", "of flash flooding", "cutting standing charges"
                    if w.endswith("ing"):
                        nominal.add(w)
                elif after in VERB_CUES and t.cls in VERBISH and not t.named:
                    verbal.add(t.index)
                if phrase_word(t):
                    run.append(t)
                    after, after2 = ("", "") if t.brk else (w, after)
                    if not t.brk:
                        continue
            after, after2 = ("", "") if t.brk else (w, after)
            if run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        for run in runs:  # "profit warning": an "-ing" word English mostly uses as a noun, after a noun
            for a, b in zip(run, run[1:]):
                if a.cls == "NN" and b.cls == "NN" and b.lower in PARTICIPLES and not a.brk and (
                    not _object_follows(b, self._token_at(b.index + 1))
                ):
                    nominal.add(b.lower)
        self.nominal, self.verbal = nominal, verbal
        self.predicate = predicates(self.tokens, nominal)
        for run in runs:  # "forced schools to close", "urged residents to stay": a verb and its object
            after_run = self._token_at(run[-1].index + 1)
            if run[0].lower.endswith("ed") and after_run is not None and after_run.lower == "to":
                verbal.add(run[0].index)
        for run in runs:
            self._grams(run)

    def _grams(self, run: list[Tok]) -> None:
        if len(run) == 1:  # the most common run: one word between function words
            t = run[0]
            w = t.lower
            if (
                not t.named
                and t.index not in self.verbal
                and single_ok(w)
                and edge_ok(t, first=True, nominal=self.nominal)
                and edge_ok(t, first=False, nominal=self.nominal)
            ):
                key = (singular(w),)
                cand = self.phrases.get(key)
                if cand is None:
                    cand = self.phrases[key] = Cand(key, "keyphrase")
                cand.add(w, t)
                self._note_before(cand, t)
            return
        words = [t.lower for t in run]
        upper = [t.named for t in run]
        nominal = self.nominal
        starts = [
            u or (
                t.index not in self.verbal
                and t.index not in self.predicate
                and edge_ok(t, first=True, nominal=nominal)
            )
            for t, u in zip(run, upper)
        ]
        if words[0] in TIME_UNITS and self._counted(run[0]):  # "in three weeks batters the coast"
            starts[0] = False
        if words[0] in _PER_CENT:  # "a three per cent offer" is no "#centoffer"
            starts[0] = False
        ends = [not u and edge_ok(t, first=False, nominal=nominal) for t, u in zip(run, upper)]
        counts = [counting_compound(w) for w in words] if any("-" in w for w in words) else None
        if counts:
            for k in range(1, len(run)):  # "four-day week": a counted unit may end a phrase
                if words[k] in TIME_UNITS and counts[k - 1]:
                    ends[k] = True
        n = len(run)
        for i in range(n):
            if not starts[i] or (i > 0 and upper[i - 1]):
                continue
            led = upper[i]  # by a name: "NAFTA pact"
            for j in range(i, min(i + 4, n)):
                if j > i:
                    b = run[j]  # a name only leads; a verb ends the phrase (_verb_inside, inlined)
                    if (upper[j] and not upper[j - 1]) or b.cls == "VBN" or b.lower in TIME_WORDS or (
                        b.index in self.predicate
                    ) or (
                        b.cls == "VB" and run[j - 1].cls == "NNS"
                    ):
                        break
                if led and not upper[j] and (j == i or upper[j - 1]) and verb_after_name(run, i, j):
                    break
                if not ends[j] or (i == j and not single_ok(words[i])):
                    continue
                gram = words[i : j + 1]
                if j > i and all(w in COMMON for w in gram):
                    continue
                key = (*gram[:-1], singular(gram[-1]))
                cand = self.phrases.get(key)
                if cand is None:
                    cand = self.phrases[key] = Cand(key, "keyphrase", mixed=sum(upper[i : j + 1]))
                if counts and any(counts[i : j + 1]):
                    cand.counted = True
                if led:  # the name as written: "NAFTA pact"
                    gram = [t.text if u else t.lower for t, u in zip(run[i : j + 1], upper[i : j + 1])]
                cand.add(" ".join(gram), run[i])
                if i == j:
                    self._note_before(cand, run[i])

    def _counted(self, t: Tok) -> bool:
        before = self._token_at(t.index - 1)
        return before is not None and not before.brk and (before.digit or before.lower in NUMBER_WORDS)

    def _note_before(self, cand: Cand, t: Tok) -> None:
        """One word after "its" or after a number: a part of something, a unit counted."""
        before = self._token_at(t.index - 1)
        if before is not None and not before.brk:
            cand.owned += before.lower in _OWNERS
            cand.numbered += before.digit or before.lower in NUMBER_WORDS
            cand.definite += before.lower == "the" and not t.title


_PER_CENT = frozenset({"cent", "percent", "pc"})


def _object_follows(t: Tok, after: Tok | None) -> bool:
    """"a man carrying a knife": a determiner or a pronoun after an "-ing" word is its object."""
    return not t.brk and after is not None and after.lower in _OBJECTS


_OBJECTS = frozenset("a an the their its his her our my your this that these those them him it us me".split())


#: Words between a determiner and an "-ing" word that make it a noun ("of flash flooding").
_MODIFIERS = frozenset(("NN", "JJ"))


#: "the second profit warning" is news about a profit warning.
ORDINALS = frozenset("second third fourth fifth sixth seventh eighth ninth tenth".split())


#: Possessive determiners: "its banks", "their homes" are parts or belongings of
#: something named elsewhere, not a subject of their own.
_OWNERS = frozenset("its their his her my our your".split())

def _shouting(toks: list[Tok]) -> bool:
    """A title in capitals: most of its words of four letters or more are acronyms."""
    long = [t for t in toks if len(t.text) > 3 and not t.digit]
    return len(long) >= 2 and sum(t.acronym for t in long) >= 0.8 * len(long)


def drop_subsumed(phrases: dict[tuple[str, ...], Cand]) -> None:
    """Drop a phrase seen mostly inside a longer one ("sexual exploitation"), except
    that a longer one made only by an ordinal in front ("second profit warning")
    counts for the phrase it counts, and one made by a measure after "of" ("earthquake of
    magnitude") for the thing measured."""
    for key in [k for k in phrases if len(k) >= 3 and k[0] in ORDINALS and k[1:] in phrases]:
        _merge(phrases.pop(key), phrases[key[1:]])
    for key in [k for k in phrases if len(k) >= 3 and k[-2] == "of" and k[-1] in OF_MEASURES and k[:-2] in phrases]:
        _merge(phrases.pop(key), phrases[key[:-2]])  # "earthquake of magnitude" is the earthquake
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
