"""Checks of every Schema Object and literal value, each visited once, within a step budget.

This is the part of validation that openapi-spec-validator 0.9.0 does by walking the document
through its references, which recurses without end on the standard polymorphism pattern (a
parent ``oneOf`` its children, each child ``allOf`` the parent), goes exponential on allOf
fan-out, and follows ``$ref`` to files and URLs. Here every Schema Object is found by
``generator.walk`` (plus the targets of references that point elsewhere) and checked once:

- against the OpenAPI 3.1 Schema Object metaschema (3.0 documents get that check from the
  document schema, which describes Schema Objects in full);
- its keywords against the version's vocabulary (``generator.lint``);
- an ``allOf`` schema's ``required`` names against the properties it can see (memoised);
- its literal values (``default``, ``example(s)``, ``const``, ``enum`` members) and those of
  parameters and media types, against their own schema (``generator.values``, on a budget);
- parameter lists for duplicates, response codes exactly, tag names for duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.lint import unknown_keyword_message
from generator.problems import Problems, pointer
from generator.resolve import Resolver
from generator.values import ValueChecks
from generator.walk import Path, walk

__all__ = ["SchemaChecks"]

Report = Callable[[Path, Any], None]  # (path of the node validated, jsonschema error) -> None


class SchemaChecks:
    def __init__(
        self, spec: dict[str, Any], version: str, problems: Problems, report: Report
    ) -> None:
        self.spec = spec
        self.version = version
        self.problems = problems
        self.report = report
        self.resolver = Resolver(spec)
        self.values = ValueChecks(spec, version, problems)
        self._properties: dict[int, frozenset[str]] = {}

    def run(self) -> None:
        for path, node, kind in self._nodes():
            try:
                if kind == "schema":
                    self._check_schema(path, node)
                elif kind in ("parameter", "header", "mediaType"):
                    self._check_examples(path, node)
                elif kind in ("pathItem", "operation"):
                    self._check_parameters(path, node)
                elif kind == "responses":
                    self._check_status_codes(path, node)
                elif kind == "root":
                    self._check_tags(node)
            except RecursionError:
                self.problems.warn(
                    pointer(*path), "too deeply recursive to check", code="W-CHECK-BUDGET"
                )
            except Exception as exc:  # a validator bug: report it where it happened
                self.problems.error(
                    pointer(*path), f"the validator could not check this node: {exc}",
                    code="E-VALIDATOR",
                )  # fmt: skip

    def _nodes(self) -> Iterator[tuple[Path, dict[str, Any], str]]:
        """Every object walk() finds, then references' targets that it did not see as schemas."""
        seen: set[int] = set()
        pending: list[str] = []
        for path, node, kind in walk(self.spec):
            if kind == "schema":
                seen.add(id(node))
                if isinstance(node.get("$ref"), str):
                    pending.append(node["$ref"])
            yield path, node, kind
        while pending:
            ref = pending.pop()
            if not ref.startswith("#/"):
                continue
            try:
                target = self.resolver.lookup(ref)
            except LookupError:
                continue  # reported by Resolver.check_all
            if not isinstance(target, dict) or id(target) in seen:
                continue
            base = tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))
            for path, node, kind in walk(target, root_kind="schema", base=base):
                if kind == "schema" and id(node) not in seen:
                    seen.add(id(node))
                    if isinstance(node.get("$ref"), str):
                        pending.append(node["$ref"])
                    yield path, node, kind

    def _check_schema(self, path: Path, node: dict[str, Any]) -> None:
        if self.version == "3.1":
            from generator.metaschema import schema_object_validator

            for err in schema_object_validator().iter_errors(node):
                self.report(path, err)
        for key in node:
            message = unknown_keyword_message(str(key), self.version)
            if message:
                self.problems.warn(pointer(*path, key), message, code="W-UNKNOWN-KEYWORD")
        if isinstance(node.get("allOf"), list) and isinstance(node.get("required"), list):
            self._check_required(path, node)
        self._check_values(path, node)

    def _check_required(self, path: Path, node: dict[str, Any]) -> None:
        names = self._visible_properties(node)
        missing = [n for n in node["required"] if isinstance(n, str) and n not in names]
        if missing:
            self.problems.warn(
                pointer(*path, "required"),
                f"required lists properties that neither this schema nor its allOf declare: "
                f"{', '.join(map(repr, missing))}",
                code="W-REQUIRED-UNDEFINED",
            )

    def _visible_properties(self, node: Any) -> frozenset[str]:
        """Property names a schema declares itself or through allOf/anyOf/oneOf (memoised).

        A schema already being collected counts as declaring nothing, so the polymorphism
        pattern (parent ``oneOf`` children, child ``allOf`` parent) ends instead of recursing.
        """
        try:
            node, _ = self.resolver.follow(node)
        except LookupError:
            return frozenset()
        if not isinstance(node, dict):
            return frozenset()
        if id(node) in self._properties:
            return self._properties[id(node)]
        self._properties[id(node)] = frozenset()  # in progress: cycles end here
        names = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            members = node.get(keyword)
            for member in members if isinstance(members, list) else []:
                names |= self._visible_properties(member)
        self._properties[id(node)] = frozenset(names)
        return self._properties[id(node)]

    def _check_values(self, path: Path, node: dict[str, Any]) -> None:
        if "default" in node and not (node["default"] is None and node.get("nullable") is True):
            self.values.check((*path, "default"), node, node["default"], "W-DEFAULT")
        if "example" in node:
            self.values.check((*path, "example"), node, node["example"], "W-EXAMPLE")
        if isinstance(node.get("examples"), list) and self.version == "3.1":
            for index, value in enumerate(node["examples"]):
                self.values.check((*path, "examples", index), node, value, "W-EXAMPLE")
        if "const" in node:
            rest = {k: v for k, v in node.items() if k != "const"}
            self.values.check((*path, "const"), rest, node["const"], "W-CONST")
        if isinstance(node.get("enum"), list):
            rest = {k: v for k, v in node.items() if k != "enum"}
            for index, value in enumerate(node["enum"]):
                self.values.check((*path, "enum", index), rest, value, "W-ENUM")
            self._check_unique(path, node["enum"])

    def _check_unique(self, path: Path, values: list[Any]) -> None:
        seen: set[tuple[type, str]] = set()
        for index, value in enumerate(values):
            key = (type(value), repr(value))
            if key in seen:
                self.problems.warn(
                    pointer(*path, "enum", index), f"duplicate enum value {value!r}",
                    code="W-DUPLICATE-ENUM",
                )  # fmt: skip
            seen.add(key)

    def _check_examples(self, path: Path, node: dict[str, Any]) -> None:
        schema = node.get("schema")
        if not isinstance(schema, (dict, bool)):
            return
        if "example" in node:
            self.values.check((*path, "example"), schema, node["example"], "W-EXAMPLE")
        examples = node.get("examples")
        for name, example in examples.items() if isinstance(examples, dict) else ():
            try:
                target, _ = self.resolver.follow(example)
            except LookupError:
                continue  # reported by Resolver.check_all
            if isinstance(target, dict) and "value" in target:
                where = (*path, "examples", name, "value")
                self.values.check(where, schema, target["value"], "W-EXAMPLE")

    def _check_parameters(self, path: Path, node: dict[str, Any]) -> None:
        """Two parameters with one name and location: the client could send only one."""
        params = node.get("parameters")
        seen: set[tuple[Any, Any]] = set()
        for index, raw in enumerate(params if isinstance(params, list) else []):
            try:
                param, _ = self.resolver.follow(raw)
            except LookupError:
                continue  # reported by Resolver.check_all
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            key = (param.get("name"), param.get("in"))
            if key in seen:
                self.problems.warn(
                    pointer(*path, "parameters", index),
                    f"duplicate parameter {key[0]!r} in {key[1]!r}; the last one is used",
                    code="W-DUPLICATE-PARAMETER",
                )
            seen.add(key)

    def _check_status_codes(self, path: Path, node: dict[str, Any]) -> None:
        """Status codes exactly as the spec allows (a pattern search lets ``"404\\n"`` through)."""
        for key in node:
            if not re.fullmatch(r"default|[1-5](?:[0-9]{2}|XX)|x-.*", key, re.DOTALL):
                self.problems.error(
                    pointer(*path, key),
                    f"{key!r} is not a response code: use 'default', '1XX'-'5XX' or three digits",
                    code="E-SPEC",
                )

    def _check_tags(self, node: dict[str, Any]) -> None:
        tags = node.get("tags")
        seen: set[str] = set()
        for index, tag in enumerate(tags if isinstance(tags, list) else []):
            name = tag.get("name") if isinstance(tag, dict) else None
            if isinstance(name, str) and name in seen:
                self.problems.warn(
                    pointer("tags", index, "name"), f"duplicate tag {name!r}",
                    code="W-DUPLICATE-TAG",
                )  # fmt: skip
            seen.add(str(name))
