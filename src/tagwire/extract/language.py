"""Which language a text is written in, from its commonest words and its script (pure).

The shipped category model, word-class lexicon and stop words read English. Fed a
French budget story, the model still names a category ("Sport", 0.3), and a
confident wrong label is worse than General. So the enrichment asks this module
first; it only needs to be right about "English or not" on a paragraph or more,
which a handful of function words per language decides reliably (they make up a
third of running text in every language listed). Short texts and mixed scripts
give None: no guess rather than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata

# function words, written for tagwire from general knowledge of each language
_FUNCTION_WORDS = {
    "en": "the of and to in a is that for on with as was at by it from his her be are has have had "
          "said will not but this which who they their he she an were would been after its or also than",
    "fr": "le la les de des du et à un une est que qui dans pour sur pas au aux ce cette il elle ont "
          "sont par plus avec se sa son ses ne nous vous leur été être a mais ou où comme selon après avant contre "
          "entre sans sous vers chez depuis pendant lors",
    "de": "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an "
          "werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum war laut seit "
          "gegen ohne unter wegen trotz",
    "es": "el la de que y en los se del las un por con no una su para es al lo como más pero sus le ya "
          "o este ha sido fue entre cuando muy sin sobre también hasta desde según tras ante contra durante",
    "it": "il di che e la per un in è non una sono del della le si da al con dei gli ha anche nel alla "
          "più ma come delle dalla questo essere stato sua suo nella secondo dopo contro durante",
    "pt": "de que e o a do da em um para é com não uma os no se na por mais as dos como mas foi ao ele "
          "das tem à seu sua ou ser quando muito há nos já está também pelo pela segundo após contra durante",
    "nl": "de het een en van in is dat op te zijn voor met die niet aan er om ook als bij of maar dan "
          "nog wordt door naar heeft hij zij was worden werd tot uit deze",
    "sv": "och att det som en på är av för med till den har de inte om ett han men var jag sig från vi "
          "så kan när nu ska efter eller också",
    "da": "og i at det er en til på som de med for af den ikke har han et var om sig men fra vi så kan "
          "efter også eller skal blev",
    "no": "og i det er som på en til av at for med den har de ikke om et han men var seg fra vi så kan "
          "etter også eller skal ble",
    "pl": "i w nie na się z do że to jest o jak ale po co tak za od już przez dla są jego jej może było "
          "tym przy być który która które",
    "id": "dan yang di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh karena telah "
          "bisa mereka saat sudah lebih",
    "tr": "ve bir bu da de için ile çok daha olarak gibi en ama sonra kadar olan değil var ancak ise "
          "göre ilk şu",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+")
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff]")  # beyond Latin, Latin-1 and Latin Extended
MIN_WORDS = 12  # fewer: a headline or a name list, too short to call
READ_WORDS = 400
# scripts that name their language well enough for "not English"; others give their script
_SCRIPTS = (("CYRILLIC", "ru"), ("ARABIC", "ar"), ("HEBREW", "he"), ("GREEK", "el"), ("DEVANAGARI", "hi"),
            ("HANGUL", "ko"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("CJK", "zh"), ("THAI", "th"))


def _script(tokens: list[str]) -> str | None:
    """A language from the non-Latin script most letters are in, else None."""
    sample = "".join(tokens)
    others = _NON_LATIN.findall(sample)
    if len(others) * 2 <= len(sample):  # mostly Latin letters: the function words decide
        return None
    counts: dict[str, int] = {}
    for ch in others[:300]:
        name = unicodedata.name(ch, "")
        lang = next((lang for prefix, lang in _SCRIPTS if name.startswith(prefix)), None)
        if lang:
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    return lang if n * 2 > min(len(others), 300) else None


def function_words(language: str) -> frozenset[str]:
    """The function words listed for a language (its region ignored: "de-AT" is "de"); empty if none."""
    return _WORDS.get(language.split("-")[0].lower(), frozenset())


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code, or None when the text is too short or the words do not decide."""
    tokens = _TOKEN.findall(text[:4_000].lower())[:READ_WORDS]
    if not tokens:
        return None
    by_script = _script(tokens)
    if by_script:
        return by_script if len("".join(tokens)) >= 20 else None
    if len(tokens) < MIN_WORDS:
        return None
    scores = sorted(((sum(t in words for t in tokens), lang) for lang, words in _WORDS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    # running text of any listed language is a quarter or more function words; a clear lead decides
    if best < 0.15 * len(tokens) or best < 1.3 * second:
        return None
    return lang
