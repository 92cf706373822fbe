"""A feed's backlog arrives in any order on a first crawl; its old stories still group.

Before, an article published before the clusterer's 72-hour window (measured from the
newest article seen) became a story of its own: in the demo, three outlets' reports of a
storm 18 days old were three cards.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

from tagwire.core import make_tagwire
from tagwire.enrich.stories import StoryClusterer, StoryInput
from tests.storycheck import check_story_rows

NOW = datetime.now(timezone.utc).replace(microsecond=0)
OLD = NOW - timedelta(days=12)

STORM = ("Storm Wenna: River Calder bursts its banks in Hexley",
         "The River Calder burst its banks in Hexley on Sunday night as Storm Wenna brought a month of rain "
         "in a day, flooding 240 homes and closing the A646. The Environment Agency issued six severe flood "
         "warnings and firefighters rescued residents of Calder Terrace by boat. Hexley council opened the "
         "leisure centre as a rest centre and said clean-up crews would start on Monday.")
STORM_2 = ("Hexley floods: residents rescued by boat as Storm Wenna swells River Calder",
           "Firefighters used boats to rescue residents of Calder Terrace in Hexley after the River Calder "
           "burst its banks during Storm Wenna. About 240 homes flooded and the A646 was closed, while the "
           "Environment Agency kept six severe flood warnings in place. The council's rest centre at the "
           "leisure centre stayed open overnight.")
MATCH = ("Rovers win derby with late penalty",
         "Tom Reilly scored a stoppage-time penalty as Harbour Rovers beat Dunmore City 2-1 in the league "
         "derby at the Quayside Stadium, moving the club up to fourth in the table before the winter break.")
BUDGET = ("Council approves Hexley library budget",
          "Hexley council approved a budget of £2m for its libraries on Thursday, keeping all five branches "
          "open and extending Saturday opening hours, the cabinet member for culture said after the vote.")


def _page(title: str, text: str) -> str:
    return (f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
            + "</article></body></html>")


def _rss(server, items, title):
    body = "".join(f"<item><title>{t}</title><link>{server.url}{path}</link><guid>{path}</guid>"
                   f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
                   for t, path, when in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


def test_old_reports_of_one_event_share_a_story_whatever_the_crawl_order(tagwire, server):
    for path, (title, text) in {"/a-budget": BUDGET, "/a-storm": STORM, "/b-storm": STORM_2}.items():
        server.set(path, _page(title, text), Content_Type="text/html; charset=utf-8")
    server.set("/a.xml", _rss(server, [(BUDGET[0], "/a-budget", NOW), (STORM[0], "/a-storm", OLD)], "Hexley Post"))
    server.set("/b.xml", _rss(server, [(STORM_2[0], "/b-storm", OLD + timedelta(hours=3))], "Calder Courier"))
    tagwire.add_feed(server.url + "/a.xml")
    tagwire.crawl()  # today's article and the old storm report
    tagwire.add_feed(server.url + "/b.xml")
    tagwire.crawl()  # the other outlet's old storm report, long after the clusterer moved on
    story = {a.url.rsplit("/", 1)[1]: a.story_id for a in tagwire.storage.iter_articles()}
    assert story["a-storm"] == story["b-storm"] != story["a-budget"]
    view = tagwire.story(story["a-storm"])
    assert {a.source_name for a in view.articles} == {"Hexley Post", "Calder Courier"}
    check_story_rows(tagwire)


def test_place_past_joins_the_story_of_its_own_time():
    c = StoryClusterer()
    old = StoryClusterer()
    first = old.add(StoryInput("s1", STORM[0], STORM[1], OLD, "Hexley Post"))
    c.add(StoryInput("b1", BUDGET[0], BUDGET[1], NOW, "Hexley Post"))
    assert c.cutoff is not None and OLD < c.cutoff
    decision, sig = c.place_past(StoryInput("s2", STORM_2[0], STORM_2[1], OLD + timedelta(hours=3), "Calder Courier"),
                                 old.signatures())
    assert decision.story_id == first.story_id and sig.size == 2 and not decision.is_new
    assert c.active_stories == 1  # the past story was not taken into the window's memory
    lone, lone_sig = c.place_past(StoryInput("s3", MATCH[0], MATCH[1], OLD, "Calder Courier"), old.signatures())
    assert lone.is_new and lone_sig.size == 1
    # stories outside the older article's own window are not candidates
    far, _ = c.place_past(StoryInput("s4", STORM_2[0], STORM_2[1], OLD - timedelta(days=5), "X"), old.signatures())
    assert far.is_new


def test_an_empty_clusterer_has_no_cutoff():
    assert StoryClusterer().cutoff is None


def test_the_lookback_setting_reaches_the_clusterer(settings):
    with make_tagwire(dataclasses.replace(settings, story_lookback_hours=336.0)) as tw:
        clusterer = tw.stories.clusterer()
        assert clusterer.keep == 336 * 3600.0 and clusterer.window == 72 * 3600.0
    with make_tagwire(settings) as tw:
        assert tw.stories.clusterer().keep == tw.stories.clusterer().window
