"""Names as capitalised runs of tokens: where a run starts and ends, and the titles and
roles in front of a person ("Home Secretary Yvette Cooper" → "Yvette Cooper"). PURE."""

from __future__ import annotations

from tagwire.enrich._lexicon import (
    FIRST_NAMES,
    HONORIFICS,
    NAME_CONNECTORS,
    ORG_SUFFIXES,
    PEERAGE,
    PLACES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    STOPWORDS,
    TIME_ZONES,
    WEEKDAYS_MONTHS,
)
from tagwire.enrich._phrase_words import COMMON
from tagwire.enrich._text import Tok
from tagwire.enrich._wordclass import BREAKS

_NOT_NAMES = WEEKDAYS_MONTHS | TIME_ZONES | frozenset(w + "s" for w in WEEKDAYS_MONTHS if w.endswith("day"))


def chains(toks: list[Tok]) -> list[list[Tok]]:
    """Raw runs of capitalised tokens, joined by connectors ("Bank of England")."""
    chains: list[list[Tok]] = []
    cur: list[Tok] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        capish = t.cap and t.lower not in _NOT_NAMES and not (t.digit and t.text.isdigit())
        if capish and (not cur or (not cur[-1].brk and not t.start) or _owned_institution(cur[-1], t)):
            cur.append(t)
        elif (
            cur
            and t.lower in NAME_CONNECTORS
            and (t.lower != "for" or cur[-1].lower in _FOR_HEADS)  # not "Napoli for Victor Osimhen"
            and (t.lower != "für" or _fuer_joins(cur[-1].lower))  # not "Förderung für Hausbesitzer"
            and not (t.lower == "of" and cur[0].lower in FIRST_NAMES)  # "Jessica Pegula of the United States"
            and not cur[-1].brk
            and not t.brk
            and i + 1 < n
            and toks[i + 1].cap
        ):
            cur.append(t)
        elif cur and t.lower == "and" and not cur[-1].brk and not t.brk and _and_joins(toks, i + 1):
            cur.append(t)  # "Fire and Rescue Service", "AI Safety and Standards Bill"
        elif (  # "Society for the Prevention of Cruelty"
            cur
            and t.lower in ("of", "for")
            and cur[0].lower not in FIRST_NAMES
            and not cur[-1].brk
            and not t.brk
            and i + 2 < n
            and toks[i + 1].lower == "the"
            and not toks[i + 1].brk
            and toks[i + 2].cap
        ):
            cur.extend((t, toks[i + 1]))
            i += 1
        else:
            if cur:
                chains.append(cur)
            cur = [t] if capish else []
        if cur and cur[-1].brk and not (i + 1 < n and _owned_institution(cur[-1], toks[i + 1])):
            chains.append(cur)
            cur = []
        i += 1
    if cur:
        chains.append(cur)
    return [trim(c) for c in chains if trim(c)]


#: Institutions named after someone in the possessive: "St Aldhelm's Hospital", "King's
#: College", "Children's Commissioner", "Residents' Association" are one name, not a person
#: and a "Hospital".
_OWNED_HEADS = frozenset(
    "hospital hospitals college school church cathedral hall commissioner institute association society "
    "trust fund league party union".split()
)


def _owned_institution(prev: Tok, t: Tok) -> bool:
    # a country owns its institutions without naming them: "Greece's Institute of Geodynamics"
    return bool(prev.poss) and t.cap and not t.start and t.lower in _OWNED_HEADS and prev.lower not in PLACES


#: Words a name may continue from with "for" ("Institute for Fiscal Studies", "Office for
#: Budget Responsibility", "Campaign for Nuclear Disarmament"); after any other word "for"
#: joins two names ("Chelsea agree a fee with Napoli for Victor Osimhen").
_FOR_HEADS = ORG_SUFFIXES | ROLE_NOUNS | frozenset(
    "campaign alliance coalition action movement partnership programme program state citizens".split()
)

#: German nouns are all capitalised, so "für" joins two of them in any phrase ("Förderung für
#: Hausbesitzer", support for home owners); a name continues with it only from an institution
#: ("Kreditanstalt für Wiederaufbau", "Bundesamt für Migration", "Alternative für Deutschland").
_FUER_HEADS = ("amt", "anstalt", "ministerium", "institut", "verband", "bund", "stiftung", "zentrale",
               "zentrum", "gesellschaft", "kommission", "rat", "behörde", "agentur", "partei", "bündnis",
               "beauftragte", "beauftragter", "alternative", "gericht", "akademie", "verein", "büro")


def _fuer_joins(prev: str) -> bool:
    return prev in _FOR_HEADS or prev.endswith(_FUER_HEADS)


#: Heads of names that may hold "and": an organisation or a law ("Safety and Standards Bill").
_AND_HEADS = ORG_SUFFIXES | frozenset(("bill", "act", "acts", "regulations"))


def _and_joins(toks: list[Tok], j: int) -> bool:
    """The capitalised words after "and" end, within three words, in an organisation or a
    law: one name ("Fire and Rescue Service"), not two ("Keir Starmer and Rachel Reeves")."""
    for k in range(j, min(j + 3, len(toks))):
        t = toks[k]
        if not t.cap or t.start:
            return False
        if t.lower in _AND_HEADS:
            return True
        if t.brk:
            return False
    return False


def trim(chain: list[Tok]) -> list[Tok]:
    while chain and (
        chain[-1].lower in NAME_CONNECTORS
        or not chain[-1].cap
        or (len(chain) > 1 and (chain[-1].lower in HONORIFICS or chain[-1].lower in _POST_NOMINALS))
    ):
        chain = chain[:-1]
    while chain and (
        chain[0].lower in NAME_CONNECTORS
        or chain[0].lower in _ARTICLES  # "The Senate", "The Chicago Teachers Union"
        or not chain[0].cap
        or ("'" in chain[0].lower and chain[0].lower in STOPWORDS)  # "I'm Clarence Thomas"
        or chain[0].lower.endswith(_DESCRIBING)  # "Denver-based Qwest"
    ):
        chain = chain[1:]
    return chain


#: "Society for the Prevention of Cruelty to Animals" has eight words.
MAX_NAME_WORDS = 8
_ARTICLES = frozenset(("the", "a", "an"))
#: Letters after a name: "Richard Mansell KC" is "Richard Mansell".
_POST_NOMINALS = frozenset("kc qc mp msp mla obe mbe cbe kbe dbe jr sr phd frs".split())
_DESCRIBING = ("-based", "-led", "-owned", "-backed", "-born", "-run", "-made")


def peer_title(chain: list[Tok]) -> bool:
    """"Lord Reed", "Baroness Hale": a peerage title and one word that is not a first name."""
    return (
        len(chain) == 2
        and chain[0].lower in PEERAGE
        and chain[1].lower not in FIRST_NAMES
        and not _is_role(chain[1])  # "Lord Chancellor", "Lord Mayor" are roles
    )


def _is_role(t: Tok) -> bool:
    return t.lower in ROLE_NOUNS or t.lower in ROLE_MODIFIERS


def split_roles(chain: list[Tok]) -> tuple[list[list[Tok]], bool]:
    """Drop honorifics and roles; return the name parts and a person hint."""
    hint = False
    while chain and chain[0].lower in HONORIFICS:
        if peer_title(chain):  # "Lord Reed" is how the peer is known
            return [chain], True
        chain, hint = chain[1:], True
    i = 0
    while i < len(chain):
        if not _is_role(chain[i]):
            i += 1
            continue
        j = i
        while j < len(chain) and (_is_role(chain[j]) or chain[j].lower == "of"):
            j += 1
        while j > i and chain[j - 1].lower == "of":
            j -= 1
        if not any(t.lower in ROLE_NOUNS for t in chain[i:j]):
            i = j
            continue
        if j == len(chain) - 1 and chain[j].lower in ORG_SUFFIXES:  # "Premier League"
            i = j
            continue
        if j < len(chain):  # a role before a name
            head, rest = trim(chain[:i]), trim(chain[j:])
            while rest and rest[0].lower in HONORIFICS:
                rest = rest[1:]
            parts, _ = split_roles(rest)
            return ([head] if head else []) + parts, True
        if i > 0 and chain[i - 1].lower in NAME_CONNECTORS:  # "Ministry of Justice"
            i = j
            continue
        head = trim(chain[:i])
        return ([head] if head else []), hint
    return ([chain] if chain else []), hint


#: Common nouns that open a name: "Storm Kester brought..." at a sentence start is
#: the storm's name even though the text also writes "the storm".
NAME_HEADS = frozenset(
    "storm hurricane cyclone typhoon tropical operation river lake mount cape port fort "
    "lake loch glen royal saint st camp".split()
)

#: Classes of a sentence's first word that make it no part of a name after it.
NOT_NAME_START = BREAKS | frozenset(("VBG", "VBN", "CD"))


def person_shaped(part: list[Tok]) -> bool:
    return (
        all(t.cap and not t.acronym and not t.digit for t in part)
        and part[-1].lower not in ORG_SUFFIXES
        and not any(t.lower in NAME_CONNECTORS for t in part[1:-1] if t.lower != "de")
        and " ".join(t.lower for t in part) not in PLACES
        and not any(t.lower in PLACES or t.lower in COMMON for t in part)
    )
