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

# Pages over this size are cut before parsing. Real article pages are well
# under 2 MB; anything bigger is inline data or an attack, and extraction time
# grows with size, so we strip scripts and styles first (they hold no article
# text) and then keep only the first CAP_CHARS characters.
CAP_CHARS = 5_000_000
# Raw bytes beyond this are never even decoded (a 50 MB page costs 20 MB).
CAP_BYTES = 20_000_000
# Trafilatura's cost grows faster than linearly with the element count, so a
# tree bigger than this first loses its inline wrappers, then its tail.
MAX_ELEMENTS = 50_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:+-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:+-]{1,40})""", re.I)
# Browsers (WHATWG) read these labels as windows-1252, and so do publishers
# who declare latin-1 but type curly quotes.
_AS_CP1252 = {"iso8859-1", "latin-1", "ascii", "cp819", "us-ascii"}
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STRIP_BLOCKS = re.compile(
    r"<script(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style[^>]*>.*?</style\s*>|<svg[^>]*>.*?</svg\s*>|<!--.*?-->",
    re.I | re.S,
)
_INLINE_TAGS = ("span", "font", "b", "i", "em", "strong", "small", "u", "abbr", "sup", "sub", "mark", "s")

_local = threading.local()


def load_tree(html: str | bytes) -> lxml.html.HtmlElement:
    """Decode and parse ``html``; raise ExtractionError when there is no page."""
    if isinstance(html, (bytes, bytearray, memoryview)):
        text = decode(bytes(html))
    elif isinstance(html, str):
        text = html
    else:
        raise ExtractionError(f"not an article: unsupported input type {type(html).__name__}")
    text = _bound(text)
    if _looks_binary(text):
        raise ExtractionError("not an article: binary content")
    text = _CONTROL_CHARS.sub("", text)
    if not text.strip():
        raise ExtractionError("not an article: empty page")
    tree = _parse(text)
    if text.count("<") > MAX_ELEMENTS:  # cheap bound: every element needs a "<"
        _cap_elements(tree)
    return tree


def decode(data: bytes) -> str:
    """Bytes to text: BOM, then declared charset, then UTF-8, then a guess."""
    data = data[:CAP_BYTES]
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if data[:4096].count(0) > 8:  # no BOM but NULs: not text we can read
        raise ExtractionError("not an article: binary content")
    declared = declared_charset(data)
    if declared:
        return data.decode(declared, errors="replace")
    try:
        return _decode_utf8_strict(data)
    except UnicodeDecodeError:
        return data.decode(_guess_charset(data), errors="replace")


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
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a declaration in an ASCII-readable page cannot be true
    return name


def _decode_utf8_strict(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        # a cut-off multi-byte character at the very end is not a wrong charset
        if err.start >= len(data) - 3:
            return data[: err.start].decode("utf-8")
        raise


def _guess_charset(data: bytes) -> str:
    """Best guess for undeclared, non-UTF-8 bytes (a sample keeps it fast)."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
    except Exception:  # the detector is a nicety; never let it break a page
        best = None
    return best.encoding if best is not None else "utf-8"


def _bound(text: str) -> str:
    """Cap the work: over CAP_CHARS, drop scripts/styles, then cut the tail."""
    if len(text) <= CAP_CHARS:
        return text
    text = text[:CAP_BYTES]
    text = _STRIP_BLOCKS.sub("", text)
    return text[:CAP_CHARS]


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return len(_BINARY_CHARS.findall(sample)) > 0.1 * len(sample)


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
        _local.parser = parser
    return parser


def _parse(text: str) -> lxml.html.HtmlElement:
    # Re-encoding sidesteps lxml's refusal of str input that carries an
    # <?xml encoding?> declaration; the parser is told the bytes are UTF-8.
    data = text.encode("utf-8", errors="replace")
    try:
        tree = lxml.html.document_fromstring(data, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise ExtractionError(f"not an article: unparsable HTML ({err})") from None
    if tree is None:
        raise ExtractionError("not an article: unparsable HTML")
    return tree


def _cap_elements(tree: lxml.html.HtmlElement) -> None:
    if _count_over(tree, MAX_ELEMENTS) is None:
        return
    etree.strip_tags(tree, *_INLINE_TAGS)
    last = _count_over(tree, MAX_ELEMENTS)
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
