"""Language guess, and the shipped category model abstaining on text it cannot read."""

from __future__ import annotations

import pytest

from tagwire.enrich import enrich_article
from tagwire.enrich.classifier import CategoryModel
from tagwire.extract.language import guess_language

# written for these tests: one short news paragraph per language
PARAGRAPHS = {
    "en": "The council said on Tuesday that the new ferry timetable would start in spring, and that the "
          "harbour works had been delayed by two storms in January.",
    "fr": "Le conseil municipal a annoncé mardi que le nouveau calendrier des ferries entrerait en vigueur au "
          "printemps, et que les travaux du port avaient été retardés par deux tempêtes.",
    "de": "Der Gemeinderat teilte am Dienstag mit, dass der neue Fährfahrplan im Frühjahr beginnen werde und "
          "die Arbeiten am Hafen durch zwei Stürme im Januar verzögert worden seien.",
    "es": "El ayuntamiento anunció el martes que el nuevo horario de los transbordadores empezará en "
          "primavera y que las obras del puerto se retrasaron por dos tormentas en enero.",
    "it": "Il consiglio comunale ha annunciato martedì che il nuovo orario dei traghetti partirà in "
          "primavera e che i lavori del porto sono stati ritardati da due tempeste a gennaio.",
    "pt": "A câmara municipal anunciou na terça-feira que o novo horário dos ferries começará na primavera "
          "e que as obras do porto foram atrasadas por duas tempestades em janeiro.",
    "nl": "De gemeenteraad maakte dinsdag bekend dat de nieuwe dienstregeling van de veerboten in het "
          "voorjaar ingaat en dat de werken aan de haven door twee stormen zijn vertraagd.",
    "ru": "Городской совет во вторник сообщил, что новое расписание паромов начнёт действовать весной.",
}


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_guess_language(lang):
    assert guess_language(PARAGRAPHS[lang]) == lang


@pytest.mark.parametrize("text", [
    "", "Starmer wins vote", "12 34 56",
    "Keir Starmer, Rachel Reeves, Yvette Cooper, Wes Streeting, Angela Rayner, David Lammy, Ed Miliband, Lisa Nandy",
])
def test_too_little_to_call(text):
    assert guess_language(text) is None


def test_english_with_foreign_names_and_quotes_is_english():
    text = ("President Emmanuel Macron told reporters in Paris that \"la France est de retour\" as he met "
            "Chancellor Friedrich Merz, and the two leaders said they would present a joint plan on defence "
            "spending to the European Council next month.")
    assert guess_language(text) == "en"


def test_the_shipped_model_abstains_on_text_it_cannot_read():
    result = enrich_article(title="Le gouvernement présente son budget", text=PARAGRAPHS["fr"] * 2)
    assert result.category.name == "General" and "'fr'" in result.category.reason
    assert result.language == "fr"
    # a section signal still decides
    with_section = enrich_article(title="Le budget", text=PARAGRAPHS["fr"], section="Politics")
    assert with_section.category.name == "Politics"


def test_an_instance_model_trained_on_its_own_language_is_used():
    rows = [{"title": f"Match {i}", "text": "Le club a gagné le match de football, le buteur a marqué deux buts.",
             "label": "Sport"} for i in range(3)]
    rows += [{"title": f"Bourse {i}", "text": "Les actions de la banque ont progressé après des bénéfices record.",
              "label": "Business"} for i in range(3)]
    model = CategoryModel.train(rows, include_default_corpus=False)
    result = enrich_article(title="Le club gagne", text="Le club a gagné le match de football hier soir, "
                            "le buteur a marqué deux buts devant ses supporters.", category_model=model,
                            category_threshold=0.0)
    assert result.category.name == "Sport"


def test_tags_of_a_text_in_another_language_are_names():
    """The tagger's lexicons are English: on a French or German article its function words
    and lowercase phrases made tags (#surleslignes, #unegreve, #sont, #dieunion)."""
    from tagwire.enrich import enrich_article

    fr = enrich_article(
        title="Les cheminots de la SNCF en grève sur les lignes du RER D",
        text="Les syndicats de la SNCF ont appelé à une grève sur les lignes du RER D à partir de lundi, "
             "a annoncé la direction dimanche soir. Selon la CGT, les négociations sur les salaires sont "
             "au point mort depuis trois semaines. Le trafic sera très perturbé entre Paris et Melun, et "
             "les usagers sont invités à privilégier le télétravail pendant toute la semaine.")
    tags = {t.tag for t in fr.tags}
    assert fr.language == "fr" and {"sncf", "rerd"} <= tags
    assert not tags & {"surleslignes", "unegreve", "sont", "appele", "selonlacgt"}
    assert all(any(c.isupper() or c.isdigit() for c in t.label) for t in fr.tags)
    de = enrich_article(
        title="Bundestag beschließt neues Heizungsgesetz",
        text="Der Bundestag hat am Freitag das umstrittene Heizungsgesetz verabschiedet. Nach langem Streit "
             "in der Koalition stimmte eine Mehrheit der Abgeordneten für den Entwurf. Die Union kritisierte "
             "das Verfahren als überhastet und kündigte eine Klage vor dem Bundesverfassungsgericht an, "
             "während Verbraucherschützer mehr Förderung für Hausbesitzer mit kleinem Einkommen forderten.")
    de_tags = {t.tag for t in de.tags}
    assert "bundestag" in de_tags and not de_tags & {"neues", "dieunion"}


def test_a_german_text_keeps_its_institutions_and_people_among_ten_names():
    """"für" joins every German noun phrase ("Förderung für Hausbesitzer" was a tag), and the
    phrases the foreign rule strips held the places of names (KfW, said three times, was lost)."""
    from tagwire.enrich import enrich_article

    de = enrich_article(
        title="Bundestag beschließt höhere Förderung für Hausbesitzer",
        text="Der Bundestag hat am Donnerstag eine höhere Förderung für Hausbesitzer beschlossen, die ihre "
             "Gasheizung gegen eine Wärmepumpe tauschen. Künftig übernimmt der Staat bis zu 70 Prozent der "
             "Kosten. Bauministerin Klara Geywitz sagte, die Reform sei ein wichtiger Schritt. Der Bund der "
             "Steuerzahler warnte vor hohen Kosten. Der Verband Haus & Grund forderte eine einfachere "
             "Antragstellung bei der Kreditanstalt für Wiederaufbau (KfW). Anträge können ab dem 1. März "
             "bei der KfW gestellt werden. Die KfW rechnet mit vielen Anträgen.")
    tags = {t.tag for t in de.tags}
    assert {"bundestag", "kfw", "klarageywitz"} <= tags, tags
    assert not tags & {"forderungfurhausbesitzer", "donnerstag", "marz", "prozentderkosten",
                       "bauministerinklarageywitz"}, tags


def test_tags_of_an_english_text_are_untouched_by_the_foreign_rule():
    from tagwire.enrich._foreign import foreign_tags
    from tagwire.types import TagAssignment

    tags = [TagAssignment("energybills", "energy bills", 1.0, "keyphrase", "key phrase")]
    assert foreign_tags(tags, "en") == tags and foreign_tags(tags, None) == tags
    assert foreign_tags(tags, "fr") == []  # a lowercase phrase in French: nothing to tell it by
    topic = [TagAssignment("groominggangs", "grooming gangs", 1.0, "topic", "rule")]
    assert foreign_tags(topic, "de") == topic  # the user's own topics stay
