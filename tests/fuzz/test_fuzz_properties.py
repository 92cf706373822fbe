"""Property-based fuzzing (hypothesis): only TagwireError escapes, and outputs keep their shape.

Kept fast (explicit max_examples, no deadline: timing is checked by the corpus runner).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tagwire.enrich.excerpt import ELLIPSIS, make_excerpt
from tagwire.enrich.hashtags import normalise_tag
from tagwire.enrich._phrases import words as _phrase_words
from tagwire.enrich._text import singular
from tagwire.errors import ExtractionError, ParseError
from tagwire.extract import extract_article
from tagwire.parse.discover import discover_feeds
from tagwire.parse.feeds import parse_feed
from tagwire.parse.opml import parse_opml
from tagwire.parse.sitemaps import parse_sitemap
from tagwire.parse.urls import canonical_url

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that looks like markup: tags, entities, CDATA, odd characters
_PIECES = st.sampled_from(["<", ">", "</", "/>", "&", ";", "&amp;", "&#0;", "&#x110000;", "<![CDATA[", "]]>",
                           "<!ENTITY a 'b'>", "<item>", "</item>", "<title>", "</title>", "<link>", "http://a/",
                           "//[::1", "<entry>", "<p>", "</p>", "<script>", "\x00", "\ufeff", "\n\n", " ", ".",
                           "Mr.", "'s", "grooming gangs"])
MARKUP = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=60).map("".join)


def _rss(title: str, link: str, body: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<item><title>{title}</title><link>{link}</link><description>{body}</description></item>"
            "</channel></rss>").encode("utf-8", "surrogatepass")


@FAST
@given(st.binary(max_size=2000), st.sampled_from([None, "application/rss+xml", "text/xml; charset=latin-1"]))
def test_parse_feed_raises_only_parse_error(data, content_type):
    try:
        parse_feed(data, "https://example.com/feed", content_type=content_type)
    except ParseError:
        pass


@FAST
@given(MARKUP, MARKUP, MARKUP)
def test_rss_with_hostile_fields(title, link, body):
    try:
        feed = parse_feed(_rss(title, link, body), "https://example.com/feed")
    except ParseError:
        return
    for entry in feed.entries:
        assert entry.url.startswith(("http://", "https://"))


@FAST
@given(st.one_of(st.binary(max_size=1500), MARKUP.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_opml_sitemap_discover(data):
    try:
        parse_opml(data)
    except ParseError:
        pass
    try:
        parse_sitemap(b"<urlset>" + data, "https://example.com/sitemap.xml")
    except ParseError:
        pass
    assert isinstance(discover_feeds(data, "https://example.com/"), list)


@SLOW
@given(MARKUP, st.lists(st.text(min_size=1, max_size=80), max_size=8))
def test_extract_raises_only_extraction_error(head, paragraphs):
    page = f"<html><head>{head}</head><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    try:
        article = extract_article(page.encode("utf-8", "surrogatepass"), "https://example.com/a")
    except ExtractionError:
        return
    assert isinstance(article.text, str)


@FAST
@given(st.text(max_size=800), st.integers(min_value=-5, max_value=400))
def test_excerpt_fits_and_never_raises(text, max_chars):
    out = make_excerpt(text, max_chars)
    assert len(out) <= max(max_chars, 0)
    assert out == "" or not out.startswith((" ", "\n"))
    if out.endswith(ELLIPSIS) and max_chars > len(ELLIPSIS):
        assert len(out) <= max_chars


@FAST
@given(st.text(max_size=200))
def test_normalise_tag_is_canonical_and_idempotent(label):
    tag = normalise_tag(label)
    assert re.fullmatch(r"[a-z0-9]*", tag), tag
    assert normalise_tag(tag) == tag


_OLD_WORD = re.compile(r"([\W_]*?)([^\W_]+(?:[&'.][^\W_]+)*)")


def _old_words(text):
    """The topic tokeniser as it was before the linear rewrite (the reference)."""
    folded, written, joined = [], [], []
    for gap, word in _OLD_WORD.findall(text.replace("’", "'")):
        if word[-2:] in ("'s", "'S"):
            word = word[:-2]
        folded.append(singular(word.lower()))
        written.append(word)
        joined.append(not gap.strip(" \t\r\n-‐‑–"))
    return folded, written, joined


@FAST
@given(st.text(alphabet=st.sampled_from(list("ab A.'’&-_ \n[é1s")), max_size=60))
def test_topic_words_match_the_old_tokeniser(text):
    w = _phrase_words(text)
    assert (w.folded, w.written, w.joined) == _old_words(text)


@FAST
@given(st.text(max_size=120), st.sampled_from([None, "https://example.com/a/b", "http://[::1]/"]))
def test_canonical_url_never_raises(url, base):
    out = canonical_url(url, base)
    assert out is None or out.startswith(("http://", "https://"))
