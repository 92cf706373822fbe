"""Categories from the publisher's own section names."""

from __future__ import annotations

import pytest

from tagwire.enrich.categories import TAXONOMY, categorize, normalise_section, section_table
from tagwire.errors import ConfigError
from tagwire.types import CategoryAssignment


def cat(**kw) -> str:
    kw.setdefault("url", None)
    kw.setdefault("section", None)
    return categorize(**kw).name


def test_taxonomy():
    assert TAXONOMY == ("Politics", "Business", "Technology", "Science", "Health", "Sport",
                        "Entertainment", "World", "UK", "Environment", "Opinion", "General")
    assert set(section_table().values()) <= set(TAXONOMY)


@pytest.mark.parametrize(
    ("name", "key"),
    [("UK-Politics", "uk politics"), ("uk_politics", "uk politics"), ("  UK   Politics ", "uk politics"),
     ("Entertainment & Arts", "entertainment and arts"), ("Science+Environment", "science and environment")],
)
def test_normalise_section(name, key):
    assert normalise_section(name) == key


@pytest.mark.parametrize(
    ("section", "category"),
    [
        ("uk-politics", "Politics"), ("UK Politics", "Politics"), ("politics", "Politics"),
        ("Money", "Business"), ("business", "Business"), ("Markets", "Business"),
        ("economy", "Business"), ("Personal Finance", "Business"),
        ("Football", "Sport"), ("cricket", "Sport"), ("Rugby Union", "Sport"), ("Formula 1", "Sport"),
        ("Culture", "Entertainment"), ("Film", "Entertainment"), ("Music", "Entertainment"),
        ("TV", "Entertainment"), ("Arts", "Entertainment"), ("Showbiz", "Entertainment"),
        ("Entertainment & Arts", "Entertainment"), ("Books", "Entertainment"),
        ("Tech", "Technology"), ("technology", "Technology"),
        ("World", "World"), ("World News", "World"), ("Europe", "World"), ("US News", "World"),
        ("Africa", "World"),
        ("UK News", "UK"), ("uk", "UK"), ("England", "UK"), ("Scotland", "UK"), ("Wales", "UK"),
        ("Northern Ireland", "UK"), ("Home News", "UK"),
        ("Climate", "Environment"), ("environment", "Environment"),
        ("Comment", "Opinion"), ("Opinion", "Opinion"), ("commentisfree", "Opinion"),
        ("Columnists", "Opinion"), ("Letters", "Opinion"),
        ("Health", "Health"), ("NHS", "Health"), ("Wellbeing", "Health"),
        ("Science", "Science"),
    ],
)
def test_section_table(section, category):
    result = categorize(url=None, section=section)
    assert result == CategoryAssignment(category, f'section "{section}" → {category}')


@pytest.mark.parametrize(
    ("section", "category"),
    [
        ("UK News > Politics", "Politics"),
        ("News / UK / Politics", "Politics"),
        ("World | Europe", "World"),
        ("Politics > Comment", "Opinion"),
        ("Sport › Football", "Sport"),
        ("News > Things we like", "General"),
    ],
)
def test_compound_sections_keep_the_most_specific(section, category):
    assert cat(section=section) == category


@pytest.mark.parametrize(
    ("url", "category", "segment"),
    [
        ("https://x.example/news/uk-politics-12345", "Politics", "uk-politics"),
        ("https://x.example/sport/football/articles/c1234567", "Sport", "football"),
        ("https://x.example/sport/football/2025/jan/05/redhill-beat-ashford-late-winner", "Sport", "football"),
        ("https://x.example/commentisfree/2025/jan/01/why-councils-failed-victims", "Opinion", "commentisfree"),
        ("https://x.example/uk-news/2025/mar/04/police-review-old-cases", "UK", "uk-news"),
        ("https://x.example/world/2025/02/11/talks-resume", "World", "world"),
        ("https://x.example/news/world-europe-68123456", "World", "world-europe"),
        ("https://x.example/business/markets/ftse-closes-higher-on-rate-hopes.html", "Business", "markets"),
        ("https://x.example/technology/2025/05/01/chip-maker-results/", "Technology", "technology"),
        ("https://x.example/lifestyle/health/sleep-tips-for-shift-workers", "Health", "health"),
    ],
)
def test_url_paths(url, category, segment):
    result = categorize(url=url, section=None)
    assert result == CategoryAssignment(category, f'URL segment "{segment}" → {category}')


def test_url_dates_ids_and_slugs_are_ignored():
    # "sport-stars-..." is the slug of the article, not a section
    assert cat(url="https://x.example/2025/01/02/sport-stars-back-charity-appeal") == "General"
    assert cat(url="https://x.example/a/1234567/b7f3c2d1-9e8a-4b1c-a2d3-0123456789ab") == "General"


def test_signal_order():
    # section beats feed categories beats the URL
    result = categorize(url="https://x.example/sport/1", section="Politics", feed_categories=["Business"])
    assert result.name == "Politics"
    assert categorize(url="https://x.example/sport/1", section=None,
                      feed_categories=["Business"]).reason == 'feed category "Business" → Business'
    # an unknown section falls through to the next signal
    result = categorize(url="https://x.example/sport/1", section="Weekend reads")
    assert result == CategoryAssignment("Sport", 'URL segment "sport" → Sport')


def test_feed_categories_prefer_the_first_specific_one():
    result = categorize(url=None, section=None,
                        feed_categories=["Priya Raman", "UK news", "Politics", "Home Office", "Health"])
    assert result == CategoryAssignment("Politics", 'feed category "Politics" → Politics')
    assert cat(feed_categories=["UK news", "World news"]) == "UK"
    assert cat(feed_categories=["Politics", "Opinion"]) == "Opinion"


def test_extra_mapping_extends_and_overrides():
    extra = {"Weekend-Reads": "general", "things_we_like": "Entertainment", "Science": "Environment"}
    assert cat(section="Things we like", extra_mapping=extra) == "Entertainment"
    assert cat(section="science", extra_mapping=extra) == "Environment"
    assert cat(section="science") == "Science"  # the packaged table is not changed
    assert cat(url="https://x.example/things-we-like/1", extra_mapping=extra) == "Entertainment"


def test_extra_mapping_rejects_unknown_categories():
    with pytest.raises(ConfigError, match='"gossip" → "Celebrity": not a category'):
        categorize(url=None, section="gossip", extra_mapping={"gossip": "Celebrity"})


def test_general_fallback_says_why():
    assert categorize(url=None, section=None) == CategoryAssignment(
        "General", "no section signal → General"
    )
    assert categorize(url="https://x.example/", section="  ").reason == "no section signal → General"
    result = categorize(url="https://x.example/misc/2025/an-article-about-nothing-much",
                        section="Weekend reads", feed_categories=["Long reads"])
    assert result.name == "General"
    assert result.reason == (
        'no known section in section "Weekend reads"; feed categories "Long reads"; '
        'URL path "/misc/2025/an-article-about-nothing-much" → General'
    )


# -- the configured taxonomy (enrich/taxonomy.py) -----------------------------------------
def test_taxonomy_renames_folds_removes_and_adds():
    from tagwire.enrich.taxonomy import parse_taxonomy
    from tagwire.types import CategoryAssignment

    t = parse_taxonomy("Politics, Business, Sport, World, Environment, Science, Crime",
                       "World=International, Environment=Science, General=Other")
    assert t.names == ("Politics", "Business", "Sport", "International", "Science", "Crime", "Other")
    assert (t.resolve("world"), t.resolve("Environment"), t.resolve("Health"), t.resolve("crime")) == \
        ("International", "Science", "Other", "Crime")
    assert t.fallback == "Other" and t.added == ("Crime",) and not t.is_default
    found = t.assign(CategoryAssignment("World", 'section "Europe" → World'))
    assert found == CategoryAssignment("International", 'section "Europe" → World → International (configured)')
    assert parse_taxonomy().is_default and parse_taxonomy().resolve("Sport") == "Sport"


def test_section_map_entries_override_the_table_and_key_url_segments():
    from tagwire.enrich.categories import parse_section_map, section_map

    entries = parse_section_map('[sections]\n"Gardening" = "Home"\n"/money/" = "business"\n', "f.toml")
    table = section_map(entries, ("Politics", "Business", "Home"))
    assert categorize(url=None, section="Gardening", extra_mapping=table).name == "Home"
    assert categorize(url="https://x.example/money/2025/a-b-c-d", section=None, extra_mapping=table).name == "Business"
    with pytest.raises(ConfigError, match='f.toml: "x" must map to a category name'):
        parse_section_map('"x" = 3\n', "f.toml")
