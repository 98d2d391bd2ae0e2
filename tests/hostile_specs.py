"""Hostile specs that once made the generator loop, crash or take minutes, built on demand.

Each builder returns the spec's file name and bytes; nothing large is committed. The tests
(``test_load``, ``test_refs``, ``test_validation``) assert how each one is handled, and
``bench/validate_bench.py`` times them (every case must end in under 10 s and 500 MB).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = [
    "CASES",
    "allof_fanout",
    "deep_flow_nesting",
    "many_errors",
    "recursive_anchor",
    "ref_chain",
]

Case = tuple[str, bytes]


def _doc(schemas: dict[str, Any], openapi: str = "3.1.0") -> dict[str, Any]:
    return {
        "openapi": openapi,
        "info": {"title": "Hostile", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def recursive_anchor() -> Case:
    """Six lines of YAML whose anchor contains itself (looped forever in resolve.check_all)."""
    text = (
        "openapi: 3.1.0\n"
        "info: {title: Hostile, version: '1.0.0'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Loop: &loop {type: object, properties: {next: *loop}}\n"
    )
    return "recursive-anchor.yaml", text.encode()


def deep_flow_nesting(levels: int = 50_000) -> Case:
    """Flow nesting that crashed libyaml's composer with SIGSEGV."""
    text = "openapi: 3.1.0\ninfo: {title: Hostile, version: '1'}\npaths: {}\nx-deep: "
    return "deep.yaml", (text + "[" * levels + "]" * levels + "\n").encode()


def ref_chain(length: int = 5_000) -> Case:
    """A chain of references, each schema pointing at the next (was O(n^3))."""
    schemas: dict[str, Any] = {
        f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(length)
    }
    schemas[f"S{length}"] = {"type": "string"}
    return "ref-chain.json", json.dumps(_doc(schemas)).encode()


def many_errors(count: int = 20_000) -> Case:
    """A schema error in each of ``count`` schemas (cost 42 s to report)."""
    schemas = {f"S{i}": {"type": "bogus"} for i in range(count)}
    return "many-errors.json", json.dumps(_doc(schemas)).encode()


def allof_fanout(depth: int = 40, with_default: bool = True) -> Case:
    """About 5 KB of allOf fan-out, each level twice the next (was killed at 240 s, 732 MB)."""
    schemas: dict[str, Any] = {
        f"S{i}": {
            "allOf": [
                {"$ref": f"#/components/schemas/S{i + 1}"},
                {"$ref": f"#/components/schemas/S{i + 1}"},
            ],
            "required": [f"p{i}"],
            "properties": {f"p{i}": {"type": "string"}},
        }
        for i in range(depth)
    }
    schemas[f"S{depth}"] = {"type": "object", "properties": {"leaf": {"type": "integer"}}}
    if with_default:
        schemas["S0"]["default"] = {"p0": "x"}
    return "allof-fanout.json", json.dumps(_doc(schemas)).encode()


CASES: dict[str, Callable[[], Case]] = {
    "recursive anchor": recursive_anchor,
    "50,000 levels of flow nesting": deep_flow_nesting,
    "5,000-long $ref chain": ref_chain,
    "20,000 validation errors": many_errors,
    "allOf fan-out (2^40)": allof_fanout,
}
