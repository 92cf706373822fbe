"""How specific a word is: a prior from general English word frequencies.

Common words ("plan", "people") make weak tags; rare ones ("hurricane",
"apportionment") make strong ones. The prior is ``ZIPF_TOP - zipf(word)``,
where zipf is log10 of a word's frequency per billion words, read from the
``wordfreq`` package's small English list (about 29,000 words, bundled in
the package, loaded offline in about 20 ms on first use). A word missing from
the list is rarer than any listed word and gets the highest prior.

Without ``wordfreq`` installed every word gets the same prior, so tagging
still works, only with less help from word rarity.
"""

from __future__ import annotations

import math
from functools import lru_cache

ZIPF_TOP = 7.0  # about the zipf of "the"
ZIPF_UNKNOWN = 2.5  # below the small list's floor of 3
NEUTRAL = 3.0


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float] | None:
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # optional: see the module docstring
        return None
    return get_frequency_dict("en", wordlist="small")


@lru_cache(maxsize=65536)
def specificity(word: str) -> float:
    """``ZIPF_TOP - zipf(word)``, from about 0 ("the") to 4.5 (unlisted)."""
    table = _frequencies()
    if table is None:
        return NEUTRAL
    freq = table.get(word)
    if freq is None and word.endswith("s"):
        freq = table.get(word[:-1])
    zipf = math.log10(freq) + 9.0 if freq else ZIPF_UNKNOWN
    return max(0.0, ZIPF_TOP - zipf)
