"""Administration: API tokens, admin users and their sessions, and feed controls.

Only hashes of secrets are stored: a token's or a session cookie's SHA-256 (they
are 32 random bytes, so a fast hash suffices) and a password's argon2id hash.
Hashing and checking happen in the facade (``tagwire/admin.py``); this module
stores and finds rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from ..errors import InvalidInputError, NotFoundError
from ..types import Feed, Source
from .articles import _no_nul
from .schema import admin_sessions, admin_users, api_tokens, feeds, sources


@dataclass(frozen=True, slots=True)
class ApiToken:
    """An API token as stored: never the token itself."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class AdminUser:
    username: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AdminSession:
    username: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime


def _token(row: Any) -> ApiToken:
    return ApiToken(id=row.id, name=row.name, created_at=row.created_at, last_used_at=row.last_used_at,
                    revoked_at=row.revoked_at)


class AdminMixin:
    # -- API tokens ------------------------------------------------------------------
    def add_token(self, name: str, token_hash: str, now: datetime) -> ApiToken:
        """A new token; refused while an active token has the same name (names identify them)."""
        with self.write("adding an API token") as conn:
            taken = conn.execute(select(api_tokens.c.id).where(
                api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))).first()
            if taken:
                raise InvalidInputError(f"an active token named {name!r} exists; revoke it or pick another name")
            new_id = conn.execute(api_tokens.insert().values(
                name=name, token_hash=token_hash, created_at=now)).inserted_primary_key[0]
        return ApiToken(id=new_id, name=name, created_at=now)

    def list_tokens(self) -> list[ApiToken]:
        with self.read("listing API tokens") as conn:
            return [_token(r) for r in conn.execute(select(api_tokens).order_by(api_tokens.c.id))]

    def token_by_hash(self, token_hash: str) -> ApiToken | None:
        with self.read("checking an API token") as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_hash == token_hash)).first()
        return _token(row) if row else None

    def touch_token(self, token_id: int, now: datetime, every_seconds: float = 60) -> None:
        """Record use, at most once a minute: a write per request would queue behind SQLite's one writer."""
        stale = now - timedelta(seconds=every_seconds)
        with self.write("recording token use") as conn:
            conn.execute(api_tokens.update().where(
                api_tokens.c.id == token_id,
                or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at < stale),
            ).values(last_used_at=now))

    def revoke_tokens(self, id_or_name: str, now: datetime) -> list[ApiToken]:
        """Revoke the active token with that id or name; the tokens revoked."""
        where = api_tokens.c.name == id_or_name
        if id_or_name.isdigit() and len(id_or_name) < 18:
            where = or_(where, api_tokens.c.id == int(id_or_name))
        with self.write("revoking an API token") as conn:
            rows = conn.execute(select(api_tokens).where(where, api_tokens.c.revoked_at.is_(None))).all()
            if not rows:
                raise NotFoundError(f"no active API token {id_or_name[:100]!r}")
            conn.execute(api_tokens.update().where(api_tokens.c.id.in_([r.id for r in rows]))
                         .values(revoked_at=now))
        return [replace(_token(r), revoked_at=now) for r in rows]

    # -- admin users -----------------------------------------------------------------------
    def add_admin_user(self, username: str, password_hash: str, now: datetime) -> AdminUser:
        with self.write("adding an admin user") as conn:
            if conn.execute(select(admin_users.c.username).where(admin_users.c.username == username)).first():
                raise InvalidInputError(f"admin user {username!r} exists; use `tagwire admin user password`")
            conn.execute(admin_users.insert().values(username=username, password_hash=password_hash,
                                                     created_at=now))
        return AdminUser(username=username, created_at=now)

    def list_admin_users(self) -> list[AdminUser]:
        with self.read("listing admin users") as conn:
            rows = conn.execute(select(admin_users.c.username, admin_users.c.created_at)
                                .order_by(admin_users.c.username))
            return [AdminUser(username=u, created_at=c) for u, c in rows]

    def admin_password_hash(self, username: str) -> str | None:
        with self.read("reading an admin user") as conn:
            return conn.execute(select(admin_users.c.password_hash)
                                .where(admin_users.c.username == username)).scalar()

    def set_admin_password(self, username: str, password_hash: str, *, end_sessions: bool) -> None:
        with self.write("changing an admin password") as conn:
            found = conn.execute(admin_users.update().where(admin_users.c.username == username)
                                 .values(password_hash=password_hash)).rowcount
            if not found:
                raise NotFoundError(f"no admin user {username!r}")
            if end_sessions:  # a changed password logs out whoever knew the old one
                conn.execute(admin_sessions.delete().where(admin_sessions.c.username == username))

    def remove_admin_user(self, username: str) -> None:
        with self.write("removing an admin user") as conn:
            conn.execute(admin_sessions.delete().where(admin_sessions.c.username == username))
            if not conn.execute(admin_users.delete().where(admin_users.c.username == username)).rowcount:
                raise NotFoundError(f"no admin user {username!r}")

    # -- sessions ---------------------------------------------------------------------------
    def add_admin_session(self, id_hash: str, username: str, csrf_token: str, now: datetime,
                          expires_at: datetime) -> AdminSession:
        with self.write("starting an admin session") as conn:
            conn.execute(admin_sessions.delete().where(admin_sessions.c.expires_at <= now))
            conn.execute(admin_sessions.insert().values(id_hash=id_hash, username=username, csrf_token=csrf_token,
                                                        created_at=now, expires_at=expires_at))
        return AdminSession(username=username, csrf_token=csrf_token, created_at=now, expires_at=expires_at)

    def admin_session(self, id_hash: str, now: datetime) -> AdminSession | None:
        """The session with that hash if it has not expired."""
        with self.read("reading an admin session") as conn:
            row = conn.execute(select(admin_sessions).where(admin_sessions.c.id_hash == id_hash,
                                                            admin_sessions.c.expires_at > now)).first()
        if row is None:
            return None
        return AdminSession(username=row.username, csrf_token=row.csrf_token, created_at=row.created_at,
                            expires_at=row.expires_at)

    def remove_admin_session(self, id_hash: str) -> None:
        with self.write("ending an admin session") as conn:
            conn.execute(admin_sessions.delete().where(admin_sessions.c.id_hash == id_hash))

    # -- feed controls -----------------------------------------------------------------------
    def feed_by_id(self, feed_id: int) -> Feed:
        with self.read("reading a feed") as conn:
            url = conn.execute(select(feeds.c.url).where(feeds.c.id == feed_id)).scalar()
        if url is None:
            raise NotFoundError(f"no feed {feed_id}")
        return self.get_feed_by_url(url)

    def set_feed_paused(self, feed_id: int, paused: bool) -> None:
        with self.write("pausing a feed" if paused else "resuming a feed") as conn:
            if not conn.execute(feeds.update().where(feeds.c.id == feed_id).values(paused=paused)).rowcount:
                raise NotFoundError(f"no feed {feed_id}")

    def schedule_feeds(self, now: datetime, feed_id: int | None = None) -> int:
        """Make unpaused feeds (all, or one) due now; the crawler picks them on its next look."""
        query = feeds.update().where(~feeds.c.paused)
        if feed_id is not None:
            query = query.where(feeds.c.id == feed_id)
        with self.write("scheduling feeds") as conn:
            return conn.execute(query.values(next_check=now)).rowcount

    def all_sources(self) -> list[Source]:
        with self.read("listing sources") as conn:
            rows = conn.execute(select(sources).order_by(sources.c.name))
            return [Source(id=r.id, name=r.name, home_url=r.home_url, language=r.language) for r in rows]

    def source_by_name(self, name: str) -> Source:
        with self.read("reading a source") as conn:
            row = conn.execute(select(sources).where(sources.c.name == name)).first()
        if row is None:
            raise NotFoundError(f"no source named {name[:200]!r}")
        return Source(id=row.id, name=row.name, home_url=row.home_url, language=row.language)

    def update_source(self, source_id: int, *, name: str | None = None, home_url: str | None = None,
                      clear_home: bool = False) -> Source:
        values: dict[str, Any] = {}
        name, home_url = _no_nul(name), _no_nul(home_url)  # PostgreSQL text holds no NUL
        if name is not None:
            values["name"] = name
        if home_url is not None or clear_home:
            values["home_url"] = home_url
        with self.write("editing a source") as conn:
            if name is not None and conn.execute(select(func.count()).select_from(sources).where(
                    sources.c.name == name, sources.c.id != source_id)).scalar():
                raise InvalidInputError(f"another source is named {name!r}")
            if values and not conn.execute(sources.update().where(sources.c.id == source_id)
                                           .values(**values)).rowcount:
                raise NotFoundError(f"no source {source_id}")
        return self.get_source(source_id)
