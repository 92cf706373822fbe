"""Golden pages: exact metadata, a text-quality floor, no boilerplate.

Each ``tests/fixtures/pages/NAME.html`` (fictional articles in varied
publisher markup) sits beside ``NAME.json``: the URL it is fetched from, the
expected ``ExtractedArticle`` fields, and phrases that must not leak into the
text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from tagwire.extract import extract_article
from tagwire.types import ExtractedArticle

PAGES = Path(__file__).parent / "fixtures" / "pages"
NAMES = sorted(path.stem for path in PAGES.glob("*.html"))
METADATA = (
    "title", "published", "modified", "authors", "section", "image", "language",
    "publisher", "description", "paywalled", "canonical_url", "keywords",
)  # fmt: skip
TEXT_F1_FLOOR = 0.95


def load(name: str) -> tuple[ExtractedArticle, dict]:
    golden = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((PAGES / f"{name}.html").read_bytes(), golden["url"])
    return article, golden


def as_json(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def token_f1(expected: str, got: str) -> float:
    gold, pred = Counter(re.findall(r"\w+", expected)), Counter(re.findall(r"\w+", got))
    overlap = sum((gold & pred).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def test_fixture_set_is_complete():
    assert len(NAMES) >= 8
    for name in NAMES:
        assert (PAGES / f"{name}.json").exists(), name


@pytest.mark.parametrize("name", NAMES)
def test_metadata_matches_golden(name):
    article, golden = load(name)
    got = {field: as_json(getattr(article, field)) for field in METADATA}
    want = {field: golden["expected"][field] for field in METADATA}
    assert got == want


@pytest.mark.parametrize("name", NAMES)
def test_text_quality(name):
    article, golden = load(name)
    expected = golden["expected"]["text"]
    assert token_f1(expected, article.text) >= TEXT_F1_FLOOR
    assert len(article.paragraphs) == len(expected.split("\n\n"))
    for phrase in golden["forbidden"]:
        assert phrase not in article.text, phrase


@pytest.mark.parametrize("name", NAMES)
def test_text_layout(name):
    text = load(name)[0].text
    assert text == text.strip()
    assert "\n\n\n" not in text
    for paragraph in text.split("\n\n"):
        assert paragraph and "\n" not in paragraph
        assert paragraph == " ".join(paragraph.split())  # whitespace collapsed


@pytest.mark.parametrize("name", NAMES)
def test_datetimes_are_aware(name):
    article = load(name)[0]
    for value in (article.published, article.modified):
        assert value is None or value.utcoffset() is not None
