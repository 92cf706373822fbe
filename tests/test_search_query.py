from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagwire.errors import InvalidInputError, TagwireError
from tagwire.search import Field, Not, Phrase, Query, Tag, Word, parse_query


def test_the_whole_language():
    q = parse_query('flood defences "River  Lenn" -opinion #StormImogen source:"Daily Meridian" '
                    '-category:sport after:2025-11-01 before:2025-12-01')
    assert q.terms == (Word("flood"), Word("defences"), Phrase("River Lenn"), Not(Word("opinion")),
                       Tag("stormimogen"), Field("source", "Daily Meridian"), Not(Field("category", "sport")))
    assert q.after == datetime(2025, 11, 1, tzinfo=timezone.utc)
    assert q.before == datetime(2025, 12, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, terms", [
    ("", ()),
    ("   ", ()),
    ('"single"', (Word("single"),)),
    ('"unclosed phrase', (Phrase("unclosed phrase"),)),
    ("-\"two words\" x", (Not(Phrase("two words")), Word("x"))),
    ("http://x.example/a", (Word("http://x.example/a"),)),
    ("10:30 meeting", (Word("10:30"), Word("meeting"))),
    ("#", ()),
    ("#KeirStarmer's", (Tag("keirstarmer"),)),
    ("Robert'); DROP TABLE articles;--", (Word("robert"), Word("drop"), Word("table"), Word("articles;--"))),
])
def test_edge_cases(text, terms):
    assert parse_query(text).terms == terms


@pytest.mark.parametrize("text, message", [
    ("after:yesterday", "needs a date"),
    ("after:2025-12-01 before:2025-11-01", "must be earlier"),
    ("-opinion -sport", "not only exclusions"),
    ("x " * 300, "too long"),
    (" ".join(f"w{i}" for i in range(25)), "at most 20"),
])
def test_errors_are_one_line(text, message):
    with pytest.raises(InvalidInputError, match=message) as info:
        parse_query(text)
    assert "\n" not in str(info.value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_is_refused_cleanly(text):
    try:
        q = parse_query(text)
    except TagwireError:
        return
    assert isinstance(q, Query)
