"""Metadata: titles, authors, dates, JSON-LD robustness, the other fields."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tagwire.extract.authors import clean_authors
from tagwire.extract.dates import date_from_url, parse_date
from tagwire.extract.html import load_tree
from tagwire.extract.jsonld import parse_json, read_jsonld
from tagwire.extract.metadata import normalise_language, read_metadata, section_from_url
from tagwire.extract.title import clean_title


def meta_of(head: str = "", body: str = "<p>Body text.</p>", url: str | None = None):
    tree = load_tree(f"<html><head>{head}</head><body>{body}</body></html>")
    return read_metadata(tree, url)


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# --- titles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "sites", "url", "expected"),
    [
        ("Tram line approved | The Daily Ledger", ["The Daily Ledger"], None, "Tram line approved"),
        ("Tram line approved - BNC News", ["BNC News"], None, "Tram line approved"),
        ("Tram line approved – BNC News", [], "https://www.bnc.example/news/1", "Tram line approved"),
        ("BNC News - Tram line approved", ["BNC News"], None, "Tram line approved"),
        ("Tram line approved | Politics | The Daily Ledger", ["the daily ledger"], None, "Tram line approved"),
        ("Valley Gazette Online :: Flood walls", [], "https://valleygazette.example/a", "Flood walls"),
        ("Tram line approved | Ledger", [], None, "Tram line approved"),  # short "| X": site furniture
        ("Tram line approved - what happens next", [], None, "Tram line approved - what happens next"),
        ("Brexit - the deal explained", [], "https://news.example/a", "Brexit - the deal explained"),
        ("  Caf&eacute;   owners   protest  ", [], None, "Café owners protest"),
        ("BNC News", ["BNC News"], None, "BNC News"),  # never empty
    ],
)
def test_clean_title(title, sites, url, expected):
    assert clean_title(title, sites, url) == expected


def test_title_prefers_jsonld_headline_over_title_tag():
    head = "<title>Page title | Site</title>" + ld('{"@type": "NewsArticle", "headline": "The headline"}')
    assert meta_of(head).title == "The headline"


def test_title_falls_back_to_h1_then_title_tag():
    assert meta_of("", "<h1>Only a heading</h1><p>x</p>").title == "Only a heading"
    assert meta_of("<title>Only a title</title>").title == "Only a title"


# --- authors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bylines", "expected"),
    [
        (["By Jane Doe"], ("Jane Doe",)),
        (["BY JANE DOE"], ("Jane Doe",)),
        (["Jane Doe and John Roe"], ("Jane Doe", "John Roe")),
        (["Jane Doe, John Roe & Ann Lee"], ("Jane Doe", "John Roe", "Ann Lee")),
        (["By Amira Castell, Local Democracy Reporter"], ("Amira Castell",)),
        (["Jane Doe Political Editor"], ("Jane Doe",)),
        (["Jane Doe, Political Editor; John Roe, Reporter"], ("Jane Doe", "John Roe")),
        (["Jane Holloway in Brussels"], ("Jane Holloway",)),
        (["Jane Doe", "jane doe", "John Roe"], ("Jane Doe", "John Roe")),
        (["Reuters", "Jane Doe"], ("Jane Doe",)),  # agencies only if nobody else
        (["By Reuters Staff"], ("Reuters",)),
        (["Associated Press"], ("Associated Press",)),
        (["Staff"], ()),
        (["https://www.facebook.com/janedoe", "jane@example.com"], ()),
        (["Par Hélène Marchal"], ("Hélène Marchal",)),
        (["Von Hans Müller und Eva Schmidt"], ("Hans Müller", "Eva Schmidt")),
        (["This is not a name but a whole sentence about something else entirely"], ()),
    ],
)
def test_clean_authors(bylines, expected):
    assert clean_authors(bylines) == expected


def test_authors_from_jsonld_references_and_meta_fallback():
    graph = ld(
        '{"@graph": [{"@type": "NewsArticle", "headline": "h", "author": [{"@id": "#p1"}, {"name": "John Roe"}]},'
        ' {"@type": "Person", "@id": "#p1", "name": "Jane Doe"}]}'
    )
    assert meta_of(graph).authors == ("Jane Doe", "John Roe")
    assert meta_of('<meta name="author" content="By Ann Lee">').authors == ("Ann Lee",)
    assert meta_of("", '<p class="byline">By <a rel="author" href="/a">Ann Lee</a></p>').authors == ("Ann Lee",)


def test_byline_markup_most_specific_first():
    # one search gathers every candidate; the order of kinds still decides, whatever the page order
    box = '<div class="byline">By Jane Doe, Science Editor, 3 May</div>'
    assert meta_of("", box + '<span class="author-name">Jane Doe</span>').authors == ("Jane Doe",)
    assert meta_of("", box + '<a rel="author" href="/j">Jane Doe</a>').authors == ("Jane Doe",)
    assert meta_of("", '<p class="authorName">Ann Lee</p><span itemprop="author">Jane Doe</span>').authors == (
        "Jane Doe",
    )
    assert meta_of("", '<p class="author-bio">Writes about rivers.</p><p class="byline">By Ann Lee</p>').authors == (
        "Ann Lee",
    )


def test_organisation_author_is_a_fallback():
    head = ld('{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "BNC News"}}')
    assert meta_of(head, '<span class="byline__name">By Jane Doe</span>').authors == ("Jane Doe",)
    assert meta_of(head).authors == ("BNC News",)


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-14T06:12:45Z", datetime(2024, 3, 14, 6, 12, 45, tzinfo=UTC)),
        ("2024-03-14T06:12:45.000Z", datetime(2024, 3, 14, 6, 12, 45, tzinfo=UTC)),
        ("2024-06-03T23:40:12+01:00", datetime(2024, 6, 3, 22, 40, 12, tzinfo=UTC)),
        ("2024-02-20T14:05:00-0500", datetime(2024, 2, 20, 19, 5, tzinfo=UTC)),
        ("2024-05-09T07:00:00", datetime(2024, 5, 9, 7, 0, tzinfo=UTC)),  # no offset: UTC
        ("2024-05-09 11:20:00", datetime(2024, 5, 9, 11, 20, tzinfo=UTC)),
        ("2023-09-18", datetime(2023, 9, 18, tzinfo=UTC)),
        ("Thu, 14 Mar 2024 10:00:00 GMT", datetime(2024, 3, 14, 10, 0, tzinfo=UTC)),
        ("March 14, 2024 10:00 AM EST", datetime(2024, 3, 14, 15, 0, tzinfo=UTC)),
        ("1710400000", datetime(2024, 3, 14, 7, 6, 40, tzinfo=UTC)),
        ("not a date", None),
        ("", None),
        (None, None),
        ("1970-01-01T00:00:00Z", None),  # template default
        ("2999-01-01", None),  # the future
    ],
)
def test_parse_date(value, expected):
    got = parse_date(value)
    assert got == expected
    assert got is None or got.tzinfo is not None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/news/2023/11/02/flood.html", datetime(2023, 11, 2, tzinfo=UTC)),
        ("https://x.example/2024/4/7/garden/", datetime(2024, 4, 7, tzinfo=UTC)),
        ("https://x.example/story-2024-03-15-title", datetime(2024, 3, 15, tzinfo=UTC)),
        ("https://x.example/a/20240315/title", datetime(2024, 3, 15, tzinfo=UTC)),
        ("https://x.example/2024/13/45/bad", None),
        ("https://x.example/world/2024/jun/03/slug", None),  # month names: left to htmldate
        ("https://x.example/story?id=20240315", None),
        (None, None),
    ],
)
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


def test_date_priority_jsonld_then_meta_then_time_then_url():
    url = "https://x.example/2020/01/01/slug"
    jsonld = ld('{"@type": "NewsArticle", "datePublished": "2024-01-02T00:00:00Z"}')
    meta = '<meta property="article:published_time" content="2024-01-03T00:00:00Z">'
    time = '<time datetime="2024-01-04T00:00:00Z">4 Jan</time>'
    assert meta_of(jsonld + meta, time, url).published.day == 2
    assert meta_of(meta, time, url).published.day == 3
    assert meta_of("", time, url).published.day == 4
    assert meta_of("", "<p>x</p>", url).published == datetime(2020, 1, 1, tzinfo=UTC)


def test_modified_date():
    head = '<meta property="article:modified_time" content="2024-01-05T10:00:00+02:00">'
    assert meta_of(head).modified == datetime(2024, 1, 5, 8, 0, tzinfo=UTC)


# --- JSON-LD robustness ------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        '{"@type": "NewsArticle", "headline": "A",}',  # trailing comma
        '<!-- {"@type": "NewsArticle", "headline": "A"} -->',
        '//<![CDATA[\n{"@type": "NewsArticle", "headline": "A"}\n//]]>',
        '{"@type": "NewsArticle", "headline": "A", "articleBody": "line one\nline two"}',  # raw newline
        '[{"@type": "WebSite", "name": "S"}, {"@type": "NewsArticle", "headline": "A"}]',
        '{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "A"}]}',
        '{"@type": "WebPage", "mainEntity": {"@type": "ReportageNewsArticle", "headline": "A"}}',
        '{"@type": ["NewsArticle", "Article"], "headline": "A"}',
        '{"@type": "schema:BlogPosting", "headline": "A"}',
        '{"@type": "WebSite"}{"@type": "NewsArticle", "headline": "A"}',  # two objects back to back
    ],
)
def test_jsonld_article_is_found(raw):
    tree = load_tree(f"<html><head>{ld(raw)}</head><body><p>x</p></body></html>")
    assert read_jsonld(tree).article["headline"] == "A"


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "{", "not json", '{"@type": "NewsArticle", "headline": }', "[" * 50_000 + "]" * 50_000, "null", "42"],
)
def test_broken_jsonld_is_ignored(raw):
    good = ld('{"@type": "Article", "headline": "B"}')
    tree = load_tree(f"<html><head>{ld(raw)}{good}</head><body></body></html>")
    assert read_jsonld(tree).article["headline"] == "B"


def test_parse_json_gives_up_quietly():
    assert parse_json("{{{{") is None
    assert parse_json("[" * 100_000) is None


def test_the_richest_article_node_wins():
    raw = (
        '{"@type": "ItemList", "itemListElement": [{"@type": "NewsArticle", "headline": "Related"}]}',
        '{"@type": "NewsArticle", "headline": "Main", "datePublished": "2024-01-01", "author": "Jane Doe"}',
    )
    tree = load_tree(f"<html><head>{ld(raw[0])}{ld(raw[1])}</head><body></body></html>")
    assert read_jsonld(tree).article["headline"] == "Main"


# --- the other fields --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en", "en"), ("EN", "en"), ("en_gb", "en-GB"), ("en-us", "en-US"), ("zh-hant-tw", "zh-Hant-TW"),
     ("pt-BR", "pt-BR"), ("english", None), ("", None), (None, None), ("x-default", None)],
)  # fmt: skip
def test_normalise_language(value, expected):
    assert normalise_language(value) == expected


def test_language_sources():
    assert meta_of('<meta property="og:locale" content="fr_FR">').language == "fr-FR"
    assert meta_of(ld('{"@type": "NewsArticle", "inLanguage": "de"}')).language == "de"
    tree = load_tree('<html lang="en-gb"><head><meta property="og:locale" content="fr_FR"></head><body></body></html>')
    assert read_metadata(tree, None).language == "en-GB"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/politics/2024/03/14/slug", "politics"),
        ("https://x.example/news/world/slug", "world"),
        ("https://x.example/news/articles/c4x7r2mq9po", "news"),
        ("https://x.example/2024/03/14/slug", None),
        ("https://x.example/blog/slug", None),
        ("https://x.example/sport", None),  # the last segment is the slug
        ("http://[broken/politics/slug", None),
        (None, None),
    ],
)
def test_section_from_url(url, expected):
    assert section_from_url(url) == expected


def test_section_from_jsonld_list_and_meta():
    assert meta_of(ld('{"@type": "NewsArticle", "articleSection": ["World news", "Europe"]}')).section == "World news"
    assert meta_of('<meta property="article:section" content="Business">').section == "Business"


def test_keywords_are_split_and_deduplicated():
    head = '<meta name="news_keywords" content="flood, River Lune,flood , Flood"><meta name="keywords" content="x">'
    assert meta_of(head).keywords == ("flood", "River Lune")
    assert meta_of(ld('{"@type": "Article", "keywords": ["a", "b, c"]}')).keywords == ("a", "b", "c")


def test_urls_are_made_absolute():
    head = (
        '<link rel="canonical" href="/news/story"><meta property="og:image" content="//cdn.example/i.jpg">'
        '<meta property="og:site_name" content="Example News">'
    )
    meta = meta_of(head, url="https://www.example/news/story?utm=1")
    assert meta.canonical_url == "https://www.example/news/story"
    assert meta.image == "https://cdn.example/i.jpg"
    assert meta.publisher == "Example News"


def test_relative_urls_without_a_base_are_dropped():
    meta = meta_of('<link rel="canonical" href="/news/story"><meta property="og:image" content="i.jpg">')
    assert meta.canonical_url is None and meta.image is None


def test_jsonld_image_object_and_publisher_reference():
    raw = (
        '{"@graph": [{"@type": "Organization", "@id": "#org", "name": "The Ledger"},'
        ' {"@type": "NewsArticle", "publisher": {"@id": "#org"},'
        ' "image": [{"@type": "ImageObject", "url": "https://img.example/a.jpg"}]}]}'
    )
    meta = meta_of(ld(raw))
    assert meta.publisher == "The Ledger"
    assert meta.image == "https://img.example/a.jpg"
