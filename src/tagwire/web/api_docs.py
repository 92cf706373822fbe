"""/api/v1/docs: the API's reference as a plain page, rendered from its OpenAPI document.

Why not Swagger UI: it loads scripts and styles from a CDN, which the site's CSP
(``default-src 'none'``, no scripts anywhere) forbids. Relaxing the CSP for one
route would put third-party code from outside the instance in front of its
operators, and vendoring Swagger UI would add megabytes of JavaScript to a
site that has none. A server-rendered list of paths, parameters and response
models says what a reader needs; tools take /api/v1/openapi.json directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # query | path
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    parameters: tuple[Parameter, ...]
    responses: tuple[tuple[str, str], ...]  # (status, model name)


def operations(schema: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI document, paths prefixed with its first server URL."""
    base = (schema.get("servers") or [{}])[0].get("url", "").rstrip("/")
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            found.append(Operation(
                method=method.upper(), path=base + path, summary=op.get("summary", ""),
                parameters=tuple(_parameter(p) for p in op.get("parameters", ())),
                responses=tuple((status, _model(r)) for status, r in sorted(op.get("responses", {}).items())),
            ))
    return found


def _parameter(p: dict[str, Any]) -> Parameter:
    return Parameter(name=p["name"], where=p.get("in", ""), type=_type(p.get("schema", {})),
                     required=bool(p.get("required")), description=p.get("description", ""))


def _type(schema: dict[str, Any]) -> str:
    """'integer (1-100)', 'string or null': enough for a person reading the page."""
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    name = schema.get("format") or schema.get("type", "any")
    bounds = [str(schema[k]) for k in ("minimum", "maximum") if k in schema]
    return f"{name} ({'-'.join(bounds)})" if len(bounds) == 2 else name


def _model(response: dict[str, Any]) -> str:
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] or response.get("description", "")
