"""One key phrase, one tag across the corpus: "police force" and "police forces" (enrich/canonical.py, curation.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tagwire.enrich.canonical import fold_numbers, number_forms, number_key
from tagwire.types import NewArticle, TagAssignment

NOW = datetime.now(timezone.utc).replace(microsecond=0)
POLICE = dict(title="Police force to recruit 300 officers",
              text="The police force said on Monday it would recruit 300 officers next year. The police force has "
                   "struggled with vacancies since the pandemic, its chief constable said. Recruitment starts in spring.")


def tag(name, label, kind="keyphrase", score=0.8):
    return TagAssignment(tag=name, label=label, score=score, kind=kind, why=f'key phrase "{label}"')


def store(tw, n, *tags):
    source = tw.storage.add_source("Herald")
    article_id, _ = tw.storage.upsert_article(NewArticle(
        url=f"https://herald.example/{n}", source_id=source.id, feed_id=None, title="Police news", text="Text.",
        excerpt="Text.", published=NOW - timedelta(hours=n), fetched_at=NOW, tags=tuple(tags)))
    return article_id


# ---------------------------------------------------------------- pure


def test_number_forms_pair_singular_and_plural_spellings():
    assert set(number_forms("policeforces")) == {"policeforces", "policeforce"}
    assert "ferries" in number_forms("ferry") and "ferry" in number_forms("ferries")
    assert "taxes" in number_forms("tax")
    assert number_key("policeforces") == number_key("policeforce")
    assert number_forms("news") == ("news",) and number_forms("analysis") == ("analysis",)
    assert number_forms("bus") == ("bus",)  # "buses" is not folded to "buse"


def test_fold_takes_the_stored_form_and_keeps_names_and_topics():
    tags = (tag("policeforce", "police force"), tag("jones", "Jones", "person"), tag("strike", "strike", "topic"))
    folded = fold_numbers(tags, {"policeforces": "police forces", "jone": "Jone", "strikes": "strikes"})
    assert [(t.tag, t.label) for t in folded] == [("policeforces", "police forces"), ("jones", "Jones"),
                                                 ("strike", "strike")]
    assert folded[0].why == 'key phrase "police force"'  # the reason still quotes the article's own words


def test_fold_prefers_this_process_choice_then_the_plural():
    tags = (tag("policeforce", "police force"),)
    both = {"policeforce": "police force", "policeforces": "police forces"}
    assert fold_numbers(tags, both)[0].tag == "policeforces"
    assert fold_numbers(tags, both, {"policeforce": ("policeforce", "police force")})[0].tag == "policeforce"
    assert fold_numbers(tags, {})[0].tag == "policeforce"  # nothing stored: its own form


def test_a_single_word_whose_plural_is_another_thing_stays_apart():
    assert fold_numbers((tag("arm", "arm"),), {"arms": "arms"})[0].tag == "arm"
    assert fold_numbers((tag("goods", "goods"),), {"good": "good"})[0].tag == "goods"
    assert fold_numbers((tag("glass", "glass"),), {"glasses": "glasses"})[0].tag == "glass"
    assert fold_numbers((tag("armedforce", "armed force"),), {"armedforces": "armed forces"})[0].tag == "armedforces"
    assert fold_numbers((tag("ticket", "ticket"),), {"tickets": "tickets"})[0].tag == "tickets"


def test_two_forms_in_one_article_become_one_tag_with_the_better_score():
    tags = (tag("ferry", "ferry", score=0.4), tag("island", "island"), tag("ferries", "ferries", score=0.9))
    folded = fold_numbers(tags, {"ferries": "ferries"})
    assert [(t.tag, t.score) for t in folded] == [("ferries", 0.9), ("island", 0.8)]


# ---------------------------------------------------------------- facade, both backends


def test_a_new_article_joins_the_stored_number_form(tagwire):
    assert "policeforce" in [t.tag for t in tagwire.enrich(**POLICE).tags]  # alone: its own form
    store(tagwire, 1, tag("policeforces", "police forces"))
    tags = {t.tag: t for t in tagwire.enrich(**POLICE).tags}
    assert "policeforce" not in tags
    assert tags["policeforces"].label == "police forces"


def test_a_key_phrase_never_takes_a_stored_name_that_only_adds_an_s(tagwire):
    zoo = dict(title="Zoo welcomes lion cub", text="The zoo said the lion cub was born on Monday. The lion "
               "cub is the first born at the zoo in a decade, and the lion keepers are delighted.")
    own = [t.tag for t in tagwire.enrich(**zoo).tags if t.kind == "keyphrase"]
    assert "lioncub" in own
    store(tagwire, 1, tag("lioncubs", "Lion Cubs", kind="org"))  # a team, say
    assert "lioncubs" not in [t.tag for t in tagwire.enrich(**zoo).tags]


def test_every_process_reads_the_form_from_the_database(tagwire, database_url):
    """Two crawlers that each met another form first still converge on what is stored."""
    from tagwire import make_tagwire
    from tagwire.settings import load_settings

    with make_tagwire(load_settings(environ={}, config_file=None, overrides={"database_url": database_url})) as other:
        assert "policeforce" in [t.tag for t in other.enrich(**POLICE).tags]  # nothing stored yet
        store(tagwire, 1, tag("policeforces", "police forces"))
        assert "policeforces" in [t.tag for t in other.enrich(**POLICE).tags]


def test_a_batch_that_stores_nothing_folds_its_own_rows(tagwire):
    forces = dict(title="Police forces merge control rooms",
                  text="Two police forces will merge their control rooms. The police forces said the "
                       "change saves money. Police forces elsewhere are watching.")
    batch: dict = {}
    assert "policeforces" in [t.tag for t in tagwire.enrich(**forces, number_forms=batch).tags]
    assert "policeforces" in [t.tag for t in tagwire.enrich(**POLICE, number_forms=batch).tags]
    assert "policeforce" in [t.tag for t in tagwire.enrich(**POLICE).tags]  # outside the batch: nothing stored


def test_merges_and_blocks_follow_the_folded_form(tagwire):
    store(tagwire, 1, tag("policeforces", "police forces"), tag("police", "police"))
    tagwire.merge_hashtag("policeforces", "police")
    assert "police" in [t.tag for t in tagwire.enrich(**POLICE).tags]
    tagwire.block_hashtag("police")
    assert not {"police", "policeforce", "policeforces"} & {t.tag for t in tagwire.enrich(**POLICE).tags}
