"""Offline demo material: a fake multi-outlet news publisher for ``tagwire demo`` and tests.

The names below are loaded lazily so that ``python -m tagwire.demo.publisher``
does not import the module twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["OutletFeed", "Publisher", "start_publisher"]

if TYPE_CHECKING:  # pragma: no cover
    from tagwire.demo.publisher import OutletFeed, Publisher, start_publisher


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tagwire.demo import publisher

        return getattr(publisher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
