"""Story assignment with several workers on one database (issue 10: "safe under concurrency").

Each worker is its own Tagwire with its own StoryBook, as separate `tagwire worker`
processes are; threads here, so the test is fast and its interleaving is forced by
a barrier. The texts are fictional: five events, each reported by three outlets.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from tagwire import make_tagwire
from tagwire.enrich.stories import StoryClusterer, StoryInput
from tagwire.storybook import article_key
from tagwire.types import NewArticle, TagAssignment

from tests.storycheck import check_story_rows

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
OUTLETS = ("Harbour Gazette", "Valley Herald", "Northern Wire")

#: event → one (title, text) per outlet, in OUTLETS' order
EVENTS = {
    "fire": [
        ("Fire destroys Kessington paint factory",
         ("A fire destroyed the Arbolux paint factory on Quarry Road in Kessington on Thursday night. "
          "Fire chief Imelda Varga said 60 firefighters fought the blaze for six hours and residents of "
          "nearby Linden Close were told to keep windows shut because of the smoke. Nobody was hurt.")),
        ("Smoke over Kessington as Arbolux factory burns",
         ("Residents of Linden Close in Kessington were told to keep their windows closed after the "
          "Arbolux paint factory on Quarry Road caught fire. Imelda Varga, the fire chief, said sixty "
          "firefighters needed six hours to put out the blaze. No injuries were reported.")),
        ("Arbolux plant fire: Kessington factory gutted",
         ("The Arbolux factory in Kessington was gutted by fire overnight. Chief fire officer Imelda "
          "Varga said crews from four stations fought the flames on Quarry Road for six hours while "
          "smoke drifted over Linden Close. The company said 140 workers would be paid.")),
    ],
    "strike": [
        ("Tram drivers in Oldmere vote to strike",
         ("Tram drivers in Oldmere voted by 87 per cent to strike over pay, the Amalgamated Transit Guild "
          "said on Thursday. Guild secretary Tobias Wren said the first walkout would close all six tram "
          "lines on 14 May. Oldmere Transit said its offer of 4 per cent was fair.")),
        ("Oldmere trams to stop as drivers back walkout",
         ("All six of Oldmere's tram lines will stop on 14 May after drivers backed a strike, the "
          "Amalgamated Transit Guild announced. Tobias Wren, the guild's secretary, said 87 per cent "
          "voted yes. Oldmere Transit called its 4 per cent pay offer fair and urged talks.")),
        ("Strike vote: Oldmere tram drivers reject pay offer",
         ("Drivers at Oldmere Transit rejected a 4 per cent pay offer and voted to strike on 14 May. "
          "Tobias Wren of the Amalgamated Transit Guild said the turnout was high and 87 per cent "
          "backed action that would halt every Oldmere tram line for a day.")),
    ],
    "theft": [
        ("Gold brooch stolen from Pellham museum",
         ("A gold brooch from the seventh century was stolen from the Pellham Civic Museum on Tuesday. "
          "Curator Amara Quist said thieves broke a display case in the Saxon gallery minutes before "
          "closing. Pellham police are examining camera footage and appealed for witnesses.")),
        ("Thieves take Saxon brooch from Pellham Civic Museum",
         ("Police in Pellham are studying camera footage after a Saxon gold brooch was taken from the "
          "Pellham Civic Museum. Amara Quist, the curator, said a display case in the Saxon gallery was "
          "smashed shortly before closing time on Tuesday. The brooch is seventh century.")),
        ("Pellham museum theft: curator appeals for brooch's return",
         ("The curator of the Pellham Civic Museum, Amara Quist, appealed for the return of the gold "
          "brooch stolen from its Saxon gallery on Tuesday. Pellham police said the display case was "
          "broken just before closing and officers are going through the camera footage.")),
    ],
    "bridge": [
        ("New footbridge opens over the River Ossel in Tarnby",
         ("A 120-metre footbridge over the River Ossel opened in Tarnby on Wednesday, linking the "
          "station to the Millbank estate. Councillor Hesper Lowe cut the ribbon and said the bridge "
          "cost 9 million. Cyclists can use it from next month.")),
        ("Tarnby's Ossel footbridge finally open",
         ("Walkers crossed the River Ossel on Tarnby's new footbridge for the first time on Wednesday. "
          "The 120-metre bridge joins Millbank and the station and cost 9 million, councillor Hesper "
          "Lowe said at the opening. It will open to cyclists next month.")),
        ("Ribbon cut on Tarnby bridge linking Millbank and station",
         ("Councillor Hesper Lowe opened the footbridge across the River Ossel in Tarnby, a 120-metre "
          "crossing from the Millbank estate to the station that cost 9 million. Cyclists will be "
          "allowed on the Ossel bridge next month, Tarnby council said.")),
    ],
    "rescue": [
        ("Climbers rescued from Brannock Crag after night on ledge",
         ("Two climbers were lifted from Brannock Crag by a coastguard helicopter on Sunday after a "
          "night on a ledge. Mountain rescue leader Corin Faulds said the pair, from Westry, were cold "
          "but unhurt. Fog had hidden the route down.")),
        ("Helicopter lifts Westry pair off Brannock Crag",
         ("A coastguard helicopter rescued two climbers from Westry who spent the night stuck on a "
          "ledge on Brannock Crag. Corin Faulds of the mountain rescue team said thick fog hid the way "
          "down. Both were cold but unhurt.")),
        ("Brannock Crag rescue: climbers spent night on ledge",
         ("Two Westry climbers trapped overnight on a ledge on Brannock Crag were winched to safety on "
          "Sunday. Corin Faulds, who leads the mountain rescue team, said fog had hidden the route and "
          "the coastguard helicopter was called at dawn.")),
    ],
}


def _new(source_id: int, outlet: int, event: str, n: int) -> NewArticle:
    title, text = EVENTS[event][outlet]
    published = T0 + timedelta(minutes=10 * n + outlet)
    return NewArticle(url=f"https://outlet{outlet}.example/{event}", source_id=source_id, feed_id=None,
                      title=title, text=text, excerpt=text[:80], published=published,
                      fetched_at=published, tags=(TagAssignment(event, event, 0.5, "keyphrase", "test"),))


def _store(tw, new: NewArticle) -> tuple[int, bool]:
    """What the pipeline does for one fetched article: the story is decided when it is stored."""
    place = tw.stories.placer(url=new.url, title=new.title, text=new.text, published=new.published,
                              source="x", tags=[t.tag for t in new.tags])
    return tw.storage.upsert_article(new, assign_story=place)


def _stories_by_url(tw) -> dict[str, str]:
    return {a.url: a.story_id for a in tw.storage.iter_articles()}


def test_the_fixture_clusters_into_its_events_in_one_process():
    """The texts themselves are unambiguous: one clusterer puts each event in one story."""
    c = StoryClusterer()
    placed = defaultdict(set)
    for n, event in enumerate(EVENTS):
        for outlet in range(len(OUTLETS)):
            title, text = EVENTS[event][outlet]
            placed[event].add(c.add(StoryInput(f"{event}{outlet}", title, text,
                                               T0 + timedelta(minutes=10 * n + outlet))).story_id)
    assert all(len(ids) == 1 for ids in placed.values())
    assert len(set().union(*placed.values())) == len(EVENTS)


def test_three_workers_placing_the_same_events_at_once_make_one_story_each(settings):
    """Three workers start together (each clusterer built before any story exists),
    and each stores one outlet's reports of all five events, interleaved."""
    workers = [make_tagwire(settings) for _ in OUTLETS]
    try:
        sources = [workers[0].storage.add_source(name).id for name in OUTLETS]
        for tw in workers:
            tw.stories.clusterer()  # each starts on the empty database
        barrier, errors = threading.Barrier(len(workers)), []

        def work(outlet: int) -> None:
            try:
                barrier.wait()
                for n, event in enumerate(EVENTS):
                    _, created = _store(workers[outlet], _new(sources[outlet], outlet, event, n))
                    assert created
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(workers))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert errors == []
        story_of = _stories_by_url(workers[0])
        assert len(story_of) == len(EVENTS) * len(OUTLETS)
        per_event = {e: {story_of[f"https://outlet{o}.example/{e}"] for o in range(len(OUTLETS))} for e in EVENTS}
        assert all(len(ids) == 1 for ids in per_event.values()), per_event
        assert len({next(iter(ids)) for ids in per_event.values()}) == len(EVENTS)
        check_story_rows(workers[0])
    finally:
        for tw in workers:
            tw.close()


def test_a_worker_started_before_a_story_existed_joins_it_without_losing_joins(settings):
    a, b = make_tagwire(settings), make_tagwire(settings)
    try:
        src = [a.storage.add_source(name).id for name in OUTLETS]
        a.stories.clusterer(), b.stories.clusterer()  # both built on the empty database
        _store(a, _new(src[0], 0, "theft", 0))  # a starts the story
        _store(b, _new(src[1], 1, "theft", 0))  # b joins what it never saw at its start
        _store(a, _new(src[2], 2, "theft", 0))  # a joins again: b's join must survive
        story_of = _stories_by_url(a)
        assert len(set(story_of.values())) == 1
        row = a.storage.get_story(next(iter(story_of.values())))
        assert row.size == 3
        check_story_rows(a)
    finally:
        a.close()
        b.close()


def test_a_placement_whose_transaction_rolled_back_is_forgotten(tagwire):
    """The clusterer already placed the article when its transaction failed: the next
    placement re-reads that story from the database instead of trusting memory."""
    src = tagwire.storage.add_source(OUTLETS[0]).id
    first = _new(src, 0, "rescue", 0)
    place = tagwire.stories.placer(url=first.url, title=first.title, text=first.text,
                                   published=first.published, source="x", tags=[])

    def fails_after_placing(conn):
        place(conn)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        tagwire.storage.upsert_article(first, assign_story=fails_after_placing)
    assert tagwire.storage.count_articles() == 0
    _store(tagwire, _new(src, 1, "rescue", 0))
    (story_id,) = set(_stories_by_url(tagwire).values())
    assert story_id == article_key("https://outlet1.example/rescue")  # a story of its own, not the phantom
    assert tagwire.storage.get_story(story_id).size == 1
    check_story_rows(tagwire)


def test_a_refetched_article_keeps_its_story_and_takes_no_placement(tagwire):
    src = tagwire.storage.add_source(OUTLETS[0]).id
    new = _new(src, 0, "bridge", 0)
    article_id, created = _store(tagwire, new)
    assert created
    calls = []
    again, created = tagwire.storage.upsert_article(new, assign_story=lambda conn: calls.append(1))
    assert (again, created, calls) == (article_id, False, [])
    assert tagwire.storage.get_article(article_id).story_id == article_key(new.url)
    assert Counter(_stories_by_url(tagwire).values()) == {article_key(new.url): 1}


def test_signature_json_keeps_headline_terms_and_reads_older_rows():
    import json

    from tagwire.enrich.stories import StorySignature
    from tagwire.storybook import _sig_from_json, _sig_to_json

    when = datetime(2031, 3, 3, 8, tzinfo=UTC)
    sig = StorySignature("s1", "Marlow floods", when, when, 1, (("marlow", 1.0),), (("marlow", 1.0),),
                         (("s1", (1, 2)),), (("flood", "marlow"),))
    assert _sig_from_json(_sig_to_json(sig)) == sig
    older = json.loads(_sig_to_json(sig))
    del older["titles"]  # rows written before headline terms were kept
    assert _sig_from_json(json.dumps(older)).titles == ()
