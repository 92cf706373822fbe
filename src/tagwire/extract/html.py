"""Bytes in, one lxml tree out: decode, bound the work, parse once.

Every later stage (metadata, paywall, main text, htmldate) reads this one
tree; nothing downstream parses the page again.
"""

from __future__ import annotations

import codecs
import re
import threading

import lxml.html
from lxml import etree

from tagwire.errors import ExtractionError

# Pages over this size are cut before parsing. Extraction time grows with
# size (about a second per 1.5 MB of text here) and article pages are smaller:
# the largest of the 1,088 benchmark pages is 1.6 MB, most are near 100 kB.
# Over the cap we first strip scripts, styles and comments (they hold no
# article text; JSON-LD is kept), then keep the first CAP_CHARS characters.
CAP_CHARS = 2_000_000
# Raw bytes beyond this are never even decoded: a 50 MB page costs 20 MB.
CAP_BYTES = 20_000_000
# Trafilatura's cost grows faster than linearly with the element count, so a
# page with more tags than this first loses its inline wrappers, then its tail.
MAX_ELEMENTS = 50_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:+-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:+-]{1,40})""", re.IGNORECASE)
# Browsers (WHATWG) read these labels as windows-1252, and so do publishers
# who declare latin-1 but type curly quotes.
_AS_CP1252 = {"iso8859-1", "latin-1", "ascii", "cp819", "us-ascii"}
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_BLOCK_OPEN = re.compile(r"<script|<style|<!--", re.IGNORECASE)
_BLOCK_CLOSE = {
    "<script": re.compile(r"</script\s*>", re.IGNORECASE),
    "<style": re.compile(r"</style\s*>", re.IGNORECASE),
    "<!--": re.compile(r"-->"),
}
# possessive name: no backtracking through the name on every ordinary tag
_LONG_TAG = re.compile(r"<([a-zA-Z][\w:-]{0,30}+)[^<>]{10000,}")
_INLINE_TAG = re.compile(r"</?(?:span|font|b|i|em|strong|small|u|abbr|sup|sub|mark|s)\b[^<>]{0,2000}>", re.IGNORECASE)
# The same two on UTF-8 bytes (names are ASCII; the 10,000 counts bytes there).
_LONG_TAG_BYTES = re.compile(_LONG_TAG.pattern.encode())
_INLINE_TAG_BYTES = re.compile(_INLINE_TAG.pattern.encode(), re.IGNORECASE)

_local = threading.local()


def load_tree(html: str | bytes) -> lxml.html.HtmlElement:
    """Decode and parse ``html``; raise ExtractionError when there is no page."""
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)[:CAP_BYTES]
        text, exact = _decode(data)
        if exact and len(text) <= CAP_CHARS:
            return _load_utf8(data, text)
    elif isinstance(html, str):
        text = html
    else:
        raise ExtractionError(f"not an article: unsupported input type {type(html).__name__}")
    # a tag with thousands of attributes parses in quadratic time (libxml2)
    text = _LONG_TAG.sub(lambda match: f"<{match.group(1)} ", text[:CAP_BYTES])
    text = _bound(text)
    _check_text(text)
    text = _defuse(text)
    data = text.encode("utf-8", errors="replace")
    return _parse_bounded(data, data.count(b"<"), "\ufffe" in text or "\uffff" in text)


def _load_utf8(data: bytes, text: str) -> lxml.html.HtmlElement:
    """The common case, valid UTF-8 bytes under the cap: the same steps on
    the bytes themselves, which skips re-encoding the decoded text (the
    steps before the parser cost nearly as much as parsing did)."""
    data = _LONG_TAG_BYTES.sub(rb"<\1 ", data)
    _check_text(text)
    tags = data.count(b"<")
    if tags > MAX_ELEMENTS:
        data = _INLINE_TAG_BYTES.sub(b"", data)
    # searching the text for one character is far cheaper than the bytes for three
    return _parse_bounded(data, tags, "\ufffe" in text or "\uffff" in text)


def _check_text(text: str) -> None:
    if _looks_binary(text):
        raise ExtractionError("not an article: binary content")
    if not text or text.isspace():
        raise ExtractionError("not an article: empty page")


def _parse_bounded(data: bytes, tags: int, nonchars: bool) -> lxml.html.HtmlElement:
    tree = _parse(data, nonchars)
    if tags > MAX_ELEMENTS:  # cheap bound: every element needs a "<"
        _drop_after(tree, MAX_ELEMENTS)
    return tree


def _defuse(text: str) -> str:
    """A page with more than MAX_ELEMENTS tags loses its inline formatting
    tags (span, font, b, ...), which carry no structure, before parsing:
    removing them from the tree instead would leave thousands of adjacent
    text nodes that lxml joins in quadratic time."""
    if text.count("<") > MAX_ELEMENTS:
        text = _INLINE_TAG.sub("", text)
    return text


def decode(data: bytes) -> str:
    """Bytes to text: BOM, then declared charset, then UTF-8, then a guess."""
    return _decode(data[:CAP_BYTES])[0]


def _decode(data: bytes) -> tuple[str, bool]:
    """The text, and whether it is exactly ``data`` read as UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), False
    if data[:4096].count(0) > 8:  # no BOM but NULs: not text we can read
        raise ExtractionError("not an article: binary content")
    try:
        # Valid UTF-8 beats a declaration: pages saying "iso-8859-1" while
        # serving UTF-8 are common, the reverse accident is near impossible.
        # (So the declaration is only read when the bytes are not UTF-8.)
        return data.decode("utf-8"), True
    except UnicodeDecodeError as err:
        # a cut-off multi-byte character at the very end is not a wrong charset
        if err.start >= len(data) - 3:
            return data[: err.start].decode("utf-8", errors="replace"), False
        declared = declared_charset(data)
        if declared and declared != "utf-8":
            return data.decode(declared, errors="replace"), False
        if declared:  # declared UTF-8 with a few bad bytes: keep the rest
            return data.decode("utf-8", errors="replace"), False
        return data.decode(_guess_charset(data), errors="replace"), False


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first 32 kB, as a Python codec name."""
    head = data[:32768]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _AS_CP1252:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a declaration in an ASCII-readable page cannot be true
    return name


def _guess_charset(data: bytes) -> str:
    """Best guess for undeclared, non-UTF-8 bytes (a sample keeps it fast)."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
    except Exception:  # noqa: BLE001 -- the detector is a nicety; never let it break a page
        best = None
    return best.encoding if best is not None else "utf-8"


def _bound(text: str) -> str:
    """Cap the work: over CAP_CHARS, drop scripts/styles, then cut the tail."""
    if len(text) <= CAP_CHARS:
        return text
    return _strip_blocks(text[:CAP_BYTES])[:CAP_CHARS]


def _strip_blocks(text: str) -> str:
    """Remove scripts (but JSON-LD), styles and comments in one linear pass
    (a regex with ``.*?`` goes quadratic on many unclosed ``<script``)."""
    kept, pos = [], 0
    while True:
        match = _BLOCK_OPEN.search(text, pos)
        if match is None:
            kept.append(text[pos:])
            break
        start, opener = match.start(), match.group().lower()
        close = _BLOCK_CLOSE[opener].search(text, match.end())
        end = close.end() if close else len(text)
        if opener == "<script" and "ld+json" in text[start : text.find(">", start, end) + 1].lower():
            kept.append(text[pos:end])  # JSON-LD: the best metadata we have
        else:
            kept.append(text[pos:start])
        pos = end
    return "".join(kept)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return len(_BINARY_CHARS.findall(sample)) > 0.1 * len(sample)


_CLASS_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def _parser() -> lxml.html.HTMLParser:
    # lxml parsers must not be shared between threads
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
            default_doctype=False,
        )
        # lxml.html picks each element's Python class in a Python callback
        # (form and input elements get their own); every element proxy the
        # finder, the metadata readers and trafilatura create paid for it (8%
        # of extraction time). A C-level lookup gives every element the
        # HtmlElement class: same methods, same output, no callback.
        parser.set_element_class_lookup(_CLASS_LOOKUP)
        _local.parser = parser
    return parser


def _parse(data: bytes, nonchars: bool) -> lxml.html.HtmlElement:
    """Parse UTF-8 ``data`` (``nonchars``: it may hold U+FFFE or U+FFFF).

    Bytes, not text: lxml refuses str input that carries an <?xml
    encoding?> declaration; the parser is told the bytes are UTF-8.
    """
    # Control characters are not allowed in XML strings: lxml would refuse any
    # later edit of a text holding one. Bytes.translate drops them at C speed.
    data = data.translate(None, _CONTROL_BYTES)
    if nonchars:
        data = data.replace(b"\xef\xbf\xbe", b"").replace(b"\xef\xbf\xbf", b"")
    if not data.strip():
        raise ExtractionError("not an article: empty page")
    try:
        tree = lxml.html.document_fromstring(data, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        reason = " ".join(str(err).split())[:200]
        raise ExtractionError(f"not an article: unparsable HTML ({reason})") from None
    if tree is None:
        raise ExtractionError("not an article: unparsable HTML")
    return tree


def _drop_after(tree: lxml.html.HtmlElement, limit: int) -> None:
    last = _count_over(tree, limit)
    if last is not None:
        _drop_from(last)


def _count_over(tree: lxml.html.HtmlElement, limit: int):
    """The first element past ``limit`` in document order, or None."""
    for index, element in enumerate(tree.iter()):
        if index >= limit:
            return element
    return None


def _drop_from(element) -> None:
    """Remove ``element`` and everything after it in document order."""
    node = element
    parent = node.getparent()
    while parent is not None:
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node, parent = parent, parent.getparent()
    element.getparent().remove(element)
