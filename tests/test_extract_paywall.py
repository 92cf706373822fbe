"""Paywall signals, and the look-alikes that must not count."""

from __future__ import annotations

import pytest

from tagwire.extract import extract_article
from tagwire.extract.paywall import _strong_prompt, looks_truncated

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the report says the council will spend more on roads, schools and parks next "
    f"year, after residents asked for safer crossings near the station and longer library hours.</p>"
    for n in range(1, 7)
)
TEASER = (
    "<p>The council will spend more on roads next year, officials said on Monday, after a long debate.</p>"
    "<p>Residents had asked for safer crossings near the station and for the library to open later, and the plan</p>"
)


def page(head: str = "", body: str = PARAGRAPHS, extra: str = "") -> str:
    return (
        f"<html><head><title>Council budget</title>{head}</head><body><article><h1>Council budget</h1>"
        f"<div class='body'>{body}</div>{extra}</article></body></html>"
    )


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


def paywalled(html: str) -> bool:
    return extract_article(html).paywalled


@pytest.mark.parametrize("flag", ["false", '"False"', '"false"'])
def test_jsonld_not_free(flag):
    assert paywalled(page(ld(f'{{"@type": "NewsArticle", "headline": "h", "isAccessibleForFree": {flag}}}')))


def test_jsonld_has_part_not_free():
    part = '{"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paid"}'
    raw = f'{{"@type": "NewsArticle", "hasPart": [{part}]}}'
    assert paywalled(page(ld(raw)))


@pytest.mark.parametrize("flag", ["true", '"True"'])
def test_jsonld_free_is_not_paywalled(flag):
    assert not paywalled(page(ld(f'{{"@type": "NewsArticle", "isAccessibleForFree": {flag}}}')))


def test_content_tier_locked():
    assert paywalled(page('<meta property="article:content_tier" content="locked">'))
    assert not paywalled(page('<meta property="article:content_tier" content="free">'))
    # the key in any case, by property or by name; a property decides over a name
    assert paywalled(page('<meta name="Article:Content_Tier" content=" Locked ">'))
    assert not paywalled(page('<meta property="og:type" name="article:content_tier" content="locked">'))


@pytest.mark.parametrize(
    "box",
    [
        '<div class="paywall">Subscribe for full access to every story.</div>',
        '<div id="piano-paywall-container" class="x">Become a member to read on.</div>',
        '<div class="tp-modal"><p>Choose your plan and keep reading.</p></div>',
        '<section class="article__subscriber-only">The rest of this story is for members.</section>',
        '<div class="premium-content">Exclusive analysis follows for members today.</div>',
    ],
)
def test_paywall_markup_with_text(box):
    assert paywalled(page(extra=box))


def test_paywall_markup_in_two_spellings_on_one_page():
    # the element search looks each token up as the page spells it: both boxes are found
    empty, full = '<div class="PayWall"></div>', '<div id="paywall">Subscribe for full access to every story.</div>'
    assert paywalled(page(extra=empty + full)) and paywalled(page(extra=full + empty))
    assert paywalled(page(extra='<div class="Paywall-Box">Members read on here today.</div>'))
    assert not paywalled(page(extra=empty + '<div class="PayWall-box"></div>'))


@pytest.mark.parametrize(
    "box",
    [
        '<div class="paywall"></div>',  # a placeholder for a script that may never run
        '<div class="no-paywall">This article is free to read for everyone.</div>',
        '<div class="navigate-menu">Home News Sport Weather</div>',  # "gate" inside a word
    ],
)
def test_paywall_look_alikes(box):
    assert not paywalled(page(extra=box))


def test_subscribe_to_continue_reading_prompt():
    assert paywalled(page(body=TEASER, extra="<div class='prompt'><h3>Subscribe to continue reading</h3></div>"))


@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("members", [0, 3, 200])  # 200: past the window budget, one pass over the page
def test_strong_prompt_found_anywhere_in_the_page(where, members):
    # the regex reads only the text around words like "subscri": the prompt must be found wherever it sits
    filler = " ".join(["Members of the club met on Tuesday."] * members + ["Plain words about parks."] * 400)
    prompt = "The article is available only to subscribers, sorry."
    text = {"start": f"{prompt} {filler}", "middle": f"{filler} {prompt} {filler}", "end": f"{filler} {prompt}"}
    assert _strong_prompt(text[where])
    assert not _strong_prompt(filler + " Subscribe to our newsletter.")


def test_weak_prompt_needs_a_truncated_short_body():
    prompt = "<div class='promo'><p>Already a subscriber? Sign in</p></div>"
    assert paywalled(page(body=TEASER, extra=prompt))
    assert not paywalled(page(body=PARAGRAPHS, extra=prompt))


def test_newsletter_box_is_not_a_paywall():
    newsletter = (
        "<aside class='newsletter'><h4>Subscribe to our newsletter</h4>"
        "<p>Get the morning briefing in your inbox.</p><button>Sign up</button></aside>"
    )
    article = extract_article(page(extra=newsletter))
    assert not article.paywalled
    assert "newsletter" not in article.text


def test_prompt_text_stays_out_of_the_article():
    article = extract_article(
        page(
            body=TEASER,
            extra="<div class='prompt'><p>Subscribe to continue reading</p><p>Already a subscriber? Log in</p></div>",
        )
    )
    assert article.paywalled
    assert "Subscribe" not in article.text and "subscriber" not in article.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A short body that stops in the middle of", True),
        ("A short body that stops with an ellipsis...", True),
        ("A short body that ends properly.", False),
        ("A short body that ends with a quote.”", False),
        ("word " * 400, False),  # long bodies are not teasers
        ("", False),
    ],
)
def test_looks_truncated(text, expected):
    assert looks_truncated(text.strip()) is expected


def test_subscription_prompt_is_not_article_text():
    from tagwire import extract_article

    body = "".join(f"<p>Paragraph {i} of the report on the council's new harbour plan, with enough words to count "
                   f"as article text for the extractor to keep.</p>" for i in range(3))
    page = (f"<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1>{body}"
            "<div class='paywall'><p>This article is for Coastline subscribers. Get unlimited access to our "
            "journalism and the full archive from £1 for your first month.</p></div></article></body></html>")
    result = extract_article(page, "https://coast.example/harbour")
    assert "unlimited access" not in result.text and "Paragraph 2" in result.text


@pytest.mark.parametrize(
    "token",
    [
        "paywall", "Paywall-box", "PAYWALL", "subscriber-only", "subscribers-only", "subscriber-content",
        "subscriber-exclusive", "premium-content", "premium-article", "premium-only", "tp-modal", "tp-backdrop",
        "piano-offer", "piano-paywall", "piano-container", "regwall", "meter-wall", "content-locked",
        "locked-content", "article-locked", "content-gate", "gated-content",
    ],
)  # fmt: skip
def test_markup_prefilter_covers_every_paywall_token(token):
    from tagwire.extract.paywall import _HINTS, _MARKUP

    assert _MARKUP.search(token.lower())
    assert any(hint in token.lower() for hint in _HINTS)  # else the class search would be skipped


def test_a_paywalled_page_showing_one_paragraph_gives_that_paragraph_not_the_whole_box():
    """The page is short, so trafilatura answers, with its last resort: headline, byline, share bar,
    paragraph and prompt as one run. The finder's one clean paragraph is the article."""
    lede = ("The harbour board has published its draft budget for next year, and mooring fees are set to "
            "change for most boat owners.")
    ld = ('{"@context":"https://schema.org","@type":"NewsArticle","headline":"What the harbour budget means",'
          '"isAccessibleForFree":false}')
    html = (
        f'<html lang="en"><head><title>What the harbour budget means | Coast Times</title>'
        f'<script type="application/ld+json">{ld}</script></head><body>'
        '<div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        '<main><article><h1>What the harbour budget means</h1><div class="byline">By Jo Writer</div>'
        '<div class="share">Share on Facebook Share on X Copy link</div>'
        f'<p>{lede}</p><div class="paywall">Subscribe to read the rest of this article. Already a subscriber? '
        'Log in.</div><aside class="related"><h3>Related stories</h3><ul><li><a href="/x/1">Fees to rise '
        'again</a></li></ul></aside></article></main><footer>© Coast Times 2026. All rights reserved.</footer>'
        '</body></html>'
    )
    article = extract_article(html, "https://coast.example/harbour-budget")
    assert article.text == lede
    assert article.paywalled
