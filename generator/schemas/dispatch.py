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
from generator.namelock import NameLock
from generator.names import singular
from generator.problems import Problems
from generator.resolve import Resolver
from generator.schemas import enums, objects, unions
from generator.schemas.keywords import allows_null, escape, schema_types
from generator.schemas.registry import Registry
from generator.types import (
    JSON_KINDS,
    AnyJson,
    ListOf,
    Null,
    Prim,
    Ref,
    TupleOf,
    Type,
    Union,
    nullable,
)

__all__ = ["SchemaBuilder"]


class SchemaBuilder:
    """Maps schema nodes to types; every node is translated once, by its pointer."""

    def __init__(
        self,
        resolver: Resolver,
        problems: Problems,
        names: dict[str, str] | None = None,
        lock: NameLock | None = None,
    ) -> None:
        self.resolver = resolver
        self.problems = problems
        self.names = Registry(names or {}, lock, exists=self._exists)
        self.models: dict[str, Model] = {}
        self.enums: dict[str, Enum] = {}
        self.aliases: dict[str, UnionAlias] = {}
        self.by_pointer: dict[str, Type] = {}
        self.enum_by_values: dict[tuple[str, tuple[Any, ...]], str] = {}
        # Schemas being translated; one met again refers to itself, and becomes an alias.
        self._open: dict[str, Ref | None] = {}

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
            self.problems.warn(
                ptr, "schema is not an object; typed as any JSON value", code="W-SCHEMA"
            )
            return AnyJson()
        if "$ref" in schema:
            return self._ref(schema, ptr, hint)
        hint = self.names.configured(ptr) or hint
        if ptr in self._open:
            return self._self_reference(schema, ptr, hint)
        self._open[ptr] = None
        try:
            result = self._dispatch(schema, ptr, hint)
        finally:
            placeholder = self._open.pop(ptr)
        if placeholder is not None and ptr not in self.by_pointer:
            result = self._close_recursion(schema, ptr, placeholder, result)
        self.by_pointer[ptr] = result
        return result

    def _self_reference(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        """The schema at ``ptr`` refers to itself: refer to it by the alias it will become."""
        placeholder = self._open[ptr]
        if placeholder is None:
            placeholder = Ref(self.names.claim(ptr, hint), "alias", declared_kinds(schema))
            self._open[ptr] = placeholder
        return placeholder

    def _close_recursion(
        self, schema: dict[str, Any], ptr: str, placeholder: Ref, result: Type
    ) -> Type:
        """Name a schema that refers to itself (not as a model) as a recursive type alias."""
        if result == placeholder or (isinstance(result, Union) and placeholder in result.members):
            self.problems.warn(
                ptr,
                "the schema is defined only by itself; typed as any JSON value",
                code="W-RECURSION",
            )
            return AnyJson()
        return unions.alias(self, schema, ptr, placeholder.name, result)

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
            if "properties" in schema or "additionalProperties" in schema:
                non_null = ["object"]
            elif "items" in schema or "prefixItems" in schema:
                non_null = ["array"]
            elif "type" in schema and types:  # "type": "null"
                return Null()
            else:  # no type at all; 3.0's "nullable: true" alone means any value or null
                return AnyJson()
        members = [self._single(schema, t, ptr, hint) for t in non_null]
        result: Type = members[0] if len(members) == 1 else Union(tuple(members))
        return nullable(result) if "null" in types else result

    def _ref(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        try:
            target, target_ptr = self.resolver.follow(schema, ptr)
        except LookupError as exc:
            self.problems.error(ptr + "/$ref", str(exc), code="E-REF")
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
        self.problems.warn(ptr, f"unknown type {kind!r}; typed as any JSON value", code="W-SCHEMA")
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

    def _exists(self, ptr: str) -> bool:
        try:
            self.resolver.lookup(ptr)
        except LookupError:
            return False
        return True

    def classes_by_pointer(self) -> dict[str, str]:
        """Every schema pointer that became a generated class (or uses one), with the class."""
        found: dict[str, str] = {}
        for ptr, t in sorted(self.by_pointer.items()):
            members = t.members if isinstance(t, Union) else (t,)
            refs = [m for m in members if isinstance(m, Ref)]
            if len(refs) == 1 and len(members) <= 2:
                found[ptr] = refs[0].name
        return found

    def self_reference(self, ptr: str) -> Ref | None:
        """How the schema at ``ptr``, still being translated, has referred to itself."""
        return self._open.get(ptr)

    def deref(self, node: Any) -> Any:
        """The node a ``$ref`` points at (``{}`` when it does not resolve), or ``node``."""
        if isinstance(node, dict) and "$ref" in node:
            try:
                return self.resolver.follow(node)[0]
            except LookupError:
                return {}
        return node


_KINDS = {
    "string": {"str"}, "integer": {"int"}, "number": {"int", "float"}, "boolean": {"bool"},
    "array": {"list"}, "object": {"object"}, "null": {"null"},
}  # fmt: skip


def declared_kinds(schema: dict[str, Any]) -> frozenset[str]:
    """The JSON kinds a schema's ``type`` declares (all of them when it declares none)."""
    kinds = set().union(*(_KINDS.get(t, set()) for t in schema_types(schema)))
    if not kinds and ("properties" in schema or "additionalProperties" in schema):
        kinds = {"object"}
    if not kinds and ("items" in schema or "prefixItems" in schema):
        kinds = {"list"}
    return frozenset(kinds) or JSON_KINDS
