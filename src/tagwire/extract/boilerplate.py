"""Paragraph-level filters for furniture trafilatura lets through.

Each rule only fires on short paragraphs: a long paragraph that mentions a
newsletter or a photograph is article text, a short one is a promo box.
"""

from __future__ import annotations

import re

from tagwire.extract.paragraphs import Paragraph
from tagwire.extract.paywall import STRONG_PROMPT, WEAK_PROMPT

_LABELS = re.compile(
    r"^(?:advertisement|advertising|advert|ad|ads|sponsored(?: content)?|paid content|"
    r"(?:story|article) continues (?:below|after)(?: this)?(?: advertisement| ad)?|"
    r"continue reading(?: below| the main story)?|scroll to continue(?: with content)?|"
    r"skip (?:advert|advertisement|ad)|supported by|related(?: stories| articles| content| coverage| topics| links)?|"
    r"more on this(?: story)?|read more|see also|most (?:read|popular|viewed)|recommended(?: for you)?|"
    r"you may also like|you might also like|top stories|trending(?: now)?|more from .{1,40}|"
    r"listen to (?:this )?article|comments?|follow us(?: on .{1,40})?|image|video|watch|loading|"
    # the same labels in German and French, reading times and "rate this article" prompts
    r"anzeige|werbung|lesen sie (?:auch|mehr)|mehr (?:zum thema|dazu)|weiterlesen|zum thema|auch interessant|"
    r"weitere (?:artikel|nachrichten|meldungen|themen)|das (?:thema )?könnte (?:sie|dich) (?:auch )?interessieren|"
    r"schon gelesen|mehr themen|teilen mit|wird geladen|bewerten|keine kommentare|"
    r"kontakt|teilen|kommentare|publicité|lire (?:aussi|la suite)|à lire aussi|voir aussi|"
    r"sur le même sujet|partager|permalien|(?:aktualisiert|updated|published|veröffentlicht|erstellt)(?: am)?|"
    r"\d{1,3} ?(?:min|mins|minutes?)\.? (?:read|lesezeit)|"
    r"(?:lesezeit|reading time):? ?\d{1,3} ?(?:min|minuten|minutes?)\.?|"
    r"(?:was|is) this (?:article|story|page) (?:helpful|useful)|rate this (?:article|story)|"
    r"wie (?:bewerten sie|gefällt ihnen) diese[nr]? (?:artikel|beitrag)|"
    r"(?:war|ist) dieser (?:artikel|beitrag) hilfreich|"
    r"(?:war der artikel|ist dieser artikel) nützlich|möchten sie (?:den|diesen) (?:artikel|beitrag) teilen|"
    # the same labels in Spanish, Portuguese and Italian
    r"(?:le|te) puede(?:n)? interesar|(?:lee|lea|leer|ver|mira) (?:también|además)|(?:noticias|notas) relacionadas|"
    r"(?:veja|leia|ler|ver) (?:também|mais)|(?:notícias|matérias) relacionadas|publicidade|publicidad|"
    r"potrebbe interessarti|articoli correlati|pubblicità|"
    # and Polish
    r"czytaj (?:też|także|również|więcej))\W*$",
    re.IGNORECASE,
)
_LEADS = re.compile(
    r"^(?:read more|read also|also read|related|see also|more|recommended|watch|listen|read next|"
    r"click here|more on this(?: story)?|related (?:story|stories|article|articles|coverage|content)|"
    r"read the latest|don't miss|also on [\w ]{1,20}|"
    r"(?:le|te) puede(?:n)? interesar|(?:lee|lea|ver|mira) (?:también|además)|(?-i:MIRA)(?=\s*:)|"
    r"(?:veja|leia) (?:também|mais)|leggi anche|puedes ver|czytaj (?:też|także|również)|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|(?:à )?lire aussi|voir aussi)\s*[:|–—»-]\s*",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^(?:image caption|image source|media caption|caption|photograph|photo|picture|credit|illustration|"
    r"image|video caption|getty images)\b\s*[:,]|"
    r"(?:photograph|photo|picture|image|illustration|credit)\s*:\s*[^.]{1,80}$|^\((?:photo|image|picture)\b[^)]*\)$|"
    # the same in French, German, Spanish and Italian; an agency's credit ("AFP / A. PHOTOGRAPHER")
    r"^(?:crédits? photos?|crédit|foto|fotos|bild|bildquelle|fotografía|imagen)\s*:|"
    r"^(?:afp|ap|dpa|epa|reuters|getty images|imago|picture alliance|keystone|efe|ansa)\s*/\s*[^.:]{1,60}$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved\W*$", re.IGNORECASE)
_SHARE_WORDS = {
    "share", "this", "article", "story", "page", "on", "via", "facebook", "twitter", "x", "whatsapp",
    "linkedin", "email", "e-mail", "copy", "link", "print", "pinterest", "reddit", "messenger", "telegram",
    "bluesky", "threads", "save", "tweet", "gift", "comments", "comment", "the", "and", "or", "to", "a",
}  # fmt: skip
# "Enjoyed this article? Share it with your friends!", "Síguenos en Instagram": a call to
# share or follow addressed to the reader. A story reports such calls too ("Join us, the union
# told nurses"; "Please share this appeal, police said"): a reporting verb keeps the line.
_CALL_TO_SHARE = re.compile(
    r"^(?:(?:like|liked|enjoy|enjoyed|love) (?:this|the) (?:story|article|post)\W+)?(?:please )?"
    r"(?:share (?:it|this(?: (?:article|story|post|page))?|the (?:article|story|post|page|link))(?=\W|$)|"
    r"follow (?:us|me)|join us|keep up with (?:us|me)|s[ií]g[au]?enos|s[ií]ganos|"
    r"únete|unete|siga-nos|segue-nos|seguici|folge(?:n sie)? uns)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|tells|tell|urged|urges|added|adds|warned|warns|wrote|writes|asked|asks|according to|"
    r"sagte|sagt|dijo|afirmó|a déclaré|a dit|ha detto)\b", re.IGNORECASE)
# the text a script would have replaced: WordPress's slideshow, a video or comment widget
_NEEDS_SCRIPT = re.compile(
    r"^(?:this (?:slideshow|gallery|video|content|feature|page|player) requires javascript|"
    r"(?:please )?(?:enable|turn on) javascript\b|javascript (?:is )?(?:required|disabled)\b|"
    r"you need (?:to enable )?javascript\b)",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(r"\bnewsletters?\b", re.IGNORECASE)
_SIGNUP = re.compile(
    r"\b(?:sign(?:ing)? up|subscribe|inbox|email address|privacy (?:policy|notice)|enter your email)\b", re.IGNORECASE
)
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONSENT = re.compile(
    r"\b(?:accept|consent|privacy|we use|manage (?:settings|preferences)|personalis|personaliz)", re.IGNORECASE
)
# Markup shown as text (a <noscript> pixel) and bare addresses.
_CODE_OR_URL = re.compile(r"^(?:<(?:[a-z][a-z0-9]*\b|/[a-z]|!--)[^>]*>\s*)+$|^(?:https?://|www\.)\S+$")
# A server's error shown in the page ("Warning: ... in /www/x.php on line 407"), and the post
# footer of WordPress's classic theme ("This entry was posted on ... and is filed under ...").
_SERVER_ERROR = re.compile(
    r"^(?:warning|notice|deprecated|strict standards|fatal error|parse error)\s*:.{1,500}\bon line \d+\W*$",
    re.IGNORECASE,
)
_POST_FOOTER = re.compile(
    r"^(?:this entry was posted|erstellt am)\b.{0,200}?\b(?:is filed under|abgelegt unter)\b", re.IGNORECASE
)
SENTENCE_END = re.compile(r"""[.!?…]["'”’)]?$""")
_BYLINE = re.compile(r"^(?:by|par|von|por|door)\s+\S", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:\s*(?:,|at|-|–|\|)?\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_DATELINE = re.compile(
    r"^(?:published|updated|last updated|posted|first published|modified|"
    r"aktualisiert|zuletzt aktualisiert|erstellt|veröffentlicht|publié|mis à jour)\b.{0,60}$|"
    rf"^{_WEEKDAY}(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}},?)\s+\d{{4}}{_TIME}$",
    re.IGNORECASE,
)
_STAMP = re.compile(
    rf"\b(?:published|updated|posted)\b|\d{{1,2}}[.:]\d{{2}}\s*(?:GMT|BST|UTC|CET|EST|EDT|[ap]\.?m\b)"
    rf"|\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b|\b{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b",
    re.IGNORECASE,
)


def is_time_stamp(text: str) -> bool:
    """A publication stamp ("Last modified on Tue 5 Mar 2024 10.15 GMT"), not a place and a day."""
    return bool(_STAMP.search(text) or _DATELINE.match(text))


def is_boilerplate(paragraph: Paragraph) -> bool:
    """True for promo, navigation, caption, share and consent paragraphs."""
    text = paragraph.text
    words = len(text.split())
    if words <= 8 and _LABELS.match(text):
        return True
    if _CODE_OR_URL.match(text) or _SERVER_ERROR.match(text) or _POST_FOOTER.match(text):
        return True
    if words <= 30 and _LEADS.match(text):
        return True
    if words <= 20 and (_CALL_TO_SHARE.match(text) or words <= 12 and _NEEDS_SCRIPT.match(text)):
        if not _REPORTED.search(text):
            return True
    if words <= 20 and paragraph.link_ratio >= 0.8 and _is_loose_line(paragraph):
        return True  # a bare headline link: related story, "more coverage"
    if words <= 40 and (_CAPTION.search(text) or _COPYRIGHT.search(text)):
        return True
    if words <= 12 and all(w.strip(".,:|•·-").lower() in _SHARE_WORDS for w in text.split()):
        return True
    if words <= 45 and _NEWSLETTER.search(text) and _SIGNUP.search(text):
        return True
    if words <= 30 and (STRONG_PROMPT.search(text) or WEAK_PROMPT.search(text)):
        return True  # "Subscribe to continue reading", "Already a subscriber?"
    return words <= 70 and bool(_COOKIE.search(text)) and bool(_CONSENT.search(text))


def _is_loose_line(paragraph: Paragraph) -> bool:
    """Not a heading, not a sentence, not a list item (lists are judged whole)."""
    return not paragraph.heading and paragraph.list_id is None and not SENTENCE_END.search(paragraph.text)


def is_header_furniture(paragraph: Paragraph, titles: tuple[str | None, ...]) -> bool:
    """The headline, byline or date line repeated at the top of the body."""
    text = paragraph.text
    for title in titles:
        if title and _same(text, title):
            return True
        if title and text.startswith(title) and _is_byline(text[len(title) :].strip()):
            return True  # "Headline by A. Writer": a title and byline run together
    return _is_byline(text)


def _is_byline(text: str) -> bool:
    words = len(text.split())
    if words <= 10:
        return bool(_BYLINE.match(text) or _DATELINE.match(text))
    # "By JO KEMBLE, HEALTH EDITOR Published: 07:20 GMT, 3 December 2026": a byline with a
    # role and its date stamp run long, but carries a stamp and does not end like a sentence
    return (words <= 18 and bool(_BYLINE.match(text)) and bool(_STAMP.search(text))
            and not SENTENCE_END.search(text))


def _same(a: str, b: str) -> bool:
    return _letters(a) == _letters(b)


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _link_lists(paragraphs: list[Paragraph]) -> set[int]:
    """Lists whose every item is mostly a link: "more on this story" boxes."""
    items: dict[int, list[Paragraph]] = {}
    for paragraph in paragraphs:
        if paragraph.list_id is not None:
            items.setdefault(paragraph.list_id, []).append(paragraph)
    return {key for key, group in items.items() if all(p.link_ratio >= 0.5 for p in group)}


def _is_orphan_heading(paragraph: Paragraph) -> bool:
    return paragraph.heading and len(paragraph.text.split()) <= 8 and not SENTENCE_END.search(paragraph.text)


def _in_header(paragraph: Paragraph, kept: list[Paragraph]) -> bool:
    """Still in the article's header: nothing kept yet, or only a standfirst above a byline line.

    A standfirst is often set above "By A. Writer Published: 07:03 GMT"; past it, only a line that
    does not end like a sentence can be header furniture ("By noon, it was over." is body text).
    """
    return not kept or (len(kept) <= 2 and not SENTENCE_END.search(paragraph.text))


def clean_paragraphs(paragraphs: list[Paragraph], titles: tuple[str | None, ...] = ()) -> list[str]:
    """Drop furniture, and header lines (title, byline, date) before the first kept paragraph."""
    link_lists = _link_lists(paragraphs)
    kept: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.list_id in link_lists:
            continue
        if index < 10 and _in_header(paragraph, kept) and is_header_furniture(paragraph, titles):
            continue
        if is_boilerplate(paragraph):
            continue
        kept.append(paragraph)
    while kept and _is_orphan_heading(kept[-1]):  # its section was all furniture
        kept.pop()
    return [paragraph.text for paragraph in kept]
