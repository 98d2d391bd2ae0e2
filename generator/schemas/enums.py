"""``const`` and ``enum``: literal types, and open enum classes for string and integer enums.

An inline enum with the values of an earlier one reuses its class; a component enum always
gets its own class, under the name the spec gives it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from generator.model import Enum, EnumMember
from generator.names import NameRegistry, enum_member_name
from generator.schemas.keywords import allows_null, title_or_description, unique
from generator.types import AnyJson, Const, Null, Prim, Ref, Type, Union, json_kind_of, nullable

if TYPE_CHECKING:
    from generator.schemas.dispatch import SchemaBuilder

__all__ = ["MAX_ENUM_VALUES", "NULL_NOT_LISTED", "const", "enum", "null_not_listed"]

#: Enums with more values are typed as their JSON type: a class of them helps nobody, and
#: the generated module would cost more to format than the rest of the client.
MAX_ENUM_VALUES = 2_000

#: What a schema whose type allows null, but whose enum lists no null, means for callers.
NULL_NOT_LISTED = "strict validators reject null here, so send one of its values"


def null_not_listed(schema: Any) -> bool:
    """``type: [X, "null"]`` (or ``nullable``) with an ``enum`` that does not list null."""
    return (
        isinstance(schema, dict)
        and isinstance(schema.get("enum"), list)
        and allows_null(schema)
        and None not in schema["enum"]
    )


_SCALARS = (str, int, float, bool)


def const(b: SchemaBuilder, schema: dict[str, Any], ptr: str) -> Type:
    value = schema["const"]
    if not isinstance(value, _SCALARS) and value is not None:
        b.problems.warn(
            ptr + "/const",
            "a const that is not a scalar is typed as any JSON value",
            code="W-SCHEMA",
        )
        return AnyJson()
    t: Type = Const(value)
    return nullable(t) if allows_null(schema) and value is not None else t


def enum(b: SchemaBuilder, schema: dict[str, Any], ptr: str, hint: str) -> Type:
    values = unique(v for v in schema["enum"] if v is not None)
    has_null = None in schema["enum"] or allows_null(schema)
    if null_not_listed(schema):
        b.problems.warn(
            ptr + "/enum",
            f"the type allows null but the enum does not list it: {NULL_NOT_LISTED}",
            code="W-ENUM-NULL",
        )
    if len(values) > MAX_ENUM_VALUES:
        b.problems.warn(
            ptr + "/enum",
            f"{len(values)} values are more than a class can usefully name (at most "
            f"{MAX_ENUM_VALUES}); typed as its JSON type, values unchecked",
            code="W-SIZE",
        )
        kinds = {json_kind_of(v) for v in values}
        t: Type = Prim(kinds.pop()) if len(kinds) == 1 and kinds <= {"str", "int"} else AnyJson()
        return nullable(t) if has_null else t
    if values and all(isinstance(v, str) for v in values):
        base = "str"
    elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        base = "int"
    else:
        return _literal_union(b, values, has_null, ptr)
    name = _enum_class(b, schema, ptr, hint, base, values)
    t = Ref(name, "enum", frozenset({base}))
    b.by_pointer[ptr] = nullable(t) if has_null else t
    return b.by_pointer[ptr]


def _literal_union(b: SchemaBuilder, values: list[Any], has_null: bool, ptr: str) -> Type:
    """An enum of mixed or float values: a union of ``Literal`` types."""
    consts = tuple(Const(v) for v in values if isinstance(v, _SCALARS))
    if len(consts) != len(values):
        b.problems.warn(
            ptr + "/enum", "enum has non-scalar values; typed as any JSON value", code="W-SCHEMA"
        )
        return AnyJson()
    if not consts:
        return Null()
    t: Type = consts[0] if len(consts) == 1 else Union(consts)
    return nullable(t) if has_null else t


def _enum_class(
    b: SchemaBuilder, schema: dict[str, Any], ptr: str, hint: str, base: str, values: list[Any]
) -> str:
    key = (base, tuple(values))
    locked = b.names.locked(ptr)
    recorded = b.names.locked_values(locked) if locked else None
    # A locked enum keeps its name while its values are those the lock recorded; one that
    # diverged from a class it shared gets a new name, and the class stays with the rest.
    keeps_lock = locked is not None and (
        recorded is None or recorded == values or not _still_recorded(b, locked, recorded)
    )
    if keeps_lock and locked in b.enums:
        if [m.value for m in b.enums[locked].members] == values:
            return locked
        keeps_lock = False  # the class went to another pointer whose values the lock knows
    name = None if b.names.is_component(ptr) or keeps_lock else b.enum_by_values.get(key)
    if name is not None:
        return name
    name = b.names.claim(ptr, hint, use_lock=keeps_lock)
    b.enum_by_values.setdefault(key, name)
    members = NameRegistry({"name", "value", "parse", "is_known"})
    labels = member_labels(schema, values)
    b.enums[name] = Enum(
        name=name,
        module=b.names.module(name),
        pointer=ptr,
        base="str" if base == "str" else "int",
        members=[
            EnumMember(members.claim(enum_member_name(label), "_"), v)
            for v, label in zip(values, labels, strict=True)
        ],
        description=title_or_description(schema),
    )
    return name


# "  - `0` - Gift", "* 1: Documents", "2 = Commercial Goods": one value and its name
_PAIR = re.compile(
    r"^\s*(?:[-*+]\s+)?`?(?P<value>[^`\s]+)`?\s*(?:-|–|—|:|=)\s*(?P<label>\S.*?)\s*$"
)


#: A label longer than this reads as a sentence, not a name: the values name the members.
MAX_LABEL = 40


def member_labels(schema: dict[str, Any], values: list[Any]) -> list[Any]:
    """What to name each member after: ``x-enum-varnames``/``x-enumNames`` when they name
    every value, else, for values that are not text, a description that lists
    ``value - Name`` for every value with short names, else the values themselves (``0`` ->
    ``VALUE_0``). A text value names itself: it is what the server sends, and it does not
    change when the prose around it is reworded."""
    for key in ("x-enum-varnames", "x-enumNames"):
        names = schema.get(key)
        if not isinstance(names, list) or len(names) != len(values):
            continue
        if all(isinstance(n, str) and n.strip() for n in names):
            return list(names)
    text = schema.get("description")
    if isinstance(text, str) and not any(isinstance(v, str) for v in values):
        found: dict[str, str] = {}
        for line in text.splitlines():
            match = _PAIR.match(line)
            if match:
                found.setdefault(match["value"], match["label"])
        if all(len(found.get(str(v), "x" * MAX_LABEL)) < MAX_LABEL for v in values):
            return [found[str(v)] for v in values]
    return list(values)


def _still_recorded(b: SchemaBuilder, name: str, recorded: list[Any]) -> bool:
    """Whether some schema locked to the enum class ``name`` still has its recorded values.

    If one does, the class stays with it and a schema that diverged gets a new name; if
    none does (the values changed everywhere the class is used), the name stays.
    """
    for ptr in b.names.locked_pointers(name):
        try:
            node = b.resolver.lookup(ptr)
        except LookupError:
            continue
        listed = node.get("enum") if isinstance(node, dict) else None
        if isinstance(listed, list) and unique(v for v in listed if v is not None) == recorded:
            return True
    return False
