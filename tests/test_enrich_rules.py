"""Topic rules: the parser (tree, precedence, one-line errors) and the evaluator (folding, NOT, NEAR/n)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagwire.enrich.rules import (
    And,
    Document,
    Near,
    Not,
    Or,
    Term,
    evaluate,
    matched_text,
    parse_rule,
)
from tagwire.enrich.topics import dump_topics, load_topics, match_topics, scan_topics
from tagwire.errors import ConfigError, InvalidInputError, TagwireError
from tagwire.types import Topic

EXAMPLE = '"grooming gangs" OR ("rape gangs" AND NOT football) OR (Casey NEAR/5 inquiry)'


def words(node):
    return node.pattern.words if isinstance(node, Term) else None


def true(rule, title, text=""):
    return evaluate(parse_rule(rule), Document(title, text)) is not None


# ---------------------------------------------------------------- parser


def test_parses_the_example_into_a_tree():
    root = parse_rule(EXAMPLE).root
    assert isinstance(root, Or) and len(root.children) == 3
    phrase, gangs, near = root.children
    assert words(phrase) == ("grooming", "gang")  # folded: plural singularised
    assert isinstance(gangs, And) and words(gangs.children[0]) == ("rape", "gang")
    assert isinstance(gangs.children[1], Not) and words(gangs.children[1].child) == ("football",)
    assert isinstance(near, Near) and near.distance == 5
    assert (words(near.left), words(near.right)) == (("casey",), ("inquiry",))


def test_precedence_near_not_and_or():
    root = parse_rule("a b OR c NOT d NEAR/2 e").root
    # (a AND b) OR (c AND NOT (d NEAR/2 e))
    assert isinstance(root, Or)
    left, right = root.children
    assert isinstance(left, And) and [words(c) for c in left.children] == [("a",), ("b",)]
    assert isinstance(right, And) and isinstance(right.children[1], Not)
    assert isinstance(right.children[1].child, Near)


def test_lower_case_operators_are_words_and_text_is_normalised():
    rule = parse_rule('  cats   and\tdogs ')
    assert rule.text == "cats and dogs"
    assert [words(c) for c in rule.root.children] == [("cat",), ("and",), ("dog",)]
    assert words(parse_rule("cost-of-living").root) == ("cost", "of", "living")  # one phrase


@pytest.mark.parametrize(("rule", "message"), [
    ("", "rule: empty rule"),
    ("   ", "rule: empty rule"),
    ('"grooming gangs', "unclosed quote at character 1"),
    ("(a OR b", 'unclosed "(" at character 1'),
    ("a OR b)", 'unexpected ")" at character 7'),
    ("()", "empty parentheses at character 1"),
    ("a AND", "the rule ends after AND"),
    ("OR a", "expected a word or phrase before OR (character 1)"),
    ("a OR OR b", "expected a word or phrase before OR (character 6)"),
    ("Casey NEAR inquiry", "NEAR needs a distance, as in NEAR/5"),
    ("Casey NEAR/x inquiry", "NEAR/x: the distance must be a number from 1 to 50"),
    ("Casey NEAR/0 inquiry", "the distance must be a number from 1 to 50"),
    ("Casey NEAR/500 inquiry", "the distance must be a number from 1 to 50"),
    ("a NEAR/3 (b AND c)", "NEAR/3 joins words, phrases or ORs of them, not AND or NOT"),
    ("a NEAR/3 NOT b", "expected a word or phrase before NOT"),
    ('"!!" OR a', '"!!" has no letters or digits'),
    ("NOT football", "would match articles that mention none of its words"),
    ("a OR NOT b", "would match articles that mention none of its words"),
    ("(" * 30 + "a" + ")" * 30, "more than 20 nested"),
    ("NOT " * 30 + "a", "more than 20 nested"),
    (" OR ".join(f"w{i}" for i in range(101)), "more than 100 words and phrases"),
    ("x" * 2001, "longer than 2000 characters"),
])
def test_errors_are_one_line(rule, message):
    with pytest.raises(InvalidInputError) as info:
        parse_rule(rule)
    text = str(info.value)
    assert text.startswith("rule: ") and message in text and "\n" not in text


@given(st.text(alphabet='ab "()ANDORNOTNEAR/5 \n', max_size=60))
def test_any_input_parses_or_fails_cleanly(text):
    try:
        rule = parse_rule(text)
    except TagwireError as exc:
        assert "\n" not in str(exc)
    else:
        evaluate(rule, Document("a b", "ab a b"))


# ---------------------------------------------------------------- evaluation


def test_terms_fold_case_plurals_possessives_hyphens():
    assert true('"grooming gang"', "Grooming-Gangs inquiry")
    assert true('"grooming gang"', "", "the grooming gang's leader")
    assert not true('"grooming gang"', "", "grooming, gang")  # punctuation breaks a phrase
    assert true("NHS", "NHS waiting lists") and not true("NHS", "nhs in lower case")


def test_and_or_not():
    rule = '"rape gangs" AND NOT football'
    assert true(rule, "Rape gangs report published")
    assert not true(rule, "Rape gangs chant at football match")
    assert true("a b", "b then a")  # implicit AND, any order
    assert not true("a b", "only a")
    assert true("x OR y", "y")
    assert true("a NOT b", "a") and not true("a NOT b", "a b")


def test_near_counts_the_words_between_in_either_order():
    rule = "Casey NEAR/5 inquiry"
    assert true(rule, "", "Casey said the national inquiry would start")  # 3 words between
    assert true(rule, "", "The inquiry, Baroness Casey said")  # reversed
    assert true(rule, "", "Casey one two three four five inquiry")  # exactly 5 between
    assert not true(rule, "", "Casey one two three four five six inquiry")
    assert not true(rule, "Casey speaks", "the inquiry opens")  # title and body are apart


def test_near_with_phrases_and_or_groups():
    rule = '"Louise Casey" NEAR/3 (inquiry OR review OR audit)'
    assert true(rule, "", "Louise Casey led the audit of grooming gangs")
    assert not true(rule, "", "Louise Casey spoke. Much later, far away, a different audit was done")


def test_witnesses_and_matched_text():
    doc = Document("Casey report", "Baroness Casey said the national inquiry would begin.")
    spans = evaluate(parse_rule(EXAMPLE), doc)
    assert spans and matched_text(doc, spans[0]) == "Casey said the national inquiry"
    assert evaluate(parse_rule("NOT football AND inquiry"), doc) == [(7, 7)]  # title words come first


def test_repeated_words_are_bounded():
    text = " ".join(["casey inquiry"] * 5000)
    spans = evaluate(parse_rule("casey NEAR/50 inquiry"), Document("", text))
    assert spans and len(spans) <= 500


# ---------------------------------------------------------------- topics with rules


GANGS = Topic("groominggangs", "grooming gangs", (), rule=EXAMPLE)


def test_a_topic_rule_tags_and_says_why():
    [found] = match_topics([GANGS], "Report published", "Baroness Casey said the national inquiry would begin.")
    assert (found.tag, found.kind, found.score) == ("groominggangs", "topic", 0.7)
    assert found.why == f'topic rule [{EXAMPLE}] matched "Casey said the national inquiry"'
    [in_title] = match_topics([GANGS], "Rape gangs report", "Ministers respond.")
    assert in_title.score == 1.0 and in_title.why.endswith('matched "Rape gangs"')
    assert match_topics([GANGS], "Rape gangs chant at football match", "") == []


def test_phrases_and_rule_together_and_exclude_vetoes_both():
    topic = Topic("strikes", "strikes", ("walkout",), ("hunger strike",), rule="strike NEAR/2 action")
    assert [t.why for t in match_topics([topic], "", "A walkout began.")] == ['topic rule matched "walkout"']
    assert match_topics([topic], "", "Strike action was called")[0].why.startswith("topic rule [strike NEAR/2")
    scan = scan_topics([topic], "", "Strike action was called. A hunger strike continues.")
    assert scan.matches == [] and scan.excluded == frozenset({"strikes"})


def test_toml_rule_round_trip_and_errors():
    text = '[[topic]]\ntag = "gangs"\nlabel = "gangs"\nrule = \'"rape gangs"  AND NOT football\'\n'
    [topic] = load_topics(text)
    assert topic.rule == '"rape gangs" AND NOT football' and topic.phrases == ()
    assert load_topics(dump_topics([topic])) == [topic]
    with pytest.raises(ConfigError, match=r"topics: topic 1 \('gangs'\): rule: unclosed quote at character 1"):
        load_topics('[[topic]]\ntag = "gangs"\nrule = \'"rape gangs\'\n')
    with pytest.raises(ConfigError, match="'rule' must be a string"):
        load_topics('[[topic]]\ntag = "gangs"\nrule = 3\n')
    with pytest.raises(ConfigError, match="or give a 'rule'"):
        load_topics('[[topic]]\ntag = "gangs"\n')
