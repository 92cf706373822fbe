"""Keeping the archive bounded: ``keep_days`` of coverage, pruned once a day.

The facade's part (``RetentionFacade``); the rule of what goes is storage's
(``store/retention.py``). The cut is also what the crawler does not fetch: a feed
entry older than it would be deleted at the next prune, and fetched again after.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .errors import InvalidInputError
from .store.retention import Pruned

#: how often a crawling process prunes on its own
PRUNE_EVERY = timedelta(days=1)


def retention_cut(now: datetime, keep_days: int) -> datetime | None:
    """Coverage published before this goes; None keeps everything. PURE."""
    return now - timedelta(days=keep_days) if keep_days > 0 else None


def too_old(published: datetime | None, cut: datetime | None) -> bool:
    """A dated entry from before the cut is not fetched; an undated one is. PURE."""
    return cut is not None and published is not None and published < cut


class RetentionFacade:
    _pruned_at: datetime | None = None

    def prune(self, days: int | None = None, *, dry_run: bool = False) -> Pruned:
        """Delete coverage older than ``days`` (default: the ``keep_days`` setting), a whole
        story at a time; with ``dry_run``, only count it."""
        days = self.settings.keep_days if days is None else days
        if days < 1:
            raise InvalidInputError("nothing to prune: give --older-than DAYS (1 or more) or set keep_days")
        cut = retention_cut(datetime.now(timezone.utc), days)
        return self.storage.count_prunable(cut) if dry_run else self.storage.prune(cut)

    def prune_if_due(self) -> Pruned | None:
        """After a crawl pass: prune when ``keep_days`` is set and this process has not for a day."""
        now = datetime.now(timezone.utc)
        if not self.settings.keep_days or (self._pruned_at and now - self._pruned_at < PRUNE_EVERY):
            return None
        self._pruned_at = now
        return self.storage.prune(retention_cut(now, self.settings.keep_days))
