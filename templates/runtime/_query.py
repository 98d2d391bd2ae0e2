"""How argument values are written into a path, a query string, headers and cookies.

Values go through :func:`_serde.dump` first (enums, dates, UUIDs and models become JSON
data), then booleans are written ``true``/``false`` as JSON and most servers expect. A query
object is written in OpenAPI's default ``form`` style: one pair per property when exploded
(``?name=Rex&age=3``), ``key=name,Rex,age,3`` when not. What form style cannot spell (an
object inside an array, an array inside an object) is written as compact JSON text, never
as Python's ``repr``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from . import _serde
from ._types import NOT_GIVEN

__all__ = ["add_query", "cookie_header", "encode_query", "fill_path", "named", "text"]


def named(exc: TypeError | ValueError, arguments: Iterable[tuple[str, str, Any]]) -> Exception:
    """``exc`` again, saying which argument's value could not be sent.

    Called only after building a request failed: each value is tried again on its own.
    """
    for what, key, value in arguments:
        many = isinstance(value, (list, tuple, set, frozenset))
        try:
            for item in value if many else (value,):
                if item is not NOT_GIVEN and item is not None:
                    text(item)
        except (TypeError, ValueError):
            return type(exc)(f"{what} {key!r}: {exc}")
    return exc


def text(value: Any) -> str:
    """One parameter value as text; a list or an object as compact JSON."""
    value = _serde.dump(value)
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)) or value is None:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def fill_path(template: str, names: Sequence[str], values: Sequence[Any]) -> str:
    """``/things/{id}`` with each ``{name}`` replaced by its value, percent-encoded."""
    path = template
    for name, value in zip(names, values, strict=True):
        # An int's text (digits, maybe a minus sign) has nothing to percent-encode.
        segment = str(value) if value.__class__ is int else quote(text(value), safe="")
        path = path.replace("{" + name + "}", segment)
    return path


def add_query(pairs: list[tuple[str, str]], key: str, value: Any, *, explode: bool = True) -> None:
    """Arrays become repeated keys (``?a=1&a=2``), or one ``a=1,2`` when not exploded;
    objects become one pair per property, or one ``a=k,v,k2,v2`` when not exploded.

    Unset and ``None`` values (and ``None`` items) are left out; sets are sorted, so the URL
    is deterministic.
    """
    if value is NOT_GIVEN or value is None:
        return
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    value = _serde.dump(value)
    if isinstance(value, dict):
        fields = [(k, v) for k, v in value.items() if v is not None]
        if explode:
            pairs.extend((str(k), text(v)) for k, v in fields)
        else:
            pairs.append((key, ",".join(f"{k},{text(v)}" for k, v in fields)))
    elif isinstance(value, (list, tuple)):
        items = [item for item in value if item is not None]
        if explode:
            pairs.extend((key, text(item)) for item in items)
        else:
            pairs.append((key, ",".join(text(item) for item in items)))
    else:
        pairs.append((key, text(value)))


def cookie_header(pairs: Iterable[tuple[str, Any]]) -> str | None:
    """A ``Cookie`` header for the given values (``None`` when there is none to send)."""
    cookies = [
        f"{key}={quote(text(value), safe='')}"
        for key, value in pairs
        if value is not NOT_GIVEN and value is not None
    ]
    return "; ".join(cookies) if cookies else None


def encode_query(pairs: Sequence[tuple[str, str]]) -> bytes | None:
    """The query string for ``pairs``, ``None`` for none at all."""
    return urlencode(pairs).encode("ascii") or None
