"""Excerpts: the first paragraphs of an article, cut at a sentence boundary.

    whole paragraphs while they fit ("\\n\\n" kept)
    → else the last sentence end before ``max_chars``
    → else (first sentence too long) the last word boundary, then "…"
"""

from __future__ import annotations

import re

__all__ = ["make_excerpt"]

ELLIPSIS = "…"

# A sentence ends after . ! ? (and any closing quotes or brackets) before a space.
_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")
# never the end of a sentence
_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof st vs v rev revd gen sen gov rep lt col sgt capt cpl jr sr mt ft "
    "fig figs approx dept univ ave rd jan feb mar apr jun jul aug sep sept oct nov dec cf al".split()
)
# the end of a sentence unless a number follows ("No. 10")
_BEFORE_NUMBERS = frozenset("no nos vol pp p para art".split())


def make_excerpt(text: str, max_chars: int = 320) -> str:
    """The start of ``text`` in at most ``max_chars`` characters, never mid-word.

    Paragraphs (separated by blank lines) are kept whole while they fit;
    otherwise the excerpt ends at the last sentence boundary that fits. When
    even the first sentence is too long, it is cut at a word boundary and
    ends with "…". A single word longer than ``max_chars`` is the only case
    cut inside a word.
    """
    paragraphs = [_squash(p) for p in text.split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs or max_chars <= 0:
        return ""
    kept: list[str] = []
    used = 0
    for para in paragraphs:
        sep = 2 if kept else 0
        if used + sep + len(para) <= max_chars:
            kept.append(para)
            used += sep + len(para)
            continue
        head = _sentences_within(para, max_chars - used - sep)
        if head:
            kept.append(head)
        break
    if kept:
        return "\n\n".join(kept)
    return _cut_words(paragraphs[0], max_chars)


def _squash(paragraph: str) -> str:
    # str.split() knows every Unicode space (and \x1c-\x1f), so words are the same as the caller's
    return " ".join(paragraph.split())


def _sentences_within(para: str, budget: int) -> str:
    """The longest run of whole sentences of ``para`` within ``budget`` chars."""
    best = 0
    for m in _END.finditer(para):
        if m.end() > budget:
            break
        if _is_boundary(para, m):
            best = m.end()
    return para[:best].rstrip()


def _is_boundary(para: str, m: re.Match[str]) -> bool:
    if para[m.start()] != "." or m.group().startswith(".."):
        return _next_starts_sentence(para, m.end())
    word = _WORD_BEFORE.search(para, 0, m.start())
    if word:
        w = word.group(1).lstrip("\"'“‘([").lower()
        if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or "." in w:
            return False  # "Mr.", "J. K.", "U.S."
        if w in _BEFORE_NUMBERS and para[m.end() :].lstrip()[:1].isdigit():
            return False  # "No. 10"
    return _next_starts_sentence(para, m.end())


def _next_starts_sentence(para: str, end: int) -> bool:
    rest = para[end:].lstrip()
    return not rest or not rest[0].islower()


def _cut_words(para: str, max_chars: int) -> str:
    budget = max_chars - len(ELLIPSIS)
    if budget <= 0:
        return ELLIPSIS[:max_chars]
    cut = para[: budget + 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    else:
        cut = cut[:budget]  # one word longer than the excerpt: the only cut inside a word
    return cut.rstrip(" ,;:–—-") + ELLIPSIS
