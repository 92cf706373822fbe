"""Text → sparse features for the category classifier. PURE, no sklearn.

    title, text → tokens (lower case, light plural folding)
                → words (no stop words): unigrams + adjacent bigrams
                + one "@Category" term per lexicon phrase found in the tokens
                → title counted twice
                → sublinear tf × idf, L2-normalised over known features

Only the first ``MAX_CHARS`` characters of the body are read: the lead of a
news story says what it is about, and it keeps prediction fast on long pages.

The lexicon (``tagwire/data/category_lexicon.toml``) maps words and short
phrases that news uses for a subject to a category. A text that names a club
or a gadget the corpus never mentions still gets "@Sport" or "@Technology",
a feature the corpus has taught the model to weigh: it helps short texts most.
It is matched on the tokens before stop words are dropped, so that its
``[headline]`` table ("I", "we", "should"), read in the title only, can speak
for Opinion.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from tagwire.enrich._classifier_stop import STOP

MAX_CHARS = 3000
MAX_TITLE_CHARS = 400  # a headline is short; a hostile one must not cost more than a body
TITLE_WEIGHT = 2
LEXICON = "data/category_lexicon.toml"
_LONGEST = 3  # words in a lexicon phrase

_TOKEN = re.compile(r"[a-z][a-z'’]*[a-z]|[a-z]|\d+(?:[.,]\d+)*|[£$€%]")


def _fold(word: str) -> str:
    """Possessives off, simple plurals folded: "councils" → "council"."""
    word = word.replace("’", "'")
    word = word.removesuffix("'s")
    word = word.strip("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Capitals that lower-casing would turn into another word: "US" into the pronoun "us"
# (which the headline table counts for Opinion), "WHO" into a stop word. Wire copy
# writes them in every other headline.
_ACRONYMS = re.compile(r"\bU\.S\.(?:A\.)?|\b(?:US|USA|WHO)\b")
# In a headline set in capitals the capitals say nothing, so the words around decide: "US"
# is the country ("US ELECTION", "US SANCTIONS") except after a word that takes the pronoun
# ("JOIN US", "ALL OF US"); "WHO" is the organisation only where a headline's subject stands
# (first, or after "UN" or a colon), not in "THE MAN WHO SOLD…".
_TAKES_US = frozenset(
    "JOIN HELP TELL GIVE SHOW LET FOR WITH OF TO FROM ABOUT AMONG BEFORE BEHIND BETWEEN LIKE AGAINST "
    "SAVE LEAVE BRING TAKE SEND CALL MAKE KEEP".split())
_WORD_BEFORE = re.compile(r"([A-Z']+)\W*$")
_SPELLED = {"WHO": " world health organization "}


def _acronym(match: re.Match[str]) -> str:
    return _SPELLED.get(match[0], " usa ")


def _caps_acronym(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 20):match.start()]
    if match[0] == "US":
        word = _WORD_BEFORE.search(before)
        return match[0] if word and word[1] in _TAKES_US else " usa "
    if match[0] == "WHO":
        subject = not before.strip() or before.rstrip().endswith((":", "UN", "-", "–"))
        return _SPELLED["WHO"] if subject else match[0]
    return " usa "


def tokens(text: str) -> list[str]:
    """Folded lower-case tokens, numbers as "#"; stop words kept."""
    out = []
    caps = len(text) > 12 and text.isupper()
    spelled = _ACRONYMS.sub(_caps_acronym, text) if caps else _ACRONYMS.sub(_acronym, text)
    for token in _TOKEN.findall(spelled.lower()):
        word = "#" if token[0].isdigit() else _fold(token)
        if word:
            out.append(word)
    return out


Lexicon = dict[tuple[str, ...], tuple[str, ...]]


def parse_lexicon(raw: str, table_name: str = "lexicon") -> Lexicon:
    """``[lexicon] Category = "phrase, phrase, ..."`` → folded phrase → categories.
    ``table_name="headline"``: the phrases that count in a headline only."""
    table: dict[tuple[str, ...], set[str]] = {}
    for category, phrases in tomllib.loads(raw).get(table_name, {}).items():
        for phrase in str(phrases).split(","):
            key = tuple(tokens(phrase))
            if 0 < len(key) <= _LONGEST:
                table.setdefault(key, set()).add(category)
    return {key: tuple(sorted(names)) for key, names in table.items()}


@cache
def lexicon_text() -> str:
    return resources.files("tagwire").joinpath(LEXICON).read_text("utf-8")


@cache
def lexicon(table_name: str = "lexicon") -> Lexicon:
    return parse_lexicon(lexicon_text(), table_name)


@cache
def _compiled(table_name: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple]]:
    """(word → its "@Category" features, first word → (rest of phrase, features)...):
    most words start no phrase, so a text costs about one dict lookup a word."""
    single: dict[str, tuple[str, ...]] = {}
    multi: dict[str, list] = {}
    for key, names in lexicon(table_name).items():
        features = tuple(f"@{name}" for name in names)
        if len(key) == 1:
            single[key[0]] = features
        else:
            multi.setdefault(key[0], []).append((key[1:], features))
    return single, {word: tuple(rests) for word, rests in multi.items()}


def lexicon_hits(seq: Sequence[str], table_name: str = "lexicon") -> Counter[str]:
    """"@Category" counts for the phrases of a lexicon table in a token sequence."""
    single, multi = _compiled(table_name)
    found: list[str] = []
    for i, word in enumerate(seq):
        found.extend(single.get(word, ()))
        for rest, features in multi.get(word, ()):
            if tuple(seq[i + 1 : i + 1 + len(rest)]) == rest:
                found.extend(features)
    return Counter(found)


# A headline that quotes or reports someone ("'We will win', says PM", "Minister vows we
# will act") speaks with that person's first person and "should", not the writer's:
# the [headline] table is read outside quotes, and not at all beside a reporting verb.
_QUOTED = re.compile(r"[\"“”][^\"“”]*[\"“”]|(?<!\w)['‘][^'‘’]*['’](?!\w)")
_REPORTING = frozenset(
    # folded like the tokens ("says" → "say"); not "told", "claims", "admit": "firms
    # told to", "fraud claims", "should admit" report nobody
    "say said tell warn warned insist vow".split()
)


def headline_hits(title: str, raw: Sequence[str]) -> Counter[str]:
    """The [headline] table's counts in a headline (``raw``: its tokens), minus quoted
    or reported speech. Most headlines have no hit: they cost one pass."""
    found = lexicon_hits(raw, "headline")
    if not found or not _REPORTING.isdisjoint(raw):
        return Counter()
    if any(q in title for q in "\"“”'‘"):
        return lexicon_hits(tokens(_QUOTED.sub(" ", title)), "headline")
    return found


def places(title: str, text: str) -> tuple[int, int]:
    """(places abroad, places in Britain) the classifier reads in an article."""
    hits = lexicon_hits(tokens((title or "")[:MAX_TITLE_CHARS]) + tokens((text or "")[:MAX_CHARS]))
    return hits["@Abroad"], hits["@Britain"]


def terms(title: str, text: str) -> Counter[str]:
    """Unigram, bigram and lexicon counts; the title counts ``TITLE_WEIGHT`` times."""
    counts: Counter[str] = Counter()
    parts = (
        ((title or "")[:MAX_TITLE_CHARS], TITLE_WEIGHT, True),
        ((text or "")[:MAX_CHARS], 1, False),
    )
    for part, weight, headline in parts:
        raw = tokens(part)
        seq = [w for w in raw if w not in STOP]
        found = lexicon_hits(raw)
        if headline:
            found.update(headline_hits(part, raw))
        for _ in range(weight):
            counts.update(seq)
            counts.update(f"{a} {b}" for a, b in itertools.pairwise(seq))
            counts.update(found)
    return counts


def vectorise(
    counts: Counter[str], vocab: Mapping[str, int], idf: Sequence[float]
) -> tuple[list[int], list[float]]:
    """Indices and L2-normalised tf-idf values of the known terms."""
    idx, vals = [], []
    for term, n in counts.items():
        i = vocab.get(term)
        if i is not None:
            idx.append(i)
            vals.append((1.0 + math.log(n)) * idf[i])
    norm = math.sqrt(sum(v * v for v in vals)) or 1.0
    return idx, [v / norm for v in vals]
