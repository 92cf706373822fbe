"""Our own main-content finder (extract/content.py) on pages written for these tests.

Each page wraps a made-up article in the furniture publishers put around it
(navigation, related stories, newsletter boxes, share bars, captions,
comments, teaser lists) and checks that the article, and only the article,
comes out, paragraph by paragraph, with a token-F1 floor.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tagwire.extract import article, content, extract_article, walk
from tagwire.extract.boilerplate import clean_paragraphs
from tagwire.extract.html import load_tree

TOPICS = (
    "harbour", "council", "tram", "library", "orchard", "bridge", "market", "school", "ferry", "museum",
    "reservoir", "stadium", "clinic", "bakery", "railway", "meadow", "theatre", "quarry", "canal", "garden",
)  # fmt: skip
FLOOR = 0.95


def story(count: int, topic_offset: int = 0) -> list[str]:
    """``count`` distinct paragraphs of plain prose, about 45 words each."""
    paragraphs = []
    for n in range(count):
        topic = TOPICS[(n + topic_offset) % len(TOPICS)]
        paragraphs.append(
            f"Paragraph {n + 1} reports that the {topic} committee met on Tuesday evening, after residents "
            f"asked why the {topic} plans had changed twice, and officials said the new budget, agreed in "
            f"March, would cover repairs to the {topic} and a survey of the streets around it by autumn."
        )
    return paragraphs


def page(body: str, head: str = "<title>Harbour plans change again | The Valley Echo</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


NAV = "<nav><ul>" + "".join(f"<li><a href='/{t}'>{t.title()}</a></li>" for t in TOPICS[:8]) + "</ul></nav>"
RELATED = (
    "<aside class='related-stories'><h3>Related stories</h3><ul>"
    "<li><a href='/a'>Ferry timetable to change in spring after a long consultation with islanders</a></li>"
    "<li><a href='/b'>Museum reopens its east wing, closed since the flood of last winter</a></li></ul></aside>"
)
NEWSLETTER = (
    "<div class='newsletter-signup'><p>Sign up to our free morning newsletter, with the day's local news "
    "in your inbox by seven.</p><form><input type='email'><button>Subscribe</button></form></div>"
)
SHARE = (
    "<div class='share-bar'><a href='#'>Share</a> <a href='#'>Facebook</a> <a href='#'>Twitter</a> "
    "<a href='#'>Email</a></div>"
)
CAPTION = (
    "<figure><img src='/harbour.jpg' alt=''><figcaption>The harbour wall at low tide, photographed "
    "from the old pier on Sunday morning.</figcaption></figure>"
)
COMMENTS = "<section id='comments'>" + "".join(
    f"<div class='comment'><p>Reader {n} writes: I have lived near the harbour for thirty years, and I "
    f"think the council should have asked us first, before spending money on yet another plan.</p></div>"
    for n in range(6)
) + "</section>"  # fmt: skip
# a summary box repeating the body's points: furniture, whatever its spelling of the name
KEY_POINTS = (
    "<div class='RenderKeyPoints-wrapper'><div class='RenderKeyPoints-header'>Key Points</div>"
    "<div class='RenderKeyPoints-keyPoints'><ul class='RenderKeyPoints-list'><li>The harbour committee agreed "
    "a budget for repairs by autumn, officials said on Tuesday.</li><li>Residents had asked why the plans "
    "changed twice this year.</li></ul></div></div>"
    "<div class='field field--name-field-highlights'><div class='field--item'>Officials said a survey of "
    "the streets around the harbour would follow the repairs.</div></div>"
)
FOOTER = "<footer><p>© 2024 The Valley Echo. All rights reserved.</p><a href='/about'>About us</a></footer>"


def paragraphs_of(html: str) -> list[str]:
    found = content.find_content(load_tree(html))
    return clean_paragraphs(found.paragraphs, ())


def token_f1(expected: list[str], got: list[str]) -> float:
    gold = Counter(re.findall(r"\w+", " ".join(expected)))
    pred = Counter(re.findall(r"\w+", " ".join(got)))
    overlap = sum((gold & pred).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def article_html(paragraphs: list[str], inside: str = "") -> str:
    """The story in an ``<article>``, with ``inside`` (furniture) after its second paragraph."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs[:2]) + inside
    body += "".join(f"<p>{text}</p>" for text in paragraphs[2:])
    return f"<article><h1>Harbour plans change again</h1><div class='article-body'>{body}</div></article>"


@pytest.mark.parametrize(
    ("name", "furniture", "leak"),
    [
        ("related box", RELATED, "Ferry timetable"),
        ("newsletter box", NEWSLETTER, "newsletter"),
        ("share bar", SHARE, "Facebook"),
        ("caption", CAPTION, "low tide"),
        ("key points and highlights", KEY_POINTS, "changed twice this year"),
        ("highlights", KEY_POINTS, "survey of the streets around the harbour would"),
        ("everything", RELATED + NEWSLETTER + SHARE + CAPTION, "Subscribe"),
    ],
)
def test_furniture_inside_the_body_is_left_out(name, furniture, leak):
    paragraphs = story(8)
    got = paragraphs_of(page(NAV + article_html(paragraphs, furniture) + COMMENTS + FOOTER))
    assert got == paragraphs, name
    assert not any(leak in text for text in got)


def test_article_beside_a_teaser_list_with_long_excerpts():
    teasers = "<div class='more'>" + "".join(
        f"<div class='card'><a href='/{n}'>Headline {n}</a><p>{text}</p></div>"
        for n, text in enumerate(story(6, topic_offset=10))
    ) + "</div>"  # fmt: skip
    paragraphs = story(9)
    got = paragraphs_of(page(NAV + article_html(paragraphs) + teasers + FOOTER))
    assert token_f1(paragraphs, got) >= FLOOR
    assert got == paragraphs


def test_body_split_by_an_advert_keeps_both_parts():
    paragraphs = story(10)
    body = (
        "<div class='story'><h1>Harbour plans change again</h1>"
        + "<div class='part'>" + "".join(f"<p>{t}</p>" for t in paragraphs[:5]) + "</div>"
        + "<div class='ad-slot'><p>Advertisement</p></div>"
        + "<div class='part'>" + "".join(f"<p>{t}</p>" for t in paragraphs[5:]) + "</div></div>"
    )  # fmt: skip
    assert paragraphs_of(page(NAV + body + FOOTER)) == paragraphs


def test_body_parts_with_a_modifier_class_are_one_body():
    """The first part of the text carries a BEM modifier ("block-text_initial-letter", for a drop cap)."""
    paragraphs = story(8)
    first = "".join(f"<p>{text}</p>" for text in paragraphs[:2])
    rest = "".join(f"<p>{text}</p>" for text in paragraphs[2:])
    body = (
        f"<div class='article__block'><div class='block-text block-text_initial-letter'>{first}</div></div>"
        f"<div class='article__block'>{CAPTION}</div>"
        f"<div class='article__block'><div class='block-text'>{rest}</div></div>"
    )
    sidebar = "<div class='col col-4'><p>" + story(1, 5)[0] + "</p></div>"  # another column: not a part
    got = paragraphs_of(page(NAV + f"<article><h1>Harbour plans change again</h1>{body}</article>" + sidebar))
    assert got == paragraphs


def test_body_in_same_class_parts_far_apart_is_whole():
    # each part wrapped again, so the parts are not siblings: found by their class
    paragraphs = story(12)
    parts = [
        f"<div class='row'><div class='body-part'>{''.join(f'<p>{t}</p>' for t in paragraphs[i : i + 4])}</div></div>"
        for i in (0, 4, 8)
    ]
    html = page(NAV + "<main>" + parts[0] + "<div class='ad-slot'>Ad</div>" + parts[1] + parts[2] + "</main>" + FOOTER)
    assert paragraphs_of(html) == paragraphs


def test_wrapper_with_an_unlucky_class_is_not_furniture():
    # "has-sidebar" names a layout, not a sidebar: it wraps the whole page
    paragraphs = story(6)
    html = page(f"<div class='layout has-sidebar'>{NAV}{article_html(paragraphs)}</div>{FOOTER}")
    assert paragraphs_of(html) == paragraphs


def test_layout_table_with_a_navigation_column():
    paragraphs = story(6)
    links = "".join(f"<a href='/{t}'>{t.title()}</a><br>" for t in TOPICS[:6])
    cell = "<br><br>".join(paragraphs)
    html = page(f"<table><tr><td class='leftnav'>{links}</td><td>{cell}</td></tr></table>")
    assert paragraphs_of(html) == paragraphs


def test_hidden_text_is_left_out():
    paragraphs = story(5)
    hidden = "<div style='display: none'><p>Hidden teaser text that only scripts reveal to some readers.</p></div>"
    assert paragraphs_of(page(article_html(paragraphs, hidden + "<p hidden>Also hidden away.</p>"))) == paragraphs


def test_words_split_across_inline_tags_stay_whole():
    paragraphs = story(5)
    split = "<p>The <b>har</b>bour fee<i>s</i> will rise by <span>ten</span> per<em>cent</em>, officials said.</p>"
    got = paragraphs_of(page(article_html(paragraphs, split)))
    assert "The harbour fees will rise by ten percent, officials said." in got


def test_a_dateline_inside_the_first_paragraph_is_its_first_words():
    paragraphs = story(5)
    first = "<p><span class='dateline'>HARWICH –</span> Six hundred harbour passes went missing, officials said.</p>"
    inline_caption = "<p>The ferry <span class='caption'>(pictured)</span> was late again on Monday, they said.</p>"
    boxed = "<div class='dateline'>Kobe, 18 February</div>"
    got = paragraphs_of(page(article_html(paragraphs, first + inline_caption + boxed)))
    assert "HARWICH – Six hundred harbour passes went missing, officials said." in got
    assert "The ferry was late again on Monday, they said." in got  # other inline furniture still goes
    assert not any("18 February" in text for text in got)  # a dateline in a box of its own too


def test_a_span_named_dateline_holding_the_publication_stamp_is_not_text():
    paragraphs = story(5)
    stamp = "<p class='intro'><span class='dateline'>Last modified on Tue 3 Nov 2026 10.15 GMT</span></p>"
    got = paragraphs_of(page(article_html(paragraphs, stamp)))
    assert not any("Last modified" in text or "10.15 GMT" in text for text in got)
    assert paragraphs[0] in got


def test_lists_and_headings_inside_the_body_are_paragraphs():
    paragraphs = story(6)
    extra = "<h2>What changes</h2><ul><li>New lights on the pier.</li><li>A wider slipway.</li></ul>"
    got = paragraphs_of(page(article_html(paragraphs, extra)))
    assert got == [*paragraphs[:2], "What changes", "New lights on the pier.", "A wider slipway.", *paragraphs[2:]]


def test_a_heading_with_nothing_after_it_ends_no_article():
    # a rating form's question or an empty "More on this topic" after the last paragraph
    paragraphs = story(6)
    tail = "<h3>More on this topic</h3><form><h2>Was this article helpful?</h2></form>"
    html = page(article_html(paragraphs).replace("</div></article>", tail + "</div></article>"))
    assert paragraphs_of(html) == paragraphs


def test_recirculation_box_inside_the_body_is_left_out():
    paragraphs = story(6)
    box = "<div class='wp-block-recirculation-box'><div class='title'>More columns from us:</div></div>"
    assert paragraphs_of(page(article_html(paragraphs, box))) == paragraphs


def test_a_grid_of_teaser_cards_after_the_body_is_left_out():
    # unlabelled cards: a linked title and a link-free blurb each, inside the article's container
    paragraphs = story(6)
    cards = "".join(
        f"<div class='tile'><div class='name'><a href='/{t}'>{t.title()} guide</a></div>"
        f"<div class='text'>Everything about the {t}, from opening hours to the best seats. Updated weekly.</div></div>"
        for t in TOPICS[:5]
    )
    grid = f"<div><h3>Most read</h3>{cards}</div></div></article>"
    html = page(article_html(paragraphs).replace("</div></article>", grid))
    assert paragraphs_of(html) == paragraphs


def test_a_reading_list_at_the_end_of_the_body_is_left_out():
    paragraphs = story(6)
    links = "".join(f"<li><a href='/{t}'>Why the {t} matters more than ever this year</a></li>" for t in TOPICS[:5])
    reading = f"<div class='heading-h3'>More great stories</div><ul>{links}</ul>"
    html = page(article_html(paragraphs).replace("</div></article>", f"{reading}</div></article>"))
    assert paragraphs_of(html) == paragraphs


def test_a_closing_list_with_a_link_or_two_stays():
    paragraphs = story(6)
    items = [f"The {t} survey is due in May, and the results will be published online." for t in TOPICS[:4]]
    listed = "".join(f"<li>{text}</li>" for text in items[:2])  # the last two have a link each
    listed += "".join(f"<li>{text[:-7]}<a href='/r'>online</a>.</li>" for text in items[2:])
    html = page(article_html(paragraphs).replace("</div></article>", f"<ul>{listed}</ul></div></article>"))
    assert paragraphs_of(html) == paragraphs + items


def test_a_short_article_beside_teasers_cut_off_mid_sentence_wins():
    # a news column of excerpts ("... the council said it…") outweighs a short story by size alone
    paragraphs = story(5)
    teasers = "".join(
        f"<div class='entry'><h3><a href='/{n}'>Story {n}</a></h3><p>{text[:-1]}…</p></div>"
        for n, text in enumerate(story(16, 5))
    )
    html = page(f"<div class='main'>{article_html(paragraphs)}</div><div class='list'>{teasers}</div>")
    assert paragraphs_of(html) == paragraphs


def test_a_lede_set_in_a_heading_tag_is_kept_as_a_paragraph():
    # page builders put the standfirst in an <h2> of its own column
    lede = "Residents of the valley reacted with dismay on Monday to the third change of the harbour plans in a year."
    paragraphs = story(5)
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    html = page(
        f"<article><h1>Harbour plans change again</h1><div class='col'><div class='wrap'><h2>{lede}</h2></div></div>"
        f"<div class='col'><div class='wrap'>{body}</div></div></article>"
    )
    assert paragraphs_of(html) == [lede, *paragraphs]


def test_a_teaser_grid_holding_most_of_the_page_prose_is_still_furniture():
    # a short story under a long grid of cards: the grid is not the story's, so the story is trusted
    paragraphs = story(5)
    cards = "".join(
        f"<div class='col'><article><a href='/{n}'>Story number {n} of the day</a><div>{text}</div></article></div>"
        for n, text in enumerate(story(7, 3))
    )
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    html = page(f"<main><div class='story'>{body}</div></main><section><div class='grid'>{cards}</div></section>")
    found = content.find_content(load_tree(html))
    assert clean_paragraphs(found.paragraphs, ()) == paragraphs
    assert found.confident


def test_a_list_of_linked_subheadings_with_long_sections_stays():
    # a body in sections under linked headings is not a teaser grid: the sections are long
    sections = "".join(
        f"<div class='part'><h2><a href='#{n}'>Part {n}</a></h2><p>{text}</p><p>{text[::-1]}</p><p>{text}</p></div>"
        for n, text in enumerate(story(4))
    )
    found = content.find_content(load_tree(page(f"<article>{sections}</article>")))
    assert len(found.paragraphs) >= 12


def test_a_box_named_as_an_element_of_the_body_block_is_judged_by_its_own_name():
    # BEM: "article-body__newsletter" is a newsletter box inside the body, not the body
    paragraphs = story(6)
    box = "<div class='article-body__newsletter'><p>Get the day's news in your inbox every morning.</p></div>"
    assert paragraphs_of(page(article_html(paragraphs, box))) == paragraphs


def test_body_laid_out_in_columns_keeps_its_intro_and_subheadings():
    # a block editor's columns: each column scores best, but the intro and
    # the subheadings sit beside the columns, in the body's own container
    paragraphs = story(9)

    def columns(texts: list[str]) -> str:
        half = len(texts) // 2
        cells = "".join(f"<p>{text}</p>" for text in texts[:half]), "".join(f"<p>{text}</p>" for text in texts[half:])
        return f"<div class='cols'><div class='col'>{cells[0]}</div><div class='col'>{cells[1]}</div></div>"

    body = f"<p>{paragraphs[0]}</p><h2>The plans</h2>{columns(paragraphs[1:5])}"
    body += f"<h2>The money</h2>{columns(paragraphs[5:])}"
    html = page(NAV + f"<article><h1>Harbour plans change again</h1><div class='entry'>{body}</div></article>" + FOOTER)
    expected = [paragraphs[0], "The plans", *paragraphs[1:5], "The money", *paragraphs[5:]]
    assert paragraphs_of(html) == expected


def test_a_lede_named_so_inside_the_page_header_is_kept():
    paragraphs = story(7)
    lede = "Residents will be asked again about the harbour, the council said, after two plans failed this year."
    header = (
        "<header class='article__header'><h1>Harbour plans change again</h1>"
        f"<div class='article__abstract'><p>{lede}</p></div></header>"
    )
    body = "<div class='article__main'>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div>"
    assert paragraphs_of(page(NAV + f"<article>{header}{body}</article>" + FOOTER)) == [lede, *paragraphs]


def test_a_lede_named_so_in_a_header_inside_the_chosen_box_is_kept():
    """The header sits inside the box the body's paragraphs are in: dropped as furniture, all but its lede."""
    paragraphs = story(7)
    lede = "Residents will be asked again about the harbour, the council said, after two plans failed this year."
    header = (
        "<div class='row article-header'><div class='meta-info'>1 Dec 2026 | 14:08 | by Jo Writer</div>"
        f"<h1>Harbour plans change again</h1><p class='lead'>{lede}</p></div>"
    )
    kicker = "<h3 class='category'>Harbour &amp; Coast</h3>"  # kept above the header: the lede is not above the choice
    box = f"<div class='article-reader'>{kicker}{header}" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div>"
    got = paragraphs_of(page(NAV + box + FOOTER))
    assert got[-8:] == [lede, *paragraphs]
    assert not any("Jo Writer" in text for text in got)


def test_a_header_with_several_summary_lines_keeps_one_lede_and_no_key_points():
    paragraphs = story(7)
    points = [f"Point {n}: residents will be asked again about the harbour after plan {n} failed this year." for n in (1, 2, 3)]
    title = "<h1>Harbour plans change again</h1><div class='meta-info'>1 Dec 2026 | 14:08 | by Jo Writer</div>"

    def box(header: str) -> str:
        return (f"<div class='article-reader'><div class='row article-header'>{title}{header}</div>"
                + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div>")

    got = paragraphs_of(page(NAV + box("".join(f"<p class='summary'>{p}</p>" for p in points)) + FOOTER))
    assert sum(p in got for p in points) <= 1
    keypoints = "<div class='article-summary key-points'>" + "".join(f"<p>{p}</p>" for p in points) + "</div>"
    got = paragraphs_of(page(NAV + box(keypoints) + FOOTER))
    assert not any(p in got for p in points)
    assert got[-7:] == paragraphs


def test_a_lede_named_so_needs_no_full_stop():
    """Standfirsts often end without one; an unnamed line above the body still must end a sentence."""
    paragraphs = story(7)
    lede = "Residents will be asked again about the harbour after two plans failed this year and a third is due"
    body = "<div class='article__main'>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div>"

    def header(name: str) -> str:
        title = "<h1>Harbour plans change again</h1>"
        return f"<header class='article__header'>{title}<div class='{name}'><p>{lede}</p></div></header>"

    assert paragraphs_of(page(NAV + f"<article>{header('article__intro')}{body}</article>" + FOOTER))[0] == lede
    assert lede not in paragraphs_of(page(NAV + f"<article>{header('article__meta')}{body}</article>" + FOOTER))


def test_confidence_needs_a_long_text_holding_the_page_prose():
    long_page = page(NAV + article_html(story(30)) + FOOTER)
    assert content.find_content(load_tree(long_page)).confident
    short_page = page(NAV + article_html(story(3)) + FOOTER)
    assert not content.find_content(load_tree(short_page)).confident
    # half the prose outside the chosen container: unsure
    other = "".join(f"<p>{text}</p>" for text in story(20, 7))
    split_page = page(f"<div>{article_html(story(20))}</div><div class='other'>{other}</div>")
    assert not content.find_content(load_tree(split_page)).confident


def test_a_choice_holding_two_thirds_of_the_page_prose_is_not_trusted():
    # a long second text elsewhere on the page: the choice may be the wrong one
    other = "".join(f"<p>{text}</p>" for text in story(10, topic_offset=10))
    html = page(NAV + "<main>" + article_html(story(20)) + f"</main><div><div class='x'>{other}</div></div>" + FOOTER)
    found = content.find_content(load_tree(html))
    assert 0.6 < found.share < content.CONFIDENT_SHARE
    assert not found.confident


def test_confident_pages_skip_trafilatura(monkeypatch):
    def fail(tree, url, **_):
        raise AssertionError("trafilatura should not run")

    monkeypatch.setattr(article, "trafilatura_paragraphs", fail)
    paragraphs = story(30)
    html = page(NAV + article_html(paragraphs, RELATED + SHARE) + COMMENTS + FOOTER)
    assert extract_article(html, "https://echo.example/harbour").text == "\n\n".join(paragraphs)


def test_unsure_pages_fall_back_to_trafilatura(monkeypatch):
    # (this test used a clean three-paragraph brief, which is now trusted: see the next test)
    calls = []
    real = article.trafilatura_paragraphs
    monkeypatch.setattr(article, "trafilatura_paragraphs", lambda tree, url, **kw: calls.append(url) or real(tree, url, **kw))
    paragraphs = story(3)
    # the same brief on a page of 4,000 link words: a few dozen words found there may be a miss
    links = "".join(f"<li><a href='/{n}'>{' '.join(TOPICS[:4])} archive {n}</a></li>" for n in range(600))
    html = page(NAV + article_html(paragraphs) + f"<div class='archive'><ul>{links}</ul></div>" + FOOTER)
    text = extract_article(html, "https://echo.example/short").text
    assert calls == ["https://echo.example/short"]
    assert token_f1(paragraphs, text.split("\n\n")) >= FLOOR


def test_a_clean_short_article_skips_trafilatura(monkeypatch):
    def fail(tree, url, **_):
        raise AssertionError("trafilatura should not run")

    monkeypatch.setattr(article, "trafilatura_paragraphs", fail)
    paragraphs = story(3)
    html = page(NAV + article_html(paragraphs, RELATED) + FOOTER)
    assert extract_article(html, "https://echo.example/short").text == "\n\n".join(paragraphs)


def test_a_clean_brief_of_thirty_odd_words_skips_trafilatura(monkeypatch):
    def fail(tree, url):
        raise AssertionError("trafilatura should not run")

    monkeypatch.setattr(article, "trafilatura_paragraphs", fail)
    brief = [
        "The harbour wall will close on Monday for repairs, the council said on Friday.",
        "Boats moored inside it must leave by Sunday evening, and the ferry will use the north quay until May.",
    ]
    assert 30 <= sum(len(text.split()) for text in brief) < 40
    html = page(NAV + article_html(brief) + FOOTER)
    assert extract_article(html, "https://echo.example/brief").text == "\n\n".join(brief)


def test_an_address_is_a_byline_not_article_text():
    # <address> is the contact line of its article: on the demo's "regional" pages (a standfirst, an
    # <address> byline, a few visible paragraphs and a paywall box) a short article chosen whole kept it
    from datetime import datetime, timezone

    from tagwire.demo.pages import render_article
    from tagwire.demo.site import _Site, load_content

    site = _Site("http://127.0.0.1:1", datetime.now(timezone.utc), load_content())
    regional = [a for a in site.articles if site.outlets[a["outlet"]]["style"] == "regional"]
    assert regional
    for item in regional:
        text = extract_article(render_article(site, item), item["url"]).text
        byline = item.get("byline") or ", ".join(item["authors"])
        assert byline not in text.split("\n\n"), item["url"]
        assert item["visible_paragraphs"][0] in text


def test_a_code_block_at_the_end_is_kept():
    # a short line that ends no sentence is trimmed at the end ("Print"), a <pre> code block is not
    paragraphs = story(6)
    body = article_html(paragraphs + ["Then run:"])
    html = page(body.replace("</div></article>", "<pre>make install</pre></div></article>"))
    assert paragraphs_of(html)[-2:] == ["Then run:", "make install"]


def test_hostile_nesting_gives_an_unsure_answer_not_a_crash():
    html = "<div>" * 3000 + "deep text" + "</div>" * 3000
    found = content.find_content(load_tree(html))
    assert not found.confident


def test_nested_same_class_boxes_give_each_paragraph_once():
    paragraphs = story(8)
    inner = "".join(f"<div class='part'><p>{t}</p><p>{t.upper()}</p></div>" for t in paragraphs[:1])
    rest = "".join(f"<p>{t}</p>" for t in paragraphs[2:])
    html = page(f"<div class='part'><p>{paragraphs[1]}</p>{inner}</div>{rest}")
    got = paragraphs_of(html)
    assert len(got) == len(set(got))


def test_thousands_of_same_class_parts_stay_fast():
    import time

    section = "<section><div class='part'>" + "".join(f"<p>{t}</p>" for t in story(3)) + "</div></section>"
    tree = load_tree(page(section * 3000))
    start = time.process_time()
    content.find_content(tree)
    assert time.process_time() - start < 5  # linear: about a second on a loaded 2-core machine


def test_class_cache_stays_bounded_on_pages_of_unique_ids():
    spans = "".join(f"<span id='u{n}'>w</span>" for n in range(walk._MAX_LABELS + 500))
    content.find_content(load_tree(page(article_html(story(3), f"<p>{spans}</p>"))))
    assert 0 < len(walk._LABELS) <= walk._MAX_LABELS


def test_name_cache_stays_bounded_and_reads_a_pair_as_its_two_names():
    """Each class and id is judged once on its own; the pair is what its names say, a body hint first."""
    spans = "".join(f"<span id='n{n}' class='c{n % 7}'>w</span>" for n in range(walk._MAX_LABELS + 500))
    content.find_content(load_tree(page(article_html(story(3), f"<p>{spans}</p>"))))
    assert 0 < len(walk._NAMES) <= walk._MAX_LABELS
    assert walk._label_kind(("promo-box", "article-body")) == walk._BODY
    assert walk._label_kind(("wide", "sidebar")) == walk._FURNITURE_LABEL
    assert walk._label_kind(("wide", None)) == walk._PLAIN
    assert walk._label_kind((None, "main-content")) == walk._BODY


def test_class_cache_keeps_no_long_labels():
    """A hostile page's kilobyte-long class names would make the cache's memory large, not its hits."""
    long_class = "x" * 5000
    spans = "".join(f"<span class='{long_class}{n}'>w</span>" for n in range(50))
    walk._LABELS.clear()
    content.find_content(load_tree(page(article_html(story(3), f"<p>{spans}</p>"))))
    assert all(len(name or "") <= walk._MAX_LABEL_CHARS for names in walk._LABELS for name in names)


def test_a_part_with_modifiers_is_the_same_part_and_nothing_else_is():
    same = content._modified_of("div.block-text")
    assert same("div.block-text block-text_initial-letter")
    assert same("div.block-text--first block-text")
    assert not same("div.block-text related")  # another word: another box
    assert not same("section.block-text block-text_first")  # another tag
    assert not same("div.block-textual block-textual_first")
    assert not content._modified_of("div.col col-4")("div.col col-4 col-8")
