"""Byte-level mutations for the corpus-driven fuzzer (deterministic for a given random.Random)."""

from __future__ import annotations

import random

#: Tokens that mean something to one of the parsers (XML, HTML, JSON, encodings, dates, text).
DICTIONARY: tuple[bytes, ...] = tuple(t if isinstance(t, bytes) else t.encode() for t in (
    "<![CDATA[", "]]>", "&#x0;", "&#0;", "&#xD800;", "&#1114112;", "&#x110000;", "&#65535;", "&#8232;",
    "<!ENTITY", '<!ENTITY a "&a;&a;">', "<!DOCTYPE x [", "]>", '<!ENTITY x SYSTEM "file:///etc/passwd">',
    "&x;", "&lol9;", "&amp;", "&lt;", "&", "<", ">", '"', "'", "=", "/>", "</",
    "<item>", "</item>", "<entry>", "</entry>", "<channel>", "</channel>", "<title>", "</title>",
    "<link>", "</link>", "<guid>", "<description>", "<pubDate>", "<updated>", "<category>",
    '<link rel="alternate" href="', '<rss version="2.0">', '<feed xmlns="http://www.w3.org/2005/Atom">',
    "<rdf:RDF>", "<urlset>", "<sitemapindex>", "<url><loc>", "</loc>", "<lastmod>", "<news:news>",
    '<opml version="2.0">', '<outline xmlUrl="', "<outline>", "</outline>",
    b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00", b"\x00\x00\xfe\xff", b"\xc3", b"\xe2\x80", b"\xf0\x9f\x98",
    b"\xed\xa0\x80", b"\x80", b"\xc0\xaf", b"\x1b", b"\x0c", b"\r",
    '<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0" encoding="iso-8859-1"?>', 'encoding="bogus"',
    '<meta charset="utf-32">', '<meta charset="shift_jis">', '<meta http-equiv="refresh" content="0;url=x">',
    "<html>", "<body>", "<article>", "</article>", "<h1>", "<p>", "</p>", "<br>", "<div>", "</div>",
    "<script>", "</script>", '<script type="application/ld+json">', "<style>", "<!--", "-->", "<svg>",
    "<table><tr><td>", "<template>", "<noscript>", "<iframe>", "<math>", "<plaintext>",
    '<link rel="alternate" type="application/rss+xml" href="', '<link rel="canonical" href="',
    '<meta property="og:title" content="', '<meta name="author" content="', '<time datetime="',
    "{", "}", "[", "]", ",", ":", '"version":"https://jsonfeed.org/version/1.1"', '"items":[', '"url":',
    '{"@type":"NewsArticle","articleBody":"', '"@graph":[', "1e999", "-0", "NaN", "99999999999999999999999",
    "http://", "https://", "//", "//[::1", "//[", "javascript:", "data:text/html,", "http://[::1", "http://a:99999/", "%00", "%ff",
    "Mon, 31 Feb 2025 25:61:61 +9999", "9999-12-31T23:59:59Z", "0000-00-00", "-999999-01-01", "1e10",
    "\u202e", "\u0301\u0301\u0301", "\ufeff", "\u200b", "\u2028", "\ud7ff", "İ", "ß", "ﬁ", "Ǆ", "’s", "'s",
    "Mr.", "No. 10", "U.S.", "...", "!?", "\n\n", "\t", " ", "Sir ", "Dr ", "#", "_", "-", "'",
    "grooming gang", "NHS", "Yvette Cooper", "Bank of England", "cost of living",
    '[[topic]]\ntag = "', 'phrases = ["', '"]\n', "exclude = [", '"""', "\\u0000", "\\", "%s", "{0}",
))

_INTERESTING = b"\x00\xff\x7f\x80<>&\"']\n #;"


def mutate(data: bytes, rng: random.Random, others: list[bytes], max_bytes: int) -> tuple[bytes, list[str]]:
    """One to four stacked mutations of ``data``; returns the result and their names."""
    names = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        op = rng.choice(_OPS)
        data = op(data, rng, others)
        names.append(op.__name__.lstrip("_"))
        if len(data) > max_bytes:
            data = data[:max_bytes]
    return data, names


def _pos(data: bytes, rng: random.Random) -> int:
    return rng.randrange(len(data) + 1)


def _flip_bits(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def _set_bytes(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        buf[rng.randrange(len(buf))] = rng.choice(_INTERESTING) if rng.random() < 0.7 else rng.randrange(256)
    return bytes(buf)


def _truncate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    return data[: _pos(data, rng)]


def _cut_head(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    return data[_pos(data, rng) // 4 :]


def _delete(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    a = _pos(data, rng)
    return data[:a] + data[a + rng.randint(1, 256) :]


def _duplicate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """Copy a chunk somewhere else, sometimes many times (nesting, growth)."""
    if not data:
        return data
    a = rng.randrange(len(data))
    chunk = data[a : a + rng.randint(1, 200)]
    times = rng.choice((1, 1, 2, 10, 100, 1000))
    at = _pos(data, rng)
    return data[:at] + chunk * times + data[at:]


def _insert_token(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    at = _pos(data, rng)
    token = rng.choice(DICTIONARY) * (rng.choice((1, 1, 1, 3, 50, 500)))
    return data[:at] + token + data[at:]


def _splice(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """The head of this input, the tail of another."""
    other = rng.choice(others) if others else data
    return data[: _pos(data, rng)] + other[_pos(other, rng) :]


def _swap_chunks(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    if len(data) < 4:
        return data
    a, b = sorted(rng.sample(range(len(data)), 2))
    n = rng.randint(1, max(1, min(64, b - a)))
    return data[:a] + data[b : b + n] + data[a + n : b] + data[a : a + n] + data[b + n :]


def _reencode(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """The same text in another encoding, with or without a BOM (mixed encodings when spliced)."""
    text = data.decode("utf-8", errors=rng.choice(("replace", "ignore", "surrogateescape")))
    encoding = rng.choice(("utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "shift_jis", "utf-7"))
    out = text.encode(encoding, errors="surrogateescape" if encoding == "utf-8" else "replace") \
        if encoding != "utf-8" else text.encode("utf-8", "surrogateescape")
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    return (bom if rng.random() < 0.5 else b"") + out


_OPS = (_flip_bits, _set_bytes, _truncate, _cut_head, _delete, _duplicate, _duplicate,
        _insert_token, _insert_token, _insert_token, _splice, _swap_chunks, _reencode)
