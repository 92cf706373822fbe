"""Errors to HTTP: the one table, shared by the pages and the JSON API.

Pages show the title and message; the API answers ``{"error": {"code", "message"}}``
with the code named here, so clients can branch on it without parsing prose.
"""

from __future__ import annotations

from ..errors import (AuthError, BlockedURLError, ForbiddenError, InvalidInputError, NotFoundError, ParseError,
                      StorageError, TooManyAttemptsError)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def status_for(exc: Exception) -> tuple[int, str]:
    """The one place errors become HTTP statuses: (status, title)."""
    if isinstance(exc, NotFoundError):
        return 404, "Not found"
    # ParseError: an uploaded OPML file; BlockedURLError: a feed URL given to subscribe to
    if isinstance(exc, (InvalidInputError, ParseError, BlockedURLError)):
        return 400, "Bad request"
    if isinstance(exc, StorageError):
        return 503, "Temporarily unavailable"
    if isinstance(exc, AuthError):
        return 401, "Unauthorized"
    if isinstance(exc, ForbiddenError):
        return 403, "Forbidden"
    if isinstance(exc, TooManyAttemptsError):
        return 429, "Too many attempts"
    status = getattr(exc, "status_code", 500)
    if status == 404:
        return 404, "Not found"
    return status, "Error"


def error_code(status: int) -> str:
    """A stable machine-readable code for a status (``http_418`` for one without a name)."""
    return _CODES.get(status, f"http_{status}")
