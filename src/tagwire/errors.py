"""One exception tree for everything tagwire raises on purpose.

    TagwireError
    ├── ConfigError (ValueError)            bad setting, bad TOML, bad CLI value
    ├── InvalidInputError (ValueError)      bad request: cursor, tag, URL given by a user
    ├── StorageError                        driver errors, wrapped at the storage edge
    │   └── NotFoundError (LookupError)     no such source / article / tag
    ├── FetchError                          one URL could not be fetched
    │   ├── BlockedURLError (ValueError)    refused by the SSRF guard or scheme check
    │   ├── HTTPStatusError                 non-2xx answer (carries .status, .retry_after)
    │   ├── ChallengeError                  a bot challenge or consent wall, not content
    │   ├── RobotsError                     robots.txt disallows the URL for our User-Agent
    │   │   └── RobotsUnavailableError      robots.txt itself failed (5xx): ask again soon
    │   └── TooLargeError                   body over the size cap
    ├── ParseError (ValueError)             a feed / OPML / TOML document that cannot be read
    ├── ExtractionError (ValueError)        a page that is not an article
    ├── AuthError                           missing, wrong or revoked credentials (HTTP 401)
    ├── ForbiddenError                      credentials fine, request refused: bad CSRF token (403)
    └── TooManyAttemptsError                failed logins throttled (429; carries .retry_after)

Callers catch ``TagwireError`` and show ``str(error)``: every message is one
line meant for a person.
"""

from __future__ import annotations


class TagwireError(Exception):
    """Root of every error tagwire raises on purpose."""


class ConfigError(TagwireError, ValueError):
    pass


class InvalidInputError(TagwireError, ValueError):
    pass


class StorageError(TagwireError):
    pass


class NotFoundError(StorageError, LookupError):
    pass


class FetchError(TagwireError):
    #: short machine-readable cause: http, timeout, network, blocked, too-large, ...
    cause = "network"


class BlockedURLError(FetchError, ValueError):
    cause = "blocked"


class HTTPStatusError(FetchError):
    cause = "http"

    def __init__(self, message: str, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ChallengeError(FetchError):
    cause = "challenge"


class RobotsError(FetchError):
    cause = "robots"


class RobotsUnavailableError(RobotsError):
    """robots.txt answered 5xx: nothing may be fetched from the host for a while."""

    cause = "robots-unavailable"


class TooLargeError(FetchError):
    cause = "too-large"


class ParseError(TagwireError, ValueError):
    cause = "parse"


class ExtractionError(TagwireError, ValueError):
    cause = "not-article"


class AuthError(TagwireError):
    pass


class ForbiddenError(TagwireError):
    pass


class TooManyAttemptsError(TagwireError):
    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after
