import re
from pathlib import Path

import pytest

from tagwire.errors import ConfigError
from tagwire.settings import DEFAULT_SOURCES, SETTINGS, load_settings

DOCS = Path(__file__).parent.parent / "docs" / "configuration.md"


def test_defaults_use_sqlite_in_current_folder():
    s = load_settings(environ={}, config_file=None)
    assert s.database_url == "sqlite:///tagwire.db"
    assert (s.host, s.port) == ("127.0.0.1", 8000)
    assert [name for name, _ in s.configured_sources()] == [n for n, _ in DEFAULT_SOURCES]


def test_environment_overrides_toml_and_defaults(tmp_path):
    toml = tmp_path / "tagwire.toml"
    toml.write_text('port = 9000\npage_size = 5\ndatabase_url = "sqlite:///x.db"\n')
    s = load_settings(environ={"TAGWIRE_PORT": "9100"}, config_file=toml)
    assert s.port == 9100 and s.page_size == 5 and s.database_url == "sqlite:///x.db"


def test_config_path_from_environment(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text('[tagwire]\npage_size = 7\n')
    assert load_settings(environ={"TAGWIRE_CONFIG": str(toml)}).page_size == 7


@pytest.mark.parametrize("environ, message", [
    ({"TAGWIRE_PORT": "eighty"}, "TAGWIRE_PORT: port must be int"),
    ({"TAGWIRE_PAGE_SIZE": "-1"}, "must not be negative"),
])
def test_bad_values_are_one_line_errors(environ, message):
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(environ=environ, config_file=None)
    assert "\n" not in str(info.value)


def test_bad_toml_and_unknown_keys(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("port = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(environ={}, config_file=bad)
    bad.write_text("prot = 1\n")
    with pytest.raises(ConfigError, match="unknown setting 'prot'"):
        load_settings(environ={}, config_file=bad)
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(environ={}, config_file=tmp_path / "missing.toml")


def test_sources_setting_pairs():
    s = load_settings(environ={"TAGWIRE_SOURCES": "Herald=https://h.example/rss, https://x.example/feed"},
                      config_file=None)
    assert s.configured_sources() == [("Herald", "https://h.example/rss"), ("", "https://x.example/feed")]


def test_a_bare_source_url_may_carry_a_query():
    s = load_settings(environ={"TAGWIRE_SOURCES": "https://x.example/rss?section=uk&n=50\nPost=https://p.example/f?a=b"},
                      config_file=None)
    assert s.configured_sources() == [("", "https://x.example/rss?section=uk&n=50"), ("Post", "https://p.example/f?a=b")]


def test_every_setting_is_documented():
    docs = DOCS.read_text()
    documented = set(re.findall(r"`(TAGWIRE_[A-Z_]+)`", docs))
    declared = {s.env for s in SETTINGS}
    assert declared - documented == set(), "settings missing from docs/configuration.md"
    assert documented - declared - {"TAGWIRE_CONFIG"} == set(), "docs list settings that do not exist"


def test_default_sources_are_documented():
    docs = DOCS.read_text()
    for name, url in DEFAULT_SOURCES:
        assert url in docs, f"{name} feed URL not in docs/configuration.md"


def test_story_lookback_is_off_by_default_and_bounded_by_keep_days():
    assert load_settings(environ={}, config_file=None).story_lookback_hours == 0.0
    on = load_settings(environ={"TAGWIRE_STORY_LOOKBACK_HOURS": "336"}, config_file=None)
    assert on.story_lookback_hours == 336.0
    # retention must not delete a story the lookback may still extend
    with pytest.raises(ConfigError, match="keep_days"):
        load_settings(environ={"TAGWIRE_STORY_LOOKBACK_HOURS": "336", "TAGWIRE_KEEP_DAYS": "10"},
                      config_file=None)
    assert load_settings(environ={"TAGWIRE_KEEP_DAYS": "10"}, config_file=None).keep_days == 10


@pytest.mark.parametrize("key, hint", [("page_sise", "page_size"), ("prot", "port"),
                                       ("TAGWIRE_FETCH_TIMEOUT", "fetch_timeout"), ("fetch-timeout", "fetch_timeout")])
def test_an_unknown_key_names_the_setting_it_looks_like(tmp_path, key, hint):
    toml = tmp_path / "tagwire.toml"
    toml.write_text(f'"{key}" = 1\n')
    with pytest.raises(ConfigError, match=re.escape(f"unknown setting '{key}' (did you mean '{hint}'?)")):
        load_settings(environ={}, config_file=toml)
    toml.write_text('crawl = 1\n')
    with pytest.raises(ConfigError, match=r"unknown setting 'crawl'$"):  # nothing close: no guess
        load_settings(environ={}, config_file=toml)


def test_list_settings_may_be_toml_arrays(tmp_path):
    toml = tmp_path / "tagwire.toml"
    toml.write_text('fetch_allow_hosts = ["127.0.0.1", "10.0.0.0/8"]\ncategories = ["Politics", "Sport", "General"]\n'
                    'sources = ["Herald=https://h.example/rss", "https://x.example/feed"]\n'
                    'category_renames = ["Sport=Games"]\n')
    s = load_settings(environ={}, config_file=toml)
    assert s.fetch_allow_hosts == "127.0.0.1,10.0.0.0/8"
    assert s.configured_sources()[0] == ("Herald", "https://h.example/rss")
    from tagwire.enrich.taxonomy import parse_taxonomy
    assert parse_taxonomy(s.categories, s.category_renames).names == ("Politics", "Games", "General")
    toml.write_text('fetch_allow_hosts = [1]\n')
    with pytest.raises(ConfigError, match="fetch_allow_hosts must be str"):
        load_settings(environ={}, config_file=toml)
    toml.write_text('page_size = [10]\n')  # a number is not a list
    with pytest.raises(ConfigError, match="page_size must be int"):
        load_settings(environ={}, config_file=toml)
