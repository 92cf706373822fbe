"""Storage: one contract, SQLAlchemy Core underneath; dialect-specific SQL stays in here."""

from .storage import Storage, open_storage

__all__ = ["Storage", "open_storage"]
