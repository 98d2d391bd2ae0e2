"""JSON example values as Python expressions, through the generated models where they fit.

``{"shop_url": "https://example.com", "created_at": "2019-08-24T14:15:22Z"}`` for a model
becomes ``models.IntegrationUpdate(shop_url='https://example.com', created_at=
datetime.datetime(2019, 8, 24, 14, 15, 22, tzinfo=datetime.timezone.utc))``: field names
instead of JSON keys, enum members instead of their values, ``datetime``/``date``/``UUID``
objects instead of strings, as a caller writes them. A value the type cannot take raises
:class:`Mismatch`, and the caller falls back to plain JSON data (:func:`plain`).

Every leaf is written with ``repr`` (or :func:`generator.syntax.literal`), so spec text is
always an inert Python literal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.layout import string
from generator.model import Api, Enum, Model
from generator.pycode import Atom, Expr, Group, Item, call
from generator.reference.markdown import code
from generator.reference.scalars import SCALARS, Mismatch, bytes_literal
from generator.syntax import literal
from generator.types import (
    AnyJson,
    Binary,
    Const,
    ListOf,
    MapOf,
    Null,
    Prim,
    Ref,
    TupleOf,
    Type,
    Union,
)

__all__ = ["Literals", "Mismatch", "plain"]


def plain(value: Any) -> Expr:
    """Any JSON value as a Python literal (dicts, lists, strings, numbers...)."""
    if isinstance(value, dict):
        items = tuple(Item(plain(v), f"{string(str(k))}: ") for k, v in value.items())
        return Group("{", items, "}")
    if isinstance(value, list):
        return Group("[", tuple(Item(plain(v)) for v in value), "]")
    if isinstance(value, str):
        return Atom(string(value))
    if value is None or isinstance(value, (bool, int, float)):
        return Atom(literal(value))
    raise Mismatch(f"{type(value).__name__} is not JSON")


@dataclass
class Literals:
    """Builds expressions for one example; remembers what the code must import."""

    api: Api
    imports: set[str] = field(default_factory=set)  # standard-library modules
    uses_models: bool = False
    # What the example does differently from the spec's value: ("read-only", path, "")
    # for a field left out, ("extra", model, keys) for keys moved to additional_properties.
    events: list[tuple[str, str, str]] = field(default_factory=list)
    for_request: bool = True

    def __post_init__(self) -> None:
        self._models = {m.name: m for m in self.api.models}
        self._enums = {e.name: e for e in self.api.enums}
        self._aliases = {a.name: a.type for a in self.api.aliases}

    @property
    def notes(self) -> list[str]:
        """What the example changed from the spec's value, one sentence per kind of change.

        They are Markdown: every part that comes from the spec is in a code span.
        """
        read_only = [code(where) for kind, where, _ in self.events if kind == "read-only"]
        found = []
        if read_only:
            are = "is" if len(read_only) == 1 else "are"
            found.append(
                f"{_join(read_only)} {are} read-only: the client never sends "
                f"{'it' if len(read_only) == 1 else 'them'}, so the example leaves "
                f"{'it' if len(read_only) == 1 else 'them'} out."
            )
        extra = {(model, keys): None for kind, model, keys in self.events if kind == "extra"}
        for model, keys in extra:
            found.append(
                f"The spec's example gives {keys}, which `{model}` does not declare; the "
                "example passes it in `additional_properties`."
            )
        return found

    def mark(self) -> tuple[int, frozenset[str], bool]:
        """What has been recorded so far, to undo an attempt that did not fit."""
        return len(self.events), frozenset(self.imports), self.uses_models

    def reset(self, mark: tuple[int, frozenset[str], bool]) -> None:
        del self.events[mark[0] :]
        self.imports = set(mark[1])
        self.uses_models = mark[2]

    def of(self, t: Type, value: Any, path: str = "", strict: bool = False) -> Expr:
        """``value`` as ``t``: raises :class:`Mismatch` when it cannot be one."""
        if isinstance(t, Prim):
            return self._primitive(t.kind, value, path)
        if isinstance(t, Null):
            _expect(value is None, "null", value, path)
            return Atom("None")
        if isinstance(t, AnyJson):
            _expect(not t.object_only or isinstance(value, dict), "an object", value, path)
            return plain(value)
        if isinstance(t, Binary):
            _expect(isinstance(value, str), "text", value, path)
            return Atom(bytes_literal(str(value).encode("utf-8", "surrogatepass")))
        if isinstance(t, Const):
            _expect(type(value) is type(t.value) and value == t.value, repr(t.value), value, path)
            return plain(value)
        if isinstance(t, (ListOf, TupleOf)):
            return self._sequence(t, value, path, strict)
        if isinstance(t, MapOf):
            _expect(isinstance(value, dict), "an object", value, path)
            items = tuple(
                Item(self.of(t.value, v, f"{path}.{k}", strict), f"{string(str(k))}: ")
                for k, v in value.items()
            )
            return Group("{", items, "}")
        if isinstance(t, Ref):
            return self._ref(t, value, path, strict)
        if isinstance(t, Union):
            return self._union(t, value, path, strict)
        raise Mismatch(f"{path or 'the value'}: no literal for {t!r}")

    def _sequence(self, t: ListOf | TupleOf, value: Any, path: str, strict: bool) -> Expr:
        _expect(isinstance(value, list), "an array", value, path)
        if isinstance(t, ListOf):
            types = [t.item] * len(value)
        else:
            rest = [t.rest] * max(0, len(value) - len(t.items)) if t.rest else []
            types = [*t.items, *rest]
            _expect(len(types) == len(value), f"{len(types)} items", value, path)
        items = tuple(
            Item(self.of(ty, v, f"{path}[{i}]", strict))
            for i, (ty, v) in enumerate(zip(types, value, strict=True))
        )
        if isinstance(t, ListOf):
            return Group("[", items, "]")
        return Group("(", items, ")")

    def _primitive(self, kind: str, value: Any, path: str) -> Expr:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        expected = {
            "int": ("an integer", number and isinstance(value, int)),
            "float": ("a number", number),
            "bool": ("a boolean", isinstance(value, bool)),
        }.get(kind, ("a string", isinstance(value, str)))
        _expect(expected[1], expected[0], value, path)
        if kind in ("str", "int", "float", "bool", "decimal"):
            return plain(value)  # an exact amount is sent as the text it is
        if kind not in SCALARS:
            raise Mismatch(f"{path}: no literal for the primitive {kind!r}")
        module, write = SCALARS[kind]
        self.imports.add(module)
        return write(value, path)

    def _ref(self, t: Ref, value: Any, path: str, strict: bool) -> Expr:
        if t.name in self._aliases:
            return self.of(self._aliases[t.name], value, path, strict)
        if t.name in self._enums:
            return self._enum(self._enums[t.name], value, path)
        if t.name in self._models:
            return self._model(self._models[t.name], value, path, strict)
        raise Mismatch(f"{path}: {t.name} is not a generated class")

    def _enum(self, enum: Enum, value: Any, path: str) -> Expr:
        for member in enum.members:
            if type(member.value) is type(value) and member.value == value:
                self.uses_models = True
                return Atom(f"models.{enum.name}.{member.name}")
        raise Mismatch(f"{path}: {value!r} is not a value of {enum.name}")

    def _model(self, model: Model, value: Any, path: str, strict: bool) -> Expr:
        _expect(isinstance(value, dict), "an object", value, path)
        fields = {f.key: f for f in model.fields}
        kwargs: dict[str, Expr] = {}
        extra: dict[str, Any] = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            found = fields.get(key)
            if found is None:
                if strict:
                    raise Mismatch(f"{where}: {model.name} has no field {key!r}")
                extra[key] = item
            elif found.read_only and self.for_request and not found.required:
                self.events.append(("read-only", where, ""))
            else:
                kwargs[found.name] = self.of(found.type, item, where, strict)
        missing = [f.key for f in model.fields if f.required and f.key not in value]
        if missing:
            raise Mismatch(f"{path or 'the body'}: {model.name} needs {', '.join(missing)}")
        if extra:
            self.events.append(("extra", model.name, _join([code(k) for k in extra])))
            kwargs["additional_properties"] = plain(extra)
        self.uses_models = True
        return call(f"models.{model.name}", **kwargs)

    def _union(self, t: Union, value: Any, path: str, strict: bool) -> Expr:
        if value is None and any(isinstance(m, Null) for m in t.members):
            return Atom("None")
        members = list(t.non_null)
        if t.discriminator is not None and isinstance(value, dict):
            tag = value.get(t.discriminator)
            picked = dict(t.mapping).get(tag) if isinstance(tag, (str, int, bool)) else None
            if picked is not None:
                members = [t.members[picked]]
        for strict_pass in (True, False) if not strict else (True,):
            for member in members:
                mark = (len(self.events), set(self.imports), self.uses_models)
                try:
                    return self.of(member, value, path, strict_pass)
                except Mismatch:
                    del self.events[mark[0] :]
                    self.imports, self.uses_models = mark[1], mark[2]
        raise Mismatch(f"{path or 'the value'}: {value!r} fits no member of the union")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _expect(ok: bool, what: str, value: Any, path: str) -> None:
    if not ok:
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise Mismatch(f"{path or 'the value'}: expected {what}, got {shown}")
