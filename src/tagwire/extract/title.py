"""Headline without the " | Publisher" decoration <title> tags carry."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " // ", " » ", " : ")
# Separators that nearly always introduce site furniture, not headline words;
# only after these do we strip an unknown short segment.
_STRONG = (" | ", " :: ", " // ", " » ", " • ")
_HOST_NOISE = {"www", "m", "amp", "mobile", "edition", "eu", "uk", "us", "com", "co", "org", "net", "news"}


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def host_label(url: str | None) -> str | None:
    """ "www.bbc.co.uk" -> "bbc", "example-times.com" -> "exampletimes"."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    labels = [label for label in host.split(".")[:-1] if label not in _HOST_NOISE]
    label = _key(max(labels, key=len)) if labels else ""
    return label if len(label) >= 3 else None


def clean_title(title: str | None, site_names: Iterable[str | None] = (), url: str | None = None) -> str | None:
    """Strip a publisher suffix or prefix; never return an empty headline."""
    if not title:
        return None
    title = normalise(title)
    names = {_key(name) for name in site_names if name and _key(name)}
    label = host_label(url)
    for _ in range(3):  # "Headline | Section | Publisher"
        shorter = _strip_once(title, names, label)
        if shorter == title:
            break
        title = shorter
    return title or None


def _strip_once(title: str, names: set[str], label: str | None) -> str:
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if len(head) >= 3 and _is_site(tail, names, label):
            return head.strip()
        first, _, rest = title.partition(sep)
        if len(rest) >= 3 and _is_site(first, names, label):
            return rest.strip()
    for sep in _STRONG:
        head, _, tail = title.rpartition(sep)
        if head and len(tail.split()) <= 4 and len(head) > 2 * len(tail):
            return head.strip()
    return title


def _is_site(segment: str, names: set[str], label: str | None) -> bool:
    key = _key(segment)
    if not key or len(segment.split()) > 6:
        return False
    if key in names:
        return True
    return bool(label) and (label in key or (len(key) >= 3 and key in label))
