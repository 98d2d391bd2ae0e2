"""Small readers of JSON Schema keywords, shared by the schema modules."""

from __future__ import annotations

from typing import Any

__all__ = [
    "allows_null",
    "conflicting",
    "escape",
    "is_json_literal",
    "pick",
    "schema_types",
    "title_or_description",
    "unique",
]


def schema_types(schema: dict[str, Any]) -> list[str]:
    """The JSON types a schema's ``type`` lists (3.0's ``nullable: true`` adds ``null``)."""
    t = schema.get("type")
    if isinstance(t, str):
        types = [t]
    elif isinstance(t, list):
        types = [x for x in t if isinstance(x, str)]
    else:
        types = []
    if schema.get("nullable") is True and "null" not in types:
        types.append("null")
    return types


def allows_null(schema: dict[str, Any]) -> bool:
    return "null" in schema_types(schema)


def unique(items: Any) -> list[Any]:
    """Distinct items in order, telling ``1`` and ``True`` (equal in Python) apart."""
    seen: set[tuple[str, Any]] = set()
    out = []
    for item in items:
        key = (type(item).__name__, item if not isinstance(item, (dict, list)) else repr(item))
        if item != item:  # NaN is not equal to itself, but it is one value
            key = (type(item).__name__, "nan")
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def pick(prop: Any, node: Any, key: str) -> Any:
    """``key`` from a property (which may be a ``$ref`` with siblings) or its target."""
    if isinstance(prop, dict) and key in prop:
        return prop[key]
    return node.get(key) if isinstance(node, dict) else None


def title_or_description(schema: dict[str, Any]) -> str:
    """What documents a schema: its description, else its title."""
    text = schema.get("description") or schema.get("title") or ""
    return text if isinstance(text, str) else ""


def is_json_literal(value: Any) -> bool:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return True
    if isinstance(value, list):
        return all(is_json_literal(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json_literal(v) for k, v in value.items())
    return False


def conflicting(a: Any, b: Any) -> bool:
    """Two definitions of one property that cannot both hold: their declared types differ.

    A later definition that only narrows the first (``array`` of ``{}`` to ``array`` of
    ``Station``) is the usual way to refine a wrapper with allOf, not a conflict.
    """
    if not isinstance(a, dict) or not isinstance(b, dict):
        return False
    types_a, types_b = set(schema_types(a)), set(schema_types(b))
    return bool(types_a and types_b and not (types_a & types_b))


def escape(key: object) -> str:
    """One JSON pointer segment (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")
