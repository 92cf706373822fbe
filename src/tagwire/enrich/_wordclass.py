"""Word classes: the most frequent part of speech of an English word.

Key phrases are noun phrases ("illegal aliens", "drought aid"), so a word
that is mostly a finite verb ("delete", "contends"), an adverb or a
preposition breaks a phrase, and a phrase must end in a noun. A tagger that
reads each word in its sentence would be better, but a pure-Python averaged
perceptron (the usual cheap one) took about 8 ms for a 600-word article here,
more than all of tagging takes (2-4 ms); a lexicon is one dictionary look-up
per word.

The lexicon is the one TextBlob ships (``textblob/en/en-lexicon.txt``, about
94,000 words with their most frequent Penn Treebank tag, from Brill's tagger,
trained on the Brown corpus and the Penn Treebank; MIT/BSD licensed). It is
read straight from the installed package's folder, without importing TextBlob
(and so NLTK): about 0.2 s once per process. Without TextBlob every word is
of unknown class and tagging falls back on the word lists of ``_lexicon.py``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

#: Classes that never sit inside a key phrase ("of" is let through by the caller).
#: A base-form verb ("VB") may: it is mostly a noun too ("tornado watch", "tax cut").
BREAKS = frozenset("VBD VBZ VBP MD RB RBR RBS IN DT CC PRP PRP$ WDT WP WP$ WRB UH TO EX PDT".split())
#: Classes a key phrase may end with: nouns (and words the lexicon calls foreign or numbers).
NOUNS = frozenset("NN NNS NNP NNPS FW CD".split())


def _lexicon_path() -> Path | None:
    try:
        spec = find_spec("textblob")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-lexicon.txt"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """word → tag; empty when TextBlob is not installed."""
    path = _lexicon_path()
    if path is None:
        return {}
    out: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 2 and not line.startswith(";"):
                    out[parts[0]] = parts[1]
    except OSError:
        return {}
    return out
