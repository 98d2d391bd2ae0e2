"""A small type algebra for the intermediate model.

Each type knows three things the templates must not work out for themselves: its annotation,
the expression that parses a JSON value into it (raising ``TypeMismatch`` on a wrong JSON type),
and whether ``to_dict`` has to convert it back (models, enums, dates) or can copy it as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.names import snake_name

__all__ = [
    "AnyJson",
    "Binary",
    "Const",
    "ListOf",
    "MapOf",
    "Null",
    "Prim",
    "Ref",
    "Type",
    "Union",
    "alias_parser",
    "nullable",
]

PrimKind = Literal["str", "int", "float", "bool", "datetime", "date", "uuid"]
RefKind = Literal["model", "enum", "alias"]

_PRIM_ANNOTATION = {
    "str": "str", "int": "int", "float": "float", "bool": "bool",
    "datetime": "datetime.datetime", "date": "datetime.date", "uuid": "uuid.UUID",
}  # fmt: skip
_PRIM_MODULE = {"datetime": "datetime", "date": "datetime", "uuid": "uuid"}
# The JSON type(s) a primitive is read from, for discriminating unions by JSON type.
_PRIM_JSON = {
    "str": "str", "int": "int", "float": "float", "bool": "bool",
    "datetime": "str", "date": "str", "uuid": "str",
}  # fmt: skip


class Type:
    """Base of the algebra. Subclasses are frozen dataclasses, so types compare by value."""

    def annotation(self) -> str:
        raise NotImplementedError

    def parse(self, v: str, depth: int = 0) -> str:
        """A Python expression that turns the JSON value in variable ``v`` into this type."""
        raise NotImplementedError

    def parser(self) -> str | None:
        """A callable expression equivalent to :meth:`parse`, when one exists without a closure."""
        return None

    @property
    def needs_dump(self) -> bool:
        """Whether ``to_dict`` must convert the value, rather than copy it as it is."""
        return False

    def refs(self) -> set[str]:
        """Generated class names this type mentions."""
        return set()

    def std_modules(self) -> set[str]:
        """Standard-library modules the annotation needs (imported as ``import x``)."""
        return set()

    def json_kinds(self) -> set[str]:
        """The JSON value kinds this type accepts: str, int, float, bool, null, list, object."""
        raise NotImplementedError


@dataclass(frozen=True)
class Prim(Type):
    kind: PrimKind

    def annotation(self) -> str:
        return _PRIM_ANNOTATION[self.kind]

    def parse(self, v: str, depth: int = 0) -> str:
        return f"_s.as_{self.kind}({v})"

    def parser(self) -> str | None:
        return f"_s.as_{self.kind}"

    @property
    def needs_dump(self) -> bool:
        return self.kind in _PRIM_MODULE

    def std_modules(self) -> set[str]:
        return {_PRIM_MODULE[self.kind]} if self.kind in _PRIM_MODULE else set()

    def json_kinds(self) -> set[str]:
        return {"int", "float"} if self.kind == "float" else {_PRIM_JSON[self.kind]}


@dataclass(frozen=True)
class Null(Type):
    def annotation(self) -> str:
        return "None"

    def parse(self, v: str, depth: int = 0) -> str:
        return f"_s.as_none({v})"

    def parser(self) -> str | None:
        return "_s.as_none"

    def json_kinds(self) -> set[str]:
        return {"null"}


@dataclass(frozen=True)
class AnyJson(Type):
    """Any JSON value; ``object_only`` narrows it to a free-form JSON object."""

    object_only: bool = False

    def annotation(self) -> str:
        return "JsonObject" if self.object_only else "JsonValue"

    def parse(self, v: str, depth: int = 0) -> str:
        return f"_s.as_json_object({v})" if self.object_only else v

    def parser(self) -> str | None:
        return "_s.as_json_object" if self.object_only else "_s.as_json"

    @property
    def needs_dump(self) -> bool:
        return True  # a caller may put dates or models inside; dump() leaves plain JSON alone

    def json_kinds(self) -> set[str]:
        return (
            {"object"}
            if self.object_only
            else {"str", "int", "float", "bool", "null", "list", "object"}
        )


@dataclass(frozen=True)
class Binary(Type):
    """Raw bytes, for bodies in a media type the generator does not model."""

    def annotation(self) -> str:
        return "bytes"

    def parse(self, v: str, depth: int = 0) -> str:
        return v

    def json_kinds(self) -> set[str]:
        return set()


@dataclass(frozen=True, eq=False)
class Const(Type):
    value: str | int | float | bool | None

    def __eq__(self, other: object) -> bool:
        # 1 == True in Python, but not in JSON: compare the type too.
        return (
            isinstance(other, Const)
            and type(other.value) is type(self.value)
            and other.value == self.value
        )

    def __hash__(self) -> int:
        return hash((type(self.value).__name__, self.value))

    def annotation(self) -> str:
        if self.value is None:
            return "None"
        if isinstance(self.value, float):
            return "float"  # PEP 586 allows no float literals; the parser still checks the value
        return f"Literal[{self.value!r}]"

    def parse(self, v: str, depth: int = 0) -> str:
        return f"_s.as_const({v}, {self.value!r})"

    def json_kinds(self) -> set[str]:
        return {_json_kind_of(self.value)}


@dataclass(frozen=True)
class ListOf(Type):
    item: Type

    def annotation(self) -> str:
        return f"list[{self.item.annotation()}]"

    def parse(self, v: str, depth: int = 0) -> str:
        i = f"i{depth}"
        inner = self.item.parse(i, depth + 1)
        if inner == i:
            return f"_s.as_list({v})"
        return f"[{inner} for {i} in _s.as_list({v})]"

    def parser(self) -> str | None:
        return "_s.as_list" if self.item.parse("x") == "x" else None

    @property
    def needs_dump(self) -> bool:
        return self.item.needs_dump

    def refs(self) -> set[str]:
        return self.item.refs()

    def std_modules(self) -> set[str]:
        return self.item.std_modules()

    def json_kinds(self) -> set[str]:
        return {"list"}


@dataclass(frozen=True)
class MapOf(Type):
    value: Type

    def annotation(self) -> str:
        return f"dict[str, {self.value.annotation()}]"

    def parse(self, v: str, depth: int = 0) -> str:
        k, x = f"k{depth}", f"x{depth}"
        inner = self.value.parse(x, depth + 1)
        if inner == x:
            return f"_s.as_dict({v})"
        return f"{{{k}: {inner} for {k}, {x} in _s.as_dict({v}).items()}}"

    def parser(self) -> str | None:
        return "_s.as_dict" if self.value.parse("x") == "x" else None

    @property
    def needs_dump(self) -> bool:
        return self.value.needs_dump

    def refs(self) -> set[str]:
        return self.value.refs()

    def std_modules(self) -> set[str]:
        return self.value.std_modules()

    def json_kinds(self) -> set[str]:
        return {"object"}


@dataclass(frozen=True)
class Ref(Type):
    """A generated class: a model (``from_dict``), an enum (``parse``) or a union alias."""

    name: str
    kind: RefKind
    json: frozenset[str] = frozenset({"object"})

    def annotation(self) -> str:
        return self.name

    def parse(self, v: str, depth: int = 0) -> str:
        return f"{self.parser()}({v})"

    def parser(self) -> str:
        if self.kind == "model":
            return f"{self.name}.from_dict"
        if self.kind == "enum":
            return f"{self.name}.parse"
        return alias_parser(self.name)

    @property
    def needs_dump(self) -> bool:
        return True

    def refs(self) -> set[str]:
        return {self.name}

    def json_kinds(self) -> set[str]:
        return set(self.json)


@dataclass(frozen=True)
class Union(Type):
    """``A | B | ...``. ``fallback`` adds ``Unrecognized`` for values no member claims.

    ``discriminator`` names the property whose value picks the member (``mapping`` maps each
    value to a member index); without one, object members are picked by their required keys.
    """

    members: tuple[Type, ...]
    fallback: bool = False
    discriminator: str | None = None
    mapping: tuple[tuple[str | int | bool, int], ...] = ()
    required_keys: tuple[tuple[str, ...], ...] = field(default=())

    def annotation(self) -> str:
        parts = [m.annotation() for m in self.members if not isinstance(m, Null)]
        if self.fallback:
            parts.append("Unrecognized")
        if any(isinstance(m, Null) for m in self.members):
            parts.append("None")
        return " | ".join(dict.fromkeys(parts))

    @property
    def non_null(self) -> tuple[Type, ...]:
        return tuple(m for m in self.members if not isinstance(m, Null))

    @property
    def is_optional(self) -> bool:
        """``T | None``: a single member plus null."""
        return len(self.non_null) == 1 and len(self.members) == 2 and not self.fallback

    def parse(self, v: str, depth: int = 0) -> str:
        if self.is_optional:
            inner = self.non_null[0]
            if isinstance(inner, (Prim, AnyJson)):
                return f"{inner.parser()}_or_none({v})"
            return f"None if {v} is None else {inner.parse(v, depth)}"
        by_kind = self._by_json_kind()
        objects = [i for i, m in enumerate(self.members) if "object" in m.json_kinds()]
        args: list[str] = []
        scalar_parts = []
        for kind, index in by_kind:
            member = self.members[index]
            scalar_parts.append(f"({kind!r}, {member.parser() or _lambda(member)})")
        if scalar_parts:
            args.append(f"scalars=({', '.join(scalar_parts)},)")
        if self.discriminator is not None:
            tags = ", ".join(
                f"{tag!r}: {self.members[i].parser() or _lambda(self.members[i])}"
                for tag, i in self.mapping
            )
            args.append(f"tag={self.discriminator!r}, tags={{{tags}}}")
        elif objects:
            entries = []
            for i in objects:
                keys = sorted(self.required_keys[i]) if i < len(self.required_keys) else []
                key_set = f"frozenset({keys!r})" if keys else "frozenset()"
                entries.append(
                    f"({key_set}, {self.members[i].parser() or _lambda(self.members[i])})"
                )
            args.append(f"objects=({', '.join(entries)},)")
        fn = "_s.one_of" if self.fallback else "_s.any_of"
        return f"{fn}({v}, {', '.join(args)})"

    def _by_json_kind(self) -> list[tuple[str, int]]:
        """Each non-object JSON kind with the members that read it, in member order."""
        pairs = []
        for index, member in enumerate(self.members):
            for kind in sorted(member.json_kinds() - {"object"}):
                pairs.append((kind, index))
        return sorted(pairs, key=lambda p: (p[0], p[1]))

    @property
    def needs_dump(self) -> bool:
        return any(m.needs_dump for m in self.members) or self.fallback

    def refs(self) -> set[str]:
        return set().union(*(m.refs() for m in self.members))

    def std_modules(self) -> set[str]:
        return set().union(*(m.std_modules() for m in self.members))

    def json_kinds(self) -> set[str]:
        kinds = set().union(*(m.json_kinds() for m in self.members))
        if self.fallback:
            kinds |= {"str", "int", "float", "bool", "null", "list", "object"}
        return kinds


def alias_parser(name: str) -> str:
    """``ShipmentDeleteRequest`` -> ``parse_shipment_delete_request``."""
    return "parse_" + snake_name(name).rstrip("_")


def nullable(t: Type) -> Type:
    """``t | None``, flattening unions and never adding null twice."""
    if isinstance(t, (Null, AnyJson)) and not getattr(t, "object_only", False):
        return t
    if isinstance(t, Union):
        if any(isinstance(m, Null) for m in t.members):
            return t
        return Union((*t.members, Null()), t.fallback, t.discriminator, t.mapping, t.required_keys)
    return Union((t, Null()))


def _lambda(t: Type) -> str:
    return f"lambda x: {t.parse('x')}"


def _json_kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "list"
    return "object"
