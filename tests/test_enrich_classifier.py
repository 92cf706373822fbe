"""The text classifier for categories: predictions, validation, serialisation,
model choice and how it combines with the section signal."""

from __future__ import annotations

import json

import pytest

from tagwire.enrich.categories import TAXONOMY
from tagwire.enrich.classifier import (
    CategoryModel,
    choose_model,
    classify,
    default_corpus,
    default_model,
    evaluate,
    learn,
    load_rows,
    normalise_label,
    rows_from_articles,
    split_rows,
    validate_rows,
)
from tagwire.errors import ConfigError, InvalidInputError

OBVIOUS = [
    (
        "Sport",
        "Late penalty sends United into cup final",
        "The striker scored from the spot in stoppage time at Wembley.",
    ),
    (
        "Business",
        "Shares slide as bank reports lower profits",
        "The lender's pre-tax profit fell 20% and investors sold its stock.",
    ),
    (
        "Technology",
        "Hackers steal passwords in app data breach",
        "The software company urged users to change their login details.",
    ),
    (
        "Science",
        "Telescope finds water vapour on distant planet",
        "Astronomers say the exoplanet orbits a small star 120 light years away.",
    ),
    (
        "Health",
        "Hospital waiting times for cancer treatment grow",
        "NHS figures show patients waited longer for a diagnosis after a GP referral.",
    ),
    (
        "Entertainment",
        "Actress wins best drama award for television role",
        "The star thanked the cast of the series at the ceremony.",
    ),
    (
        "Environment",
        "River pollution from sewage spills reaches record",
        "Campaigners say wildlife and fish are dying because of discharges.",
    ),
]

TINY = [
    {
        "title": "Goal in extra time",
        "text": "The striker scored and the team won the match.",
        "label": "sport",
    },
    {
        "title": "Cup final win",
        "text": "The captain lifted the trophy after the match.",
        "label": "Sport",
    },
    {
        "title": "League title race",
        "text": "The team scored twice to win the league match.",
        "label": "SPORT",
    },
    {
        "title": "Shares rise",
        "text": "Investors bought shares as profits rose at the bank.",
        "label": "business",
    },
    {
        "title": "Bank profits",
        "text": "The bank said profits and shares rose.",
        "label": "Business",
    },
    {
        "title": "Market rally",
        "text": "Shares in the bank rose on higher profits.",
        "label": "business",
    },
]


@pytest.fixture(scope="module")
def model() -> CategoryModel:
    return default_model()


@pytest.mark.parametrize(("label", "title", "text"), OBVIOUS)
def test_default_model_predicts_obvious_cases(model, label, title, text):
    predicted, confidence = model.predict(title, text)
    assert predicted == label
    assert 0.5 <= confidence <= 1.0


def test_confidence_is_a_probability_and_scores_sum_to_one(model):
    scores = model.scores(
        "Something happened", "People said things about it on Tuesday."
    )
    assert set(scores) == set(model.labels) <= set(TAXONOMY)
    assert all(0.0 <= p <= 1.0 for p in scores.values())
    assert sum(scores.values()) == pytest.approx(1.0)


def test_predict_restricted_to_some_labels(model):
    title, text = (
        "Shares slide as bank reports lower profits",
        "Investors sold the stock.",
    )
    label, confidence = model.predict(title, text, labels=["sport", "tech"])
    assert label in {"Sport", "Technology"} and 0 < confidence <= 1


def test_predict_empty_text_is_an_error(model):
    with pytest.raises(InvalidInputError, match="empty"):
        model.predict("", "  ")


def test_default_corpus_is_large_and_covers_the_taxonomy():
    rows = default_corpus()
    labels = {r["label"] for r in rows}
    assert labels == set(TAXONOMY) - {"General"}
    # 829 original rows + 604 short ones added for issue 6 (50–61 a category)
    assert len(rows) >= 1400
    assert all(sum(r["label"] == x for r in rows) >= 110 for x in labels)


def test_labels_are_case_insensitive_with_aliases():
    assert normalise_label("SPORT") == "Sport"
    assert normalise_label("tech") == "Technology"
    assert normalise_label("sports") == "Sport"
    assert normalise_label("uk") == "UK"
    assert normalise_label("gardening") is None


def test_train_small_model_without_corpus():
    m = CategoryModel.train(TINY, include_default_corpus=False)
    assert set(m.labels) == {"Sport", "Business"}
    assert (
        m.predict("Match report", "The striker scored a goal to win the match.")[0]
        == "Sport"
    )
    assert (
        m.predict("Bank results", "Shares rose after the bank's profits.")[0]
        == "Business"
    )


def test_instance_rows_outweigh_the_shipped_snippets_of_their_own_categories(monkeypatch):
    # the shipped snippets keep the categories the rows lack at full weight; where the
    # instance has its own rows, those speak for the category (CORPUS_WEIGHT each snippet)
    import tagwire.enrich._classifier_train as training
    from tagwire.enrich.classifier import CORPUS_WEIGHT

    seen: dict = {}
    real = training.fit

    def spy(rows, **kwargs):
        seen.update(rows=rows, weights=kwargs["weights"])
        return real(rows, **kwargs)

    monkeypatch.setattr(training, "fit", spy)
    CategoryModel.train(TINY, calibrate=False)
    rows, weights = seen["rows"], seen["weights"]
    assert len(weights) == len(rows) == len(TINY) + len(default_corpus())
    assert weights[: len(TINY)] == [1.0] * len(TINY)
    for row, weight in zip(rows[len(TINY) :], weights[len(TINY) :]):
        assert weight == (CORPUS_WEIGHT if row["label"] in {"Sport", "Business"} else 1.0)
    assert 0 < CORPUS_WEIGHT < 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "no training rows"),
        (
            [*TINY, {"title": "x", "text": "y", "label": "Gardening"}],
            'label "Gardening" is not a category',
        ),
        ([r for r in TINY if r["label"].lower() == "sport"], "need at least 2"),
        ([*TINY, {"title": "Headline", "text": "   ", "label": "Sport"}], "empty text"),
        ([*TINY, {"title": "Headline", "text": "... — !!", "label": "Sport"}], r"row \d+: empty text \(no words\)"),
        ([*TINY, ["not", "a", "row"]], "not an object"),
    ],
)
def test_train_rejects_bad_data_with_one_line_errors(rows, message):
    with pytest.raises(InvalidInputError, match=message) as info:
        CategoryModel.train(rows)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("corpus", [False, True])
def test_train_on_rows_without_a_readable_word_fails_in_one_line(corpus):
    # text the tokenizer cannot read (Greek here) passes the empty-text check; without
    # the shipped corpus nothing would be left to learn from, and scikit-learn's own
    # error about "0 feature(s)" is not a message for a user
    rows = [
        {"title": "Αγώνας", "text": "Η ομάδα κέρδισε τον τελικό.", "label": "Sport"},
        {"title": "Μετοχές", "text": "Οι μετοχές της τράπεζας έπεσαν.", "label": "Business"},
    ] * 3
    if corpus:  # the shipped snippets give it words: it trains, like any instance
        assert CategoryModel.train(rows, calibrate=False).labels == tuple(sorted(TAXONOMY[:-1]))
        return
    with pytest.raises(InvalidInputError, match="no words the classifier reads") as info:
        CategoryModel.train(rows, include_default_corpus=False)
    assert "\n" not in str(info.value)


def test_load_rows_reports_bad_json_line():
    lines = [json.dumps(TINY[0]), "", "{not json"]
    with pytest.raises(InvalidInputError, match="line 3"):
        load_rows(lines, "labelled.jsonl")
    assert load_rows(lines[:2]) == [TINY[0]]


def test_round_trip_to_bytes(model):
    data = model.to_bytes()
    again = CategoryModel.from_bytes(data)
    assert again.labels == model.labels
    for _, title, text in OBVIOUS:
        a, b = model.predict(title, text), again.predict(title, text)
        assert a[0] == b[0] and a[1] == pytest.approx(b[1], abs=1e-4)
    assert len(data) < 2_000_000


@pytest.mark.parametrize(
    "data", [b"", b"not a model", b'{"format": "other"}', b"\x1f\x8bbroken"]
)
def test_from_bytes_rejects_garbage(data):
    with pytest.raises(ConfigError, match="not a tagwire category model"):
        CategoryModel.from_bytes(data)


def test_choose_model_refuses_a_worse_model(model):
    heldout = [{"title": t, "text": x, "label": lab} for lab, t, x in OBVIOUS]
    worse = CategoryModel.train(
        TINY, include_default_corpus=False
    )  # knows Sport and Business only
    assert evaluate(worse, heldout) < evaluate(model, heldout)
    chosen, message = choose_model(model, worse, heldout)
    assert chosen is model and "rejected" in message
    chosen, message = choose_model(worse, model, heldout)
    assert chosen is model and "kept" in message


def test_learn_replaces_a_weaker_model_and_reports_why():
    weak = CategoryModel.train(
        TINY, include_default_corpus=False
    )  # Sport and Business only
    rows = [{"title": t, "text": x, "label": lab} for lab, t, x in OBVIOUS * 3]
    chosen, message = learn(weak, rows)
    assert chosen is not weak and "kept" in message
    assert chosen.predict(OBVIOUS[3][1], OBVIOUS[3][2])[0] == "Science"


def test_learn_validates_before_training(model):
    with pytest.raises(InvalidInputError, match="need at least 2"):
        learn(model, [r for r in TINY if r["label"].lower() == "sport"])


def test_split_rows_is_stratified_and_repeatable():
    rows = validate_rows(TINY * 5)
    train, test = split_rows(rows, heldout=0.2, seed=0)
    assert len(train) + len(test) == len(rows)
    assert {r["label"] for r in test} == {"Sport", "Business"}
    assert split_rows(rows, heldout=0.2, seed=0) == (train, test)


def test_rows_from_articles_uses_only_section_signals():
    articles = [
        {
            "title": "a",
            "text": "t",
            "category": "Sport",
            "category_reason": 'section "Football" → Sport',
        },
        {
            "title": "b",
            "text": "t",
            "category": "Business",
            "category_reason": 'feed category "Markets" → Business',
        },
        {
            "title": "c",
            "text": "t",
            "category": "Health",
            "category_reason": "text classifier: Health (0.91)",
        },
        {
            "title": "d",
            "text": "t",
            "category": "General",
            "category_reason": "no section signal → General",
        },
        {
            "title": "e",
            "text": "",
            "category": "Sport",
            "category_reason": 'section "Sport" → Sport',
        },
    ]
    assert [r["title"] for r in rows_from_articles(articles)] == ["a", "b"]


def test_classify_section_signal_wins_over_text(model):
    title, text = OBVIOUS[0][1], OBVIOUS[0][2]  # obviously sport
    found = classify(title=title, text=text, section="Business", model=model)
    assert found.name == "Business" and found.reason.startswith('section "Business"')


def test_classify_uses_text_when_no_section(model):
    found = classify(title=OBVIOUS[0][1], text=OBVIOUS[0][2], section=None, model=model)
    assert found.name == "Sport"
    assert found.reason.startswith("text classifier: Sport (")


def test_classify_general_when_not_confident(model):
    found = classify(
        title=OBVIOUS[0][1], text=OBVIOUS[0][2], model=model, threshold=1.01
    )
    assert found.name == "General"
    assert found.reason.startswith("no confident signal") and found.reason.endswith(
        "→ General"
    )
    empty = classify(title="", text="", model=model)
    assert empty.name == "General"


def _unsure_model() -> CategoryModel:
    """"goal" gives Sport 0.4 and two other categories 0.3 each."""
    import numpy as np

    weights = np.log(np.array([[0.4, 0.3, 0.3]], dtype=np.float32))
    return CategoryModel(
        ("Sport", "World", "Business"), {"goal": 0}, np.ones(1), weights, np.zeros(3)
    )


def test_an_unsure_but_leading_category_beats_general_by_default():
    # news text nearly always has a category: an answer right 40 % of the time is
    # better than General, which is right only for a page about nothing
    unsure = _unsure_model()
    assert unsure.predict("goal", "")[1] == pytest.approx(0.4)
    found = classify(title="goal", text="", model=unsure)
    assert found.name == "Sport" and found.reason == "text classifier: Sport (0.40)"
    assert classify(title="goal", text="", model=unsure, threshold=0.5).name == "General"


def test_the_threshold_setting_defaults_to_the_classifier_default():
    from tagwire.enrich.classifier import DEFAULT_THRESHOLD
    from tagwire.settings import Settings

    assert Settings().category_threshold == DEFAULT_THRESHOLD


def test_shipped_model_is_built_from_the_current_corpus():
    """Edit the corpus, then run scripts/build_category_model.py: the shipped file must match."""
    from importlib import resources

    from tagwire.enrich.classifier import SHIPPED_MODEL, CategoryModel, corpus_digest

    shipped = CategoryModel.from_bytes(resources.files("tagwire").joinpath(SHIPPED_MODEL).read_bytes())
    assert shipped.info["corpus_sha256"] == corpus_digest()


def test_a_large_training_file_is_sampled_evenly_across_labels():
    from tagwire.enrich._classifier_rows import cap_rows

    rows = [
        {"title": f"{label[0]}{i:03d}", "text": "x" * 96, "label": label}  # 100 characters
        for label, n in (("Sport", 50), ("Business", 50), ("Health", 4))
        for i in range(n)
    ]
    kept = cap_rows(rows, 2_000, seed=0)  # about 20 rows of 100 characters
    counts = {label: sum(r["label"] == label for r in kept) for label in ("Sport", "Business", "Health")}
    assert counts == {"Sport": 8, "Business": 8, "Health": 4}
    assert sum(len(r["title"]) + len(r["text"]) for r in kept) <= 2_000
    assert cap_rows(rows, 2_000, seed=0) == kept  # repeatable
    assert cap_rows(rows, 10**6) == rows  # a file that fits is read whole


def test_learn_reads_a_bounded_share_of_a_large_file_and_says_so():
    rows = [{"title": t, "text": x, "label": lab} for lab, t, x in OBVIOUS * 6]
    size = sum(len(r["title"]) + len(r["text"]) for r in rows)
    chosen, message = learn(None, rows, max_chars=size // 2)
    assert f"of {len(rows)} rows, sampled across labels" in message
    assert chosen.info["rows"] < len(rows)
    _, message = learn(None, rows)
    assert "sampled" not in message


def test_training_features_are_built_from_a_stream_of_rows():
    # the trainer reads the rows twice instead of keeping every row's Counter in memory
    from tagwire.enrich._classifier_features import terms
    from tagwire.enrich._classifier_train import _matrix, _vocabulary

    rows = validate_rows(TINY)
    vocab, idf = _vocabulary(terms(r["title"], r["text"]) for r in rows)
    x = _matrix((terms(r["title"], r["text"]) for r in rows), vocab, idf)
    assert x.shape == (len(rows), len(vocab)) and x.nnz > 0
    assert vocab["striker"] >= 0 and abs((x.multiply(x)).sum(axis=1) - 1).max() < 1e-9


def test_a_story_told_abroad_is_world_not_uk():
    """The model reads a rail strike in Sydney like one in Leeds; places decide UK from World."""
    from tagwire.enrich.classifier import classify

    strike = ("Commuters across {city} face major disruption on Friday after the rail union confirmed a "
              "24-hour strike over pay. The operator said services would run every 30 minutes at best, "
              "and urged people to work from home. The transport minister said the offer was fair.")
    abroad = classify(title="Train strike to disrupt commuters on Friday", text=strike.format(city="Sydney"))
    home = classify(title="Train strike to disrupt commuters on Friday", text=strike.format(city="Leeds and Bradford"))
    assert abroad.name == "World" and "places abroad" in abroad.reason
    assert home.name != "World"


# --- Opinion from the text alone ------------------------------------------------

_NEWS_ROWS = [
    {"title": f"Striker scores twice in {town} cup tie", "text": "The forward's goals sent the club into the next round.", "label": "Sport"}
    for town in ("Leeds", "Derby", "Hull", "York", "Bath", "Wigan")
] + [
    {"title": f"{firm} shares fall after profit warning", "text": "Investors sold the stock as the company cut its forecast.", "label": "Business"}
    for firm in ("Grocer", "Lender", "Carmaker", "Airline", "Brewer", "Miner")
]
_OPINION_ROWS = [
    {"title": f"We must stop pretending about {topic}", "text": "I believe the country deserves better, and so should you.", "label": "Opinion"}
    for topic in ("housing", "trains", "schools", "prisons", "taxes", "parks")
]


def _log_odds(model, title, text, a, b):
    import math

    scores = model.scores(title, text)
    return math.log(scores[a]) - math.log(scores[b])


def test_opinion_taught_only_by_the_snippets_needs_clear_comment_words():
    """A file without Opinion rows: the shipped snippets' Opinion is shifted down by
    OPINION_SHIFT in calibrated log-odds, the other categories are left as they were."""
    from tagwire.enrich._classifier_train import fit
    from tagwire.enrich.classifier import OPINION_SHIFT

    model = CategoryModel.train(_NEWS_ROWS)
    plain = CategoryModel(**fit(_NEWS_ROWS + default_corpus(), weights=[1.0] * 12 + [
        0.2 if r["label"] in {"Sport", "Business"} else 1.0 for r in default_corpus()
    ]))
    title, text = "Ministers should listen to us on rail fares", "We say the plan is wrong."
    shifted = _log_odds(model, title, text, "Opinion", "Sport")
    before = _log_odds(plain, title, text, "Opinion", "Sport")
    assert shifted == pytest.approx(before - OPINION_SHIFT, abs=1e-3)
    assert _log_odds(model, title, text, "Business", "Sport") == pytest.approx(
        _log_odds(plain, title, text, "Business", "Sport"), abs=1e-3
    )


def test_an_instance_that_labels_opinion_itself_is_not_shifted():
    from tagwire.enrich._classifier_train import fit

    rows = _NEWS_ROWS + _OPINION_ROWS
    model = CategoryModel.train(rows)
    own = {"Sport", "Business", "Opinion"}
    plain = CategoryModel(**fit(rows + default_corpus(), weights=[1.0] * len(rows) + [
        0.2 if r["label"] in own else 1.0 for r in default_corpus()
    ]))
    title, text = "We must stop pretending about buses", "I believe riders deserve better."
    assert _log_odds(model, title, text, "Opinion", "Sport") == pytest.approx(
        _log_odds(plain, title, text, "Opinion", "Sport"), abs=1e-3
    )
    assert model.predict(title, text)[0] == "Opinion"


def test_the_shipped_model_still_answers_opinion_for_a_comment_headline():
    label, _ = default_model().predict(
        "I was wrong about working from home, and so are you",
        "Let me explain why I changed my mind after three years of it.",
    )
    assert label == "Opinion"


def test_opinion_renamed_is_shifted_and_opinion_folded_into_politics_is_not():
    """Under "Opinion=Comment" the shift follows the name; under "Opinion=Politics" the
    snippets of Opinion teach Politics, which must keep its full weight."""
    from tagwire.enrich._classifier_train import fit
    from tagwire.enrich.classifier import OPINION_SHIFT, _corpus_for
    from tagwire.enrich.taxonomy import parse_taxonomy

    title, text = "We should all be angry about rail fares", "I say the rise is wrong."
    for renames, label, shift in (("Opinion=Comment", "Comment", OPINION_SHIFT), ("Opinion=Politics", "Politics", 0.0)):
        taxonomy = parse_taxonomy(renames=renames)
        model = CategoryModel.train(_NEWS_ROWS, taxonomy=taxonomy)
        corpus = _corpus_for(taxonomy)
        plain = CategoryModel(**fit(_NEWS_ROWS + corpus, weights=[1.0] * 12 + [
            0.2 if r["label"] in {"Sport", "Business"} else 1.0 for r in corpus
        ]))
        assert _log_odds(model, title, text, label, "Sport") == pytest.approx(
            _log_odds(plain, title, text, label, "Sport") - shift, abs=1e-3
        ), renames
