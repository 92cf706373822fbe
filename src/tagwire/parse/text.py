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
