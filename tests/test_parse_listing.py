"""A page with no feed: its article links, or the page itself when it is an article."""

from __future__ import annotations

import pytest

from tagwire.errors import ParseError
from tagwire.parse.listing import page_entries

FRONT = """<html><head><title>Hexley Post - Home</title><meta property="og:site_name" content="Hexley Post">
</head><body><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/category/sport/">Sport</a>
<a href="/login">Sign in</a> <a href="/about-us">About us</a></nav>
<main>
<a href="/news/2026/12/01/harbour-works-finish"><img src="/i/1.jpg"></a>
<h2><a href="/news/2026/12/01/harbour-works-finish">Harbour works to finish before spring, council says</a></h2>
<h2><a href="https://www.hexleypost.example/news/ferry-fares-rise-by-a-tenth-in-april">Ferry fares rise by a tenth in April</a></h2>
<h2><a href="/sport/rovers-win-derby-article-4008393">Rovers win the derby</a></h2>
<a href="/tag/ferries/">Ferries</a> <a href="/media/report.pdf">The full report (PDF) on harbour works</a>
<a href="https://elsewhere.example/news/2026/12/01/a-story-on-another-site">A story on another site entirely</a>
<a href="#top">Back to top of the page</a>
</main></body></html>"""


def test_article_links_in_page_order_with_their_headlines():
    parsed = page_entries(FRONT.encode(), "https://www.hexleypost.example/")
    assert [(e.url.split("example", 1)[1], e.title) for e in parsed.entries] == [
        ("/news/2026/12/01/harbour-works-finish", "Harbour works to finish before spring, council says"),
        ("/news/ferry-fares-rise-by-a-tenth-in-april", "Ferry fares rise by a tenth in April"),
        ("/sport/rovers-win-derby-article-4008393", "Rovers win the derby"),
    ]
    assert parsed.title == "Hexley Post"


def test_at_most_max_items():
    assert len(page_entries(FRONT.encode(), "https://www.hexleypost.example/", max_items=2).entries) == 2


@pytest.mark.parametrize("marker", [
    '<meta property="og:type" content="article">',
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
    '[{"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "Harbour works"}]}</script>',
])
def test_an_article_page_is_its_own_single_entry(marker):
    page = FRONT.replace("</head>", marker + '<meta property="og:title" content="Harbour works to finish"></head>')
    parsed = page_entries(page.encode(), "https://www.hexleypost.example/news/2026/12/01/harbour-works-finish")
    assert [(e.url, e.title) for e in parsed.entries] == [
        ("https://www.hexleypost.example/news/2026/12/01/harbour-works-finish", "Harbour works to finish")]
    assert parsed.title == "Hexley Post"  # the publisher, never the headline


@pytest.mark.parametrize("content", [
    b"<html><body><a href='/about'>About</a><a href='/login'>Sign in</a></body></html>",
    b"", b"\x00\x01\x02" * 100, b"<html>" + b"<div>" * 50_000,
    b'<script type="application/ld+json">{"@type": [</script><p>broken</p>',
])
def test_no_article_links_is_a_clear_parse_error(content):
    with pytest.raises(ParseError, match="not a feed at"):
        page_entries(content, "https://www.hexleypost.example/")


def test_json_ld_nested_thousands_deep_is_not_a_crash():
    deep = '{"@type": "NewsArticle", "x": ' + "[" * 50_000 + "]" * 50_000 + "}"
    page = FRONT.replace("</head>", f'<script type="application/ld+json">{deep}</script></head>')
    assert page_entries(page.encode(), "https://www.hexleypost.example/").entries


def test_links_in_the_footer_or_navigation_are_not_articles():
    page = ("<html><body><nav><a href='/news/how-we-report-on-the-valley-every-day'>How we report on the valley</a></nav>"
            "<main><h2><a href='/news/council-approves-new-cycle-lanes-on-ring-road'>Council approves new cycle lanes</a></h2></main>"
            "<div role='contentinfo'><a href='/corrections-and-clarifications-policy'>Corrections and clarifications policy</a></div>"
            "<footer><a href='/terms-and-conditions-of-use'>Terms and conditions of use</a></footer></body></html>")
    urls = [e.url for e in page_entries(page.encode(), "https://valleytimes.example/").entries]
    assert urls == ["https://valleytimes.example/news/council-approves-new-cycle-lanes-on-ring-road"]


def test_a_headline_link_with_a_short_slug_is_an_article():
    """A small site's front page: headlines in headings, slugs of two or three words."""
    page = ("<html><body><nav><a href='/news/about-us'>About us and our team</a></nav><main>"
            "<h2><a href='/news/mine-museum'>Old pit reopens as a mining museum</a></h2>"
            "<h3><a href='/news/ferry-strike-view'>Ferry strike enters <b>second day</b></a></h3>"
            "<h2><a href='/sport'>More from Sport</a></h2>"  # a section: no slug
            "<h2><a href='/tag/ferry-strike'>All about the ferry strike</a></h2>"
            "<h2><a href='/section/uk-news'>Latest UK news stories</a></h2>"
            "<h2><a href='/news/rail-works'>Rail</a></h2>"  # one word: not a headline
            "<p><a href='/news/bin-rules'>New bin rules for the city</a></p>"  # not in a heading
            "</main></body></html>")
    entries = page_entries(page.encode(), "https://lantern.example/").entries
    assert [(e.url, e.title) for e in entries] == [
        ("https://lantern.example/news/mine-museum", "Old pit reopens as a mining museum"),
        ("https://lantern.example/news/ferry-strike-view", "Ferry strike enters second day"),
    ]
