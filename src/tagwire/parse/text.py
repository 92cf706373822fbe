"""HTML fragments from feeds into plain text, without gluing words where blocks meet."""

from __future__ import annotations

import html
import re

import nh3

# Block boundaries become spaces before the tags go, or "<p>end.</p><p>Next" reads "end.Next".
_BLOCK = re.compile(r"<\s*(?:br|hr|/?p|/?div|/?li|/?h[1-6]|/?blockquote|/?tr|/?td|/?section)\b[^>]*>", re.I)


def plain_text(fragment: str | None) -> str:
    """Visible text of an HTML fragment: no tags, no script or style content, entities decoded."""
    if not fragment:
        return ""
    if "<" in fragment:
        # nh3 drops <script>/<style> with their content; tags=set() keeps only text
        fragment = nh3.clean(_BLOCK.sub(" ", fragment), tags=set())
    if "&" in fragment:  # most titles have no entity: skip the unescape pass
        fragment = html.unescape(fragment)
    return " ".join(fragment.split())


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# inline markup publishers put in titles; anything else ("<script>", "a < b") is text
_INLINE_TAG = re.compile(r"</?(?:b|i|em|strong|span|a|br|sup|sub|u|small|mark|cite|q|font|abbr)(?:\s[^<>]{0,500})?/?>",
                         re.I)


def title_text(title: str | None) -> str:
    """A feed's or an item's title as text.

    RSS titles are often escaped twice ("Q&amp;amp;A", "&#8217;") or carry inline
    markup; JSON Feed and Atom text titles are text, where "<" is a character. So
    entities are decoded and inline tags dropped, and nothing else is taken for markup.
    """
    if not title:
        return ""
    if "&" in title and _ENTITY.search(title):
        title = html.unescape(title)
    if "<" in title:
        title = _INLINE_TAG.sub("", title)
    return " ".join(title.split())
