"""Is the article behind a paywall?

Signals, strongest first: the publisher says so in JSON-LD
(``isAccessibleForFree: false``) or in ``article:content_tier``; paywall
markup with text in it; an unmistakable "subscribe to continue reading"
prompt; or a weaker subscription prompt next to a short body that stops
mid-sentence. A "subscribe to our newsletter" box is none of these.
"""

from __future__ import annotations

import re

from lxml import etree

from tagwire.extract.jsonld import JsonLd, is_false

# Class/id tokens of paywall boxes; group 1 is the token, for the XPath below.
_MARKUP = re.compile(
    r"(?:^|[\s_-])(paywall\w*|subscriber-only|subscribers-only|subscriber-content|subscriber-exclusive|"
    r"premium-content|premium-article|premium-only|tp-modal|tp-backdrop|piano-offer|piano-paywall|piano-container|"
    r"regwall|meter-wall|content-locked|locked-content|article-locked|content-gate|gated-content)(?=$|[\s_-])"
)
_NOT_PAYWALL = re.compile(r"(?:^|[\s_-])(?:no-?paywall|non-?paywall)|paywall-?free|free-content")
STRONG_PROMPT = re.compile(
    r"subscribe (?:now |today )?to (?:continue|keep) reading|"
    r"to (?:continue|keep) reading,? (?:please )?(?:subscribe|become a subscriber)|"
    r"subscribe (?:now |today )?to (?:read|unlock|access) "
    r"(?:the|this) (?:full|entire|rest of the|whole) (?:article|story)|"
    r"(?:this|the) (?:article|story|content) is (?:only )?(?:available|reserved|exclusive) (?:only )?(?:to|for) "
    r"(?:subscribers|members|premium|paying)|"
    r"(?:for|exclusive to) (?:paying |premium )?subscribers only|subscribers only\W{1,20}(?:subscribe|sign in|log in)|"
    r"you(?:'ve| have) (?:reached|used) (?:your|all your) (?:limit of )?free (?:articles|stories)",
    re.IGNORECASE,
)
WEAK_PROMPT = re.compile(
    r"already a (?:subscriber|member)|subscribe (?:now|today)|start your (?:free )?trial|"
    r"(?:sign|log) in to (?:read|continue)|become a (?:subscriber|member)|for subscribers|subscriber[- ]only|"
    r"unlock (?:this|the full|unlimited)|premium (?:article|content|members)|"
    r"(?:get|enjoy|with) unlimited (?:digital )?access|"
    r"(?:this|the) (?:article|story) is for\b[^.]{0,60}\bsubscribers",
    re.IGNORECASE,
)
# A substring of every _MARKUP token, for C-speed "in" tests on the page's
# lower-cased classes and ids before the regex and the element search.
_HINTS = (
    "aywall", "ubscriber-", "ubscribers-", "premium-", "tp-modal", "tp-backdrop", "piano-", "regwall", "meter-wall",
    "locked", "content-gate", "gated-content",
)  # fmt: skip
# Words every STRONG_PROMPT match contains: the regex only reads the text
# around them (a match is under 100 characters long), not the whole page.
_STRONG_WORDS = ("subscri", "members", "premium", "paying", "free articles", "free stories")
_STRONG_REACH = 120
_MAX_WINDOWS = 50
# two lookups, not one "//@class | //@id": libxml2 checks each node of a union against every node
# already found, which is quadratic on a page of thousands of elements
# (plain strings: "smart" ones each carry a link to their element)
_CLASSES = etree.XPath("//@class", smart_strings=False)
_IDS = etree.XPath("//@id", smart_strings=False)
_MARKUP_ANY_CASE = re.compile(_MARKUP.pattern, re.IGNORECASE)
_WITH_TOKEN = etree.XPath("//*[contains(@class, $token) or contains(@id, $token)]")
_NOT_CONTAINERS = {"html", "body", "script", "style", "link", "meta", "template"}
_SHORT_BODY_WORDS = 250
_ENDS_SENTENCE = re.compile(r"""[.!?"'”’)\]]\s*$""")


def is_paywalled(tree, ld: JsonLd, text: str, page_text: str) -> bool:
    """Combine the signals. ``text`` is the extracted article, ``page_text``
    the page's visible text."""
    return (
        declared_paid(tree, ld)
        or _paywall_markup(tree)
        or _strong_prompt(page_text)
        or (looks_truncated(text) and bool(WEAK_PROMPT.search(page_text)))
    )


def declared_paid(tree, ld: JsonLd) -> bool:
    """The publisher's own word that the article is for subscribers (JSON-LD, content tier)."""
    return _jsonld_says_paid(ld) or _content_tier_locked(tree)


def _strong_prompt(page_text: str) -> bool:
    lower = page_text.lower()
    windows = 0
    for word in _STRONG_WORDS:
        start = lower.find(word)
        while start >= 0:
            windows += 1
            if windows > _MAX_WINDOWS:  # a page of "members" lists: one pass is cheaper
                return bool(STRONG_PROMPT.search(lower))
            window = lower[max(0, start - _STRONG_REACH) : start + len(word) + _STRONG_REACH]
            if STRONG_PROMPT.search(window):
                return True
            start = lower.find(word, start + 1)
    return False


def _jsonld_says_paid(ld: JsonLd) -> bool:
    nodes = [ld.article] if ld.article else []
    nodes += [n for n in ld.nodes if "isAccessibleForFree" in n and n is not ld.article]
    for node in nodes:
        if is_false(node.get("isAccessibleForFree")):
            return True
        parts = node.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, dict) and is_false(part.get("isAccessibleForFree")):
                return True
    return False


def _content_tier_locked(tree) -> bool:
    # a C-level walk to the meta tags: an XPath predicate on every element cost ten times more
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key == "article:content_tier" and (meta.get("content") or "").strip().lower() == "locked":
            return True
    return False


def _paywall_markup(tree) -> bool:
    """A paywall box or wrapper that actually holds text (empty placeholders
    for a script that may never fire prove nothing)."""
    # One C-level pass over every class and id (as cheap as scanning the
    # page's source for the hints, and far fewer false hits: scripts and
    # styles mention "premium-" and "locked" too); only the tokens found
    # there are then looked up element by element.
    names = " ".join(_CLASSES(tree) + _IDS(tree))
    if not any(hint in names.lower() for hint in _HINTS):
        return False
    # each token as the page spells it ("PayWall"), so the element search
    # needs no lower-casing of every class and id of the page
    tokens = {match.group(1) for match in _MARKUP_ANY_CASE.finditer(names)}
    for token in tokens:
        for element in _WITH_TOKEN(tree, token=token):
            names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
            if _NOT_PAYWALL.search(names) or not _MARKUP.search(names):
                continue
            if element.tag not in _NOT_CONTAINERS and _has_words(element, 3):
                return True
    return False


def _has_words(element, count: int) -> bool:
    seen = 0
    for text in element.itertext():
        seen += len(text.split())
        if seen >= count:
            return True
    return False


def looks_truncated(text: str) -> bool:
    """A short body whose last paragraph stops mid-sentence."""
    words = text.split()
    if not words or len(words) > _SHORT_BODY_WORDS:
        return False
    last = text.rsplit("\n\n", 1)[-1].rstrip()
    return last.endswith(("...", "…")) or not _ENDS_SENTENCE.search(last)
