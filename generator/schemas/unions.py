"""``oneOf``/``anyOf``: unions, their discriminators, and named unions (type aliases).

A union keeps a fallback (``Unrecognized``) for values no member claims. Members are told
apart by a declared discriminator, else by a property whose ``const``/``enum`` values are
disjoint across the object members, else by their required keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.model import UnionAlias
from generator.schemas import enums, objects
from generator.schemas.keywords import allows_null, title_or_description, unique
from generator.types import Null, Ref, Type, Union, nullable

if TYPE_CHECKING:
    from generator.schemas.dispatch import SchemaBuilder

__all__ = ["alias", "one_of"]

Tag = str | int | bool
Mapping = tuple[tuple[Tag, int], ...]


def one_of(b: SchemaBuilder, schema: dict[str, Any], ptr: str, hint: str, keyword: str) -> Type:
    variants = schema[keyword]
    consts = [b.deref(v) for v in variants]
    if consts and all(isinstance(c, dict) and "const" in c for c in consts):
        # oneOf of consts is how 3.1 writes an enum whose values carry descriptions.
        values = [c["const"] for c in consts]
        as_enum = {k: v for k, v in schema.items() if k not in (keyword, "discriminator")}
        return enums.enum(b, {**as_enum, "enum": values}, ptr, hint)
    members: list[Type] = []
    member_schemas: list[dict[str, Any]] = []
    for i, sub in enumerate(variants):
        sub_ptr = f"{ptr}/{keyword}/{i}"
        name = b.names.configured(sub_ptr) or f"{hint}Variant{i + 1}"
        members.append(b.type_of(sub, sub_ptr, name))
        target = b.deref(sub) if isinstance(sub, dict) else {}
        member_schemas.append(target if isinstance(target, dict) else {})
    itself = b.self_reference(ptr)
    if itself is not None and itself in members:
        b.problems.warn(
            ptr, f"{keyword} lists the schema itself; that member adds nothing", code="W-RECURSION"
        )
        keep = [i for i, m in enumerate(members) if m != itself]
        members = [members[i] for i in keep]
        member_schemas = [member_schemas[i] for i in keep]
        variants = [variants[i] for i in keep]
    has_null = allows_null(schema) or any(isinstance(m, Null) for m in members)
    if schema.get("properties") and not _members_inherit(b, variants, ptr):
        b.problems.warn(
            ptr, f"properties beside {keyword} are not merged into its members", code="W-UNION"
        )
    distinct = unique(m for m in members if not isinstance(m, Null))
    if len(distinct) == 1:
        return nullable(distinct[0]) if has_null else distinct[0]
    if not distinct:
        return Null()
    tag, mapping = _discriminator(b, schema, variants, member_schemas, members, ptr)
    required = tuple(
        tuple(str(r) for r in (ms.get("required") or []) if isinstance(r, str))
        for ms in member_schemas
    )
    union: Type = Union(
        tuple(members), fallback=True, discriminator=tag, mapping=mapping, required_keys=required
    )
    if has_null:
        union = nullable(union)
    # A named oneOf (a component, or one the config names) becomes an alias with a parser.
    if b.names.is_component(ptr) or b.names.configured(ptr):
        return alias(b, schema, ptr, hint, union)
    return union


def alias(b: SchemaBuilder, schema: dict[str, Any], ptr: str, hint: str, t: Type) -> Type:
    """Name ``t`` as a type alias with its own parser; return the reference to it."""
    name = b.names.claim(ptr, hint)
    b.aliases[name] = UnionAlias(
        name=name,
        module=b.names.module(name),
        pointer=ptr,
        type=t,
        description=title_or_description(schema),
    )
    ref = Ref(name, "alias", t.json_kinds())
    b.by_pointer[ptr] = ref
    return ref


def _discriminator(
    b: SchemaBuilder,
    schema: dict[str, Any],
    variants: list[Any],
    member_schemas: list[dict[str, Any]],
    members: list[Type],
    ptr: str,
) -> tuple[str | None, Mapping]:
    disc = schema.get("discriminator")
    if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
        return disc["propertyName"], _declared(b, disc, variants, member_schemas, ptr)
    return _inferred(b, member_schemas, members)


def _declared(
    b: SchemaBuilder,
    disc: dict[str, Any],
    variants: list[Any],
    member_schemas: list[dict[str, Any]],
    ptr: str,
) -> Mapping:
    """The tag -> member table of a declared discriminator (mapping, names, const values)."""
    prop = disc["propertyName"]
    entries: list[tuple[Tag, int]] = []
    refs = [v.get("$ref") if isinstance(v, dict) else None for v in variants]
    mapping: dict[str, Any] = disc["mapping"] if isinstance(disc.get("mapping"), dict) else {}
    for tag, target in mapping.items():
        if target in refs:
            entries.append((tag, refs.index(target)))
        elif isinstance(target, str):
            by_name = [i for i, r in enumerate(refs) if r and r.rsplit("/", 1)[-1] == target]
            if by_name:
                entries.append((tag, by_name[0]))
            else:
                b.problems.warn(
                    f"{ptr}/discriminator/mapping",
                    f"{target!r} is not a member",
                    code="W-DISCRIMINATOR",
                )
    mapped = {i for _, i in entries}
    taken = {(type(t).__name__, t) for t, _ in entries}
    for i, r in enumerate(refs):
        implied = [r.rsplit("/", 1)[-1]] if isinstance(r, str) and i not in mapped else []
        # members with an enum/const on the property also claim those values
        for value in [*implied, *_tag_values(b, member_schemas[i], prop)]:
            if (type(value).__name__, value) not in taken:
                taken.add((type(value).__name__, value))
                entries.append((value, i))
    return tuple(entries)


def _inferred(
    b: SchemaBuilder, member_schemas: list[dict[str, Any]], members: list[Type]
) -> tuple[str | None, Mapping]:
    """A property whose enum/const values are disjoint across all object members."""
    objects = [i for i, m in enumerate(members) if "object" in m.json_kinds()]
    if len(objects) < 2:
        return None, ()
    candidates: set[str] | None = None
    for i in objects:
        props = {k for k in (member_schemas[i].get("properties") or {}) if isinstance(k, str)}
        candidates = props if candidates is None else candidates & props
    for prop in sorted(candidates or ()):
        values: list[tuple[Tag, int]] = []
        for i in objects:
            tags = _tag_values(b, member_schemas[i], prop)
            if not tags:
                break
            values.extend((t, i) for t in tags)
        else:
            if len({(type(t).__name__, t) for t, _ in values}) == len(values):
                return prop, tuple(values)
    return None, ()


def _tag_values(b: SchemaBuilder, schema: dict[str, Any], prop: str) -> list[Tag]:
    properties = schema.get("properties")
    node = b.deref(properties.get(prop)) if isinstance(properties, dict) else None
    if not isinstance(node, dict):
        return []
    if "const" in node and isinstance(node["const"], (str, int, bool)):
        return [node["const"]]
    if isinstance(node.get("enum"), list):
        return [v for v in node["enum"] if isinstance(v, (str, int, bool))]
    return []


def _members_inherit(b: SchemaBuilder, variants: list[Any], ptr: str) -> bool:
    """Every member is allOf this schema: its properties reach them that way."""
    for variant in variants:
        target = b.deref(variant)
        if not isinstance(target, dict) or not objects.lists_pointer(b, target.get("allOf"), ptr):
            return False
    return bool(variants)
