"""Excerpts: whole paragraphs, then whole sentences, never mid-word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagwire.enrich.excerpt import make_excerpt

P1 = "The council approved the new parking charges on Tuesday night."  # 62 chars
P2 = "Drivers will pay £2 an hour from April. Residents' permits rise by 10%. Shops fear fewer visitors."
P3 = "A final vote is due next month."


def test_empty_in_empty_out():
    assert make_excerpt("") == ""
    assert make_excerpt("  \n\n \n\n ") == ""


def test_whole_paragraphs_kept_with_breaks():
    text = f"{P1}\n\n{P2}\n\n{P3}"
    assert make_excerpt(text, 320) == text
    assert make_excerpt(text, len(P1) + 2 + len(P2)) == f"{P1}\n\n{P2}"


def test_next_paragraph_cut_at_a_sentence_end():
    text = f"{P1}\n\n{P2}\n\n{P3}"
    out = make_excerpt(text, len(P1) + 2 + 60)
    assert out == f"{P1}\n\nDrivers will pay £2 an hour from April."


def test_stops_at_a_whole_paragraph_when_no_sentence_of_the_next_fits():
    text = f"{P1}\n\n{P2}"
    assert make_excerpt(text, len(P1) + 10) == P1


def test_inner_whitespace_is_tidied():
    assert make_excerpt("  One   line\nwrapped here.  \n\n\n\nNext.  ") == "One line wrapped here.\n\nNext."


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        # abbreviations are not sentence ends
        ("Mr. Patel met Dr. Okafor at St. Mary's. They talked for an hour about the plan.",
         50, "Mr. Patel met Dr. Okafor at St. Mary's."),
        ("Talks in the U.S. were delayed again. Officials blamed the weather for the delay.",
         50, "Talks in the U.S. were delayed again."),
        ("He lives at No. 10 with staff. Visitors come and go all day long there.",
         40, "He lives at No. 10 with staff."),
        # decimal numbers are not sentence ends
        ("Inflation fell to 3.5 per cent in May. Economists had expected 3.7 per cent instead.",
         60, "Inflation fell to 3.5 per cent in May."),
        # closing quotes after the full stop belong to the sentence
        ('"We will not give up," she said. "Never." Then the meeting ended abruptly.',
         45, '"We will not give up," she said. "Never."'),
        ("Is this the end? Nobody knows! The board meets again on Friday to decide.",
         35, "Is this the end? Nobody knows!"),
        # initials
        ("The novel by J. K. Rowling sold well. Sales rose again in the spring.",
         45, "The novel by J. K. Rowling sold well."),
    ],
)
def test_sentence_boundaries(text, max_chars, expected):
    assert make_excerpt(text, max_chars) == expected


def test_lower_case_after_a_full_stop_is_not_a_new_sentence():
    text = "Prices rose 5 p.c. in the year to March. Rents rose faster than wages across the region."
    assert make_excerpt(text, 60) == "Prices rose 5 p.c. in the year to March."


def test_long_first_sentence_cut_at_a_word_with_ellipsis():
    text = ("The committee, which met for eleven hours behind closed doors and heard from more than "
            "forty witnesses including residents, engineers and former ministers, finally agreed")
    out = make_excerpt(text, 80)
    assert out.endswith("…")
    assert len(out) <= 80
    body = out[:-1]
    assert text.startswith(body) and text[len(body)] == " "  # ended between words
    assert out == "The committee, which met for eleven hours behind closed doors and heard from…"


def test_a_single_giant_word_is_the_only_mid_word_cut():
    out = make_excerpt("x" * 500, 20)
    assert out == "x" * 19 + "…"


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120),
                min_size=1, max_size=5),
       st.integers(min_value=10, max_value=400))
def test_never_longer_never_mid_word(paragraphs, max_chars):
    text = "\n\n".join(paragraphs)
    out = make_excerpt(text, max_chars)
    assert len(out) <= max_chars
    words = text.split()
    if not out or not words or max(len(w) for w in words) >= max_chars - 1:
        return
    # every word of the excerpt is a whole word of the text, in order
    out_words = out.removesuffix("…").split()
    n = len(out_words)
    assert out_words[:-1] == words[: n - 1]
    # the last one may only have lost trailing punctuation before the "…"
    assert words[n - 1].startswith(out_words[-1])
    assert not words[n - 1][len(out_words[-1]) :].strip(",;:–—-")
