"""Step 3: check and follow ``$ref`` pointers.

Only local references (``#/...``) are supported. Every reference in the document is checked
up front, so one run reports all the unresolvable ones; chains of references that loop back
on themselves without ever reaching a real node are reported as errors too.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.problems import Problems, pointer

__all__ = ["Resolver", "without_refs"]


class Resolver:
    """Looks up JSON pointers in one document and follows ``$ref`` chains."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def lookup(self, ref: str) -> Any:
        """Return the node at a local reference, or raise ``LookupError`` with the reason."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise LookupError(f"only local references ('#/...') are supported, got {ref!r}")
        node: Any = self.spec
        if ref in ("#", "#/"):
            return node
        if not ref.startswith("#/"):
            raise LookupError(f"malformed reference {ref!r}")
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise LookupError(f"{ref!r} does not resolve (no {part!r})")
        return node

    def follow(self, node: Any, ref_ptr: str = "#") -> tuple[Any, str]:
        """Follow ``$ref`` until a node without one; return it and its pointer."""
        seen: list[str] = []
        ptr = ref_ptr
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise LookupError("reference cycle: " + " -> ".join([*seen, ref]))
            seen.append(ref)
            node = self.lookup(ref)
            ptr = ref
        return node, ptr

    def check_all(self, problems: Problems) -> list[tuple[str | int, ...]]:
        """Record every reference that does not resolve, or that loops on itself.

        Returns the paths of the objects holding those references.
        """
        broken: list[tuple[str | int, ...]] = []
        stack: list[tuple[Any, tuple[str | int, ...], str]] = [(self.spec, (), "")]
        while stack:
            node, path, role = stack.pop()
            if isinstance(node, dict):
                if "$ref" in node and role not in ("names", "examples"):
                    try:
                        self.follow({"$ref": node["$ref"]})
                    except LookupError as exc:
                        problems.error(pointer(*path, "$ref"), str(exc))
                        broken.append(path)
                for key, value in node.items():
                    if not isinstance(value, (dict, list)):
                        continue
                    if _is_literal(key, value, role):
                        continue  # data, not spec: a "$ref" key in there is just a key
                    stack.append((value, (*path, key), _child_role(key, value, role)))
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    if isinstance(value, (dict, list)):
                        stack.append((value, (*path, index), ""))
        return broken


_LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})


_NAME_MAPS = frozenset({
    "properties", "patternProperties", "schemas", "responses", "parameters", "requestBodies",
    "headers", "securitySchemes", "links", "callbacks", "paths", "webhooks", "pathItems",
    "mapping", "variables", "scopes", "encoding", "content", "$defs", "definitions",
})  # fmt: skip


def _is_literal(key: str | int, value: Any, role: str) -> bool:
    """Whether ``value`` under ``key`` is literal data (examples, defaults) or an extension."""
    if not isinstance(key, str) or role in ("names", "examples"):
        return False  # keys of a map of names are names, not keywords
    if key in _LITERAL_KEYS or key.startswith("x-"):
        return True
    if key == "examples" and isinstance(value, list):
        return True  # a Schema Object's examples: a list of values
    return key == "value" and role == "example"  # an Example Object's value


def _child_role(key: str | int, value: Any, role: str) -> str:
    """What the child under ``key`` is.

    ``names``: a map whose keys the spec's author chose (``properties``, ``schemas``...), so
    ``default`` or ``enum`` in it is a name, not a keyword; ``examples``: a map of Example
    Objects; ``example``: one Example Object, whose ``value`` is literal data.
    """
    if role == "names":
        return ""
    if role == "examples":
        return "example"
    if key in _NAME_MAPS and isinstance(value, dict):
        return "names"
    if key == "examples" and isinstance(value, dict):
        return "examples"
    return ""


def without_refs(spec: dict[str, Any], paths: list[tuple[str | int, ...]]) -> dict[str, Any]:
    """A copy of ``spec`` with the broken ``$ref``s at ``paths`` removed.

    The validator stops at the first reference it cannot follow; validating this copy
    instead lets one run report every other problem too.
    """
    patched: dict[str, Any] = copy.deepcopy(spec)
    for path in paths:
        node: Any = patched
        for part in path:
            node = node[part]
        node.pop("$ref", None)
    return patched
