"""Bot challenges and consent walls are not articles: recognise them and say so.

Cloudflare, DataDome, PerimeterX/HUMAN, Akamai and Incapsula answer bots with
an HTML page (often 403/429/503) that would otherwise be stored as article text.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..errors import ChallengeError

_MARKERS: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("Cloudflare challenge", re.compile(
        rb"cf-browser-verification|cf_chl_|challenge-platform|<title>\s*(Just a moment|Attention Required! \| Cloudflare)", re.I)),
    ("DataDome challenge", re.compile(rb"captcha-delivery\.com|geo\.captcha-delivery|datadome", re.I)),
    ("PerimeterX challenge", re.compile(rb"px-captcha|_pxCaptcha|perimeterx", re.I)),
    ("Incapsula challenge", re.compile(rb"_Incapsula_Resource|incapsula incident", re.I)),
    ("Akamai block page", re.compile(rb"<title>\s*Access Denied\s*</title>.*Reference #", re.I | re.S)),
    ("cookie consent wall", re.compile(
        rb"<title>[^<]{0,80}(consent|cookie|privacy)[^<]{0,80}</title>.{0,4000}(consent\.|cmp|accept all)", re.I | re.S)),
)

# A challenge page is small; a long article that merely mentions "Cloudflare" or loads
# DataDome's script is not one. Refusal statuses get a larger allowance.
_MAX_CHALLENGE_BYTES = 64_000
_MAX_OK_CHALLENGE_BYTES = 16_000


def detect_challenge(status: int, headers: Mapping[str, str], body: bytes) -> ChallengeError | None:
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return ChallengeError("blocked by a Cloudflare challenge (cf-mitigated)")
    limit = _MAX_CHALLENGE_BYTES if status in (401, 403, 429, 503) else _MAX_OK_CHALLENGE_BYTES
    if len(body) > limit:
        return None
    head = body[:_MAX_CHALLENGE_BYTES]
    for name, pattern in _MARKERS:
        if pattern.search(head):
            return ChallengeError(f"blocked by a {name} (HTTP {status}), not an article")
    return None
