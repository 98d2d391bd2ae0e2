"""Step 3: check and follow ``$ref`` pointers, which never leave the document.

Only local references (``#/...``) are followed, by anyone: an external one (a URL, a
``file:`` URI, a relative file name) is an error at its pointer, unless ``--allow-external-refs``
bundled it into the document first (see ``generator.bundle``). Every reference outside literal
data is checked up front, so one run reports all the unresolvable ones, in every position
(name maps and extensions are told apart by ``generator.walk``); chains of references that loop
back on themselves without reaching a real node are errors too.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.problems import Problems, pointer
from generator.walk import Path, is_map, walk

__all__ = ["Resolver", "is_local", "without_refs"]

_EXTERNAL_HINT = (
    "only references inside the document ('#/...') are followed; "
    "pass --allow-external-refs DIR to read files under DIR"
)


def is_local(ref: str) -> bool:
    """Whether ``ref`` points inside the document itself."""
    return ref.startswith("#")


class Resolver:
    """Looks up JSON pointers in one document and follows ``$ref`` chains."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        # ref -> (final node, its pointer) or the reason it fails; a chain is walked once.
        self._ends: dict[str, tuple[Any, str] | str] = {}

    def lookup(self, ref: str) -> Any:
        """Return the node at a local reference, or raise ``LookupError`` with the reason."""
        if not isinstance(ref, str) or not is_local(ref):
            raise LookupError(f"external reference {ref!r} is not followed: {_EXTERNAL_HINT}")
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
        """Follow ``$ref`` until a node without one; return it and its pointer.

        Each chain is walked once (``seen`` is a set, and every reference on a chain remembers
        where it ends), so even a chain of thousands of references costs linear time overall.
        """
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, ref_ptr
        first = node["$ref"]
        if first not in self._ends:
            self._walk_chain(first)
        end = self._ends[first]
        if isinstance(end, str):
            raise LookupError(end)
        return end

    def _walk_chain(self, first: str) -> None:
        seen: set[str] = set()
        chain: list[str] = []
        ref = first
        end: tuple[Any, str] | str
        while True:
            if ref in self._ends:
                end = self._ends[ref]
                break
            if ref in seen:
                shown = [*chain[:3], "...", *chain[-2:]] if len(chain) > 6 else chain
                end = "reference cycle: " + " -> ".join([*shown, ref])
                break
            seen.add(ref)
            chain.append(ref)
            try:
                node = self.lookup(ref)
            except LookupError as exc:
                end = str(exc)
                break
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                end = (node, ref)
                break
            ref = node["$ref"]
        for ref in chain:
            self._ends[ref] = end

    def check_all(self, problems: Problems) -> list[Path]:
        """Record every reference that is external, does not resolve, or loops on itself.

        Returns the paths of the objects holding those references.
        """
        broken: list[Path] = []
        for path, node, kind in walk(self.spec):
            if kind == "discriminator":
                self._check_mapping(path, node, problems)
            ref = node.get("$ref")
            if not isinstance(ref, str):
                continue
            if not is_local(ref):
                problems.error(
                    pointer(*path, "$ref"),
                    f"external reference {ref!r} is not followed: {_EXTERNAL_HINT}",
                    code="E-REF",
                )
                broken.append(path)
                continue
            if is_map(kind):
                continue  # "$ref" is a name here (a property called "$ref", say), not a reference
            try:
                self.follow(node)
            except LookupError as exc:
                problems.error(pointer(*path, "$ref"), str(exc), code="E-REF")
                broken.append(path)
        return broken

    def _check_mapping(self, path: Path, node: dict[str, Any], problems: Problems) -> None:
        """A discriminator's mapping values are schema names or references; check the latter."""
        mapping = node.get("mapping")
        if not isinstance(mapping, dict):
            return
        for key, value in mapping.items():
            if isinstance(value, str) and ("#" in value or "/" in value) and not is_local(value):
                problems.error(
                    pointer(*path, "mapping", key),
                    f"external reference {value!r} is not followed: {_EXTERNAL_HINT}",
                    code="E-REF",
                )


def without_refs(spec: dict[str, Any], paths: list[Path]) -> dict[str, Any]:
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
