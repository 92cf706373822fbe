"""Text → sparse features for the category classifier. PURE, no sklearn.

    title, text → words (lower case, light plural folding, no stop words)
                → unigrams + adjacent bigrams, title counted twice
                → sublinear tf × idf, L2-normalised over known features

Only the first ``MAX_CHARS`` characters of the body are read: the lead of a
news story says what it is about, and it keeps prediction fast on long pages.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

MAX_CHARS = 3000
TITLE_WEIGHT = 2

_TOKEN = re.compile(r"[a-z][a-z'’]*[a-z]|[a-z]|\d+(?:[.,]\d+)*|[£$€%]")
_STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "one",
        "two",
        "new",
        "told",
        "year",
        "years",
    ]
)


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


def words(text: str) -> list[str]:
    out = []
    for token in _TOKEN.findall(text.lower()):
        if token[0].isdigit():
            out.append("#")
            continue
        word = _fold(token)
        if word and word not in _STOP:
            out.append(word)
    return out


def terms(title: str, text: str) -> Counter[str]:
    """Unigram and bigram counts; the title counts ``TITLE_WEIGHT`` times."""
    counts: Counter[str] = Counter()
    for part, weight in ((title or "", TITLE_WEIGHT), ((text or "")[:MAX_CHARS], 1)):
        seq = words(part)
        for _ in range(weight):
            counts.update(seq)
            counts.update(f"{a} {b}" for a, b in itertools.pairwise(seq))
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
