"""One check shared by the concurrency and fault tests: every story row agrees with its articles."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from tagwire.store.schema import articles, stories
from tagwire.enrich.stories import StoryClusterer
from tagwire.storybook import _sig_from_json, article_key

MEMBER_PRINTS = StoryClusterer().member_prints


def check_story_rows(tw) -> None:  # noqa: ANN001 - a Tagwire
    """Each story row counts its articles, its signature lists exactly them, and seqs are unique."""
    with tw.storage.read("x") as conn:
        urls_of = defaultdict(set)
        for url, story_id in conn.execute(select(articles.c.url, articles.c.story_id)):
            urls_of[story_id].add(url)
        rows = conn.execute(select(stories.c.id, stories.c.size, stories.c.signature, stories.c.seq)).all()
    assert None not in urls_of, "every new article has a story"
    assert {r.id for r in rows} == set(urls_of), "no story row without articles, no article without a row"
    for r in rows:
        assert r.size == len(urls_of[r.id]), f"story {r.id}: size {r.size}, {len(urls_of[r.id])} articles"
        if r.signature != "{}":  # a story published before the window keeps no signature
            # the signature remembers the story's latest MEMBER_PRINTS articles (near-copy sketches)
            members = {aid for aid, _ in _sig_from_json(r.signature).members}
            keys = {article_key(u) for u in urls_of[r.id]}
            assert members <= keys, f"story {r.id}: remembers an article it does not have"
            assert len(members) == min(len(keys), MEMBER_PRINTS), f"story {r.id}: a join was lost"
    assert len({r.seq for r in rows}) == len(rows) and min(r.seq for r in rows) >= 1
