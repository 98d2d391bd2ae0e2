"""The type algebra of the intermediate model: what a value is, not how it reads in Python.

Types are frozen dataclasses, so they compare and hash by value. They say which JSON
kinds they accept, which generated classes they mention and whether ``to_dict`` has to
convert them; how they are spelled in Python (annotations, readers, imports) is decided
when rendering, by :mod:`generator.syntax`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.formats import PRIMITIVES

__all__ = [
    "JSON_KINDS",
    "AnyJson",
    "Binary",
    "Const",
    "ListOf",
    "MapOf",
    "Null",
    "Prim",
    "Ref",
    "RefKind",
    "TupleOf",
    "Type",
    "Union",
    "json_kind_of",
    "nullable",
]

RefKind = Literal["model", "enum", "alias"]
#: Every kind of JSON value, as :meth:`Type.json_kinds` names them.
JSON_KINDS = frozenset({"str", "int", "float", "bool", "null", "list", "object"})


class Type:
    """Base of the algebra."""

    def json_kinds(self) -> frozenset[str]:
        """The JSON value kinds this type accepts: str, int, float, bool, null, list, object."""
        raise NotImplementedError

    def children(self) -> tuple[Type, ...]:
        return ()

    @property
    def needs_dump(self) -> bool:
        """Whether ``to_dict`` must convert the value, rather than copy it as it is."""
        return any(c.needs_dump for c in self.children())

    def refs(self) -> set[str]:
        """Generated class names this type mentions."""
        found: set[str] = set()
        for child in self.children():
            found |= child.refs()
        return found


@dataclass(frozen=True)
class Prim(Type):
    """A scalar from :data:`generator.formats.PRIMITIVES` (``str``, ``datetime``...)."""

    kind: str

    def __post_init__(self) -> None:
        if self.kind not in PRIMITIVES:
            raise ValueError(f"unknown primitive {self.kind!r}")

    def json_kinds(self) -> frozenset[str]:
        json = PRIMITIVES[self.kind].json
        return frozenset({"int", "float"}) if json == "float" else frozenset({json})

    @property
    def needs_dump(self) -> bool:
        return PRIMITIVES[self.kind].converts


@dataclass(frozen=True)
class Null(Type):
    def json_kinds(self) -> frozenset[str]:
        return frozenset({"null"})


@dataclass(frozen=True)
class AnyJson(Type):
    """Any JSON value; ``object_only`` narrows it to a free-form JSON object."""

    object_only: bool = False

    @property
    def needs_dump(self) -> bool:
        return True  # a caller may put dates or models inside; dump() leaves plain JSON alone

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"object"}) if self.object_only else JSON_KINDS


@dataclass(frozen=True)
class Binary(Type):
    """Raw bytes, for bodies in a media type the generator does not model."""

    def json_kinds(self) -> frozenset[str]:
        return frozenset()


@dataclass(frozen=True, eq=False)
class Const(Type):
    value: str | int | float | bool | None

    def __eq__(self, other: object) -> bool:
        # 1 == True in Python, but not in JSON: compare the type too.
        return (
            isinstance(other, Const)
            and type(other.value) is type(self.value)
            and (other.value == self.value or _is_nan(other.value) and _is_nan(self.value))
        )

    def __hash__(self) -> int:
        value = self.value
        return hash((type(value).__name__, "nan" if _is_nan(value) else value))

    def json_kinds(self) -> frozenset[str]:
        return frozenset({json_kind_of(self.value)})


@dataclass(frozen=True)
class ListOf(Type):
    item: Type

    def children(self) -> tuple[Type, ...]:
        return (self.item,)

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"list"})


@dataclass(frozen=True)
class TupleOf(Type):
    """A JSON array read by position (``prefixItems``); ``rest`` types any further items."""

    items: tuple[Type, ...]
    rest: Type | None = None

    def children(self) -> tuple[Type, ...]:
        return (*self.items, self.rest) if self.rest is not None else self.items

    @property
    def needs_dump(self) -> bool:
        return True  # a tuple is written back as a JSON array

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"list"})


@dataclass(frozen=True)
class MapOf(Type):
    value: Type

    def children(self) -> tuple[Type, ...]:
        return (self.value,)

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"object"})


@dataclass(frozen=True)
class Ref(Type):
    """A generated class: a model (``from_dict``), an enum (``parse``) or a type alias."""

    name: str
    kind: RefKind
    # What JSON it reads; not part of its identity (a recursive alias is referred to
    # before its definition, and so before its JSON kinds, is complete).
    json: frozenset[str] = field(default=frozenset({"object"}), compare=False)

    @property
    def needs_dump(self) -> bool:
        return True

    def refs(self) -> set[str]:
        return {self.name}

    def json_kinds(self) -> frozenset[str]:
        return self.json


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

    def children(self) -> tuple[Type, ...]:
        return self.members

    @property
    def non_null(self) -> tuple[Type, ...]:
        return tuple(m for m in self.members if not isinstance(m, Null))

    @property
    def is_optional(self) -> bool:
        """``T | None``: a single member plus null."""
        return len(self.non_null) == 1 and len(self.members) == 2 and not self.fallback

    @property
    def needs_dump(self) -> bool:
        return self.fallback or super().needs_dump

    def json_kinds(self) -> frozenset[str]:
        kinds: frozenset[str] = frozenset().union(*(m.json_kinds() for m in self.members))
        return JSON_KINDS if self.fallback else kinds


def nullable(t: Type) -> Type:
    """``t | None``, flattening unions and never adding null twice."""
    if isinstance(t, Null) or (isinstance(t, AnyJson) and not t.object_only):
        return t
    if isinstance(t, Union):
        if any(isinstance(m, Null) for m in t.members):
            return t
        return Union((*t.members, Null()), t.fallback, t.discriminator, t.mapping, t.required_keys)
    return Union((t, Null()))


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and value != value


def json_kind_of(value: object) -> str:
    """The JSON kind of a literal value (from ``const``, ``enum``, ``default``)."""
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
