"""Automatic hashtags: normalisation, plural folding, names, generic words, limits."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagwire.enrich._lexicon import STOPWORDS
from tagwire.enrich.hashtags import GENERIC, automatic_tags, normalise_tag, singular

# Fictional articles written for these tests.
COUNCIL_TITLE = "Councils ordered to reopen grooming gang files after damning review"
COUNCIL_TEXT = """Every council in England will be told to reopen historic grooming gang files, Home Secretary Priya Raman announced on Wednesday, after a review found that warnings from social workers had been ignored for more than a decade.

The review, led by former chief inspector Margaret Holloway, examined 41 cases in Northfield and Castlebridge between 2009 and 2021. It concluded that the grooming gangs operating in both towns had exploited at least 160 girls, some as young as 12.

Speaking in the House of Commons, Raman said the findings were "shocking and shameful". "Victims were let down again and again by the very agencies meant to protect them," she told MPs. "That ends now."

Raman said the Home Office would fund a national taskforce to support the review of closed cases. Police forces will also be required to record the ethnicity of suspects in grooming gang cases, a measure campaigners have demanded for years.

The shadow home secretary, Daniel Pryce, said the announcement was overdue. "Families have waited far too long for the truth about grooming gangs," he said. Pryce called for a full national inquiry with statutory powers.

Holloway's report criticised Northfield Borough Council for treating victims as "difficult teenagers" rather than as children at risk. The council's chief executive apologised and said a new safeguarding team had been set up.

Raman will meet police chiefs next week to discuss how the taskforce will work. The Home Office said further details would be set out before the summer."""

FOOTBALL_TITLE = "Redhill beat Ashford to go top of the Southern League"
FOOTBALL_TEXT = """Redhill Rovers moved to the top of the Southern League with a 2-1 win over Ashford Town on Saturday, as Tomasz Wierzbicki scored the winner with eight minutes left.

Ashford had taken the lead through a penalty before half-time, but Redhill levelled when Wierzbicki headed in a corner shortly after the break.

"We showed great character," said Redhill manager Gemma Okafor. "Ashford made it really hard for us, but the players never stopped believing."

Wierzbicki then curled a shot into the far corner to send the home fans into raptures. It was the striker's ninth goal of the season, and Okafor said he was "the best finisher in the division".

Redhill are now one point ahead of Dunmore, who play on Monday night. Ashford drop to fifth."""

FLOOD_TEXT = """Flooding has forced hundreds of families from their homes in the valley. Flooding of this scale has not been seen since the 1960s, residents said.

Asked about the response, the council leader said emergency crews had worked through the night. Asked again, she declined to say when the main road would reopen.

The flooding is expected to ease on Thursday, when drier weather arrives. River levels remain high and more flooding is possible."""


def tags_of(title: str, text: str, **kw) -> dict[str, object]:
    return {t.tag: t for t in automatic_tags(title, text, **kw)}


def gang(tags):
    """The one grooming-gang tag, whichever number won."""
    assert not ("groominggangs" in tags and "groominggang" in tags)
    return tags.get("groominggangs") or tags["groominggang"]


# ---------------------------------------------------------------- normalise_tag


@pytest.mark.parametrize(
    ("label", "tag"),
    [
        ("Yvette Cooper", "yvettecooper"),
        ("Sir Keir Starmer", "keirstarmer"),
        ("Dame Judi Dench", "judidench"),
        ("Dr. Ada Lovelace", "adalovelace"),
        ("Rt Hon Jane Doe", "janedoe"),
        ("Mrs Brown's", "brown"),
        ("Lord Patel of Bradford", "patelofbradford"),
        ("Prof Alice Roberts", "aliceroberts"),
        ("Home Office's", "homeoffice"),
        ("Home Office’s", "homeoffice"),
        ("ministers' plans", "ministersplans"),
        ("grooming gangs", "groominggangs"),
        ("Zoë Ball", "zoeball"),
        ("São Paulo", "saopaulo"),
        ("Søren Kierkegaard", "sorenkierkegaard"),
        ("Straße", "strasse"),
        ("AT&T", "att"),
        ("#NHS!", "nhs"),
        ("Covid-19", "covid19"),
        ("cost-of-living crisis", "costoflivingcrisis"),
        ("  spaced   out  ", "spacedout"),
        ("", ""),
        ("   ", ""),
        ("!!! ??? ---", ""),
        ("日本", ""),
    ],
)
def test_normalise_tag(label, tag):
    assert normalise_tag(label) == tag


def test_lone_honorific_is_kept():
    # nothing follows it, so it is the name itself ("Lord's", the ground)
    assert normalise_tag("Lord's") == "lord"


@given(st.text(max_size=60))
def test_normalise_tag_is_canonical_and_idempotent(label):
    tag = normalise_tag(label)
    assert re.fullmatch(r"[a-z0-9]*", tag)
    assert normalise_tag(tag) == tag


@pytest.mark.parametrize(
    ("word", "stem"),
    [("gangs", "gang"), ("boats", "boat"), ("policies", "policy"), ("crises", "crise"),
     ("crisis", "crisis"), ("news", "news"), ("bus", "bus"), ("churches", "church"),
     ("glass", "glass"), ("nhs", "nhs")],
)
def test_singular(word, stem):
    assert singular(word) == stem


# ---------------------------------------------------------------- automatic_tags


def test_plural_and_singular_are_one_tag():
    tags = tags_of(COUNCIL_TITLE, COUNCIL_TEXT, limit=20)
    assert "groominggangs" in tags or "groominggang" in tags
    assert not ("groominggangs" in tags and "groominggang" in tags)
    # 3 × "grooming gang" (title, lead, body) + 2 × "grooming gangs": one candidate
    tag = tags.get("groominggangs") or tags["groominggang"]
    assert "5 mentions" in tag.why


def test_most_used_form_is_label():
    text = (
        "The small boat crossings continued. One small boat sank near the coast.\n\n"
        "Officials said each small boat carried about forty people, and small boats "
        "were intercepted twice. Another small boat was towed in."
    )
    tags = tags_of("", text)
    assert "smallboat" in tags and "smallboats" not in tags
    assert tags["smallboat"].label == "small boat"


def test_plural_wins_a_tie():
    text = "The grooming gang was jailed. Other grooming gangs are under investigation."
    tags = tags_of("", text)
    assert tags["groominggangs"].label == "grooming gangs"


def test_full_name_then_surname_is_one_person():
    tags = tags_of(COUNCIL_TITLE, COUNCIL_TEXT, limit=20)
    raman = tags["priyaraman"]
    assert raman.label == "Priya Raman"
    assert raman.kind == "person"
    assert "raman" not in tags
    assert "4 mentions" in raman.why  # full name once, then "Raman" three times


def test_surname_before_full_name_still_merges():
    text = (
        "Okonjo said the plan was sound. Finance minister Ada Okonjo told reporters the "
        "budget would balance.\n\nOkonjo added that borrowing would fall. Okonjo also said "
        "she would stay in post."
    )
    tags = tags_of("", text)
    assert "adaokonjo" in tags and "okonjo" not in tags


def test_roles_and_honorifics_are_not_part_of_names():
    text = (
        "Sir Roland Achebe, the chairman, met Home Secretary Priya Raman on Monday. "
        "Sir Roland said the talks were useful.\n\nAchebe later met Raman again and "
        "Achebe said a deal was close. Raman said she agreed."
    )
    tags = tags_of("", text)
    assert tags["rolandachebe"].label == "Roland Achebe"
    assert tags["priyaraman"].label == "Priya Raman"
    assert not {"sirroland", "homesecretary", "homesecretarypriyaraman", "achebe"} & set(tags)


def test_kinds():
    tags = tags_of(COUNCIL_TITLE, COUNCIL_TEXT, limit=20)
    assert tags["homeoffice"].kind == "org"
    assert tags["margaretholloway"].kind == "person"
    assert gang(tags).kind == "keyphrase"
    football = tags_of(FOOTBALL_TITLE, FOOTBALL_TEXT, limit=20)
    assert football["southernleague"].kind == "org"
    assert football["tomaszwierzbicki"].kind == "person"
    assert "wierzbicki" not in football


def test_a_club_a_campaign_or_an_operator_that_speaks_is_no_person():
    text = ("Callum Forde has signed a new three-year contract at Harbour Rovers. Harbour Rovers said the deal "
            "was agreed on Friday. The Patients First Alliance said waiting times were too long. Western "
            "Mainline said services would run as normal. Jane Pike said she was pleased.")
    tags = tags_of("Forde signs new deal at Harbour Rovers", text, limit=20)
    assert tags["harbourrovers"].kind == "org" and tags["patientsfirstalliance"].kind == "org"
    assert tags["westernmainline"].kind != "person"
    assert tags["callumforde"].kind == tags["janepike"].kind == "person"


def test_an_operator_is_no_person_and_per_cent_leads_no_phrase():
    text = ("Ferry crews have rejected a three per cent offer from Solent Link. The union said the three per "
            "cent offer was far below inflation. Network Rail said services would run. Samantha Power said "
            "she was worried.")
    tags = tags_of("Ferry crews reject three per cent offer", text, limit=20)
    assert tags["networkrail"].kind == "org" and tags["samanthapower"].kind == "person"
    assert not {"centoffer", "offer", "cent"} & set(tags)


def test_sentence_start_capital_is_not_a_name():
    tags = automatic_tags("", FLOOD_TEXT, limit=20)
    by_tag = {t.tag: t for t in tags}
    assert "asked" not in by_tag
    assert by_tag["flooding"].kind == "keyphrase"  # a word, not a name
    assert by_tag["flooding"].label == "flooding"


def test_generic_words_numbers_and_dates_never_tags():
    text = (
        "The government said people in the UK would get news of the report this week. "
        "The government said on Tuesday that people had waited a year.\n\n"
        "Today the government said 2024 had been a hard year for people. In January "
        "people said the government report was late, the UK government said on Monday. "
        "Government sources said 2024 and 2025 would be better. Said, said, said."
    )
    tags = automatic_tags("Government says people will get report", text, limit=20)
    for t in tags:
        assert t.tag not in GENERIC, t
        assert not t.tag.isdigit(), t
        assert t.tag not in {"tuesday", "monday", "january", "governmentsaid"}, t


def test_phrases_never_start_or_end_with_a_stopword():
    for title, text in ((COUNCIL_TITLE, COUNCIL_TEXT), (FOOTBALL_TITLE, FOOTBALL_TEXT), ("", FLOOD_TEXT)):
        for t in automatic_tags(title, text, limit=50):
            words = t.label.lower().split()
            assert words[0] not in STOPWORDS and words[-1] not in STOPWORDS, t


def test_title_case_headline_does_not_make_names():
    title = "Council Raises Parking Charges Again As Drivers Protest"
    text = (
        "Drivers in Kestwick face higher parking charges from April after the council "
        "approved a 20% rise.\n\nParking charges have now risen three times in two years, and "
        "drivers say the parking charges are driving shoppers away. Kestwick Council said "
        "the money would fund road repairs."
    )
    tags = tags_of(title, text)
    assert "parkingcharges" in tags
    assert not [t for t in tags if t.startswith("councilraises") or t.startswith("raisesparking")]


def test_limit_scores_and_order():
    tags = automatic_tags(COUNCIL_TITLE, COUNCIL_TEXT, limit=3)
    assert len(tags) == 3
    assert all(0.0 <= t.score <= 1.0 for t in tags)
    assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)
    assert automatic_tags(COUNCIL_TITLE, COUNCIL_TEXT, limit=0) == []
    longer = automatic_tags(COUNCIL_TITLE, COUNCIL_TEXT, limit=20)
    assert [t.tag for t in longer[:3]] == [t.tag for t in tags]
    assert len({t.tag for t in longer}) == len(longer)


def test_why_explains():
    tags = tags_of(COUNCIL_TITLE, COUNCIL_TEXT, limit=20)
    assert re.fullmatch(
        r'key phrase "grooming gangs?" \(score \d\.\d\d, 5 mentions, in title\)',
        gang(tags).why,
    )
    assert tags["priyaraman"].why.startswith('person "Priya Raman" (score ')


def test_main_subjects_rank_high():
    top = [t.tag for t in automatic_tags(COUNCIL_TITLE, COUNCIL_TEXT, limit=3)]
    assert "groominggang" in top and "priyaraman" in top
    top = [t.tag for t in automatic_tags(FOOTBALL_TITLE, FOOTBALL_TEXT, limit=4)]
    assert {"redhillrovers", "ashfordtown", "southernleague", "tomaszwierzbicki"} == set(top)


def test_short_name_counts_for_the_full_name():
    tags = tags_of(FOOTBALL_TITLE, FOOTBALL_TEXT)
    assert tags["redhillrovers"].label == "Redhill Rovers"
    assert "5 mentions" in tags["redhillrovers"].why
    assert "redhill" not in tags and "ashford" not in tags


def test_short_name_of_a_known_place_is_not_merged():
    text = (
        "Manchester City won again. Fans across Manchester celebrated late into the night, "
        "and Manchester pubs stayed open.\n\nManchester City now lead the table, while "
        "Manchester itself prepares for a parade."
    )
    tags = tags_of("", text)
    assert "manchestercity" in tags and "manchester" in tags
    assert tags["manchester"].kind == "place"


def test_single_mention_phrases_are_not_tags():
    tags = tags_of("", FLOOD_TEXT, limit=20)
    assert list(tags) == ["flooding"]


POLL_TITLE = "Reform UK Overtakes Labour In Poll As Energy Row Grows"
POLL_TEXT = """Reform UK has overtaken Labour for the first time in a poll by Westgate Research, putting the party two points ahead.

The survey put Reform UK on 27%, Labour on 25% and the Conservatives on 19%. Labour sources played down the findings, and several Labour MPs said the party needed to do more on energy prices.

Energy prices have risen twice this year. The Energy Secretary, Tom Hale, said energy support would be extended. Reform UK will hold its conference next month."""


def test_parties_and_roles():
    tags = tags_of(POLL_TITLE, POLL_TEXT)
    assert tags["reformuk"].label == "Reform UK"
    assert tags["labour"].label == "Labour"
    # a group of people and a job are not names; "Energy" is a word written in lower case too
    assert not {"labourmps", "energysecretary", "overtakeslabour"} & set(tags)
    assert tags["energy"].kind == "keyphrase"


def test_short_summary_still_gets_tags():
    tags = tags_of("Ofwat fines Severn Valley Water over sewage spills",
                   "The regulator Ofwat fined Severn Valley Water £11m for sewage spills into rivers.")
    assert "ofwat" in tags and "severnvalleywater" in tags


def test_empty_and_odd_input():
    assert automatic_tags("", "") == []
    assert automatic_tags("   ", "\n\n\n") == []
    assert automatic_tags("123 456", "2024 2025 £300m 4%") == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.text(max_size=80))
def test_never_fails_and_tags_are_canonical(text, title):
    for t in automatic_tags(title, text):
        assert re.fullmatch(r"[a-z0-9]{2,}", t.tag)
        assert 0.0 <= t.score <= 1.0
        assert t.kind in {"person", "org", "place", "entity", "keyphrase"}


def test_deterministic():
    a = automatic_tags(COUNCIL_TITLE, COUNCIL_TEXT)
    b = automatic_tags(COUNCIL_TITLE, COUNCIL_TEXT)
    assert a == b


def test_fast_enough():
    # the target is 200 articles/s per core for 600 words; keep a wide margin for CI
    text = "\n\n".join([COUNCIL_TEXT, FOOTBALL_TEXT]) + "\n\n" + COUNCIL_TEXT[:800]
    assert 450 < len(text.split()) < 750
    n = 40
    start = time.perf_counter()
    for _ in range(n):
        automatic_tags(COUNCIL_TITLE, text)
    rate = n / (time.perf_counter() - start)
    assert rate > 50, f"{rate:.0f} articles/s"


# ---------------------------------------------------------------- key-phrase ranking


STORM_TEXT = """Tornadoes swept across northern Alabama on Sunday, and forecasters said more tornadoes could follow. The tornado watch covered most of the state.

Officials urged residents to stay indoors while the tornado watch lasted. The largest tornado damaged power lines, and the tornado season has barely begun.

Army Col. Dale Whitcombe said emergency crews were clearing power lines. Whitcombe said the tornado watch would end at midnight."""


def test_verbs_and_degree_words_do_not_shape_phrases():
    labels = [t.label.lower() for t in automatic_tags("", STORM_TEXT, limit=20)]
    assert not [lab for lab in labels if lab.endswith((" swept", " urged", " said"))], labels
    assert not [lab for lab in labels if lab.startswith("largest ")], labels
    assert "tornado watch" in labels and "power lines" in labels


def test_plural_in_oes_folds():
    assert singular("tornadoes") == "tornado" and singular("heroes") == "hero"
    assert singular("shoes") == "shoe" and singular("canoes") == "canoe"
    tags = tags_of("", STORM_TEXT, limit=20)
    assert not ("tornado" in tags and "tornadoes" in tags)


def test_abbreviated_rank_is_not_part_of_a_name():
    tags = tags_of("", STORM_TEXT, limit=20)
    assert "dalewhitcombe" in tags
    assert not {"armycol", "col"} & set(tags)


def test_overlapping_phrases_may_both_be_tags():
    # the literature's key phrases overlap ("tornado watch", "tornado season")
    labels = [t.label.lower() for t in automatic_tags("", STORM_TEXT, limit=20)]
    assert "tornado watch" in labels and any(lab.startswith("tornado") and lab != "tornado watch" for lab in labels)


def test_works_without_word_frequencies(monkeypatch):
    from tagwire.enrich import _keyphrase_prior as prior

    monkeypatch.setattr(prior, "_frequencies", lambda: None)
    prior.specificity.cache_clear()
    try:
        assert prior.specificity("hurricane") == prior.NEUTRAL
        top = [t.tag for t in automatic_tags(COUNCIL_TITLE, COUNCIL_TEXT, limit=3)]
        assert "priyaraman" in top
    finally:
        prior.specificity.cache_clear()


def test_rare_words_are_more_specific():
    from tagwire.enrich._keyphrase_prior import _frequencies, specificity

    if _frequencies() is None:
        pytest.skip("wordfreq not installed")
    assert specificity("apportionment") > specificity("hurricane") > specificity("people")


# ------------------------------------------- noun phrases, names inside phrases, redundancy

# Fictional article written for these tests.
AIRPORT_TITLE = "Ministers back Heathrow expansion despite noise fears"
AIRPORT_TEXT = """Ministers have backed Heathrow expansion, saying a third runway would bring jobs to west London. The Heathrow expansion plan has divided the cabinet.

Residents fear more night flights and higher noise levels. "I'm Alma Ruiz and I have lived under the flight path for thirty years," one resident told a public meeting. Ruiz said noise levels were already unbearable.

Heathrow executives said the third runway would open within ten years. Heathrow passengers would gain new routes, Heathrow staff said, and Heathrow shops would hire hundreds.

Campaigners say the runway would break climate targets. Another runway at Gatwick was rejected last year."""


def test_a_phrase_may_be_led_by_a_name():
    labels = [t.label for t in automatic_tags(AIRPORT_TITLE, AIRPORT_TEXT)]
    assert "Heathrow expansion" in labels, labels
    assert "Heathrow" in labels  # the name stays a tag of its own


def test_at_most_two_phrases_led_by_one_name():
    labels = [t.label for t in automatic_tags(AIRPORT_TITLE, AIRPORT_TEXT, limit=20)]
    led = [lab for lab in labels if lab.startswith("Heathrow ")]
    assert 1 <= len(led) <= 2, labels


def test_a_single_word_inside_a_better_phrase_is_not_a_tag_too():
    labels = [t.label for t in automatic_tags(AIRPORT_TITLE, AIRPORT_TEXT)]
    assert "third runway" in labels, labels
    assert "runway" not in labels, labels  # it would only repeat "third runway"


def test_contraction_before_a_name_is_not_part_of_it():
    tags = tags_of(AIRPORT_TITLE, AIRPORT_TEXT, limit=20)
    assert tags["almaruiz"].label == "Alma Ruiz"
    assert not [t for t in tags if t.startswith("im")]


def test_verbs_never_start_a_phrase():
    text = (
        "The council voted to abolish parking charges in the town centre. Traders had asked the council "
        "to abolish parking charges for months, saying parking charges kept shoppers away.\n\n"
        "The council said parking charges raised less than it cost to collect them."
    )
    labels = [t.label for t in automatic_tags("", text)]
    assert "parking charges" in labels, labels
    assert not [lab for lab in labels if lab.startswith("abolish ")], labels


def test_a_word_after_a_modal_is_read_as_a_verb():
    labels = [t.label for t in automatic_tags(AIRPORT_TITLE, AIRPORT_TEXT, limit=20)]
    assert not [lab for lab in labels if lab.split()[0] == "gain"], labels
    # ("new routes" was the positive half here; "new" now starts no phrase, see
    # test_hashtag_quality.py, so the object is checked on a text of its own)
    text = ("Airlines would gain landing slots at Heathrow under the plan. The landing slots are "
            "worth millions, and airlines say landing slots are scarce.")
    labels = [t.label for t in automatic_tags("Airlines to gain landing slots", text, limit=20)]
    assert "landing slots" in labels and "gain landing slots" not in labels, labels


def test_headline_without_text_is_tagged_from_the_headline():
    labels = [t.label for t in automatic_tags("Ofwat fines Severn Valley Water over sewage spills", "")]
    assert "Severn Valley Water" in labels and "sewage spills" in labels, labels


def test_title_in_capitals_is_written_as_the_text_writes_it():
    text = (
        "Floods have hit York for the second time this month. The River Ouse burst its banks on Monday "
        "and floods closed roads across York.\n\nYork council opened rest centres as the floods spread."
    )
    tags = tags_of("FLOODS HIT YORK AGAIN", text)
    assert tags["york"].label == "York"
    assert tags["floods"].label == "floods"


def test_a_verb_after_a_name_is_not_part_of_a_phrase():
    tags = tags_of(FOOTBALL_TITLE, FOOTBALL_TEXT, limit=20)  # "... and Ashford drop to ..."
    assert "ashforddrop" not in tags, list(tags)
    assert "ashfordtown" in tags


def test_a_verb_inside_a_run_of_nouns_ends_the_phrase():
    text = (
        "A tornado toppled trees across the county on Friday. Forecasters said more hurricanes last season "
        "than expected reached the coast, and storm surges destroyed sea walls in three harbour towns.\n\n"
        "Migrant workers live in caravans near the coast; migrant workers say the storm surges frightened them. "
        "Emergency crews cleared roads overnight and the county council opened two shelters for families "
        "whose homes were damaged. Insurers expect claims to rise sharply after the storm surges, and the "
        "harbour towns will ask the government for help with sea walls before the winter storms arrive."
    )
    labels = [t.label for t in automatic_tags("", text, limit=20)]
    assert not [lab for lab in labels if lab in ("tornado toppled trees", "hurricanes last season", "workers live")]
    assert "storm surges" in labels and "migrant workers" in labels, labels


def test_sentence_openers_and_describing_words_are_not_part_of_names():
    text = (
        "Regarding Ireland, the minister said the bailout would be repaid. Four Qwest executives resigned "
        "on Monday, and the Denver-based Qwest said it would name a new board. Ireland wants a lower rate "
        "and Ireland will ask again. Qwest declined to comment."
    )
    tags = tags_of("", text)
    assert tags["ireland"].label == "Ireland" and tags["qwest"].label == "Qwest"
    assert not [t for t in tags if t.startswith(("regarding", "four", "denver"))], list(tags)


def test_a_capitalised_describing_compound_is_not_part_of_a_name():
    """"the Oscar-winning Dana Ferris": the describing compound neither joins nor ends a name."""
    text = (
        "The Oscar-winning Dana Ferris will open the festival in Harbourton. Ferris, whose last film was "
        "a hit, said the Tory-led council had been generous. Dana Ferris will also judge the short films, "
        "and the Harbourton festival expects record crowds."
    )
    tags = tags_of("Dana Ferris to open Harbourton festival", text)
    assert tags["danaferris"].label == "Dana Ferris"
    assert not [t for t in tags if t.startswith(("oscarwinning", "toryled"))], list(tags)


def test_a_long_run_of_capitals_is_not_a_name():
    text = "Bank Holiday Traffic Jam Warning Issued For Every Major Road In The Whole Country Tonight " * 3
    tags = automatic_tags("", text + "\n\nDrivers were told to expect delays.")
    assert all(len(t.label.split()) <= 8 for t in tags), [t.label for t in tags]
    assert automatic_tags("", "Aaa Bbb " * 5000) == []


def test_works_without_the_word_class_lexicon(monkeypatch):
    from tagwire.enrich import _candidates, _wordclass

    monkeypatch.setattr(_candidates, "lexicon", lambda: {})
    tags = tags_of(COUNCIL_TITLE, COUNCIL_TEXT)
    assert "priyaraman" in tags and gang(tags)
    monkeypatch.setattr(_wordclass, "_lexicon_path", lambda: None)
    _wordclass.lexicon.cache_clear()
    try:
        assert _wordclass.lexicon() == {}
    finally:
        _wordclass.lexicon.cache_clear()


def test_word_class_lexicon_is_read():
    from tagwire.enrich._wordclass import lexicon

    lex = lexicon()
    assert lex.get("delete") == "VB" and lex.get("aliens") == "NNS"


def test_words_in_capitals_written_otherwise_elsewhere_are_not_names():
    text = (
        "US INSURERS face record claims after the storm. Insurers said claims from the storm "
        "could pass $10bn, and several insurers asked the state for help with the claims. "
        "NATO was not involved. The storm hit the coast on Monday and insurers expect more "
        "claims as the water recedes across the region this week."
    )
    labels = [t.label for t in automatic_tags("", text, limit=20)]
    assert "US INSURERS" not in labels and "insurers" in labels, labels
