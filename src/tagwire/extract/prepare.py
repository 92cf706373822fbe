"""Small in-place repairs to the tree before trafilatura reads it.

Both fix word boundaries that a browser shows but plain text loses. They
run after metadata and the visible text were read; all they do is add
spaces and drop lone ``<br>``s, which the paywall check after them ignores.
"""

from __future__ import annotations

import re

# Text that stops mid-sentence: a letter, or a comma or semicolon.
_MID_SENTENCE = re.compile(r"[^\W\d_]\s*$|[,;]\s*$")
_LOWER_END = re.compile(r"[a-zß-ÿ]$")
_UPPER_START = re.compile(r"^[A-ZÀ-Þ]")
# Each join copies the growing text before it, so a page of 40,000 wrapped
# lines took minutes; the benchmark pages need at most 29.
MAX_JOINS = 1000
# Containers of the glued boxes we look for; skipping the rest keeps it cheap.
_BOXES = ("a", "span", "div", "li", "p", "time", "strong", "b", "em", "h2", "h3", "h4", "figcaption", "td")


def prepare_tree(tree) -> None:
    join_wrapped_lines(tree)
    separate_glued_boxes(tree)


def join_wrapped_lines(tree) -> None:
    """Replace a lone ``<br>`` inside a sentence with a space.

    Trafilatura turns every ``<br>`` of some layouts into a paragraph break,
    which would cut "Engineers told<br>home owners" into two paragraphs.
    A ``<br>`` after sentence punctuation, before a capital, or doubled
    (``<br><br>``, a real paragraph break) is left alone.
    """
    joins = 0
    for br in list(tree.iter("br")):
        after = br.tail or ""
        before = _text_before(br)
        if not after.strip() or not before.strip():
            continue  # text on both sides, so not one of a <br><br> pair
        # (only the end of the text before decides: after a join it holds all the lines joined so far)
        if _MID_SENTENCE.search(before.rstrip()[-2:]) and after.lstrip()[:1].islower():
            br.tail = " " + after.lstrip()
            br.drop_tag()
            joins += 1
            if joins >= MAX_JOINS:
                break


def _text_before(br) -> str:
    previous = br.getprevious()
    if previous is None:
        return br.getparent().text or ""
    return previous.tail or ""  # after <br><br> this is empty: a real break


def separate_glued_boxes(tree) -> None:
    """Put a space between sibling elements whose texts touch, like
    ``<a>…costs rise by a third</a><span>Published 12 May</span>``: a
    stylesheet shows them apart, text extraction would read "thirdPublished".
    Only lower-case against upper-case counts, so a drop cap ("<b>T</b>he")
    or a split word is never broken up."""
    for element in tree.iter(*_BOXES):
        tail = element.tail
        if tail and not tail[:1].isspace():
            # (the cheap test on the tail first: most tails start in lower case or with punctuation)
            if _UPPER_START.match(tail) and _LOWER_END.search(_last_text(element)):
                element.tail = " " + tail
            continue
        if tail:
            continue
        following = element.getnext()
        if following is None or not isinstance(following.tag, str):
            continue
        if _LOWER_END.search(_last_text(element)) and _UPPER_START.match(_first_text(following)):
            element.tail = " "


def _last_text(element) -> str:
    """The end of the element's text, found without serializing it."""
    while True:
        if len(element):
            last = element[-1]
            if last.tail and last.tail.strip():
                return last.tail.rstrip()
            element = last
        else:
            return (element.text or "").rstrip()


def _first_text(element) -> str:
    while True:
        if element.text and element.text.strip():
            return element.text.lstrip()
        if not len(element) or not isinstance(element[0].tag, str):
            return ""
        element = element[0]
