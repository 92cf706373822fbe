"""Topic rules: a small boolean language over an article's words. PURE.

::

    "grooming gangs" OR ("rape gangs" AND NOT football) OR (Casey NEAR/5 inquiry)

- a term is a phrase in double quotes or a bare word (``cost-of-living`` is one
  phrase of three words); terms match as topic phrases do (``_phrases.py``: case,
  hyphens, plurals and possessives folded; a term in capitals matches only capitals);
- ``AND`` (also implied between two terms), ``OR``, ``NOT`` (``a NOT b`` is ``a AND NOT b``),
  parentheses; operators are written in capitals, so "and"/"or"/"not" are words;
- ``a NEAR/n b``: a and b with at most n words between them, in either order, both
  in the title or both in the body; its sides are terms, or ORs of terms.

Binding, tightest first: NEAR, NOT, AND, OR. A rule must need some word to be
present: ``NOT football`` alone would tag nearly every article and is refused.

``parse_rule`` gives a tree of frozen nodes or raises InvalidInputError with one
line naming the place; ``evaluate`` answers with the spans of the article that
made the rule true (its witnesses), or None.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

from tagwire.enrich._phrases import Pattern, Words, matches_at, pattern, words
from tagwire.errors import InvalidInputError

__all__ = ["And", "Document", "Near", "Not", "Or", "Rule", "Term", "evaluate", "matched_text", "parse_rule"]

MAX_LENGTH = 2000
MAX_TERMS = 100
MAX_DEPTH = 20
MAX_DISTANCE = 50
MAX_WITNESSES = 500  # spans kept per node: bounds the work on an article that repeats a word

Span = tuple[int, int]  # first and last word, inclusive, in Document.words


@dataclass(frozen=True, slots=True)
class Term:
    pattern: Pattern


@dataclass(frozen=True, slots=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: "Node"


@dataclass(frozen=True, slots=True)
class Near:
    left: "Node"
    right: "Node"
    distance: int


Node = Union[Term, And, Or, Not, Near]


@dataclass(frozen=True, slots=True)
class Rule:
    text: str  # as the user wrote it, whitespace collapsed
    root: Node


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(r'\s*(?:(?P<quote>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')
_NEAR = re.compile(r"NEAR(?:/(?P<n>\S*))?")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # term | open | close | and | or | not | near | end
    at: int  # 1-based character, for messages
    text: str
    value: object = None


def _fail(message: str) -> InvalidInputError:
    return InvalidInputError(f"rule: {message}")


def _tokens(text: str) -> list[_Token]:
    out, pos = [], 0
    while pos < len(text) and text[pos:].strip():
        m = _TOKEN.match(text, pos)
        if m is None:  # cannot happen: every non-space character starts some token
            raise _fail(f"cannot read character {pos + 1}")
        at, pos = m.start(m.lastgroup) + 1, m.end()
        kind, raw = m.lastgroup, m.group(m.lastgroup)
        if kind == "quote":
            if len(raw) < 2 or not raw.endswith('"'):
                raise _fail(f'unclosed quote at character {at}')
            out.append(_term(raw[1:-1], raw, at))
        elif kind in ("open", "close"):
            out.append(_Token(kind, at, raw))
        else:
            out.append(_word_token(raw, at))
    out.append(_Token("end", len(text) + 1, "end of rule"))
    return out


def _word_token(raw: str, at: int) -> _Token:
    if raw in ("AND", "OR", "NOT"):
        return _Token(raw.lower(), at, raw)
    near = _NEAR.fullmatch(raw)
    if near:
        n = near.group("n")
        if not n:
            raise _fail(f"NEAR needs a distance, as in NEAR/5 (character {at})")
        if not n.isdigit() or not 1 <= int(n) <= MAX_DISTANCE:
            raise _fail(f"{raw}: the distance must be a number from 1 to {MAX_DISTANCE} (character {at})")
        return _Token("near", at, raw, int(n))
    return _term(raw, raw, at)


def _term(phrase: str, raw: str, at: int) -> _Token:
    found = pattern(" ".join(phrase.split()))
    if found is None:
        raise _fail(f"{raw} has no letters or digits (character {at})")
    return _Token("term", at, raw, found)


# ---------------------------------------------------------------- parser


class _Parser:
    """Recursive descent; depth and size are capped, so no input reaches Python's recursion limit."""

    def __init__(self, tokens: list[_Token]):
        self.tokens, self.i, self.depth = tokens, 0, 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def any_of(self) -> Node:
        children = [self.all_of()]
        while self.peek().kind == "or":
            self.take()
            children.append(self.all_of())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def all_of(self) -> Node:
        children = [self.unary()]
        while self.peek().kind in ("and", "term", "open", "not"):
            if self.peek().kind == "and":
                self.take()
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        if self.peek().kind == "not":
            self.take()
            self.depth += 1  # NOT NOT NOT … nests as deep as parentheses do
            if self.depth > MAX_DEPTH:
                raise _fail(f"more than {MAX_DEPTH} nested NOTs and parentheses")
            inner = Not(self.unary())
            self.depth -= 1
            return inner
        return self.near()

    def near(self) -> Node:
        left = self.primary()
        while self.peek().kind == "near":
            op = self.take()
            right = self.primary()
            if not (_positional(left) and _positional(right)):
                raise _fail(f"{op.text} joins words, phrases or ORs of them, not AND or NOT (character {op.at})")
            left = Near(left, right, op.value)
        return left

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "term":
            return Term(token.value)
        if token.kind == "open":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _fail(f"more than {MAX_DEPTH} nested NOTs and parentheses")
            if self.peek().kind == "close":
                raise _fail(f"empty parentheses at character {token.at}")
            inner = self.any_of()
            if self.peek().kind != "close":
                raise _fail(f'unclosed "(" at character {token.at}')
            self.take()
            self.depth -= 1
            return inner
        if token.kind == "close":
            raise _fail(f'unexpected ")" at character {token.at}')
        previous = self.tokens[self.i - 2].text if self.i >= 2 else "the start"
        if token.kind == "end":
            raise _fail("empty rule" if self.i == 1 else f"the rule ends after {previous}")
        raise _fail(f"expected a word or phrase before {token.text} (character {token.at})")


def _positional(node: Node) -> bool:
    """Nodes that have places in the text, so NEAR can measure between them."""
    if isinstance(node, (Term, Near)):
        return True
    return isinstance(node, Or) and all(_positional(c) for c in node.children)


def _needs_a_word(node: Node) -> bool:
    """True when the rule can only be true if some term occurs."""
    if isinstance(node, (Term, Near)):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_needs_a_word(c) for c in node.children)
    return all(_needs_a_word(c) for c in node.children)


@lru_cache(maxsize=1024)
def parse_rule(text: str) -> Rule:
    """The rule's tree; InvalidInputError (one line) on bad syntax."""
    if not isinstance(text, str):
        raise _fail("must be text")
    text = " ".join(text.split())
    if len(text) > MAX_LENGTH:
        raise _fail(f"longer than {MAX_LENGTH} characters")
    tokens = _tokens(text)
    if sum(t.kind == "term" for t in tokens) > MAX_TERMS:
        raise _fail(f"more than {MAX_TERMS} words and phrases")
    parser = _Parser(tokens)
    root = parser.any_of()
    extra = parser.peek()
    if extra.kind == "close":
        raise _fail(f'unexpected ")" at character {extra.at}')
    if extra.kind != "end":
        raise _fail(f"expected a word or phrase after {parser.tokens[parser.i - 1].text} (character {extra.at})")
    if not _needs_a_word(root):
        raise _fail("it would match articles that mention none of its words; add a word that must occur")
    return Rule(text, root)


# ---------------------------------------------------------------- evaluation


class Document:
    """An article's title and body as one word list (no phrase runs across the two)."""

    def __init__(self, title: str, text: str):
        head, body = words(title or ""), words(text or "")
        self.title_words = len(head.folded)
        joined = head.joined + ([False] + body.joined[1:] if body.joined else [])
        self.words = Words(head.folded + body.folded, head.written + body.written, joined)
        self.index: dict[str, list[int]] = {}
        for i, w in enumerate(self.words.folded):
            self.index.setdefault(w, []).append(i)
        self._spans: dict[Pattern, list[Span]] = {}

    def spans(self, p: Pattern) -> list[Span]:
        found = self._spans.get(p)
        if found is None:
            n = len(p.words) - 1
            found = [(i, i + n) for i in self.index.get(p.words[0], ()) if matches_at(p, i, self.words)]
            self._spans[p] = found
        return found

    def part(self, span: Span) -> int:
        return 0 if span[0] < self.title_words else 1


def evaluate(rule: Rule, doc: Document) -> list[Span] | None:
    """The spans that make the rule true, first first; None when it is false."""
    found = _eval(rule.root, doc)
    return None if found is None else sorted(set(found))


def _eval(node: Node, doc: Document) -> list[Span] | None:
    if isinstance(node, Term):
        return doc.spans(node.pattern) or None
    if isinstance(node, Not):
        return [] if _eval(node.child, doc) is None else None
    if isinstance(node, Near):
        return _near(node, doc)
    results = []
    for child in node.children:
        found = _eval(child, doc)
        if found is None and isinstance(node, And):
            return None
        if found is not None:
            results.append(found)
    if not results:
        return None
    return sorted({s for found in results for s in found})[:MAX_WITNESSES]


def _near(node: Near, doc: Document) -> list[Span] | None:
    left = _eval(node.left, doc)
    right = _eval(node.right, doc) if left else None  # most articles lack the left side: look no further
    if not left or not right:
        return None
    right = sorted(right)
    starts = [s for s, _ in right]
    longest = max(e - s for s, e in right)
    reach, found = node.distance + 1, set()
    for a in left:
        lo = bisect.bisect_left(starts, a[0] - reach - longest)
        hi = bisect.bisect_right(starts, a[1] + reach)
        for b in right[lo:hi]:
            between = max(b[0] - a[1], a[0] - b[1]) - 1
            if between <= node.distance and doc.part(a) == doc.part(b):
                found.add((min(a[0], b[0]), max(a[1], b[1])))
        if len(found) >= MAX_WITNESSES:
            break
    return sorted(found)[:MAX_WITNESSES] or None


def matched_text(doc: Document, span: Span, most: int = 12) -> str:
    """The article's own words of a span, shortened in the middle when long."""
    written = doc.words.written[span[0] : span[1] + 1]
    if len(written) > most:
        written = [*written[: most // 2], "…", *written[-(most // 2) :]]
    return " ".join(written)
