"""Curated topics: TOML in and out, errors, phrase matching."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagwire.enrich import default_topics
from tagwire.enrich.topics import dump_topics, load_topics, match_topics, scan_topics
from tagwire.errors import ConfigError
from tagwire.types import Topic

SAMPLE = """
# two topics
[[topic]]
tag = "groominggangs"
label = "grooming gangs"
phrases = ["grooming gang", "rape gangs"]
exclude = []

[[topic]]
tag = "Strikes!"
phrases = ["strike action", "walkout"]
exclude = ["hunger strike"]
"""

GANGS = Topic("groominggangs", "grooming gangs", ("grooming gang", "rape gangs"))
NHS = Topic("nhs", "NHS", ("NHS", "National Health Service"))
STRIKES = Topic("strikes", "strikes", ("strike action", "walkout"), ("hunger strike",))
COST = Topic("costofliving", "cost of living", ("cost of living",))


def tags(topics, title, text):
    return [t.tag for t in match_topics(topics, title, text)]


# ---------------------------------------------------------------- load / dump


def test_load_topics():
    gangs, strikes = load_topics(SAMPLE)
    assert gangs == GANGS
    assert strikes.tag == "strikes"  # normalised
    assert strikes.label == "strike action"  # defaults to the first phrase
    assert strikes.exclude == ("hunger strike",)


def test_load_empty_document():
    assert load_topics("") == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[[topic]\ntag = 'x'", "not valid TOML"),
        ('[[topic]]\nlabel = "x"\nphrases = ["x"]', "topic 1: missing 'tag'"),
        ('[[topic]]\ntag = "  "\nphrases = ["x"]', "missing 'tag'"),
        ('[[topic]]\ntag = "!!!"\nphrases = ["x"]', "topic 1 ('!!!'): tag has no letters or digits"),
        ('[[topic]]\ntag = "a"\n', "topic 1 ('a'): 'phrases' must list at least one phrase"),
        ('[[topic]]\ntag = "a"\nphrases = []', "'phrases' must list at least one phrase"),
        ('[[topic]]\ntag = "a"\nphrases = "x"', "'phrases' must be a list of strings"),
        ('[[topic]]\ntag = "a"\nphrases = [1, 2]', "'phrases' must be a list of strings"),
        ('[[topic]]\ntag = "a"\nphrases = ["ok", "  "]', "'phrases' has an empty phrase"),
        ('[[topic]]\ntag = "a"\nphrases = ["x"]\nexclude = "y"', "'exclude' must be a list"),
        ('[[topic]]\ntag = "a"\nphrase = ["x"]', "unknown key 'phrase'"),
        ('[[topic]]\ntag = "a"\nphrases = ["x"]\nlabel = 3', "'label' must be a non-empty string"),
        ('[[topic]]\ntag = "a"\nphrases = ["x"]\n[[topic]]\ntag = "A"\nphrases = ["y"]',
         "topic 2 ('A'): same tag 'a' as topic 1"),
        ('topic = "x"', "array of tables"),
        ('[topics]\nx = 1', "unknown top-level key 'topics'"),
        ('topic = ["x"]', "topic 1: must be a table"),
    ],
)
def test_load_errors(toml, message):
    with pytest.raises(ConfigError) as info:
        load_topics(toml)
    text = str(info.value)
    assert message in text
    assert "\n" not in text


def test_round_trip():
    topics = [
        GANGS,
        STRIKES,
        Topic("quotes", 'He said "hi" \\ back\tand\nforth', ('a "quoted" word', "naïve café", "back\\slash"), ()),
    ]
    text = dump_topics(topics)
    assert load_topics(text) == topics
    assert dump_topics(load_topics(text)) == text


_phrase = st.text(min_size=1, max_size=20).filter(lambda s: any(c.isalnum() for c in s))


@given(st.lists(st.tuples(st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True), _phrase,
                          st.lists(_phrase, min_size=1, max_size=3),
                          st.lists(_phrase, max_size=2)), max_size=4, unique_by=lambda t: t[0]))
def test_round_trip_any_text(rows):
    # phrases are whitespace-normalised on load, so the strategy normalises them too
    topics = [
        Topic(tag, " ".join(label.split()), tuple(" ".join(p.split()) for p in phrases),
              tuple(" ".join(p.split()) for p in exclude))
        for tag, label, phrases, exclude in rows
        if label.strip()
    ]
    assert load_topics(dump_topics(topics)) == topics


def test_default_topics():
    topics = default_topics()
    assert len(topics) >= 15
    tags_ = [t.tag for t in topics]
    assert len(set(tags_)) == len(tags_)
    assert {"groominggangs", "costofliving", "nhs", "smallboats", "climatechange", "ai"} <= set(tags_)
    assert all(t.phrases and t.label for t in topics)
    topics.clear()  # a copy: the packaged list is untouched
    assert default_topics()


# ---------------------------------------------------------------- matching


def test_match_case_whitespace_hyphen_plural():
    assert tags([GANGS], "", "Ministers discussed Grooming  Gangs today.") == ["groominggangs"]
    assert tags([GANGS], "", "the grooming-gang scandal") == ["groominggangs"]
    assert tags([GANGS], "", "a grooming\ngang was jailed") == ["groominggangs"]
    assert tags([GANGS], "", "the grooming gang's leader") == ["groominggangs"]
    assert tags([GANGS], "", "the grooming gang’s leader") == ["groominggangs"]
    assert tags([GANGS], "", "one rape gang was convicted") == ["groominggangs"]  # "gangs" phrase
    assert tags([COST], "", "The cost-of-living crisis deepens") == ["costofliving"]


def test_match_word_boundaries():
    assert tags([GANGS], "", "A grooming gangster film") == []
    assert tags([GANGS], "", "grooming gangsters") == []
    assert tags([GANGS], "", "grooming, gang") == []  # punctuation between the words
    assert tags([GANGS], "", "groominggang") == []
    assert tags([STRIKES], "", "the walkouts began") == ["strikes"]
    assert tags([STRIKES], "", "walkouthere") == []


def test_capitals_phrase_matches_only_capitals():
    assert tags([NHS], "", "The NHS said waiting times fell") == ["nhs"]
    assert tags([NHS], "", "The NHS's budget") == ["nhs"]
    assert tags([NHS], "", "nhs in lower case is a typo, not a match") == []
    assert tags([NHS], "", "the national health service") == ["nhs"]


def test_exclude_vetoes_a_topic():
    text = "Nurses began strike action on Monday. Separately, a prisoner is on hunger strike."
    assert tags([STRIKES], "", text) == []
    scan = scan_topics([STRIKES, NHS], "", text)
    assert scan.matches == [] and scan.excluded == frozenset({"strikes"})
    assert tags([STRIKES], "", "Nurses began strike action on Monday.") == ["strikes"]


def test_score_reason_and_order():
    text = "The NHS is under strain. Strike action by junior doctors hit the NHS again."
    found = match_topics([STRIKES, NHS, GANGS], "", text)
    assert [t.tag for t in found] == ["nhs", "strikes"]
    nhs, strikes = found
    assert (nhs.score, nhs.kind, nhs.label) == (1.0, "topic", "NHS")
    assert nhs.why == 'topic rule matched "NHS"'
    assert strikes.score == 0.7  # one passing mention
    assert strikes.why == 'topic rule matched "strike action"'
    in_title = match_topics([STRIKES], "Strike action called off", "Talks went well.")
    assert in_title[0].score == 1.0


def test_reason_names_the_phrase_used_most():
    text = "Rape gangs were active. Police said rape gangs had targeted girls; one grooming gang was jailed."
    assert match_topics([GANGS], "", text)[0].why == 'topic rule matched "rape gangs"'


def test_no_topics_or_text():
    assert match_topics([], "t", "x") == []
    assert match_topics([GANGS], "", "") == []


def test_default_topics_on_fictional_article():
    title = "Junior doctors vote for more walkouts as NHS waiting lists grow"
    text = (
        "Junior doctors in England have voted for six more months of industrial action, "
        "the British Medical Association said, as NHS waiting lists reached a new high.\n\n"
        "The union said pay had fallen behind inflation for a decade."
    )
    found = tags(default_topics(), title, text)
    assert found[:2] == ["nhs", "strikes"] or found[:2] == ["strikes", "nhs"]
    assert "costofliving" in found  # "pay had fallen behind inflation"
    assert "groominggangs" not in found


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Cafe owners fear rates rise", "A planned rise in business rates could close three cafes.", False),
    ("Council tax rate rise approved", "The council tax rate rise of 4.9% was approved.", False),
    ("Bank of England signals rate cut", "Markets expect a rate cut in the spring.", True),
    ("Mortgage relief", "Lenders trimmed mortgage rates after the base rate fell.", True),
])
def test_interest_rates_are_not_business_rates(title, text, expected):
    assert ("interestrates" in tags(default_topics(), title, text)) is expected


def test_many_topics_are_fast():
    topics = [Topic(f"t{i}", f"t{i}", (f"alpha{i} beta", f"gamma{i}", "shared phrase")) for i in range(100)]
    text = " ".join(["Some ordinary words about a shared phrase and gamma7."] * 60)
    assert len(text.split()) >= 500
    match_topics(topics, "", text)  # build the index once
    start = time.perf_counter()
    for _ in range(20):
        found = match_topics(topics, "", text)
    per_article = (time.perf_counter() - start) / 20
    assert len(found) == 100
    assert per_article < 0.05


# ---------------------------------------------------------------- passing mentions

FILLER = " ".join(["The festival jury praised the film's photography and its young cast."] * 8)


def test_a_topic_met_once_beyond_the_lead_is_a_passing_mention():
    film = Topic("immigration", "immigration", ("migrants",))
    lead = "The Tide Clock won the top prize at the Lantern film festival on Saturday."
    text = f"{lead}\n\n{FILLER}\n\nThe story follows migrant workers on a Hebridean island."
    assert tags([film], "Film wins festival prize", text) == []
    # in the lead, in the title, or twice, it is what the article is about
    assert tags([film], "Film wins festival prize", f"Migrants star in a film. {text}") == ["immigration"]
    assert tags([film], "Film about migrants wins prize", text) == ["immigration"]
    assert tags([film], "Film wins festival prize", f"{text} Migrants came to watch.") == ["immigration"]


def test_the_lead_is_the_first_paragraph_counted_between_40_and_80_words():
    topic = Topic("strikes", "strikes", ("strike action",))
    short_lead = "Nurses met on Monday.\n\n" + "Ward staff talked. " * 10 + "Strike action was not ruled out."
    assert tags([topic], "", short_lead) == ["strikes"]  # word 35: a one-line lead reads on
    one_block = "Ward staff talked. " * 30 + "Strike action was not ruled out."
    assert tags([topic], "", one_block) == []  # word 90 of a text without paragraphs
    assert match_topics([topic], "", "Strike action began. " + FILLER)[0].score == 0.7


def test_a_rule_true_once_beyond_the_lead_is_a_passing_mention():
    topic = Topic("interestrates", "interest rates", (), rule='"rate cut"')
    text = "Shoppers returned to the high street.\n\n" + FILLER + " A rate cut may help."
    assert tags([topic], "", text) == []
    assert tags([topic], "Hopes of a rate cut", text) == ["interestrates"]


@pytest.mark.parametrize(("title", "text", "tag", "expected"), [
    # a central bank's inflation is not a household's cost of living...
    ("Fed holds rates as Powell warns tariffs could keep inflation high",
     "Tariffs could keep inflation above the central bank's 2% target well into next year.", "costofliving", False),
    # ...inflation beside what people pay or earn is
    ("Rents rise", "Rents are rising faster than inflation, and wages lag behind.", "costofliving", True),
    # every country raises taxes; the Budget is the UK's
    ("Kenya protests", "Thousands marched a year after deadly demonstrations against tax rises.", "budget", False),
    ("Reeves weighs tax rises", "The Chancellor is expected to announce tax rises in the Budget.", "budget", True),
    # the crime is mostly written as a verb; the back-stabbing is politics
    ("Man guilty of murder", "A teenager who was stabbed outside a shop in east London died.", "knifecrime", True),
    ("Minister quits", "She said she was stabbed in the back by her own colleagues.", "knifecrime", False),
])
def test_shipped_topics_need_their_context(title, text, tag, expected):
    assert (tag in tags(default_topics(), title, text)) is expected
