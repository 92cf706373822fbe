"""tagwire: news from publishers' feeds, organised by hashtag.

The public surface is what ``__all__`` lists (pinned by a test); modules and
packages not re-exported here are internal.
"""

from .core import Tagwire, make_tagwire
from .errors import (
    ConfigError,
    ExtractionError,
    FetchError,
    InvalidInputError,
    NotFoundError,
    ParseError,
    StorageError,
    TagwireError,
)
from .extract import extract_article
from .settings import Settings, load_settings
from .types import Article, ExtractedArticle, Feed, HashtagCount, Source, TagAssignment, Topic

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "ExtractedArticle",
    "ExtractionError",
    "Feed",
    "FetchError",
    "HashtagCount",
    "InvalidInputError",
    "NotFoundError",
    "ParseError",
    "Settings",
    "Source",
    "StorageError",
    "TagAssignment",
    "TagwireError",
    "Tagwire",
    "Topic",
    "extract_article",
    "load_settings",
    "make_tagwire",
]
