"""The demo publisher's world: outlets, articles, dates and images from content.json.

Pure data and small helpers shared by the page renderer (``pages.py``) and the
feeds and server (``publisher.py``).
"""

from __future__ import annotations

import email.utils
import html
import json
import re
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

CONTENT_PATH = Path(__file__).with_name("content.json")
IMAGE_SIZE = (640, 360)  # every article image is a flat-colour PNG of this size

try:  # pragma: no cover - depends on the system tz database
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        _LONDON: tzinfo = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        _LONDON = timezone.utc
except ImportError:  # pragma: no cover
    _LONDON = timezone.utc

_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "opml": "text/x-opml; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "png": "image/png",
}

_ACCENTS = {
    "northgate-herald": (0x12, 0x2B, 0x4A),
    "daily-meridian": (0xC8, 0x10, 0x2E),
    "riverside-chronicle": (0x1F, 0x6F, 0x5C),
    "coastline-news": (0x00, 0x6E, 0xA8),
    "westmarch-gazette": (0x6B, 0x3E, 0x26),
}


def e(value: object) -> str:
    """Escape text for HTML or XML element content and attribute values."""
    return html.escape(str(value), quote=True)


def load_content(path: Path | None = None) -> dict:
    """The raw content document: ``{"outlets": [...], "articles": [...]}``."""
    return json.loads((path or CONTENT_PATH).read_text(encoding="utf-8"))


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _numeric_id(outlet: str, slug: str) -> int:
    return 1_000_000 + zlib.crc32(f"{outlet}/{slug}".encode()) % 9_000_000


def _label(section: str) -> str:
    """Human label for a section name; slug-style names ("uk-politics") get prettified."""
    if section != section.lower():
        return section
    words = section.replace("-", " ").split()
    words = [w.upper() if w in ("uk", "us", "eu", "ai", "nhs") else w for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _http_date(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A tiny valid PNG filled with one colour (used for article images)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def _json_ld(data: object, pretty: bool = False) -> str:
    if pretty:
        text = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


@dataclass
class OutletFeed:
    name: str
    slug: str
    feed_url: str
    home_url: str
    kind: str


@dataclass
class _Resource:
    body: bytes
    content_type: str
    last_modified: datetime | None = None
    etag: str | None = None
    cache_control: str = "max-age=300"


# --------------------------------------------------------------------------
# Site model: outlets and articles with computed URLs and dates
# --------------------------------------------------------------------------


class _Site:
    def __init__(self, base_url: str, now: datetime, content: dict) -> None:
        self.base_url = base_url.rstrip("/")
        self.now = now
        self.outlets: dict[str, dict] = {}
        for raw in content["outlets"]:
            o = dict(raw)
            o["tz"] = _LONDON if o.get("timezone") == "Europe/London" else timezone.utc
            o["home_path"] = f"/{o['slug']}/"
            o["feed_path"] = f"/{o['slug']}/feed.xml"
            o["home_url"] = self.base_url + o["home_path"]
            o["feed_url"] = self.base_url + o["feed_path"]
            self.outlets[o["slug"]] = o
        self.articles: list[dict] = []
        for raw in content["articles"]:
            a = dict(raw)
            o = self.outlets[a["outlet"]]
            a["outlet_name"] = o["name"]
            a["id"] = _numeric_id(a["outlet"], a["slug"])
            a["published"] = now - timedelta(hours=a["age_hours"])
            upd = a.get("updated_hours")
            a["modified"] = now - timedelta(hours=upd) if upd is not None else a["published"]
            a["path"] = self._article_path(o, a)
            a["url"] = self.base_url + a["path"]
            params = a.get("feed_link_params")
            a["feed_link"] = a["url"] + ("?" + params if params else "")
            a["image_url"] = f"{self.base_url}/{a['outlet']}/media/{a['id']}.png"
            a["visible_paragraphs"] = self._visible_paragraphs(a)
            self.articles.append(a)
        self.articles.sort(key=lambda a: a["published"], reverse=True)
        self.by_outlet: dict[str, list[dict]] = {s: [] for s in self.outlets}
        for a in self.articles:
            self.by_outlet[a["outlet"]].append(a)

    @staticmethod
    def _article_path(o: dict, a: dict) -> str:
        section = _slugify(a["section"])
        with_section = a.get("section_in_url", True)
        local = a["published"].astimezone(o["tz"])
        ymd = f"{local:%Y/%m/%d}"
        slug, oid = a["slug"], o["slug"]
        scheme = o.get("url_scheme")
        if scheme == "dated-section":
            mid = f"news/{section}/" if with_section else "news/"
            return f"/{oid}/{mid}{ymd}/{slug}"
        if scheme == "section-id":
            mid = f"{section}/" if with_section else ""
            return f"/{oid}/{mid}{slug}-{a['id']}"
        if scheme == "section-article":
            mid = f"{section}/" if with_section else ""
            return f"/{oid}/{mid}article/{slug}"
        if scheme == "date-first":
            mid = f"{section}/" if with_section else ""
            return f"/{oid}/{ymd}/{mid}{slug}/"
        mid = f"{section}/" if with_section else ""
        return f"/{oid}/{mid}{slug}-{a['id']}.html"

    @staticmethod
    def _visible_paragraphs(a: dict) -> list[str]:
        paras = list(a["paragraphs"])
        if not a.get("paywalled"):
            return paras
        shown = paras[:2]
        if a.get("paywall_cut") == "mid-sentence" and len(shown) == 2:
            words = shown[1].split()
            cut = max(8, int(len(words) * 0.55))
            # stop mid-sentence: never right after a full stop
            while cut < len(words) - 1 and words[cut - 1][-1] in ".!?”\"":
                cut += 1
            shown[1] = " ".join(words[:cut])
        return shown

    # -- helpers used by the renderers --------------------------------------

    def iso(self, o: dict, dt: datetime) -> str:
        return dt.astimezone(o["tz"]).isoformat(timespec="seconds")

    def related(self, a: dict, limit: int = 4) -> list[dict]:
        pool = [x for x in self.by_outlet[a["outlet"]] if x is not a]
        same = [x for x in pool if x["topic"] == a["topic"]]
        rest = [x for x in pool if x["topic"] != a["topic"]]
        return (same + rest)[:limit]

    def sections(self, o: dict) -> list[str]:
        seen: list[str] = []
        for a in self.by_outlet[o["slug"]]:
            if a["section"] not in seen and a["section"].lower() != "opinion":
                seen.append(a["section"])
        return sorted(seen, key=str.lower)


# --------------------------------------------------------------------------
# Shared page parts
# --------------------------------------------------------------------------


def _display_time(o: dict, dt: datetime) -> str:
    local = dt.astimezone(_LONDON)
    zone = local.tzname() or "GMT"
    style = o["style"]
    if style == "broadsheet":
        return (f"{_DAYS[local.weekday()][:3]} {local.day} {_MONTHS[local.month - 1][:3]} "
                f"{local.year} {local:%H.%M} {zone}")
    if style == "tabloid":
        return f"{local:%H:%M} {zone}, {local.day} {_MONTHS[local.month - 1]} {local.year}"
    if style == "magazine":
        return f"{local.day} {_MONTHS[local.month - 1]} {local.year}"
    if style == "regional":
        hour = local.hour % 12 or 12
        ampm = "am" if local.hour < 12 else "pm"
        return (f"{_ordinal(local.day)} {_MONTHS[local.month - 1][:3]} {local.year}, "
                f"{hour}:{local:%M}{ampm}")
    return f"{_MONTHS[local.month - 1]} {local.day}, {local.year}"

