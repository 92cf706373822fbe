"""Stories for the API and feeds out: lists of stories and a story's coverage (a facade mixin).

The clusterer decides what a story is (enrich/stories.py, storybook.py); this only
reads what it stored, in pages, for programs and feed readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .store.stories import encode_story_cursor
from .types import StorySummary

if TYPE_CHECKING:
    from .settings import Settings
    from .store import Storage

MAX_STORIES_PAGE = 100


class StoryViews:
    settings: "Settings"
    storage: "Storage"

    def story_list(self, cursor: str | None = None, limit: int | None = None,
                min_outlets: int = 1) -> tuple[list[StorySummary], str | None]:
        """Stories by latest coverage, newest first, with their outlets; (page, next cursor).

        ``min_outlets`` > 1 keeps stories told by several outlets (the story size is a
        lower bound on outlets, so the database narrows first and the outlet count
        finishes the job on the page itself).
        """
        size = min(max(1, limit or self.settings.page_size), MAX_STORIES_PAGE)
        rows = self.storage.recent_stories(size + 1, cursor, min_size=max(1, min_outlets))
        more = len(rows) > size
        rows = rows[:size]
        outlets = self.storage.story_outlets([r[0] for r in rows])
        found = []
        for story_id, headline, first_seen, last_seen, n, first_source in rows:
            names = tuple(dict.fromkeys(name for name, _, _ in outlets.get(story_id, ())))
            if len(names) >= min_outlets:
                found.append(StorySummary(id=story_id, headline=headline, first_seen=first_seen,
                                          last_seen=last_seen, size=n,
                                          # the earliest published report, as the story page says
                                          # (the row's first source is only who was crawled first)
                                          first_reported_by=names[0] if names else first_source,
                                          outlets=names))
        next_cursor = encode_story_cursor(rows[-1][3], rows[-1][0]) if more else None
        return found, next_cursor
