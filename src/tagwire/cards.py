"""Cards: one per story on a page, with the other outlets that reported it. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .types import Article


@dataclass(frozen=True, slots=True)
class Card:
    article: Article  # the newest article of the story on this page
    also: tuple[tuple[str, str], ...] = ()  # (outlet, URL) of the story's other outlets
    coverage: int = 1  # articles in the story, all outlets


def make_cards(articles: Sequence[Article], outlets: Mapping[str, Sequence[tuple[str, str, str]]]) -> list[Card]:
    """Fold articles of one story into the first card of it (the page is newest first).

    ``outlets`` maps a story id to (outlet, URL, title) of every article in it,
    oldest first; "also reported by" names each other outlet once.
    """
    cards: list[Card] = []
    seen: set[str] = set()
    for article in articles:
        story = article.story_id
        if story and story in seen:
            continue
        members = outlets.get(story, ()) if story else ()
        also: dict[str, str] = {}
        for outlet, url, _title in members:
            if outlet != article.source_name and outlet not in also:
                also[outlet] = url
        cards.append(Card(article, tuple(also.items()), max(1, len(members))))
        if story:
            seen.add(story)
    return cards
