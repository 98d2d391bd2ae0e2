"""Big hostile inputs, built at test time from a small recipe instead of committed as megabytes.

Every builder works on text (no recursion, no json.dumps of deep data), so building a
50,000-level document costs the harness nothing and cannot itself overflow a stack.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["build"]

_HEAD = '{"openapi": "3.1.0", "info": {"title": "%s", "version": "1"}, "paths": {}'


def _doc(title: str, schemas: Iterator[str], extra: str = "") -> str:
    """A JSON document around component schemas given as ``"Name": {...}`` text pieces."""
    return (
        (_HEAD % str(title))
        + extra
        + ', "components": {"schemas": {'
        + ", ".join(schemas)
        + "}}}\n"
    )


def _nested(depth: int, shape: str, key: str) -> str:
    """``depth`` levels of flow lists (``[[...]]``) or maps (``{key: {key: ... 1}}``)."""
    if shape == "list":
        return "[" * depth + "]" * depth
    return ("{" + key + ": ") * depth + "1" + "}" * depth


def _yaml_flow_nesting(r: dict[str, Any]) -> str:
    head = f"openapi: 3.1.0\ninfo: {{title: {r['title']}, version: '1'}}\npaths: {{}}\n"
    return f"{head}x-deep: {_nested(r['depth'], r['shape'], 'a')}\n"


def _json_nesting(r: dict[str, Any]) -> str:
    deep = _nested(r["depth"], r["shape"], '"a"')
    return (_HEAD % str(r["title"])) + ', "x-deep": ' + deep + "}\n"


def _schema_nesting(r: dict[str, Any]) -> str:
    depth = r["depth"]
    opening = '{"type": "object", "properties": {"child": ' * depth
    closing = "}}" * depth
    return _doc(r["title"], iter(['"Deep": ' + opening + '{"type": "string"}' + closing]))


def _allof_fanout(r: dict[str, Any]) -> str:
    levels, width = r["levels"], r["width"]

    def pieces() -> Iterator[str]:
        yield '"S0": {"type": "object", "properties": {"x": {"type": "string"}}}'
        for i in range(1, levels + 1):
            refs = ", ".join([f'{{"$ref": "#/components/schemas/S{i - 1}"}}'] * width)
            yield f'"S{i}": {{"allOf": [{refs}]}}'

    return _doc(r["title"], pieces())


def _ref_chain(r: dict[str, Any]) -> str:
    n = r["length"]

    def pieces() -> Iterator[str]:
        for i in range(n):
            yield f'"R{i}": {{"$ref": "#/components/schemas/R{i + 1}"}}'
        yield f'"R{n}": {{"type": "object", "properties": {{"x": {{"type": "string"}}}}}}'
        holder = '{"type": "object", "properties": {"r": {"$ref": "#/components/schemas/R0"}}}'
        yield f'"Holder": {holder}'

    return _doc(r["title"], pieces())


def _many_props(r: dict[str, Any], schema: Callable[[int], str]) -> str:
    props = ", ".join(f'"p{i}": {schema(i)}' for i in range(r["count"]))
    return _doc(r["title"], iter([f'"Big": {{"type": "object", "properties": {{{props}}}}}']))


def _same_name_values(count: int) -> list[str]:
    """``count`` distinct strings that all sanitise to the same identifier (``A``)."""
    marks = "!#$%&()*,.:;<=>?@[]^`{|}~"
    values = []
    for size in itertools.count(1):
        for combo in itertools.product(marks, repeat=size):
            values.append("a" + "".join(combo))
            if len(values) == count:
                return values
    raise AssertionError("unreachable")


def _enum_same_name(r: dict[str, Any]) -> str:
    values = json.dumps(_same_name_values(r["count"]))
    return _doc(r["title"], iter([f'"Same": {{"type": "string", "enum": {values}}}']))


def _props_same_name(r: dict[str, Any]) -> str:
    names = _same_name_values(r["count"])
    props = ", ".join(f'{json.dumps(n)}: {{"type": "string"}}' for n in names)
    return _doc(r["title"], iter([f'"Same": {{"type": "object", "properties": {{{props}}}}}']))


def _long_description(r: dict[str, Any]) -> str:
    text = json.dumps(("word " * (r["size"] // 5)).strip())
    return _doc(r["title"], iter([f'"Wordy": {{"type": "string", "description": {text}}}']))


_BUILDERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "yaml-flow-nesting": _yaml_flow_nesting,
    "json-nesting": _json_nesting,
    "schema-nesting": _schema_nesting,
    "allof-fanout": _allof_fanout,
    "ref-chain": _ref_chain,
    "validation-errors": lambda r: _many_props(r, lambda i: '{"type": "bogus"}'),
    "broken-refs": lambda r: _many_props(r, lambda i: f'{{"$ref": "#/components/schemas/M{i}"}}'),
    "enum-same-name": _enum_same_name,
    "props-same-name": _props_same_name,
    "long-description": _long_description,
}


def build(recipe: dict[str, Any]) -> bytes:
    """The spec bytes a recipe describes."""
    return _BUILDERS[recipe["kind"]](recipe).encode("utf-8")
