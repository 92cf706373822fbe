"""The corpus fuzzer, short: every seed through every target, then mutations (< 60 s).

The documented long run (100,000 inputs) is in docs/reliability.md.
"""

from __future__ import annotations

import time

import pytest

from tests.fuzz.run_corpus import fuzz, load_corpus
from tests.fuzz.targets import TARGETS, trailing_punctuation_run
from tagwire.enrich.hashtags import automatic_tags


def test_corpus_has_every_kind_of_seed():
    corpus = load_corpus()
    assert {"feed", "sitemap", "opml", "html", "text", "hostile"} <= set(corpus)
    names = {name for items in corpus.values() for name, _ in items}
    for wanted in ("billion_laughs", "xxe_file", "deep_nesting", "huge_attribute", "nul_bytes", "invalid_utf8",
                   "bom_utf16le", "mixed_encodings", "truncated", "rdf", "jsonfeed", "atom", "rss2", "sitemap_index"):
        assert any(wanted in n for n in names), wanted


def test_short_mutation_run_keeps_the_contract(tmp_path):
    # CPU-time bounds with 2x slack: this runs beside the rest of the suite
    report = fuzz(count=3000, seed=11, failures=tmp_path, max_seconds=50, slack=2.0)
    print("\n" + report.text())
    assert sum(report.tried.values()) >= 1000, "too few inputs in the time budget"
    assert not report.failures, report.text()


def test_hashtags_on_a_run_of_punctuation_is_fast():
    """Was quadratic (a lazy gap group before each word): 12 kB of "=" took about 3 s."""
    text = "The council agreed the ferry timetable. " + "=" * 12_000
    assert trailing_punctuation_run(("Ferry\n" + text).encode()) >= 2000
    start = time.process_time()
    automatic_tags("Ferry returns", text)
    assert time.process_time() - start < TARGETS["hashtags"].bound


KNOWN = __import__("pathlib").Path(__file__).with_name("known")


# These took 2.4-3.9 s of CPU, nearly all in trafilatura's fallback. Since our own finder
# decides most pages they take 0.03 s and about 1 s on a quiet machine, so they pass; the
# mark stays non-strict because the second still sits within 2x of the bound and a shared
# host's CPU time is noisy (tests/test_extract_bad_input.py holds the hard "never minutes").
@pytest.mark.xfail(strict=False, reason="about 1 s of a 2 s bound on a quiet machine; noisy on shared hosts")
@pytest.mark.parametrize("name", ["extract-slow-trafilatura-prefer-readability.html",
                                  "extract-slow-trafilatura-main-extractor.html"])
def test_known_bug_extract_on_fuzzed_page_within_bound(name):
    from tagwire.errors import ExtractionError
    from tagwire.extract import extract_article

    data = (KNOWN / name).read_bytes()
    start = time.process_time()
    try:
        extract_article(data, "https://news.example.com/a/1")
    except ExtractionError:
        pass
    assert time.process_time() - start < TARGETS["extract"].bound
