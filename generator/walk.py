"""What kind of OpenAPI object sits at each place of a document, and a walk that knows it.

A key means different things in different places: ``default`` is a keyword in a Schema
Object, literal data below it, and a response code under ``responses``; ``$ref`` under
``properties`` is a property name. The checks of references, validation problems and unknown
keywords all need that knowledge, so it lives here once, as a table of transitions from a
kind and a key to the kind of the child.

Kinds: ``root``, ``schema``, ``pathItem``, ``operation``, ``parameter``... as in the OpenAPI
Specification; ``map:X`` (a map of names to X), ``list:X``, ``paths``/``responses``/
``callback`` (maps that also allow ``x-`` extensions); ``literal`` (data: examples, defaults,
``enum``/``const`` values, extensions), never interpreted; ``other`` (anything else, walked
generically so that a ``$ref`` there is still seen).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["LITERAL", "Path", "child_kind", "is_map", "kinds_along", "walk"]

Path = tuple[str | int, ...]
LITERAL = "literal"

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_ONE = (
    "items", "not", "additionalProperties", "additionalItems", "contains", "propertyNames",
    "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
)  # fmt: skip
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_LITERALS = ("default", "example", "examples", "enum", "const")
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

_TRANSITIONS: dict[str, dict[str, str]] = {
    "root": {
        "paths": "paths", "webhooks": "map:pathItem", "components": "components",
        "tags": "list:tag",
    },
    "components": {
        "schemas": "map:schema", "responses": "map:response", "parameters": "map:parameter",
        "examples": "map:example", "requestBodies": "map:requestBody", "headers": "map:header",
        "securitySchemes": "map:securityScheme", "links": "map:link",
        "callbacks": "map:callback", "pathItems": "map:pathItem",
    },
    "pathItem": {"parameters": "list:parameter", **{m: "operation" for m in _OPERATIONS}},
    "operation": {
        "parameters": "list:parameter", "requestBody": "requestBody", "responses": "responses",
        "callbacks": "map:callback",
    },
    "parameter": {
        "schema": "schema", "content": "map:mediaType", "example": LITERAL,
        "examples": "map:example",
    },
    "header": {
        "schema": "schema", "content": "map:mediaType", "example": LITERAL,
        "examples": "map:example",
    },
    "requestBody": {"content": "map:mediaType"},
    "mediaType": {
        "schema": "schema", "example": LITERAL, "examples": "map:example",
        "encoding": "map:encoding",
    },
    "encoding": {"headers": "map:header"},
    "response": {"headers": "map:header", "content": "map:mediaType", "links": "map:link"},
    "example": {"value": LITERAL},
    "link": {"parameters": LITERAL, "requestBody": LITERAL},
    "discriminator": {"mapping": "map:mappingValue"},
    "schema": {
        **{k: "map:schema" for k in _SCHEMA_MAPS},
        **{k: "schema" for k in _SCHEMA_ONE},
        **{k: "list:schema" for k in _SCHEMA_LISTS},
        **{k: LITERAL for k in _SCHEMA_LITERALS},
        "discriminator": "discriminator", "dependencies": "map:schema",
    },
}  # fmt: skip

#: Maps whose keys are names, plus ``x-`` extensions (``paths``, ``responses``, ``callback``).
_EXTENSIBLE_MAPS = {"paths": "pathItem", "responses": "response", "callback": "pathItem"}


def is_map(kind: str) -> bool:
    """Whether the keys of a node of this kind are names (so ``$ref`` there is a name too)."""
    return kind.startswith("map:") or kind in _EXTENSIBLE_MAPS


def child_kind(kind: str, key: str | int, value: Any = None) -> str:
    """The kind of the value under ``key`` in a node of ``kind``."""
    if kind == LITERAL:
        return LITERAL
    if kind.startswith("list:"):
        return kind[5:] if isinstance(key, int) else "other"
    if kind.startswith("map:"):
        return kind[4:]
    if isinstance(key, str) and key.startswith("x-"):
        return LITERAL  # a specification extension: its content is the vendor's data
    if kind in _EXTENSIBLE_MAPS:
        return _EXTENSIBLE_MAPS[kind]
    if kind == "schema" and key == "items" and isinstance(value, list):
        return "list:schema"  # draft-04 tuple form
    return _TRANSITIONS.get(kind, {}).get(str(key), "other")


def walk(
    spec: Any, root_kind: str = "root", base: Path = ()
) -> Iterator[tuple[Path, dict[str, Any], str]]:
    """Every mapping outside literal data, with its path and kind; each (node, kind) once.

    ``spec`` is the document, or any node of it (of kind ``root_kind``, at path ``base``).
    Iterative, so any depth is fine; a node shared through a YAML alias is visited once per
    kind, at the first path that reaches it.
    """
    seen: set[tuple[int, str]] = set()
    stack: list[tuple[Any, Path, str]] = [(spec, base, root_kind)]
    while stack:
        node, path, kind = stack.pop()
        if (id(node), kind) in seen:
            continue
        seen.add((id(node), kind))
        if isinstance(node, dict):
            yield path, node, kind
            items: Any = node.items()
        else:
            items = enumerate(node)
        children = []
        for key, value in items:
            if isinstance(value, (dict, list)):
                sub = child_kind(kind, key, value)
                if sub != LITERAL:
                    children.append((value, (*path, key), sub))
        stack.extend(reversed(children))


def kinds_along(spec: Any, path: Path) -> list[str]:
    """The kind of every node on ``path`` from the root (``len(path) + 1`` entries)."""
    kinds = ["root"]
    node = spec
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        kinds.append(child_kind(kinds[-1], key, node))
    return kinds
