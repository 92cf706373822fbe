"""The instance's taxonomy: the built-in categories, renamed, folded, removed or added to. PURE.

    built-in label (section table, shipped model)  ─┐
    configured name (section map file, instance model) ─┴→ Taxonomy.resolve → stored category

Two settings describe it (both plain strings, so they read the same from the
environment and from the TOML file):

* ``categories``: the category list in display order, comma- or
  newline-separated; empty means the built-in twelve. A built-in name left
  out is removed (its articles go to the fallback); a name that is not
  built-in is added (only the section map or an instance-trained model can
  produce it).
* ``category_renames``: ``Old=New`` pairs. ``New`` takes ``Old``'s place; if
  ``New`` is already a category, ``Old`` is folded into it (a parent).

The fallback is General, or what General was renamed to; it is always a
category. Unknown names resolve to the fallback, so a stale label can never
reach a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tagwire.enrich.categories import TAXONOMY
from tagwire.errors import ConfigError
from tagwire.types import CategoryAssignment

__all__ = ["DEFAULT_TAXONOMY", "Taxonomy", "parse_taxonomy"]

_BUILTIN = {name.lower(): name for name in TAXONOMY}
# the column is 40 characters; URL-safe enough to be a path segment once quoted
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 &'-]{0,39}$")


@dataclass(frozen=True)
class Taxonomy:
    names: tuple[str, ...]  # display order; contains ``fallback``
    renames: Mapping[str, str] = field(default_factory=dict)  # built-in → configured
    fallback: str = "General"

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lower", {n.lower(): n for n in self.names})

    @property
    def is_default(self) -> bool:
        return self.names == TAXONOMY and not self.renames

    @property
    def added(self) -> tuple[str, ...]:
        """Names that neither are nor replace a built-in category."""
        targets = set(self.renames.values())
        return tuple(n for n in self.names if n.lower() not in _BUILTIN and n not in targets)

    def lookup(self, name: str) -> str | None:
        """The configured spelling of a name, any case; None when it is not a category."""
        return self._lower.get((name or "").strip().lower())  # type: ignore[attr-defined]

    def resolve(self, name: str) -> str:
        """The configured category for a built-in label or a configured name."""
        key = (name or "").strip().lower()
        builtin = _BUILTIN.get(key)
        if builtin in self.renames:
            return self.renames[builtin]
        return self.lookup(name) or self.fallback

    def assign(self, found: CategoryAssignment) -> CategoryAssignment:
        """An assignment in configured names; the reason keeps the built-in label."""
        name = self.resolve(found.name)
        if name == found.name:
            return found
        return CategoryAssignment(name, f"{found.reason} → {name} (configured)")


DEFAULT_TAXONOMY = Taxonomy(TAXONOMY)


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


def _name(value: str, origin: str) -> str:
    if not _NAME.match(value):
        raise ConfigError(
            f'{origin}: "{value[:60]}" is not a usable category name '
            "(letters, digits, spaces, & ' -; at most 40 characters)"
        )
    return value


def _parse_renames(value: str) -> dict[str, str]:
    renames: dict[str, str] = {}
    for item in _items(value):
        old, sep, new = (part.strip() for part in item.partition("="))
        if not sep or not old or not new:
            raise ConfigError(f'category_renames: "{item[:60]}" is not Old=New')
        builtin = _BUILTIN.get(old.lower())
        if builtin is None:
            raise ConfigError(
                f'category_renames: "{old[:60]}" is not a built-in category (one of {", ".join(TAXONOMY)})'
            )
        renames[builtin] = _name(new, "category_renames")
    return renames


def parse_taxonomy(categories: str = "", renames: str = "") -> Taxonomy:
    """The taxonomy the two settings describe; ConfigError (one line) when they do not make one."""
    table = _parse_renames(renames or "")
    listed = [_name(n, "categories") for n in _items(categories or "")] or list(TAXONOMY)
    seen: set[str] = set()
    for name in listed:
        if name.lower() in seen:
            raise ConfigError(f'categories: "{name}" is listed twice')
        seen.add(name.lower())
    names: list[str] = []
    for name in listed:
        builtin = _BUILTIN.get(name.lower())
        name = table.get(builtin, builtin) if builtin else name
        if name.lower() not in {n.lower() for n in names}:  # else folded into a listed one
            names.append(name)
    known = {n.lower(): n for n in names}
    fallback = table.get("General", "General")
    if fallback.lower() not in known:  # the fallback is always a category
        names.append(fallback)
        known[fallback.lower()] = fallback
    for old, new in table.items():
        if new.lower() not in known:
            raise ConfigError(f'category_renames: {old}={new}, but "{new}" is not in categories')
        table[old] = known[new.lower()]
    return Taxonomy(tuple(names), table, known[fallback.lower()])
