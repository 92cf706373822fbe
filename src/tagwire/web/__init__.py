"""The site: server-rendered pages over the Tagwire facade."""

from .app import create_app

__all__ = ["create_app"]
