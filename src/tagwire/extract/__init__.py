"""Clean article text and metadata from a publisher's page.

    bytes/str ── html.load_tree ──┬── metadata.read_metadata (JSON-LD, meta, URL) ─────┐
    (decode, cap, parse once)     ├── article.main_text (content.find_content, or ────┼── ExtractedArticle
                                  │   trafilatura when unsure; our cleanup)          │
                                  └── paywall.is_paywalled ────────────────────────────┘

The page is parsed once and every stage reads the same lxml tree. Metadata
and the visible text are read first; main_text then makes small in-place
repairs (prepare.py), runs our own finder (content.py) and, only where it is
unsure, trafilatura, which, like htmldate, works on its own copy of the tree.
"""

from __future__ import annotations

from tagwire.errors import ExtractionError
from tagwire.extract.article import main_text
from tagwire.extract.html import load_tree
from tagwire.extract.jsonld import read_jsonld
from tagwire.extract.language import guess_language
from tagwire.extract.markup import visible_text
from tagwire.extract.metadata import read_metadata
from tagwire.extract.paywall import declared_paid, is_paywalled
from tagwire.types import ExtractedArticle

__all__ = ["extract_article"]

# Fewer words than this and no headline: a hub page, an error page, a video.
MIN_WORDS = 40


def extract_article(html: str | bytes, url: str | None = None) -> ExtractedArticle:
    """Extract the article in ``html`` (fetched from ``url``, if known).

    Raises ExtractionError("not an article: ...") when the page holds no
    usable article; never raises anything else for bad markup.
    """
    tree = load_tree(html)
    ld = read_jsonld(tree)
    meta = read_metadata(tree, url, ld)
    page_text = visible_text(tree)
    text = main_text(tree, url, (meta.title, meta.h1), meta.article_body, page_text,
                     body_is_free=not (meta.article_body and declared_paid(tree, ld)))
    paywalled = is_paywalled(tree, ld, text, page_text)
    _check_usable(text, meta.title, paywalled)
    return ExtractedArticle(
        title=meta.title,
        text=text,
        published=meta.published,
        modified=meta.modified,
        authors=meta.authors,
        section=meta.section,
        image=meta.image,
        language=meta.language or guess_language(f"{meta.title or ''}\n{text}"),  # the page's word, else the text's
        publisher=meta.publisher,
        description=meta.description,
        paywalled=paywalled,
        canonical_url=meta.canonical_url,
        keywords=meta.keywords,
    )


def _check_usable(text: str, title: str | None, paywalled: bool) -> None:
    words = len(text.split())
    if words < MIN_WORDS and not title:
        raise ExtractionError(f"not an article: {words} words of text and no title")
    if words == 0 and not paywalled:
        raise ExtractionError("not an article: no article text found")
