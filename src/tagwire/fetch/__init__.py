"""Fetching: one HTTP client configuration (limits, SSRF guard, User-Agent) for every request."""

from .guard import Guard
from . import schedule
from .http import Fetcher, Response

__all__ = ["Fetcher", "Guard", "Response", "schedule"]
