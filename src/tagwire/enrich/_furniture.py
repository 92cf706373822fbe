"""Newsroom furniture that is not the news: bylines, datelines, credits, timestamps. PURE.

Extraction drops most of it from a page, but the batch command, feed summaries
and wire copy hand text over as written, and a reader gains nothing from
#helencarter (the byline), #newdelhi (the dateline of a story about Bihar),
#politicalcorrespondent or #gmt (a live blog's timestamps). Only whole lines
(or a dateline's prefix) that look like furniture are removed; each pattern is
anchored and bounded, so a hostile line costs linear time.
"""

from __future__ import annotations

import re

__all__ = ["strip_furniture"]

_MAX_FURNITURE = 160  # characters: a longer line is prose, whatever it starts with

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|da|di|al|bin))*"

#: "By Helen Carter, Political Correspondent", "By Jo Smith and Ann Lee in Sydney".
_ROLE = r"(?:[a-z]+\s+){0,3}(?:correspondent|editor|reporter|writer|columnist|journalist)"
_BYLINE = re.compile(
    rf"(?:By|BY|Written by|Words by|Words:)\s+{_NAME}"
    rf"(?:\s*(?:,|and|&|\||-|–|—|in)\s*(?:{_NAME}|{_ROLE}|@\w+))*\s*\.?"
)

#: Credits at the foot of wire copy and of agency stories.
_CREDIT = re.compile(
    r"\(?\s*(?:(?:Additional\s+)?[Rr]eporting|Writing|Editing|Compiled|Produced|Research)\s+by\b.*"
    r"|.{0,120}\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story)\b.*"
    r"|(?:Copyright|©|\([Cc]\))\s.*|.{0,80}\bAll rights reserved\b.*"
    r"|(?:Key events|Show key events only|Advertisement|Skip past newsletter promotion|Live|Updated|"
    r"Follow (?:our|us|the).{0,60}|Sign up .{0,80}|Read more.{0,80}|Related:.{0,120})\s*"
)

#: "Sarah Lindqvist is a writer on work and technology." as the last line of an opinion piece.
_BIO = re.compile(
    rf"{_NAME}\s+is\s+(?:a|an|the)\s+[^.]{{0,80}}?\b(?:writer|columnist|correspondent|editor|"
    r"reporter|journalist|author|professor|fellow|lecturer|economist|contributor|commentator|"
    r"broadcaster|novelist|researcher)s?\b[^.]{0,100}\.?"
)

#: A live blog's timestamp, on a line of its own or in front of the entry.
_ZONES = "GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT|IST|AEST|AEDT|AWST|ACST|NZST|NZDT"
_TIME = rf"\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*(?:{_ZONES})?"
_TIME_LINE = re.compile(rf"(?:{_TIME}|(?:Updated|Published)\s.{{0,60}})")
_TIME_PREFIX = re.compile(rf"{_TIME}\s*(?:[-–—|:]\s*)?(?=[A-Z])")

#: "WASHINGTON (AP) —", "LONDON, Dec 3 (Reuters) -", "NEW DELHI:", "CHICAGO —".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*[A-Z][A-Za-z.]{1,12}(?:\s+[A-Z][A-Za-z.]{1,12})?)?"  # ", Dec 3" / ", N.S.W."
    r"(?:\s+\d{1,2})?(?:,\s*\d{4})?"
    r"(?:\s*\([A-Za-z][\w .&-]{0,30}\))?"
    r"\s*(?:[—–:]|--|-(?=\s))\s*"
)


def _is_furniture(line: str, last: bool) -> bool:
    if len(line) > _MAX_FURNITURE:
        return False
    if _BYLINE.fullmatch(line) or _CREDIT.fullmatch(line) or _TIME_LINE.fullmatch(line):
        return True
    return last and _BIO.fullmatch(line) is not None


def strip_furniture(text: str) -> str:
    """The text without byline, credit, copyright, author-bio and timestamp lines,
    and without the dateline in front of its first line."""
    lines = text.split("\n")
    kept: list[str] = []
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    last = nonblank[-1] if nonblank else -1
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or _is_furniture(line, i == last):
            continue
        if not kept:
            m = _DATELINE.match(line)
            if m and m.end() < len(line):
                line = line[m.end():]
        m = _TIME_PREFIX.match(line)
        if m:
            line = line[m.end():]
        kept.append(line)
    return "\n\n".join(kept)
