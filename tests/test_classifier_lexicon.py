"""The category lexicon: phrases the team wrote that turn into "@Category" features,
so that a short text naming something the corpus never mentions still leans right."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tagwire.enrich._classifier_features import (
    lexicon,
    lexicon_hits,
    parse_lexicon,
    terms,
    tokens,
)
from tagwire.enrich.classifier import default_corpus, default_model

TABLE = """
[lexicon]
Sport = "goalkeeper, hat-trick, premier league"
Health = "chemotherapy, outbreak"
World = "outbreak"
"""


def test_parse_lexicon_folds_phrases_like_the_text_and_keeps_every_category():
    table = parse_lexicon(TABLE)
    assert table[("goalkeeper",)] == ("Sport",)
    assert table[("hat", "trick")] == ("Sport",)  # tokenised like any text
    assert table[("premier", "league")] == ("Sport",)
    assert table[("outbreak",)] == ("Health", "World")


def test_parse_lexicon_ignores_empty_items_and_phrases_too_long_to_match():
    table = parse_lexicon('[lexicon]\nSport = "goalkeeper, , a b c d, "\n')
    assert list(table) == [("goalkeeper",)]
    assert parse_lexicon("") == {}


def test_lexicon_hits_counts_one_and_several_word_phrases():
    hits = lexicon_hits(tokens("Premier League goalkeepers at the Bank of England"))
    assert hits["@Sport"] >= 2  # "premier league" and the folded "goalkeeper"
    assert hits["@Business"] >= 1


def test_opinion_words_count_although_they_are_stop_words():
    counts = terms("Why I think we should stop", "")
    assert counts["@Opinion"] > 0
    assert "we" not in counts and "should" not in counts  # still no word features


def test_title_counts_twice_for_lexicon_features_too():
    assert terms("chemotherapy", "")["@Health"] == 2 * terms("", "chemotherapy")["@Health"]


def test_shipped_lexicon_covers_every_category_the_corpus_has():
    named = {name for names in lexicon().values() for name in names}
    assert {row["label"] for row in default_corpus()} <= named
    assert named - {row["label"] for row in default_corpus()} == {"Abroad", "Britain", "Diplomacy"}


def test_a_word_only_the_lexicon_knows_moves_a_short_text_its_way():
    word = "chemotherapy"
    assert not any(word in (r["title"] + r["text"]).lower() for r in default_corpus())
    model = default_model()
    with_word = model.scores(f"Patients wait for {word}", "")
    without = model.scores("Patients wait", "")
    assert with_word["Health"] > without["Health"]
    assert model.predict(f"Patients wait for {word}", "")[0] == "Health"


def test_headline_table_counts_in_the_title_only():
    # a news body quotes people saying "we must"; a headline saying it is comment
    in_title = terms("We must stop this", "")
    in_body = terms("Council meets", "We must stop this, the leader said.")
    assert in_title["@Opinion"] > 0
    assert in_body["@Opinion"] == 0


@pytest.mark.parametrize(
    "headline",
    [
        "'We will not give in', says prime minister",
        "\u201cI should have done more,\u201d admits coach",
        "We must act now, minister warns",
    ],
)
def test_quoted_or_reported_speech_in_a_headline_is_no_comment(headline):
    # the first person belongs to the speaker, not to the writer
    assert terms(headline, "")["@Opinion"] == 0


def test_a_headline_s_own_first_person_still_counts_beside_an_apostrophe():
    assert terms("Why I won't be watching the final", "")["@Opinion"] > 0
    assert terms("Don't let firms told to cut prices off the hook", "")["@Opinion"] > 0


def test_a_body_that_says_let_is_no_comment():
    # "let's" folds to "let", so it may not stand in the body's table: "the law let them"
    assert terms("Governor vetoes bill", "The law would have let residents apply.")["@Opinion"] == 0


def test_places_abroad_are_a_feature_of_their_own_not_world():
    # a rate decision in Tokyo is Business; the place alone must not vote World
    hits = lexicon_hits(tokens("Tokyo shares rise as the yen weakens in Japan"))
    assert hits["@Abroad"] == 2 and hits["@World"] == 0
    assert lexicon_hits(tokens("peacekeepers sent after the coup"))["@World"] == 2
    # and so are British places: England is a team as often as where a court sits
    hits = lexicon_hits(tokens("England beat Wales at Twickenham; Leeds crown court"))
    assert hits["@Britain"] == 2 and hits["@UK"] == 1
    assert default_model().predict(
        "Japanese exports rise for a third month", "Shipments of cars to China rose, Tokyo said."
    )[0] == "Business"


def test_parse_lexicon_reads_the_headline_table_by_name():
    raw = '[lexicon]\nSport = "goal"\n[headline]\nOpinion = "why, i"\n'
    assert parse_lexicon(raw, "headline") == {("why",): ("Opinion",), ("i",): ("Opinion",)}
    assert ("why",) not in parse_lexicon(raw)


def test_corpus_rows_are_unique_and_balanced_enough():
    rows = default_corpus()
    titles = [r["title"].strip().lower() for r in rows]
    assert len(titles) == len(set(titles))
    per_class = Counter(r["label"] for r in rows)
    assert min(per_class.values()) >= 0.6 * max(per_class.values())


@pytest.mark.parametrize("name", ["short_news_team.jsonl", "short_news_wire_team.jsonl"])
def test_the_team_short_sets_stay_apart_from_the_training_corpus(name):
    # benchmarks/data/short_news_*team.jsonl measure generality: never train on them
    path = Path(__file__).resolve().parent.parent / "benchmarks/data" / name
    held = {json.loads(line)["title"].strip().lower() for line in path.read_text("utf-8").splitlines()}
    assert len(held) >= 80
    assert not held & {r["title"].strip().lower() for r in default_corpus()}


def test_capitalised_us_is_the_country_not_the_pronoun():
    # lower-cased, "US" would be "us", which a headline counts for Opinion
    assert tokens("US stocks; U.S. troops; U.S.A.; USA") == [
        "usa", "stock", "usa", "troop", "usa", "usa"
    ]
    assert tokens("Give us a break") == ["give", "us", "a", "break"]
    assert not lexicon_hits(tokens("US stocks fall"), "headline")
    assert lexicon_hits(tokens("Give us a break"), "headline") == Counter({"@Opinion": 1})
    assert tokens("WHO warns") == ["world", "health", "organization", "warn"]


def test_a_headline_in_capitals_reads_who_and_us_by_the_words_around():
    """Set in capitals, "WHO" and "US" are pronouns after words that take them, else the organisation and the country."""
    from tagwire.enrich._classifier_features import tokens

    assert "health" not in tokens("THE SINGER WHO SOLD OUT THE ARENA")
    assert tokens("COME AND JOIN US TONIGHT")[-2:] == ["us", "tonight"]
    assert tokens("ALL OF US SHOULD CARE")[:3] == ["all", "of", "us"]
    assert tokens("U.S. TROOPS LEAVE BASE")[0] == "usa"
    assert tokens("US SANCTIONS ON IRAN TIGHTEN")[0] == "usa"
    assert tokens("WHO warns of measles")[:3] == ["world", "health", "organization"]
    assert tokens("WHO DECLARES OUTBREAK OVER")[:3] == ["world", "health", "organization"]
    assert tokens("HEALTH: WHO WARNS ON MEASLES")[1:4] == ["world", "health", "organization"]


def test_a_wire_headline_in_capitals_about_the_us_is_not_opinion():
    from tagwire.enrich import enrich_article

    for title in ("US ELECTION: CANDIDATE WINS PENNSYLVANIA", "US SANCTIONS ON IRAN TIGHTEN"):
        assert enrich_article(title=title, text="").category.name != "Opinion", title
    assert enrich_article(title="JOIN US: WHY WE MUST SAVE OUR LIBRARIES", text="").category.name == "Opinion"


def test_uk_lexicon_names_the_place_not_events_every_country_has():
    # a court, a storm or a teacher abroad is World: only British places and
    # institutions count for UK; "New York" is not York
    for text in ("Police arrest teacher after court hearing", "Storm floods airport", "New York"):
        assert "@UK" not in lexicon_hits(tokens(text)), text
    for text in ("Crown court in Leeds city", "Met Office weather warning", "Ofsted"):
        assert "@UK" in lexicon_hits(tokens(text)), text


def test_comment_counts_for_opinion_in_the_headline_only():
    # "declined to comment" is in every wire story; "Comment:" above one is a column
    body = "The company declined to comment on the report."
    assert "@Opinion" not in terms("Shares fall", body)
    assert terms("Comment: the shares fall", "")["@Opinion"] == 2


def test_a_huge_title_or_text_costs_no_more_than_their_leads():
    import time

    from tagwire.enrich._classifier_features import MAX_CHARS, MAX_TITLE_CHARS

    title, text = "goalkeeper " * 200_000, "striker " * 200_000
    start = time.perf_counter()
    counts = terms(title, text)
    assert time.perf_counter() - start < 1.0
    assert counts == terms(title[:MAX_TITLE_CHARS], text[:MAX_CHARS])
    assert default_model().predict(title, text)[0] == "Sport"


def test_politics_lexicon_leaves_out_words_with_other_senses_in_wire_copy():
    # armed rebels, a military coalition, a team's defeat, any spokesman
    wire = ("Rebels launch campaign", "Coalition spokesman", "Champions suffer defeat", "Budget airline")
    for text in wire:
        assert "@Politics" not in lexicon_hits(tokens(text)), text
    assert "@Politics" in lexicon_hits(tokens("Prime minister faces confidence vote"))
