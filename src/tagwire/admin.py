"""Administration in the facade: API tokens, admin logins, and feed controls.

``AdminActions`` is a mixin of ``Tagwire``; the CLI, the admin pages and the admin
API call these methods and nothing below them.

Secrets: an API token and a session cookie are 32 random bytes, shown once; the
database keeps their SHA-256 only.  Passwords are hashed with argon2id
(argon2-cffi's defaults, RFC 9106's second recommendation), and a user that does
not exist costs the same verification as one that does, so timing names nobody.
Failed logins are throttled in memory per (username, client) and per client.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Callable, Sequence
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import AuthError, InvalidInputError, NotFoundError, TooManyAttemptsError
from .store.admin import AdminSession, AdminUser, ApiToken
from .types import Feed, FeedHealth, Source, Topic

if TYPE_CHECKING:
    from .settings import Settings
    from .store import Storage

__all__ = ["AdminActions", "AdminSession", "AdminUser", "ApiToken", "LoginThrottle", "hash_secret"]

SECRET_BYTES = 32
MIN_PASSWORD, MAX_PASSWORD = 8, 1024
_USERNAME = re.compile(r"[A-Za-z0-9_.@-]{1,100}")
_TOKEN_NAME = re.compile(r"[^\x00-\x1f\x7f]{1,100}")
_HASHER = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4


def hash_secret(value: str) -> str:
    """SHA-256 hex of a random secret: enough for 256-bit values, and fast per request."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


class LoginThrottle:
    """Sliding-window limit on failed logins, in memory (one process; a restart forgets).

    At most ``per_user`` failures per (username, client) and ``per_client`` per client
    within ``window`` seconds; past that every attempt is refused unchecked until the
    oldest failure leaves the window.  A success clears the (username, client) count.
    """

    def __init__(self, per_user: int = 5, per_client: int = 20, window: float = 900.0,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000):
        self.per_user, self.per_client, self.window = per_user, per_client, window
        self.clock, self.max_keys = clock, max_keys
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, username: str, client: str) -> None:
        """Raise TooManyAttemptsError while either limit is reached."""
        with self._lock:
            now = self.clock()
            wait = max(self._wait(("u", f"{username.lower()}\0{client}"), self.per_user, now),
                       self._wait(("c", client), self.per_client, now))
        if wait > 0:
            raise TooManyAttemptsError(f"too many failed logins; try again in {int(wait) + 1} s", retry_after=wait)

    def failed(self, username: str, client: str) -> None:
        with self._lock:
            now = self.clock()
            if len(self._failures) >= self.max_keys:
                self._prune(now)
            for key in (("u", f"{username.lower()}\0{client}"), ("c", client)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str, client: str) -> None:
        with self._lock:
            self._failures.pop(("u", f"{username.lower()}\0{client}"), None)

    def _wait(self, key: tuple[str, str], limit: int, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and times[0] <= now - self.window:
            times.popleft()
        return times[0] + self.window - now if len(times) >= limit else 0.0

    def _prune(self, now: float) -> None:
        stale = [k for k, t in self._failures.items() if not t or t[-1] <= now - self.window]
        for key in stale:
            del self._failures[key]
        if len(self._failures) >= self.max_keys:  # a flood of distinct keys: forget the oldest half
            for key in sorted(self._failures, key=lambda k: self._failures[k][-1])[: self.max_keys // 2]:
                del self._failures[key]


class AdminActions:
    """Facade methods for administration (mixed into ``Tagwire``)."""

    settings: "Settings"
    storage: "Storage"

    # -- API tokens ----------------------------------------------------------------------
    def create_token(self, name: str) -> tuple[ApiToken, str]:
        """A new API token: (its record, the token). The token is not stored and cannot be shown again."""
        name = (name or "").strip()
        if not _TOKEN_NAME.fullmatch(name):
            raise InvalidInputError("a token name is 1 to 100 printable characters")
        token = secrets.token_urlsafe(SECRET_BYTES)
        return self.storage.add_token(name, hash_secret(token), _now()), token

    def api_tokens(self) -> list[ApiToken]:
        return self.storage.list_tokens()

    def revoke_token(self, id_or_name: str) -> list[ApiToken]:
        return self.storage.revoke_tokens(str(id_or_name).strip(), _now())

    def check_token(self, token: str | None) -> ApiToken:
        """The active token this is, or AuthError (missing, unknown or revoked)."""
        if not token:
            raise AuthError("an API token is needed: send Authorization: Bearer <token>")
        found = self.storage.token_by_hash(hash_secret(token)) if len(token) <= 200 else None
        if found is None:
            raise AuthError("unknown API token")
        if not found.active:
            raise AuthError("this API token was revoked")
        now = _now()
        if found.last_used_at is None or found.last_used_at < now - timedelta(minutes=1):
            self.storage.touch_token(found.id, now)
        return found

    # -- admin users and sessions -----------------------------------------------------------------
    def create_admin_user(self, username: str, password: str) -> AdminUser:
        return self.storage.add_admin_user(_username(username), _hash_password(password), _now())

    def set_admin_password(self, username: str, password: str) -> None:
        """A new password; the user's sessions end."""
        self.storage.set_admin_password(_username(username), _hash_password(password), end_sessions=True)

    def remove_admin_user(self, username: str) -> None:
        self.storage.remove_admin_user(username.strip())

    def admin_users(self) -> list[AdminUser]:
        return self.storage.list_admin_users()

    def login(self, username: str, password: str, client: str) -> tuple[str, AdminSession]:
        """Check a password (throttled per user and client); (cookie value, session) on success."""
        throttle = self._login_throttle()
        throttle.check(username, client)
        stored = self.storage.admin_password_hash(username) if _USERNAME.fullmatch(username or "") else None
        if not _verify(stored, password or ""):
            throttle.failed(username, client)
            raise AuthError("wrong username or password")
        throttle.succeeded(username, client)
        if _HASHER.check_needs_rehash(stored):  # parameters raised since: upgrade on the way in
            self.storage.set_admin_password(username, _HASHER.hash(password), end_sessions=False)
        cookie = secrets.token_urlsafe(SECRET_BYTES)
        now = _now()
        expires = now + timedelta(hours=self.settings.admin_session_hours)
        session = self.storage.add_admin_session(hash_secret(cookie), username, secrets.token_urlsafe(SECRET_BYTES),
                                                 now, expires)
        return cookie, session

    def admin_session(self, cookie: str | None) -> AdminSession | None:
        """The live session a cookie value opens, or None."""
        if not cookie or len(cookie) > 200:
            return None
        return self.storage.admin_session(hash_secret(cookie), _now())

    def logout(self, cookie: str | None) -> None:
        if cookie and len(cookie) <= 200:
            self.storage.remove_admin_session(hash_secret(cookie))

    def _login_throttle(self) -> LoginThrottle:
        # dict.setdefault is atomic: two first logins at once still share one throttle
        return self.__dict__.setdefault("_throttle", LoginThrottle())

    # -- sources and feeds ---------------------------------------------------------------------
    def feed(self, ref: int | str) -> Feed:
        """A feed by id (a number) or by URL."""
        if isinstance(ref, int) or str(ref).strip().isdigit():
            return self.storage.feed_by_id(_row_id(ref, "feed"))
        return self.storage.get_feed_by_url(str(ref).strip())

    def pause_feed(self, ref: int | str) -> Feed:
        feed = self.feed(ref)
        self.storage.set_feed_paused(feed.id, True)
        return self.storage.feed_by_id(feed.id)

    def resume_feed(self, ref: int | str) -> Feed:
        feed = self.feed(ref)
        self.storage.set_feed_paused(feed.id, False)
        return self.storage.feed_by_id(feed.id)

    def remove_feed_ref(self, ref: int | str) -> Feed:
        feed = self.feed(ref)
        self.storage.remove_feed(feed.url)
        return feed

    def recrawl(self, ref: int | str | None = None) -> int:
        """Make every unpaused feed (or one) due now, with the pages that failed (not articles,
        dead links) asked for again; the crawler takes them on its next look.

        Nothing is fetched here: a request or a command never waits for publishers."""
        if ref is None:
            self.storage.forget_page_failures()
            return self.storage.schedule_feeds(_now())
        feed = self.feed(ref)
        if feed.paused:
            raise InvalidInputError(f"feed {feed.url} is paused; resume it first")
        self.storage.forget_page_failures(feed.source_id)
        return self.storage.schedule_feeds(_now(), feed.id)

    def source_ref(self, ref: int | str) -> Source:
        """A source by id, by one of its feeds' URLs, or by name."""
        text = str(ref).strip()
        if isinstance(ref, int) or text.isdigit():
            return self.storage.get_source(_row_id(ref, "source"))
        if text.startswith(("http://", "https://")):
            return self.storage.get_source(self.storage.get_feed_by_url(text).source_id)
        return self.storage.source_by_name(text)

    def edit_source(self, ref: int | str, *, name: str | None = None, home_url: str | None = None) -> Source:
        """Rename a source or change its home page (an empty home_url clears it)."""
        source = self.source_ref(ref)
        if name is not None:
            name = name.strip()
            if not 1 <= len(name) <= 200 or any(ord(c) < 32 for c in name):
                raise InvalidInputError("a source name is 1 to 200 printable characters")
        if home_url is not None:
            home_url = home_url.strip()
            if home_url and (urlsplit(home_url).scheme not in ("http", "https") or not urlsplit(home_url).netloc):
                raise InvalidInputError(f"home page must be an http(s) URL, not {home_url[:100]!r}")
        return self.storage.update_source(source.id, name=name, home_url=home_url or None,
                                          clear_home=home_url == "")

    def sources_with_feeds(self) -> list[tuple[Source, list[FeedHealth]]]:
        """Every source with its feeds' health, by name (sources without feeds too)."""
        by_source: dict[int, list[FeedHealth]] = {}
        for h in self.health():
            by_source.setdefault(h.feed.source_id, []).append(h)
        return [(s, by_source.get(s.id, [])) for s in self.storage.all_sources()]

    def stored_topics(self) -> Sequence[Topic]:
        """Topics added here (removable), as opposed to built-in or file ones."""
        return self.storage.list_topics()


def _row_id(ref: int | str, what: str) -> int:
    value = int(ref)
    if not 0 < value < 2**31:  # past INTEGER (32-bit on PostgreSQL, which refuses more): cannot exist
        raise NotFoundError(f"no {what} {value}")
    return value


def _username(name: str) -> str:
    name = (name or "").strip()
    if not _USERNAME.fullmatch(name):
        raise InvalidInputError("a username is 1 to 100 letters, digits or . _ @ -")
    return name


def _hash_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD:
        raise InvalidInputError(f"a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return _HASHER.hash(password)


_DUMMY: list[str] = []


def _verify(stored: str | None, password: str) -> bool:
    """argon2 verification; an unknown user is checked against a dummy hash so it takes as long."""
    if not _DUMMY:
        _DUMMY.append(_HASHER.hash(secrets.token_urlsafe(16)))
    try:
        return _HASHER.verify(stored or _DUMMY[0], password[:MAX_PASSWORD]) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
