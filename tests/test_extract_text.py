"""Main text: paragraphs kept, never glued, entities decoded, furniture dropped."""

from __future__ import annotations

import pytest
from lxml import etree

from tagwire.extract import article, extract_article
from tagwire.extract.article import jsonld_paragraphs
from tagwire.extract.boilerplate import clean_paragraphs, is_boilerplate
from tagwire.extract.paragraphs import Paragraph, body_paragraphs

FILLER = "".join(
    f"<p>Filler paragraph {n} is about the council budget, the new tram line and the weather "
    f"in the valley this spring, at some length.</p>"
    for n in ("one", "two", "three", "four")
)
SENTENCES = [
    "The first block of text talks about the harbour and its boats in winter, when the sea is rough",
    "the second block continues with the market square and its stalls, which open at dawn on Saturday",
    "Third block: the council says the square will be repaved next year at a cost of two million pounds",
    "Fourth block: traders worry that the works will drive customers away for months, and ask for help",
]


def article_text(snippet: str) -> str:
    """The text of a page that holds ``snippet`` between filler paragraphs."""
    html = (
        "<html><head><title>Glue test</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Glue test</h1>{FILLER}{snippet}{FILLER}</article></body></html>"
    )
    return extract_article(html).text


def div_page_text(body: str) -> str:
    return extract_article(f"<html><head><title>Div test</title></head><body><div>{body}</div></body></html>").text


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("<p>alpha</p><p>beta</p>", "\n\nalpha\n\nbeta\n\n"),
        ("<p>alpha</p>\n<p>beta</p>", "\n\nalpha\n\nbeta\n\n"),
        ("<p>alpha</p>beta<p>gamma</p>", "\n\nalpha\n\nbeta\n\ngamma\n\n"),
        ("<ul><li>alpha</li><li>beta</li></ul>", "\n\nalpha\n\nbeta\n\n"),
        ("<h2>Heading</h2><p>text after it</p>", "\n\nHeading\n\ntext after it\n\n"),
        ("<blockquote>Quote one</blockquote><p>after quote</p>", "\n\nQuote one\n\nafter quote\n\n"),
        ("<p>one<br><br>Two</p>", "\n\none\n\nTwo\n\n"),
        (
            "<p>First sentence ends here.<br>Second line starts.</p>",
            "\n\nFirst sentence ends here.\n\nSecond line starts.\n\n",
        ),
    ],
)
def test_blocks_become_paragraphs(snippet, expected):
    assert expected in article_text(snippet)


def test_line_break_inside_a_sentence_is_a_space():
    text = article_text("<p>The minister told<br>home secretary nothing new.</p>")
    assert "The minister told home secretary nothing new." in text
    assert "toldhome" not in text and "told\n" not in text


def test_sibling_boxes_do_not_glue():
    text = article_text('<p><a href="/x">Costs rise by a third</a><span>Published today</span></p>')
    assert "third Published" in text


def test_drop_cap_is_not_split():
    assert "\n\nThe quick fox jumps.\n\n" in article_text('<p><span class="dropcap">T</span>he quick fox jumps.</p>')


def test_entities_and_whitespace():
    text = article_text("<p>Caf&eacute; &amp; bar&nbsp;&nbsp;opens\n\t at&#160;9 &#8212; it&#8217;s new</p>")
    assert "\n\nCafé & bar opens at 9 — it’s new\n\n" in text


def test_soft_hyphens_and_zero_width_spaces_removed():
    assert "\n\nautonome and together\n\n" in article_text("<p>auto\u00adnome and to\u200bgether</p>")
    assert "\n\ncafé Noël\n\n" in article_text("<p>ca\u2060fé No\ufeffël</p>")


def test_div_only_layout_keeps_paragraphs():
    text = div_page_text("".join(f"<div><span>{s}.</span></div>" for s in SENTENCES))
    assert text == "\n\n".join(s + "." for s in SENTENCES)


def test_br_layout_joins_wrapped_lines_and_splits_paragraphs():
    body = f"{SENTENCES[0]}<br>{SENTENCES[1]}.<br><br>{SENTENCES[2]}.<br><br>{SENTENCES[3]}."
    text = div_page_text(body)
    assert text.split("\n\n") == [f"{SENTENCES[0]} {SENTENCES[1]}.", f"{SENTENCES[2]}.", f"{SENTENCES[3]}."]


# --- serializing trafilatura's output tree -----------------------------------


def paragraphs_of(xml: str) -> list[str]:
    return [p.text for p in body_paragraphs(etree.fromstring(xml))]


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<body><p>alpha</p><p>beta</p></body>", ["alpha", "beta"]),
        ("<body><p>told<lb/>home secretary</p></body>", ["told home secretary"]),
        ("<body><p>Ends here.<lb/>Next one</p></body>", ["Ends here.", "Next one"]),
        ("<body><p>alpha<hi>beta</hi> gamma</p></body>", ["alphabeta gamma"]),
        ("<body><p>first</p>loose tail<p>last</p></body>", ["first", "loose tail", "last"]),
        ("<body><list><item>one</item><item>two</item></list></body>", ["one", "two"]),
        ("<body><table><row><cell>a</cell><cell>b</cell></row></table></body>", ["a b"]),
        ("<body><quote><p>q1</p><p>q2</p></quote></body>", ["q1", "q2"]),
        ("<body><p>  spaced \n\t out  </p></body>", ["spaced out"]),
    ],
)
def test_body_paragraphs(xml, expected):
    assert paragraphs_of(xml) == expected


def test_list_items_remember_their_list():
    paragraphs = body_paragraphs(etree.fromstring("<body><p>x</p><list><item>a</item><item>b</item></list></body>"))
    assert paragraphs[0].list_id is None
    assert paragraphs[1].list_id == paragraphs[2].list_id is not None


# --- furniture ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Read more: Council to review park funding",
        "Related: Fishing communities fear new limits",
        "Share this article: Facebook Twitter WhatsApp Email",
        "Share",
        "Image caption, An artist's impression of the tram",
        "Trawlers moored at Den Helder. Photograph: Pieter Vos/Reuters",
        "Sign up to Ledger Briefing, our free daily newsletter, in your inbox every morning",
        "We use cookies to improve your experience. By continuing you accept our use of cookies.",
        "Subscribe to continue reading",
        "Already a subscriber? Log in",
        "© 2024 Lakeside Post. All rights reserved.",
        # the same labels on German and French pages; reading times; rating prompts
        "Lesen Sie auch:",
        "Das könnte Sie auch interessieren!",
        "Mehr zum Thema",
        "Anzeige",
        "Kontakt:",
        "Aktualisiert:",
        "À lire aussi",
        "Permalien",
        "6 min read",
        "Lesezeit: 3 Minuten",
        "Was this article helpful?",
        "Wie bewerten Sie diesen Artikel?",
        # a server's error in the page; the classic WordPress theme's post footer, in English and German
        "Warning: Creating default object from empty value in /www/htdocs/site/wp-includes/classes.php on line 40",
        "Deprecated: Function split() is deprecated in /home/site/public_html/index.php on line 12",
        "This entry was posted on Tuesday, May 6th, 2014 at 11:30 pm and is filed under Linux, Tutorials. "
        "You can follow any responses to this entry through the RSS 2.0 feed.",
        "Erstellt am Dienstag 6. Mai 2014 um 23:30 und abgelegt unter Linux, Tutorials. Kommentare sind nicht erlaubt.",
        # Spanish, Portuguese and Italian "related" labels and leads; German share and rating prompts
        "Le puede interesar: El puerto cierra sus muelles por la tormenta",
        "LEA TAMBIÉN",
        "MIRA: Así quedó el malecón después del temporal",
        "Veja também:",
        "Leia também: Porto fecha cais por causa da tempestade",
        "Leggi anche: Il porto chiude per la tempesta",
        "Potrebbe interessarti",
        "Ist dieser Artikel nützlich?",
        "Möchten Sie diesen Beitrag teilen?",
        "NOTAS RELACIONADAS",
        "PUEDES VER: ¿Qué cambia en el puerto desde el lunes?",
        "Czytaj też: Port zamknięty po burzy",
        "À lire aussi » Le port ferme ses quais",
        "Lesen Sie auch: Der Hafen schließt",
        "Schon gelesen?",
        "Das Thema könnte dich auch interessieren:",
        "Teilen mit:",
        "Wird geladen …",
        # calls to share or follow, in four languages
        "Enjoyed this article? Share it with your friends!",
        "Follow us on Instagram and Twitter for more",
        "Síguenos en Instagram y Facebook para más noticias del puerto",
        "Folgen Sie uns auf Facebook",
        # photo credits in French, German and Spanish, and an agency's credit line
        "Crédits photos : Harbour Press",
        "Foto: Hafenamt Nord",
        "Bildquelle: Stadtarchiv",
        "Fotografía: Puerto de la Costa",
        "AFP / JANE PHOTOGRAPHER",
        # what a script would have replaced
        "This slideshow requires JavaScript.",
        "Please enable JavaScript to view the comments.",
    ],
)
def test_furniture_is_boilerplate(text):
    assert is_boilerplate(Paragraph(text))


@pytest.mark.parametrize(
    "text",
    [
        "The council said it would read more reports before deciding.",
        (
            "More than 10,000 readers signed up to the newsletter in its first week, the publisher said, "
            "and advertisers have followed; the company now plans a second edition aimed at commuters, "
            "with a separate team of four editors and its own budget for the rest of the year."
        ),
        "The photograph was taken in 1972 and shows the old harbour before the storm wall was built.",
        "Share prices fell sharply on Monday.",
        "Kontakt zur Familie hatte die Polizei erst am Abend.",
        "Lesen Sie auch die Stellungnahme des Ministeriums, die am Freitag veröffentlicht wurde.",
        "Updated figures show the harbour lost a third of its fleet.",
        "Warning: the harbour wall will close on Monday, the council said.",
        # a name, a headline and sentences that only begin like a label or a call to follow
        "Mira: I think the harbour will reopen by spring.",
        "MIRA-Stiftung",
        "Follow the money, the inspector told the committee.",
        "Share prices of the harbour operator fell by a third.",
        "Join the queue early if you want a seat on the ferry.",
        "Follow these three steps to claim a refund, the ferry company posted on Twitter.",
        "Bilder wie dieses zeigen, wie knapp der Hafen der Flut entging.",
        "AFP reported that the harbour would reopen on Monday.",
        "Bewerten lässt sich der Plan erst im Frühjahr, sagte die Stadt.",
        "Mira lo que pasó en el puerto durante la tormenta del martes.",
        # reported calls to share, follow or join, and news about scripts, are the story's
        "Share the cost of social care more fairly, the report urges ministers.",
        "Join us, the union told nurses, as it announced a second strike day.",
        "Follow us to the border, the smugglers told the families.",
        "Please share this appeal to help us find her, police said.",
        "JavaScript disabled browsers were blocked by the new rules, regulators said.",
        "Enable JavaScript to continue, the new banking app tells users who block scripts.",
        "AP/NORC poll: most voters back the harbour plan",
        "Reuters / Ipsos poll: the harbour party leads by ten points",
    ],
)
def test_article_sentences_are_not_boilerplate(text):
    assert not is_boilerplate(Paragraph(text))


def test_link_only_short_paragraph_is_dropped_but_not_a_sentence():
    assert is_boilerplate(Paragraph("Fishing communities fear new limits", link_chars=35))
    assert not is_boilerplate(Paragraph("He said more on the council website.", link_chars=36))


def test_header_lines_and_link_lists_are_dropped():
    paragraphs = [
        Paragraph("Storm hits the coast"),
        Paragraph("By Jane Doe"),
        Paragraph("14 March 2024"),
        Paragraph("The storm hit the coast overnight."),
        Paragraph("Storm hits the coast again", list_id=1, link_chars=26),
        Paragraph("Coast path closed", list_id=1, link_chars=17),
        Paragraph("More on this story", heading=True),
    ]
    assert clean_paragraphs(paragraphs, ("Storm hits the coast",)) == ["The storm hit the coast overnight."]


def test_byline_under_a_standfirst_is_dropped_but_a_short_body_sentence_is_not():
    paragraphs = [
        Paragraph("The manager has committed his future to the club amid interest from rivals."),
        Paragraph("By JANE DOE Published: 07:03 GMT, 3 December 2026"),
        Paragraph("By noon, it was over."),
        Paragraph("The deal runs until the summer of 2029, the club said."),
    ]
    assert clean_paragraphs(paragraphs, ()) == [
        "The manager has committed his future to the club amid interest from rivals.",
        "By noon, it was over.",
        "The deal runs until the summer of 2029, the club said.",
    ]


@pytest.mark.parametrize("byline", [
    "By JANE DOE, HEALTH EDITOR Published: 07:20 GMT, 3 December 2026",
    "By SAM ROE AT WEMBLEY Published: 06:54 GMT, 3 December 2026 | Updated: 09:10 GMT",
    "By Ana Lopes and Tom Reid, Political Correspondents, December 3, 2026",
])
def test_a_long_byline_with_role_and_stamp_under_a_standfirst_is_dropped(byline):
    paragraphs = [
        Paragraph("The manager has committed his future to the club amid interest from rivals."),
        Paragraph(byline),
        Paragraph("The deal runs until the summer of 2029, the club said on Tuesday afternoon."),
    ]
    assert clean_paragraphs(paragraphs, ()) == [
        "The manager has committed his future to the club amid interest from rivals.",
        "The deal runs until the summer of 2029, the club said on Tuesday afternoon.",
    ]


def test_a_long_sentence_opening_with_by_and_a_date_is_body_text():
    first = "By 07:30 GMT on 3 December 2026, hundreds of people had gathered outside the court in the rain."
    paragraphs = [Paragraph(first), Paragraph("Police closed the road an hour later, the council said.")]
    assert clean_paragraphs(paragraphs, ()) == [first, "Police closed the road an hour later, the council said."]


def test_jsonld_body_checked_against_the_page():
    body = "\n".join(" ".join(f"word{n}x{i}" for i in range(30)) for n in range(5))
    page = " ".join(body.split())
    assert jsonld_paragraphs(body, page, ()) == [" ".join(line.split()) for line in body.splitlines()]
    assert jsonld_paragraphs(body, page[: len(page) // 2], ()) is None  # a full text the page hides
    assert jsonld_paragraphs(" ".join(body.split()), page, ()) == [page]  # one blob is one paragraph
    assert jsonld_paragraphs("Short\nteaser only", "Short teaser only", ()) is None
    assert jsonld_paragraphs("<p>" + body.replace("\n", "</p><p>") + "</p>", page, ()) is not None  # HTML inside


def test_jsonld_body_rescues_a_page_the_extractors_miss(monkeypatch):
    body = "\n".join(" ".join(f"word{n}x{i}" for i in range(30)) for n in range(5))
    monkeypatch.setattr(article, "page_paragraphs", lambda tree, url, titles, page_words=0, **_: ["Just a caption"])
    text = article.main_text(None, None, (), body, " ".join(body.split()))
    assert text == "\n\n".join(" ".join(line.split()) for line in body.splitlines())


def test_jsonld_body_is_not_preferred_to_the_extractors(monkeypatch):
    found = [" ".join(f"seen{i}" for i in range(150))]
    monkeypatch.setattr(article, "page_paragraphs", lambda tree, url, titles, page_words=0, **_: found)
    body = "\n".join(" ".join(f"word{n}x{i}" for i in range(30)) for n in range(5))
    assert article.main_text(None, None, (), body, body) == found[0]


SCRIPT_PARAS = [
    "The valley railway will reopen its northern branch in May after a three-year closure, the operator said on Friday.",
    "Engineers rebuilt two viaducts and replaced nine kilometres of track damaged by the floods of the winter before last.",
    "Passenger groups welcomed the news but asked for a later last train, which now leaves the city at half past nine.",
]


def script_page(free: bool = True) -> str:
    import json

    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Valley railway branch to reopen",
            "articleBody": "\n\n".join(SCRIPT_PARAS)}
    if not free:
        node["isAccessibleForFree"] = False
    return (f"<html><head><title>Valley railway branch to reopen</title><script type='application/ld+json'>"
            f"{json.dumps(node)}</script></head><body><div id='app'>Loading…</div>"
            "<script src='/bundle.js'></script></body></html>")


def test_a_page_rendered_by_script_takes_its_jsonld_body_with_its_paragraphs():
    """The shell shows none of the article; the publisher's articleBody is it (a free one)."""
    found = extract_article(script_page(), "https://valley.example/news/railway")
    assert found.text == "\n\n".join(SCRIPT_PARAS) and not found.paywalled
    assert jsonld_paragraphs("\n".join(SCRIPT_PARAS), "Loading…", ()) == SCRIPT_PARAS
    assert jsonld_paragraphs("\n".join(SCRIPT_PARAS), "Loading…", (), body_is_free=False) is None


def test_a_body_marked_not_free_is_not_taken_from_a_script_page():
    """The text a paywalled page gives search engines is not what readers see: not the article."""
    found = extract_article(script_page(free=False), "https://valley.example/news/railway")
    assert found.paywalled and "viaducts" not in found.text


def test_german_and_french_date_lines_in_the_header_are_dropped():
    paragraphs = [
        Paragraph("Erstellt am Dienstag 6. Mai 2014"),
        Paragraph("Mis à jour le 12 mars 2024 à 10h"),
        Paragraph("Der Sturm traf die Küste in der Nacht."),
    ]
    assert clean_paragraphs(paragraphs, ()) == ["Der Sturm traf die Küste in der Nacht."]
