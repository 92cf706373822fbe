"""Settings: one declarative table, read from ``TAGWIRE_*`` variables and an optional TOML file.

Precedence, highest first: explicit overrides (CLI flags) > environment >
TOML file (``TAGWIRE_CONFIG`` or ``./tagwire.toml``) > defaults.  Every
setting is documented in ``docs/configuration.md``; a test keeps the two in step.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, fields, make_dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

#: Real UK publishers' public feeds, crawled by ``tagwire run`` when no sources are configured.
DEFAULT_SOURCES: tuple[tuple[str, str], ...] = (
    ("BBC News", "https://feeds.bbci.co.uk/news/rss.xml"),
    ("The Guardian", "https://www.theguardian.com/uk/rss"),
    ("The Telegraph", "https://www.telegraph.co.uk/rss.xml"),
    ("The Times", "https://www.thetimes.com/tto/news/rss"),
    ("The Independent", "https://www.independent.co.uk/news/uk/rss"),
    ("Sky News", "https://feeds.skynews.com/feeds/rss/uk.xml"),
)


@dataclass(frozen=True, slots=True)
class Setting:
    name: str  # attribute name; the variable is TAGWIRE_<NAME.upper()>
    type: type
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "TAGWIRE_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", str, "sqlite:///tagwire.db",
            "SQLAlchemy-style database URL: `sqlite:///FILE` (the default, a file in the current "
            "folder) or `postgresql://USER:PASSWORD@HOST:PORT/DB` (psycopg 3)."),
    Setting("host", str, "127.0.0.1", "Address the web server listens on."),
    Setting("port", int, 8000, "Port the web server listens on."),
    Setting("sources", str, "",
            "Feeds for `tagwire run` to add on first start, as `Name=URL` pairs separated by "
            "commas or newlines. Empty: the built-in UK publishers list."),
    Setting("topics_file", str, "",
            "TOML file of curated topics loaded on start, in addition to the built-in ones."),
    Setting("crawl_interval", int, 60,
            "Seconds between looks for due feeds in `tagwire run` (each feed has its own next-check time)."),
    Setting("feed_interval", int, 1800,
            "Seconds between polls of a feed whose publishing rhythm is not known yet."),
    Setting("feed_min_interval", int, 600,
            "Shortest time in seconds between polls of one feed, however often it publishes."),
    Setting("feed_max_interval", int, 24 * 3600,
            "Longest time in seconds between polls of one feed, however quiet it is."),
    Setting("max_error_interval", int, 6 * 3600,
            "Upper bound in seconds of the back-off after repeated feed errors."),
    Setting("user_agent", str, "tagwire/0.1 (self-hosted news aggregator; polite, conditional GET)",
            "User-Agent sent with every request."),
    Setting("fetch_timeout", float, 20.0, "Seconds before one request gives up (a response that keeps trickling is cut at twice this)."),
    Setting("fetch_max_bytes", int, 5_000_000, "Largest response body accepted, in bytes."),
    Setting("fetch_concurrency", int, 8, "Requests in flight at once, over all hosts."),
    Setting("fetch_per_host", int, 2, "Requests in flight at once to one host."),
    Setting("fetch_host_delay", float, 1.0,
            "Least seconds between the starts of two requests to one host (a robots.txt "
            "Crawl-delay, up to 30 s, raises it)."),
    Setting("fetch_allow_hosts", str, "",
            "Hosts or CIDRs that may be fetched although they are private or loopback "
            "(comma-separated, e.g. `127.0.0.1,10.0.0.0/8`). Empty: only public addresses."),
    Setting("max_items_per_feed", int, 100, "Most entries read from one feed per fetch."),
    Setting("lease_seconds", float, 300.0,
            "How long a worker's claim on a feed lasts without renewal; a killed worker's feeds "
            "go to another worker after this."),
    Setting("max_tags", int, 10, "Most hashtags kept per article."),
    Setting("story_window_hours", float, 72.0,
            "An article joins a story only if that story had an article within this many hours "
            "(publication time); later coverage starts a new story."),
    Setting("story_lookback_hours", float, 0.0,
            "Beyond the story window, a story whose last article is at most this many hours older "
            "may still take an article whose names mostly agree with it and that shares one of the "
            "story's own names (one hardly any other article carries: a victim's or a suspect's, at "
            "a plea weeks later). 0 (default) turns it off: nothing joins past the window."),
    Setting("keep_days", int, 0,
            "Days of coverage kept: older articles are deleted a whole story at a time (once a day "
            "by `tagwire run` and `tagwire worker`, or by `tagwire db prune`), and feed entries older "
            "than this are not fetched. 0 keeps everything; otherwise at least 7, and more than twice "
            "the story window."),
    Setting("category_threshold", float, 0.25,
            "Least confidence (0–1) of the text classifier for a category when the publisher's "
            "section says nothing; below it the article is General."),
    Setting("categories", str, "",
            "The category taxonomy in display order, comma- or newline-separated; empty: the built-in "
            "twelve. A built-in left out is removed (its articles go to General); a new name is added "
            "(only the section map or an instance-trained model can give it)."),
    Setting("category_renames", str, "",
            "`Old=New` pairs, comma-separated: rename a built-in category (`World=International`) or "
            "fold it into another one (`Environment=Science`)."),
    Setting("section_map", str, "",
            "TOML file of `\"section name or /path/\" = \"Category\"` lines merged over the built-in "
            "section table (see docs/categories.md)."),
    Setting("category_learn_every", int, 500,
            "Retrain the instance's category model after this many new articles whose category "
            "came from the publisher's section; 0 turns learning from the instance off."),
    Setting("category_learn_min_per_class", int, 20,
            "Least publisher-labelled articles a category needs to be learned from (at least two "
            "categories must have that many)."),
    Setting("category_learn_interval", float, 3600.0,
            "Least seconds between two automatic trainings of the category model."),
    Setting("page_size", int, 20, "Cards per page on the site."),
    Setting("page_cache_seconds", float, 10.0,
            "Seconds a public page or feed out is served from memory before it is rendered again "
            "(stale copies are served while one request re-renders); 0 turns the cache off."),
    Setting("date_format", str, "%d-%m-%Y", "strftime format of card dates older than 7 days."),
    Setting("trending_days", int, 3, "Days counted for the home page's top hashtags."),
    Setting("webhook_timeout", float, 10.0,
            "Seconds one webhook POST may take (connect and answer; the whole exchange, redirects "
            "included, at most twice that)."),
    Setting("webhook_max_attempts", int, 8,
            "Attempts at one webhook delivery before it is marked failed."),
    Setting("webhook_retry_seconds", float, 30.0,
            "Wait before the first retry of a failed webhook delivery; it doubles with each "
            "attempt (with jitter: between half and all of it)."),
    Setting("webhook_retry_max_seconds", float, 6 * 3600.0,
            "Longest wait between two attempts at one webhook delivery."),
    Setting("webhook_interval", float, 5.0,
            "Seconds between looks for new articles to deliver to webhooks in `tagwire run` and "
            "`tagwire worker`."),
    Setting("api_rate_limit", int, 600,
            "Requests per minute one client (IP address) may make to `/api/v1` and the feeds out, "
            "per web process; 0 turns the limit off."),
    Setting("api_rate_burst", int, 120,
            "Requests one client may make at once before the per-minute rate applies."),
    Setting("private", bool, False,
            "Make the whole instance private: every page, feed and API read needs an admin login or "
            "an API token (feeds also take `?token=`); only `/healthz` stays public."),
    Setting("admin_session_hours", float, 12.0, "How long an admin login lasts, in hours."),
    Setting("admin_secure_cookies", bool, False,
            "Always mark the admin session cookie `Secure` (it is whenever the request came over "
            "https); set it behind a TLS-terminating proxy that does not forward the scheme."),
)


class _SettingsMethods:
    def replace(self, **changes: Any) -> Any:
        return load_settings(environ={}, overrides={**self.as_dict(), **changes}, config_file=None)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def configured_sources(self) -> list[tuple[str, str]]:
        """The ``sources`` setting as (name, url) pairs; the built-in list when empty."""
        if not self.sources.strip():
            return list(DEFAULT_SOURCES)
        pairs = []
        for item in self.sources.replace("\n", ",").split(","):
            item = item.strip()
            if not item:
                continue
            name, sep, url = item.partition("=")
            if not sep or "://" in name:  # a bare URL, perhaps with "=" in its query
                name, url = "", item
            pairs.append((name.strip(), url.strip()))
        return pairs


# The dataclass is built from the table so that a setting is declared in one place only.
Settings = make_dataclass(
    "Settings",
    [(s.name, s.type, field(default=s.default)) for s in SETTINGS],
    bases=(_SettingsMethods,),
    frozen=True,
)
Settings.__doc__ = "Validated settings; see SETTINGS for each one's meaning."


# Settings that hold a list in one string, and the separator they read. In TOML a list is
# what one writes (`fetch_allow_hosts = ["127.0.0.1"]`); it was refused as "must be str".
_LIST_SEPARATORS = {"fetch_allow_hosts": ",", "category_renames": ",", "sources": "\n", "categories": "\n"}


def _cast(setting: Setting, value: Any, origin: str) -> Any:
    sep = _LIST_SEPARATORS.get(setting.name)
    if sep and isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = sep.join(value)
    try:
        if setting.type is bool:
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in {"1", "true", "yes", "on"}
        if setting.type is str and not isinstance(value, str):
            raise TypeError
        result = setting.type(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{origin}: {setting.name} must be {setting.type.__name__}, got {value!r}"
        ) from None
    if setting.type in (int, float) and result < 0:
        raise ConfigError(f"{origin}: {setting.name} must not be negative, got {value!r}")
    if setting.name == "keep_days" and 0 < result < 7:
        raise ConfigError(f"{origin}: keep_days must be 0 (keep everything) or at least 7, got {value!r}")
    if setting.name == "port" and result > 65535:
        raise ConfigError(f"{origin}: port must be 0-65535, got {value!r}")
    return result


def _did_you_mean(key: str, known: Mapping[str, Setting]) -> str:
    """" (did you mean 'page_size'?)" for a typo'd or environment-style key, else ""."""
    plain = str(key).lower().removeprefix("tagwire_")
    if plain in known:
        return f" (did you mean {plain!r}?)"
    close = difflib.get_close_matches(plain, list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def read_user_file(path: str | Path, what: str) -> str:
    """A file a setting points at (topics, section map), as text; ConfigError in one line."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} {path} is not UTF-8 text") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    # Accept both a flat file and one with a [tagwire] table.
    return data.get("tagwire", data) if isinstance(data.get("tagwire"), dict) else data


def load_settings(
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    config_file: str | Path | None | bool = True,
) -> Settings:
    """Build Settings from defaults, TOML, environment and overrides (in that order).

    ``config_file=True`` means: ``$TAGWIRE_CONFIG`` if set, else ``./tagwire.toml`` if it exists.
    """
    env = os.environ if environ is None else environ
    known = {s.name: s for s in SETTINGS}
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}

    path: Path | None = None
    if config_file is True:
        if env.get("TAGWIRE_CONFIG"):
            path = Path(env["TAGWIRE_CONFIG"])
        elif Path("tagwire.toml").is_file():
            path = Path("tagwire.toml")
    elif config_file:
        path = Path(config_file)
    if path is not None:
        for key, value in _read_toml(path).items():
            if key not in known:
                raise ConfigError(f"config file {path}: unknown setting {key!r}{_did_you_mean(key, known)}")
            values[key] = _cast(known[key], value, str(path))

    for setting in SETTINGS:
        if setting.env in env:
            values[setting.name] = _cast(setting, env[setting.env], setting.env)

    for key, value in (overrides or {}).items():
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}")
        if value is not None:
            values[key] = _cast(known[key], value, key)

    settings = Settings(**values)
    if settings.keep_days and settings.keep_days * 24 <= 2 * max(settings.story_window_hours,
                                                                 settings.story_lookback_hours):
        # a story still open to new coverage must not lose its first articles
        raise ConfigError(f"keep_days ({settings.keep_days}) must be more than twice the story window "
                          f"and lookback ({max(settings.story_window_hours, settings.story_lookback_hours):g} hours)")
    return settings
