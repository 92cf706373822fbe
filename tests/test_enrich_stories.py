"""Story clustering on small fictional articles (no real news text)."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tagwire.enrich._stories_text import dateline_place
from tagwire.enrich.stories import StoryClusterer, StoryInput

T0 = datetime(2031, 3, 3, 8, tzinfo=UTC)


def item(id: str, title: str, text: str, hours: float = 0.0, source: str | None = None) -> StoryInput:
    return StoryInput(id, title, text, T0 + timedelta(hours=hours), source)


FLOOD = [
    item("a1", "Marlow Bridge closed as River Tamsin bursts its banks",
         "The River Tamsin burst its banks in Marlow on Monday, forcing the closure of Marlow Bridge "
         "and the evacuation of 240 homes in the Eastfield district. Mayor Odile Brack said emergency "
         "crews worked through the night. The Tamsin rose 3.2 metres above its usual level after "
         "two days of rain, the Wessex Water Board said. Schools in Eastfield will stay shut.",
         0, "Marlow Courier"),
    item("a2", "Hundreds evacuated in Marlow floods",
         "About 240 households in Eastfield were moved out overnight after the Tamsin flooded parts of "
         "Marlow. Odile Brack, the town's mayor, thanked firefighters and volunteers. The river peaked "
         "at 3.2 metres above normal, according to the Wessex Water Board, and Marlow Bridge remains "
         "closed to traffic. Forecasters expect more rain on Wednesday.",
         3, "Southern Daily"),
    item("a3", "Flood misery for Eastfield residents as Tamsin peaks",
         "Residents of Eastfield spent Monday night in the sports hall after the River Tamsin flooded "
         "their streets. Marlow mayor Odile Brack visited the evacuation centre. Water Board engineers "
         "said the river was 3.2 metres higher than normal. Marlow Bridge is shut and police urged "
         "drivers to avoid the town centre.",
         6, "Radio Wessex"),
]


def test_same_story_from_three_outlets_joins_one_story():
    c = StoryClusterer()
    decisions = [c.add(a) for a in FLOOD]
    assert [d.story_id for d in decisions] == ["a1", "a1", "a1"]
    assert decisions[0].is_new and not decisions[1].is_new and not decisions[2].is_new
    assert decisions[0].reason.startswith("new story")
    assert "joined" in decisions[2].reason
    assert all(d.duplicate_of is None for d in decisions)


STORMS = [
    item("s1", "Storm Bertha batters Port Ellin",
         "Storm Bertha brought gusts of 96 mph to Port Ellin on Tuesday, tearing roofs off houses on "
         "the harbour front and cutting power to 18,000 homes. Harbourmaster Luis Penhale said two "
         "fishing boats sank at their moorings. The coastguard rescued a walker from the cliffs near "
         "Gull Point.", 0),
    item("s2", "Port Ellin counts the cost of Storm Bertha",
         "Clean-up crews were out in Port Ellin on Wednesday after Storm Bertha. Luis Penhale, the "
         "harbourmaster, said the two boats that sank would be raised this week. About 18,000 homes "
         "lost power during the storm and some are still waiting for it to be restored.", 20),
    item("s3", "Storm Calder lashes Dunmore",
         "Storm Calder hit Dunmore on Tuesday with gusts of 81 mph, bringing down trees across the "
         "ring road and cutting power to 7,500 homes. Council leader Priya Sandhu said the storm "
         "flooded the Dunmore bus depot. A lorry overturned on the Kessock viaduct.", 24 * 7),
    item("s4", "Dunmore clears up after Storm Calder",
         "Dunmore council crews cleared fallen trees from the ring road on Wednesday. Priya Sandhu "
         "said 7,500 homes had lost power during Storm Calder and the bus depot would reopen on "
         "Friday. The Kessock viaduct has reopened after the overturned lorry was removed.",
         24 * 7 + 22),
]


def test_two_storms_a_week_apart_stay_apart():
    c = StoryClusterer()
    ids = [c.add(a).story_id for a in STORMS]
    assert ids == ["s1", "s1", "s3", "s3"]


def test_two_storms_stay_apart_even_inside_one_window():
    c = StoryClusterer(window_hours=24 * 30)
    ids = [c.add(a).story_id for a in STORMS]
    assert ids == ["s1", "s1", "s3", "s3"]


SHOOTINGS = [
    item("g1", "Man shot dead outside Greenvale bar",
         "A 34-year-old man was shot dead outside the Anchor bar on Mill Lane in Greenvale late on "
         "Saturday. Greenvale police said officers found Darnell Okoro with gunshot wounds shortly "
         "after 11 pm. Detective Sergeant Ruth Hale appealed for witnesses and said a grey sedan was "
         "seen leaving Mill Lane.", 0),
    item("g2", "Two hurt in Ashby Street shooting in Corton",
         "Two teenagers were wounded when shots were fired on Ashby Street in Corton on Saturday "
         "evening. Corton police chief Martin Lysander said both were taken to St Agnes hospital with "
         "injuries that are not life-threatening. No arrests have been made and police are searching "
         "for a man seen running towards Corton park.", 1),
    item("g3", "Greenvale bar shooting victim named",
         "Police in Greenvale have named the man killed outside the Anchor bar as Darnell Okoro, 34. "
         "Ruth Hale, the detective sergeant leading the inquiry, said the grey sedan seen on Mill "
         "Lane had been found burned out. Okoro's family described him as a devoted father.", 20),
    item("g4", "Corton shooting: teenagers recovering",
         "The two teenagers shot on Ashby Street are recovering at St Agnes hospital, Corton police "
         "said on Sunday. Chief Martin Lysander asked residents with doorbell cameras near Corton park "
         "to come forward.", 22),
]


def test_two_shootings_in_different_towns_stay_apart():
    c = StoryClusterer()
    ids = [c.add(a).story_id for a in SHOOTINGS]
    assert ids == ["g1", "g2", "g1", "g2"]


def test_wire_copy_is_a_duplicate_of_the_first_report():
    wire = FLOOD[0].text
    copy = wire.replace("on Monday", "on Monday morning").replace("Schools", "All schools")
    c = StoryClusterer()
    first = c.add(FLOOD[0])
    again = c.add(item("w2", "Tamsin floods Marlow", copy, 1, "Another Paper"))
    assert again.story_id == first.story_id
    assert again.duplicate_of == "a1"
    assert "near copy" in again.reason
    rewritten = c.add(FLOOD[1])
    assert rewritten.story_id == "a1" and rewritten.duplicate_of is None


def test_window_expires_old_stories():
    c = StoryClusterer(window_hours=72)
    c.add(FLOOD[0])
    assert c.active_stories == 1
    late = c.add(item("late", FLOOD[1].title, FLOOD[1].text, 24 * 5))
    assert late.is_new and late.story_id == "late"
    assert c.signature("a1") is None
    assert c.active_stories == 1


def test_story_ids_are_deterministic():
    runs = []
    for _ in range(2):
        c = StoryClusterer()
        runs.append([(d.story_id, d.score) for d in map(c.add, FLOOD + SHOOTINGS)])
    assert runs[0] == runs[1]


def test_restore_from_signatures_continues_the_stories():
    c = StoryClusterer()
    for a in FLOOD[:2]:
        c.add(a)
    sig = c.signature("a1")
    assert sig is not None and sig.size == 2 and sig.story_id == "a1"
    assert [aid for aid, _ in sig.members] == ["a1", "a2"]
    restored = StoryClusterer.restore(c.signatures(), c.state())
    assert restored.add(FLOOD[2]).story_id == "a1"


def _letters(n: int) -> str:
    """n spelled in letters ("w12" would be read as the number 12, not a word)."""
    return "".join("abcdefghij"[int(d)] for d in str(n))


def _filler(n: int, per_hour: float, seed: int = 3):
    """Fictional articles in stories of four, from a shared pool of words."""
    rnd = random.Random(seed)
    pool = [f"w{_letters(i)}" for i in range(3000)]
    for i in range(n):
        story = i // 4
        names = [f"Name{_letters(story)}x{_letters(k)}" for k in range(3)]
        words = rnd.sample(pool, 40)
        yield item(f"f{i}", " ".join(names[:2]), " ".join(words + names), i / per_hour)


def test_candidates_examined_do_not_grow_with_stored_articles():
    c = StoryClusterer(max_candidates=30)
    counts = []
    for n, a in enumerate(_filler(3000, per_hour=10)):
        d = c.add(a)
        assert d.candidates <= 30
        if n in range(900, 1000) or n in range(2900, 3000):
            counts.append(d.candidates)
    early, late = sum(counts[:100]), sum(counts[100:])
    assert late <= 1.2 * early + 10
    assert c.active_stories < 400  # ~730 articles in 72 h, mostly four per story


def test_naive_datetimes_are_refused():
    import pytest

    c = StoryClusterer()
    with pytest.raises(ValueError):
        c.add(StoryInput("n1", "Title", "Text", datetime(2031, 1, 1)))


def test_signature_carries_what_restore_needs():
    c = StoryClusterer()
    for a in SHOOTINGS[:3]:
        c.add(a)
    sig = c.signature("g1")
    assert sig is not None and sig.size == 2
    assert dict(sig.names)  # names survive a restart (look-alike checks need them)
    assert sig.first_seen == T0 and sig.last_seen == T0 + timedelta(hours=20)
    again = StoryClusterer.restore(c.signatures(), c.state())
    assert [s.story_id for s in again.signatures()] == ["g1", "g2"]
    assert again.add(SHOOTINGS[3]).story_id == "g2"


# -- replace / discard: taking in what other processes stored (storybook.py's sync) ------------

def test_replace_adds_a_story_placed_elsewhere():
    """A clusterer started before another process created a story joins that story."""
    elsewhere, here = StoryClusterer(), StoryClusterer()
    elsewhere.add(FLOOD[0])
    assert here.add(SHOOTINGS[0]).is_new  # busy with something else meanwhile
    here.replace(elsewhere.signature("a1"))
    joined = here.add(FLOOD[1])
    assert joined.story_id == "a1" and not joined.is_new


def test_replace_overwrites_a_stale_copy_so_no_join_is_lost():
    a, b = StoryClusterer(), StoryClusterer()
    for c in (a, b):
        c.add(FLOOD[0])
    a.add(FLOOD[1])  # b does not know of this join
    b.replace(a.signature("a1"))
    assert b.signature("a1") == a.signature("a1")
    b.add(FLOOD[2])
    sig = b.signature("a1")
    assert sig.size == 3 and [m for m, _ in sig.members] == ["a1", "a2", "a3"]


def test_replace_is_idempotent():
    a = StoryClusterer()
    for x in FLOOD[:2] + SHOOTINGS[:2]:
        a.add(x)
    b = StoryClusterer.restore([], a.state())
    for _ in range(3):
        for sig in a.signatures():
            b.replace(sig)
    assert b.signatures() == a.signatures()
    assert b.add(SHOOTINGS[2]).story_id == a.add(SHOOTINGS[2]).story_id == "g1"


def test_replace_reindexes_the_story_under_its_new_terms():
    """The candidate index follows the replacing signature: the old terms no longer
    lead to the story, the new ones do."""
    flood, storm = StoryClusterer(), StoryClusterer()
    flood.add(FLOOD[0])
    storm.add(item("a1", STORMS[0].title, STORMS[0].text))  # same id, another event
    c = StoryClusterer()
    c.replace(flood.signature("a1"))
    c.replace(storm.signature("a1"))
    assert c.active_stories == 1
    # no posting left behind from the flood's terms (candidate slots would go to waste)
    assert {t for t, posting in c._index.items() if "a1" in posting} == c._stories["a1"].indexed
    assert c.add(FLOOD[1]).is_new  # the flood's terms lead nowhere any more
    assert c.add(STORMS[1]).story_id == "a1"


def test_replace_drops_a_story_that_ended_outside_the_window():
    old = StoryClusterer()
    old.add(FLOOD[0])
    c = StoryClusterer(window_hours=72)
    c.add(item("now", "Unrelated", "Nothing to do with floods at all, a long way later.", 24 * 10))
    c.replace(old.signature("a1"))
    assert c.signature("a1") is None and c.active_stories == 1


def test_discard_forgets_a_story():
    c = StoryClusterer()
    c.add(FLOOD[0])
    c.discard("a1")
    c.discard("never-there")
    assert c.signature("a1") is None and c.active_stories == 0
    assert c.add(FLOOD[1]).is_new


# Two look-alike events of one topic (a browser flaw, then another a year later),
# published at the same moment, as undated archives are replayed: the later one
# differs in the year and the figures it cites.
LANTERN = [
    item("q1", "Quillsoft rushes out fix for Lantern browser flaw",
         "Quillsoft released an emergency update for its Lantern web browser on 14 May 2030, closing a "
         "flaw that let attackers take over computers. The fix covers versions 11, 12 and 14 of Lantern, "
         "used on about 90 million machines, the company said."),
    item("q2", "Lantern browser flaw fixed by Quillsoft",
         "Quillsoft has patched the Lantern browser flaw disclosed last week, the company said on "
         "14 May 2030. Versions 11, 12 and 14 were affected. Security researchers had warned that the "
         "flaw was being used against banks."),
]


def _lantern_hole(year: int, versions: tuple[int, int, int], millions: int) -> StoryInput:
    a, b, c = versions
    return item("q3", "Criminal gangs exploit Lantern hole",
                f"Criminal gangs exploited a hole in versions {a}, {b} and {c} of Lantern in June {year}, "
                f"analysts said, and around {millions} million users remain exposed until Quillsoft "
                "responds. Banks in Ostrava and Gdynia reported stolen passwords and emptied accounts; "
                "police in both cities opened inquiries.")


def test_look_alike_event_with_other_year_and_figures_stays_apart():
    other = _lantern_hole(2031, (15, 16, 17), 60)
    c = StoryClusterer()
    assert [c.add(a).story_id for a in [*LANTERN, other]] == ["q1", "q1", "q3"]
    # the words alone would have joined it: the year and the figures keep it apart
    blind = StoryClusterer(year_penalty=0.0, number_penalty=0.0)
    assert [blind.add(a).story_id for a in [*LANTERN, other]] == ["q1", "q1", "q1"]


def test_follow_up_citing_the_same_year_and_figures_joins():
    same = _lantern_hole(2030, (11, 12, 14), 90)
    c = StoryClusterer()
    decisions = [c.add(a) for a in [*LANTERN, same]]
    assert [d.story_id for d in decisions] == ["q1", "q1", "q1"]
    assert not decisions[2].is_new


def test_years_after_publication_do_not_count():
    c = StoryClusterer()
    f = c.features(item("y1", "Port plan", "The harbour, rebuilt in 2029, will double by 2040, "
                                        "the council said in a 2031 report."))
    assert f.years == frozenset({"2029", "2031"})  # published in 2031: 2040 is a target


def test_sentence_case_headline_marks_names_title_case_does_not():
    c = StoryClusterer()
    plain = c.features(item("h1", "Police charge two in Norfolk shooting that injured six", "No text."))
    caps = c.features(item("h2", "Police Charge Two In Norfolk Shooting That Injured Six", "No text."))
    assert "norfolk" in plain.names and "police" not in plain.names
    assert "norfolk" not in caps.names


def test_hashtags_do_not_sway_decisions_by_default():
    # compound hashtags are nearly unique to one article's wording: taken as names they
    # looked like a different main name and cut the score of a plain follow-up
    tagged = [replace(SHOOTINGS[0], tags=("greenvale", "millane", "anchorbar", "ruthhale")),
              replace(SHOOTINGS[2], tags=("darnellokoro", "burnedout", "devotedfather"))]
    plain, with_tags = StoryClusterer(), StoryClusterer()
    expected = [(d.story_id, d.score) for d in map(plain.add, SHOOTINGS[0:3:2])]
    assert [(d.story_id, d.score) for d in map(with_tags.add, tagged)] == expected
    assert expected[1][0] == "g1"


def test_hashtags_count_as_terms_not_names_when_weighted():
    c = StoryClusterer(tag_weight=1.0)
    f = c.features(replace(SHOOTINGS[0], tags=("anchorbar",)))
    assert "anchorbar" in f.weights and "anchorbar" not in f.names
    assert "anchorbar" not in StoryClusterer().features(replace(SHOOTINGS[0], tags=("anchorbar",))).weights


# -- headlines against headlines --------------------------------------------------------------

def _second_score(title: str, **params) -> float:
    c = StoryClusterer(**params)
    c.add(FLOOD[0])
    return c.add(replace(FLOOD[1], title=title)).score


def test_a_headline_like_a_members_headline_raises_the_score():
    same = "Marlow Bridge closed after River Tamsin bursts its banks"
    assert _second_score(same) > _second_score(same, title_weight=0.0) + 0.01


def test_a_headline_unlike_any_members_headline_lowers_the_score_a_little():
    other = "What the weekend holds"
    with_titles, without = _second_score(other), _second_score(other, title_weight=0.0)
    assert without - 0.05 < with_titles < without


def test_summaries_barely_use_the_headline_signal():
    """A headline is most of a summary's text already; counting it twice split topics."""
    def score(title: str, weight: float) -> float:
        c = StoryClusterer(title_weight=weight)
        c.add(item("t1", "Marlow Bridge closed as River Tamsin bursts its banks", "Floods in Marlow."))
        return c.add(item("t2", title, "Floods in Marlow.", 1)).score

    same = "Marlow Bridge closed as River Tamsin bursts its banks"
    assert abs(score(same, 0.2) - score(same, 0.0)) < 1e-9


def test_headline_terms_survive_a_restart():
    c = StoryClusterer()
    c.add(FLOOD[0])
    sig = c.signature("a1")
    assert sig is not None and sig.titles and "tamsin" in sig.titles[0]
    again = StoryClusterer.restore(c.signatures(), c.state())
    probe = replace(FLOOD[1], title="Marlow Bridge closed after River Tamsin bursts its banks")
    assert again.add(probe).score == c.add(probe).score


BAR = [
    item("v1", "Darnell Okoro killed in Anchor bar shooting",
         "Darnell Okoro, a 34-year-old father of two, was shot dead outside the Anchor bar late on "
         "Saturday. Friends said Okoro had gone outside to take a phone call. Police found Okoro with "
         "gunshot wounds shortly after 11 pm and appealed for witnesses who saw a grey sedan.", 0),
    item("v2", "Anchor bar shooting: man charged with murder",
         "Kieran Voss, 29, appeared before magistrates on Monday charged with murder. Prosecutor "
         "Alma Sirois told the court that Voss had argued with another customer inside the bar an "
         "hour before the shooting outside the Anchor bar on Saturday. Officers traced the grey sedan "
         "to Voss. He was remanded in custody until a hearing next month.", 44),
]


def test_agreeing_headlines_excuse_differing_main_names():
    """The follow-up names the suspect (Voss) where the first report named the victim (Okoro):
    a look-alike sign, unless the headlines say it is the same shooting."""
    c = StoryClusterer()
    c.add(BAR[0])
    assert c.add(BAR[1]).story_id == "v1"
    # both excuses off: differing main names always count against
    strict = StoryClusterer(title_match=0.0, name_match=0.0)
    strict.add(BAR[0])
    apart = strict.add(BAR[1])
    assert apart.is_new and apart.story_id == "v2"


HOUSE = [
    item("h1", "Police: three killed in Ardmoor house shooting",
         "Three people were shot dead in Kestrel Heights, Ardmoor, on Friday evening, according to "
         "the Linden County police. Officers found the victims inside a home in the 3100 block of "
         "Harrow Avenue around 9:30 pm. Two others were taken to hospital. Police said the shooting "
         "did not appear to be random and asked witnesses to come forward.", 0),
    item("h2", "Retired music teacher Marta Quill among victims of shooting",
         "Relatives named Marta Quill, 50, as one of three people shot dead at a home on Harrow Avenue "
         "in Kestrel Heights on Friday night. Quill taught music for thirty years, her sister said. "
         "Linden County police have not named a suspect. Quill's former pupils left flowers outside "
         "the house on Saturday.", 20),
]


def test_names_that_mostly_agree_excuse_differing_main_names():
    """The first report leads with the town (Ardmoor), the follow-up with a victim (Quill): their
    main names differ, but the street, the district and the police force are the same, and the
    headlines share a word, though too little to excuse it on their own."""
    c = StoryClusterer()
    c.add(HOUSE[0])
    joined = c.add(HOUSE[1])
    assert not joined.is_new and joined.story_id == "h1"
    strict = StoryClusterer(name_match=0.0)
    strict.add(HOUSE[0])
    assert strict.add(HOUSE[1]).is_new


def test_names_alone_do_not_excuse_when_the_headlines_share_nothing():
    c = StoryClusterer()
    c.add(HOUSE[0])
    other = replace(HOUSE[1], title="Retired music teacher Marta Quill remembered")
    assert c.add(other).is_new


def test_headline_counts_are_terms_in_figures_or_words():
    c = StoryClusterer()
    f = c.features(item("n1", "Three dead, 2 hurt in Vale: 12 arrested", "Police said 4 men fled."))
    assert {"#3", "#2", "#12"} <= set(f.weights) and {"#3", "#2", "#12"} <= f.title_terms
    assert "#4" not in f.weights  # a body's small numbers are times, ages, dates
    assert "#3" not in f.numbers  # not a figure for the rule on cited numbers


def test_a_shared_headline_count_raises_the_score():
    def score(first_title: str) -> float:
        c = StoryClusterer()
        c.add(item("c1", first_title, "A gunman opened fire outside a club in Vale late on Friday. "
                   "Police closed the street and asked witnesses to come forward.", 0))
        return c.add(item("c2", "Four wounded outside Vale club", "Police in Vale are looking for a "
                          "gunman who fired at a group leaving a club on Friday night.", 5)).score

    assert score("4 shot outside Vale club") > score("2 shot outside Vale club")


def test_headline_counts_read_a_bounded_part_of_a_hostile_headline():
    f = StoryClusterer().features(item("n2", " ".join(str(i % 90 + 1) for i in range(50_000)), "Text."))
    assert 0 < sum(1 for t in f.weights if t.startswith("#")) <= 60


def test_dateline_place_is_read_from_the_opening_only():
    assert dateline_place("HOLLIS BAY, Maine -- Two men were hurt.") == ("hollis", "bay")
    assert dateline_place("CORVANT, Ore. (KXYZ) – A woman died.") == ("corvant",)
    assert dateline_place("(Photo: staff)  BRENNICK (AP) — Police said.") == ("brennick",)
    assert dateline_place("NEW ARDEN — Police said.") == ("arden",)  # "new" is a stop word
    assert dateline_place("The man - who ran - was caught.") == ()
    assert dateline_place("Police said. " + "x" * 300 + " LATEWELL -- no.") == ()  # not an opening
    assert dateline_place("") == ()


def test_a_datelines_place_is_a_name_though_it_opens_a_sentence():
    c = StoryClusterer()
    dated = c.features(item("d1", "Man hurt in shooting", "CORVANT, Ore. -- A man was shot on Friday."))
    plain = c.features(item("d2", "Man hurt in shooting", "CORVANT, Ore. A man was shot on Friday."))
    assert "corvant" in dated.names and "corvant" not in plain.names
    assert dated.weights["corvant"] > plain.weights["corvant"]


def test_a_dateline_naming_the_storys_town_raises_the_score():
    """Same words either way; only the dash makes "CORVANT" a dateline, the place of the event."""
    first = item("t1", "Two wounded outside Corvant bar",
                 "Two men were wounded outside a bar in Corvant late on Friday. Corvant police said "
                 "a gunman fired from a car on Dunmore Street and fled. Both men are in hospital.", 0)
    follow = "Police arrested Ansel Brody, 31, on Sunday over the shooting outside the bar on " \
             "Dunmore Street. Brody was held without bail, detectives said. Ansel Brody denies it."

    def score(opening: str) -> float:
        c = StoryClusterer()
        c.add(first)
        return c.add(item("t2", "Arrest in bar shooting", opening + follow, 30)).score

    assert score("CORVANT, Ore. -- ") > score("CORVANT, Ore. ")


def test_a_hostile_opening_costs_little():
    text = ("A" * 40 + " ") * 20_000 + "-- end"
    start = time.process_time()
    assert dateline_place(text) == ()
    features = StoryClusterer().features(item("h", "Title", text))
    assert features.words > 0 and time.process_time() - start < 5.0


# a shooting, its charge two days later, then its plea three weeks on; and a look-alike
# shooting in another town three weeks on (fictional names and places)
PELLETIER = [
    item("p1", "Dorian Pelletier shot dead outside Carrow Vale bar",
         "A 34-year-old man was shot dead outside the Lantern bar in Carrow Vale late on Friday. "
         "Police named him as Dorian Pelletier, a mechanic from Hollins Road. Detective Inspector "
         "Ruth Amsel said officers were looking for a man seen running towards Mill Lane. "
         "Neighbours said they heard three shots shortly before midnight.", 0),
    item("p2", "Man charged with murder of Dorian Pelletier in Carrow Vale",
         "Marcus Ellery, 29, of Mill Lane, has been charged with the murder of Dorian Pelletier, who "
         "was shot outside the Lantern bar in Carrow Vale on Friday. Detective Inspector Ruth Amsel "
         "said Ellery was arrested at a house in Brookfield. He will appear before Carrow Vale "
         "magistrates on Monday.", 40),
]
PELLETIER_PLEA = item(
    "p3", "Marcus Ellery pleads guilty to murder of Dorian Pelletier",
    "Marcus Ellery admitted at Carrow Vale Crown Court on Thursday that he shot Dorian Pelletier "
    "outside the Lantern bar. The court heard that Ellery and Pelletier had argued over a debt. "
    "Judge Alma Stroud said Ellery would be sentenced next month. Detective Inspector Ruth Amsel "
    "said the family of Dorian Pelletier could now begin to grieve.", 24 * 21)
LOOKALIKE = item(
    "q1", "Tobias Wrenfield shot dead outside Brenley Cross bar",
    "A 31-year-old man was shot dead outside the Anchor bar in Brenley Cross late on Saturday. "
    "Police named him as Tobias Wrenfield, a roofer from Station Road. Detective Sergeant Colm "
    "Rea said officers were looking for a car seen leaving towards the ring road. Neighbours "
    "said they heard two shots shortly after eleven.", 24 * 21 + 2)


# a town's other news, months apart before the shooting: its name is not the story's own
TOWN = [
    item("t1", "Carrow Vale council approves budget for a new library",
         "Councillors in Carrow Vale approved a budget of 4.5 million pounds for a new library and "
         "archive on Tuesday evening. Council leader Nadia Fenn said the old reading room had leaked "
         "for years and the new building would open with a cafe, study rooms and a children's corner. "
         "Opposition members wanted the money spent on bus routes instead.", -24 * 100),
    item("t2", "Carrow Vale pupils win national robotics contest",
         "A team of twelve pupils from Carrow Vale won the national robotics championship in "
         "Birmingham at the weekend with a robot that sorts recycling. Head teacher Owen Pardoe said "
         "the students had spent eight months designing, coding and testing it after lessons. They "
         "will represent the country at a European final in Lisbon next spring.", -24 * 68),
    item("t3", "Carrow Vale Rovers reach the county cup final",
         "Carrow Vale Rovers beat Brookfield Athletic three goals to one on Saturday to reach the "
         "county cup final for the first time in forty years. Manager Isla Brand praised her "
         "defenders and the two thousand supporters who travelled. The final will be played at the "
         "county ground in May against the holders.", -24 * 36),
]
# another shooting in the same town three weeks on: only the town's name is shared
SECOND_SHOOTING = item(
    "k1", "Kieran Oduya shot dead outside Carrow Vale bar",
    "A 27-year-old man was shot dead outside the Swan bar in Carrow Vale late on Saturday. Police "
    "named him as Kieran Oduya, a plasterer from Quarry Street. Sergeant Dev Kapoor said officers "
    "were looking for a man seen running towards the station. Neighbours said they heard three "
    "shots shortly before midnight.", 24 * 26)


def _with_history(c: StoryClusterer, *first: StoryInput) -> StoryClusterer:
    """``first``, then 520 unrelated articles from six weeks before the fixtures: whether a
    name is rare says something only against a corpus (the lookback waits for 500 documents)."""
    for a in first:
        c.add(a)
    for a in _filler(520, per_hour=1):
        c.add(replace(a, published=a.published - timedelta(days=40)))
    return c


def test_a_plea_weeks_later_starts_a_new_story_by_default():
    c = _with_history(StoryClusterer())
    assert [c.add(a).story_id for a in PELLETIER] == ["p1", "p1"]
    plea = c.add(PELLETIER_PLEA)
    assert plea.is_new and plea.story_id == "p3"


def test_lookback_joins_a_plea_that_names_the_storys_own_people():
    c = _with_history(StoryClusterer(lookback_hours=24 * 30))
    assert [c.add(a).story_id for a in PELLETIER] == ["p1", "p1"]
    plea = c.add(PELLETIER_PLEA)
    assert plea.story_id == "p1" and not plea.is_new
    assert c.signature("p1").size == 3


def test_lookback_waits_for_a_corpus():
    c = StoryClusterer(lookback_hours=24 * 30)  # a new instance: every name looks rare
    for a in PELLETIER:
        c.add(a)
    assert c.add(PELLETIER_PLEA).is_new


def test_lookback_keeps_a_look_alike_event_apart():
    c = _with_history(StoryClusterer(lookback_hours=24 * 30))
    for a in PELLETIER:
        c.add(a)
    other = c.add(LOOKALIKE)
    assert other.is_new and other.story_id == "q1"


def test_lookback_needs_a_name_of_the_storys_own_not_the_towns():
    c = _with_history(StoryClusterer(lookback_hours=24 * 30), *TOWN)
    assert c.signature("t1") is None  # the town's stories have all ended
    for a in [*PELLETIER, PELLETIER_PLEA]:
        c.add(a)
    second = c.add(SECOND_SHOOTING)
    assert second.is_new and second.story_id == "k1"
    # inside the window the same article is weighed as usual, not held back
    near = _with_history(StoryClusterer(lookback_hours=24 * 30), *TOWN)
    for a in PELLETIER:
        near.add(a)
    assert near.add(replace(SECOND_SHOOTING, published=PELLETIER[1].published)).score > 0


def test_lookback_ends_where_it_says():
    c = _with_history(StoryClusterer(lookback_hours=24 * 14))
    for a in PELLETIER:
        c.add(a)
    assert c.signature("p1") is not None  # kept past the 72 h window, for the lookback
    plea = c.add(PELLETIER_PLEA)  # 19 days after the story's last article
    assert plea.is_new and c.signature("p1") is None


def test_lookback_survives_a_restore():
    c = _with_history(StoryClusterer(lookback_hours=24 * 30))
    for a in PELLETIER:
        c.add(a)
    again = StoryClusterer.restore(c.signatures(), c.state(), lookback_hours=24 * 30)
    assert again.add(PELLETIER_PLEA).story_id == "p1"


# a sign-up form that a site serves in place of its articles' text (written for this test)
SIGN_UP = (
    "Almost done. We have emailed you a link to confirm your address. Open the message "
    "and follow the link to finish creating your reader account. If the message has not "
    "arrived within ten minutes, look in your spam folder or ask us to send it again. "
    "Already confirmed? Log in to keep reading and to manage your newsletters and alerts."
)


def _sign_up_pages() -> list[StoryInput]:
    return [
        item("p1", "Bridge closed after lorry strikes railing", SIGN_UP, 0),
        item("p2", "Council votes to keep library open on holidays", SIGN_UP, 2),
        item("p3", "Two teenagers hurt in stabbing", SIGN_UP, 4),
    ]


def test_a_template_body_under_unrelated_headlines_is_not_a_copy():
    c = StoryClusterer()
    decisions = [c.add(p) for p in _sign_up_pages()]
    assert [d.story_id for d in decisions] == ["p1", "p2", "p3"]
    assert all(d.duplicate_of is None for d in decisions[1:])


def test_without_the_boilerplate_rule_the_template_makes_copies():
    # what the rule prevents: the same pages joined as near copies of the first
    c = StoryClusterer(boilerplate_headlines=0)
    decisions = [c.add(p) for p in _sign_up_pages()]
    assert decisions[2].duplicate_of is not None and decisions[2].story_id == "p1"


def test_a_template_page_still_joins_its_story_by_headline():
    c = StoryClusterer()
    for p in _sign_up_pages()[:2]:
        c.add(p)
    first = c.add(FLOOD[0])
    page = c.add(item("p4", FLOOD[0].title, SIGN_UP, 1))
    assert page.duplicate_of is None and page.story_id == first.story_id
