"""OPML 2.0 subscription lists, as feed readers import and export them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.entities import name2codepoint
from xml.sax.saxutils import quoteattr

from lxml import etree

from ..errors import ParseError

# No entities, no network, no huge trees: an OPML file comes from anywhere.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str
    title: str
    home_url: str | None = None
    category: str | None = None


def parse_opml(content: bytes) -> list[Subscription]:
    """Every outline with an xmlUrl, nested folders included (the folder is the category)."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        # Hand-edited and older exported lists hold HTML's named entities (&nbsp;, &eacute;),
        # which XML does not define: one such title made the whole file "not valid".
        numbered = _HTML_ENTITY.sub(_entity_number, content)
        if numbered == content:
            raise ParseError(f"not a valid OPML file: {exc}") from None
        try:
            root = etree.fromstring(numbered, _PARSER)
        except etree.XMLSyntaxError as still:  # what is left wrong once HTML's entities are read
            raise ParseError(f"not a valid OPML file: {still}") from None
    if root is None or root.tag != "opml":
        raise ParseError("not an OPML file: the root element is not <opml>")
    subs: list[Subscription] = []
    for outline in root.iter("outline"):
        url = _feed_scheme_off((outline.get("xmlUrl") or outline.get("xmlurl") or "").strip())
        if not url:
            continue
        parent = outline.getparent()
        folder = parent.get("text") if parent is not None and parent.tag == "outline" else None
        title = (outline.get("title") or outline.get("text") or "").strip()
        subs.append(Subscription(url=url, title=title, home_url=outline.get("htmlUrl"), category=folder))
    return subs


_HTML_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


def _entity_number(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    code = None if name in _XML_ENTITIES else name2codepoint.get(name)
    return b"&#%d;" % code if code else match.group(0)


def _feed_scheme_off(url: str) -> str:
    """feed://host/rss (and feed:https://…), the old feed-reader scheme, is the http(s) URL it wraps."""
    lowered = url[:12].lower()
    if lowered.startswith(("feed:http://", "feed:https:/")):
        return url[5:]
    if lowered.startswith("feed://"):
        return "http://" + url[7:]
    return url


def dump_opml(subs: list[Subscription], title: str = "tagwire subscriptions") -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(title)}</title></head>", "  <body>"]
    for s in subs:
        attrs = f'type="rss" text={quoteattr(s.title)} title={quoteattr(s.title)} xmlUrl={quoteattr(s.url)}'
        if s.home_url:
            attrs += f" htmlUrl={quoteattr(s.home_url)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
