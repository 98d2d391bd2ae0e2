"""Step 4a: translate JSON Schema into the type algebra, creating generated classes on the way.

:class:`SchemaBuilder` holds what the schema modules share (the resolver, the problems, the
classes made so far and the name registries) and dispatches each schema node on its
keywords: ``const``/``enum`` to :mod:`.enums`, ``allOf`` and objects to :mod:`.objects`,
``oneOf``/``anyOf`` to :mod:`.unions`, and scalars and arrays here. Component schemas are
named after their key; inline schemas after the path that leads to them (``Parent`` +
``PropertyName``). Anything that cannot be represented exactly is reported with its pointer.
"""

from __future__ import annotations

from typing import Any

from generator.formats import primitive_for
from generator.model import Enum, Model, UnionAlias
from generator.names import singular
from generator.problems import Problems
from generator.resolve import Resolver
from generator.schemas import enums, objects, unions
from generator.schemas.keywords import allows_null, escape, schema_types
from generator.schemas.registry import Registry
from generator.types import AnyJson, ListOf, Null, Prim, TupleOf, Type, Union, nullable

__all__ = ["SchemaBuilder"]


class SchemaBuilder:
    """Maps schema nodes to types; every node is translated once, by its pointer."""

    def __init__(
        self,
        resolver: Resolver,
        problems: Problems,
        names: dict[str, str] | None = None,
    ) -> None:
        self.resolver = resolver
        self.problems = problems
        self.names = Registry(names or {})
        self.models: dict[str, Model] = {}
        self.enums: dict[str, Enum] = {}
        self.aliases: dict[str, UnionAlias] = {}
        self.by_pointer: dict[str, Type] = {}
        self.enum_by_values: dict[tuple[str, tuple[Any, ...]], str] = {}

    def build_components(self, schemas: dict[str, Any]) -> None:
        """Create a class for every component schema, in document order."""
        # Claim every component's name first, so that no inline schema can take it.
        for key, schema in schemas.items():
            self.names.claim_component(str(key), schema)
        for key, schema in schemas.items():
            ptr = f"#/components/schemas/{escape(key)}"
            self.type_of(schema, ptr, self.names.component(ptr) or "Model")

    def type_of(self, schema: Any, ptr: str, hint: str) -> Type:
        """The type for ``schema`` found at ``ptr``; ``hint`` names any class it needs."""
        if ptr in self.by_pointer:
            return self.by_pointer[ptr]
        if isinstance(schema, bool):
            return AnyJson() if schema else Null()
        if not isinstance(schema, dict):
            self.problems.warn(ptr, "schema is not an object; typed as any JSON value")
            return AnyJson()
        if "$ref" in schema:
            return self._ref(schema, ptr, hint)
        result = self._dispatch(schema, ptr, self.names.configured(ptr) or hint)
        self.by_pointer[ptr] = result
        return result

    def _dispatch(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        if "const" in schema:
            return enums.const(self, schema, ptr)
        if isinstance(schema.get("enum"), list):
            return enums.enum(self, schema, ptr, hint)
        if isinstance(schema.get("allOf"), list):
            return objects.all_of(self, schema, ptr, hint)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list):
                return unions.one_of(self, schema, ptr, hint, keyword)
        types = schema_types(schema)
        non_null = [t for t in types if t != "null"]
        if not non_null:
            if types:  # only "null"
                return Null()
            if "properties" in schema or "additionalProperties" in schema:
                non_null = ["object"]
            elif "items" in schema or "prefixItems" in schema:
                non_null = ["array"]
            else:
                return AnyJson()
        members = [self._single(schema, t, ptr, hint) for t in non_null]
        result: Type = members[0] if len(members) == 1 else Union(tuple(members))
        return nullable(result) if "null" in types else result

    def _ref(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        try:
            target, target_ptr = self.resolver.follow(schema, ptr)
        except LookupError as exc:
            self.problems.error(ptr + "/$ref", str(exc))
            return AnyJson()
        name = self.names.component(target_ptr) or self.names.from_ref(schema["$ref"], hint)
        t = self.type_of(target, target_ptr, name)
        # OpenAPI 3.1 allows siblings: a ``type`` with null beside the $ref makes it nullable.
        return nullable(t) if allows_null(schema) else t

    def _single(self, schema: dict[str, Any], kind: str, ptr: str, hint: str) -> Type:
        if kind == "object":
            return objects.object_type(self, schema, ptr, hint)
        if kind == "array":
            return self._array(schema, ptr, hint)
        prim = primitive_for(kind, schema.get("format"))
        if prim is not None:
            return Prim(prim.kind)
        self.problems.warn(ptr, f"unknown type {kind!r}; typed as any JSON value")
        return AnyJson()

    def _array(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        item_hint = singular(hint) if singular(hint) != hint else hint + "Item"
        items = schema.get("items")
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            fixed = tuple(
                self.type_of(sub, f"{ptr}/prefixItems/{i}", f"{item_hint}{i + 1}")
                for i, sub in enumerate(prefix)
            )
            if items is False:
                return TupleOf(fixed)
            rest = AnyJson() if items is None else self.type_of(items, f"{ptr}/items", item_hint)
            return TupleOf(fixed, rest)
        if items is None:
            return ListOf(AnyJson())
        if items is False:
            return TupleOf(())  # no item is allowed: always the empty array
        return ListOf(self.type_of(items, f"{ptr}/items", item_hint))

    def deref(self, node: Any) -> Any:
        """The node a ``$ref`` points at (``{}`` when it does not resolve), or ``node``."""
        if isinstance(node, dict) and "$ref" in node:
            try:
                return self.resolver.follow(node)[0]
            except LookupError:
                return {}
        return node
