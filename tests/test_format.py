from datetime import datetime, timedelta, timezone

import pytest

from tagwire.web.format import paragraphs, relative_age, safe_href

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("delta, expected", [
    (timedelta(seconds=5), "just now"),
    (timedelta(minutes=1), "1 minute ago"),
    (timedelta(minutes=59), "59 minutes ago"),
    (timedelta(hours=3), "3 hours ago"),
    (timedelta(hours=23, minutes=59), "23 hours ago"),
    (timedelta(days=1), "1 day ago"),
    (timedelta(days=6, hours=23), "6 days ago"),
    (timedelta(days=7), "18-11-2026"),
    (timedelta(days=194), "15-05-2026"),
    (timedelta(hours=-2), "just now"),  # a publisher's clock ahead of ours
])
def test_relative_age(delta, expected):
    assert relative_age(NOW - delta, NOW) == expected


def test_date_format_is_configurable():
    assert relative_age(NOW - timedelta(days=30), NOW, "%Y-%m-%d") == "2026-10-26"


def test_date_uses_utc_day():
    late = datetime(2026, 5, 15, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # 16 May in UTC
    assert relative_age(late, NOW) == "16-05-2026"


@pytest.mark.parametrize("url, expected", [
    ("https://news.example/a", "https://news.example/a"),
    ("http://news.example/a", "http://news.example/a"),
    ("javascript:alert(1)", "#"),
    (" JavaScript:alert(1)", "#"),
    ("data:text/html,x", "#"),
    ("", "#"),
    (None, "#"),
    ("http://[bad", "#"),
])
def test_safe_href(url, expected):
    assert safe_href(url) == expected


def test_paragraphs():
    assert paragraphs("a\n\n b \n\n\n\nc") == ["a", "b", "c"]
    assert paragraphs("") == []
