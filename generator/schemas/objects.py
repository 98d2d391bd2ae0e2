"""Objects: models (dataclasses) for objects with properties, maps, and ``allOf`` merging."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.model import Field, Model
from generator.names import NameRegistry, class_name, snake_name
from generator.schemas import enums
from generator.schemas.keywords import (
    allows_null,
    conflicting,
    escape,
    is_json_literal,
    pick,
    title_or_description,
)
from generator.types import AnyJson, MapOf, Ref, Type, nullable

if TYPE_CHECKING:
    from generator.schemas.dispatch import SchemaBuilder

__all__ = ["MAX_PROPERTIES", "all_of", "lists_pointer", "model", "object_type"]

#: Objects with more properties are free-form: see ``enums.MAX_ENUM_VALUES``.
MAX_PROPERTIES = 2_000

# Keywords of an allOf schema that document it rather than add to what it describes.
_DOC_KEYWORDS = ("description", "title", "deprecated")


def object_type(b: SchemaBuilder, schema: dict[str, Any], ptr: str, hint: str) -> Type:
    """A model when the object declares properties, else a map or a free-form object."""
    if schema.get("properties"):
        return model(b, schema, ptr, hint)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        return MapOf(b.type_of(extra, f"{ptr}/additionalProperties", hint + "Value"))
    return AnyJson(object_only=True)


def model(
    b: SchemaBuilder,
    schema: dict[str, Any],
    ptr: str,
    hint: str,
    prop_pointers: dict[str, str] | None = None,
) -> Type:
    """The dataclass for an object schema (registered before its fields: it may recurse)."""
    if ptr in b.by_pointer:
        return b.by_pointer[ptr]
    properties = schema.get("properties") or {}
    if len(properties) > MAX_PROPERTIES:
        b.problems.warn(
            ptr,
            f"{len(properties)} properties are more than a class can usefully hold (at most "
            f"{MAX_PROPERTIES}); typed as a free-form JSON object",
            code="W-SIZE",
        )
        return AnyJson(object_only=True)
    name = b.names.claim(ptr, hint)
    ref = Ref(name, "model")
    b.by_pointer[ptr] = ref  # registered first: recursive schemas refer back to it
    required = {r for r in schema.get("required") or [] if isinstance(r, str)}
    attrs = NameRegistry()
    fields: list[Field] = []
    for key, prop in (schema.get("properties") or {}).items():
        if not isinstance(key, str):
            continue
        prop_ptr = (prop_pointers or {}).get(key, f"{ptr}/properties/{escape(key)}")
        fields.append(_field(b, key, prop, prop_ptr, name, key in required, attrs))
    b.models[name] = Model(
        name=name,
        module=b.names.module(name),
        pointer=ptr,
        fields=fields,
        description=title_or_description(schema),
        deprecated=bool(schema.get("deprecated")),
    )
    return ref


def _field(
    b: SchemaBuilder,
    key: str,
    prop: Any,
    ptr: str,
    owner: str,
    required: bool,
    attrs: NameRegistry,
) -> Field:
    node = b.deref(prop) if isinstance(prop, dict) else {}
    own = prop if isinstance(prop, dict) else {}
    t = b.type_of(prop, ptr, owner + class_name(key, fallback="Field"))
    default = pick(prop, node, "default")
    read_only = bool(pick(prop, node, "readOnly"))
    return Field(
        name=attrs.claim(snake_name(key, fallback="field"), "_"),
        key=key,
        type=t,
        # readOnly + required binds responses only: generator.present.fields.is_required
        required=required,
        description=_field_text(own, node),
        read_only=read_only,
        write_only=bool(pick(prop, node, "writeOnly")),
        deprecated=bool(pick(prop, node, "deprecated")),
        default=default if is_json_literal(default) else None,
        notes=[f"Null: {enums.NULL_NOT_LISTED}."] if enums.null_not_listed(node) else [],
    )


def _field_text(prop: dict[str, Any], node: dict[str, Any]) -> str:
    """A property's documentation: its description (beside a ``$ref`` or at its target)."""
    for text in (
        prop.get("description"),
        node.get("description"),
        prop.get("title"),
        node.get("title"),
    ):
        if isinstance(text, str) and text:
            return text
    return ""


def all_of(b: SchemaBuilder, schema: dict[str, Any], ptr: str, hint: str) -> Type:
    """``allOf``: one member alone is that member; several are merged into one model."""
    parts = schema["allOf"]
    own = {k: v for k, v in schema.items() if k not in ("allOf", "example", "examples")}
    own = {k: v for k, v in own.items() if k not in _DOC_KEYWORDS}
    if len(parts) == 1 and not own.get("properties") and not own.get("required"):
        t = b.type_of(parts[0], f"{ptr}/allOf/0", hint)
        return nullable(t) if allows_null(schema) else t
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    origin: dict[str, str] = {}
    sources = [(p, f"{ptr}/allOf/{i}") for i, p in enumerate(parts)] + [(own, ptr)]
    for part, part_ptr in sources:
        for node, node_ptr in _flatten(b, part, part_ptr, ptr):
            _merge(b, merged, origin, node, node_ptr)
    for key in _DOC_KEYWORDS:
        if key in schema:
            merged[key] = schema[key]
    merged["required"] = list(dict.fromkeys(merged["required"]))
    result = model(b, merged, ptr, hint, prop_pointers=origin)
    return nullable(result) if allows_null(schema) else result


def _merge(
    b: SchemaBuilder, merged: dict[str, Any], origin: dict[str, str], node: Any, node_ptr: str
) -> None:
    """Add one allOf member's properties and required keys to ``merged``."""
    for key, prop in (node.get("properties") or {}).items():
        prop_ptr = f"{node_ptr}/properties/{escape(key)}"
        if key in merged["properties"] and conflicting(
            b.deref(merged["properties"][key]), b.deref(prop)
        ):
            b.problems.warn(
                prop_ptr,
                f"allOf members disagree on property {key!r} "
                f"(also defined at {origin[key]}); the later definition wins",
                code="W-ALLOF",
            )
        merged["properties"][key] = prop
        origin[key] = prop_ptr
    merged["required"].extend(r for r in node.get("required") or [] if isinstance(r, str))
    if node.get("additionalProperties") is not None:
        merged["additionalProperties"] = node["additionalProperties"]


def _flatten(b: SchemaBuilder, node: Any, ptr: str, owner: str) -> list[tuple[dict[str, Any], str]]:
    """Every schema an allOf member brings in, nested allOfs and ``$ref``s followed.

    A member with ``oneOf``/``anyOf`` is merged for its own properties; its union is not,
    which is said, unless the union lists ``owner`` (the schema being built): that is the
    polymorphism pattern, a parent that lists its children, each of them allOf the parent.
    """
    seen: set[str] = set()
    out: list[tuple[dict[str, Any], str]] = []
    stack: list[tuple[Any, str, bool]] = [(node, ptr, False)]
    while stack:
        n, p, done = stack.pop()
        if done:
            out.append((n, p))
            continue
        if isinstance(n, dict) and "$ref" in n:
            try:
                n, p = b.resolver.follow(n, p)
            except LookupError:
                continue
        if not isinstance(n, dict) or p in seen:
            continue
        seen.add(p)
        for kw in ("oneOf", "anyOf"):
            if n.get(kw) and not lists_pointer(b, n[kw], owner):
                b.problems.warn(
                    p,
                    f"{kw} inside allOf is not merged; its properties are kept "
                    "as additional properties",
                    code="W-ALLOF",
                )
        stack.append((n, p, True))
        subs: list[Any] = n["allOf"] if isinstance(n.get("allOf"), list) else []
        stack.extend((sub, f"{p}/allOf/{i}", False) for i, sub in reversed(list(enumerate(subs))))
    return out


def lists_pointer(b: SchemaBuilder, members: Any, target: str) -> bool:
    """Whether one of ``members`` (a oneOf/anyOf/allOf list) is a ``$ref`` to ``target``."""
    for member in members if isinstance(members, list) else ():
        if isinstance(member, dict) and "$ref" in member:
            try:
                if b.resolver.follow(member)[1] == target:
                    return True
            except LookupError:
                continue
    return False
