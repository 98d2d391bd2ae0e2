"""Example values for a request: the spec's own, checked and repaired, or made up from types.

The docs promise runnable examples, and the contract tests run them against a server that
validates every request against the spec. So a spec example is checked against its schema
first (with the validator that reports ``W-EXAMPLE``). Where it breaks the schema, the
smallest optional part that breaks it is left out (``customs_details.discount_granted:
'3.99'`` where an object is declared), and a note says what and why; an example that cannot
be mended that way is not used. Where the spec gives no example, one is made from the types:
the required fields, each from its property's own example where that fits, else a
placeholder of its type.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

from generator.model import Api, Model
from generator.problems import Problems
from generator.reference.markdown import code
from generator.resolve import Resolver
from generator.revalidate import ValidationMemo
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
from generator.values import ValueChecks

__all__ = ["Sample", "Samples", "json_path"]

_PLACEHOLDERS: dict[str, Any] = {
    "str": "string",
    "int": 1,
    "float": 1.5,
    "bool": True,
    "datetime": "2024-01-01T12:00:00Z",
    "date": "2024-01-01",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
}
_MAX_REPAIRS = 50
_MAX_DEPTH = 12


@dataclass(frozen=True)
class Sample:
    """One example value: where it came from and what was changed to make it valid."""

    title: str  # the spec example's summary or name; "" for one made from the types
    value: Any
    notes: tuple[str, ...] = ()


def json_path(root: str, parts: tuple[str | int, ...]) -> str:
    """``body[0].customs_details.discount_granted``."""
    text = root
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


class Samples:
    """Example values of one spec, checked against its schemas."""

    def __init__(self, spec: dict[str, Any], api: Api, memo: ValidationMemo | None = None) -> None:
        self.resolver = Resolver(spec)
        self._memo = memo  # the outcomes of the last run's checks (generator.revalidate)
        version = "3.1" if str(spec.get("openapi", "")).startswith("3.1") else "3.0"
        # What a check finds is read here, never reported: validation reported it already.
        self._checks = ValueChecks(spec, version, Problems())
        self._models = {m.name: m for m in api.models}
        self._enums = {e.name: e for e in api.enums}
        self._aliases = {a.name: a.type for a in api.aliases}

    # -- checking and mending --------------------------------------------------------

    def first_error(self, schema: Any, value: Any) -> tuple[str | int, ...] | None:
        """Where ``value`` first breaks ``schema`` (``()``: at the top); None when it fits.

        A value too costly to check counts as fitting: the validator has warned about it.
        """
        key = _check_key(schema, value) if self._memo is not None else None
        stored = self._memo.sample(key) if self._memo is not None and key else None
        if stored is not None:  # spend what the check spent, so later ones run as before
            self._checks.budget.total -= stored[1]
            return None if stored[0] is None else tuple(stored[0])
        before = self._checks.budget.total
        found = self._checks.problems = Problems()  # a fresh record: it drops repeats
        self._checks.check((), schema, value, "W-EXAMPLE")
        where = None
        if found.warnings and found.warnings[0].code == "W-EXAMPLE":
            where = _parts(found.warnings[0].pointer, value)
        if self._memo is not None and key:
            spent = before - self._checks.budget.total
            self._memo.remember_sample(key, None if where is None else list(where), spent)
        return where

    def mend(self, schema: Any, value: Any, root: str) -> tuple[Any, tuple[str, ...]] | None:
        """``value`` less the optional parts that break ``schema``, and a note; or None.

        Each round leaves out the deepest object property on the way to the first error
        whose removal does not just move the error to an enclosing object (a required
        property, say). A value that no such removal mends is None.
        """
        value = copy.deepcopy(value)
        removed: list[str] = []
        for _ in range(_MAX_REPAIRS):
            where = self.first_error(schema, value)
            if where is None:
                return value, _removal_note(removed)
            for end in range(len(where), 0, -1):
                key, parent = where[end - 1], where[: end - 1]
                holder = _at(value, parent)
                if not (isinstance(key, str) and isinstance(holder, dict) and key in holder):
                    continue
                candidate = copy.deepcopy(value)
                dropped = _at(candidate, parent).pop(key)
                after = self.first_error(schema, candidate)
                if after is None or after != parent[: len(after)]:
                    removed.append(
                        f"{code(json_path(root, where[:end]))} ({code(_short(dropped))})"
                    )
                    value = candidate
                    break
            else:
                return None
        return None

    # -- the spec's examples ---------------------------------------------------------

    def of_media(self, media: Any) -> list[Sample]:
        """The examples of a media type object (``examples``, else ``example``), in order."""
        if not isinstance(media, dict):
            return []
        found: list[Sample] = []
        examples = media.get("examples")
        if isinstance(examples, dict):
            for name, raw in examples.items():
                try:
                    node, _ = self.resolver.follow(raw)
                except LookupError:
                    continue
                if isinstance(node, dict) and "value" in node:
                    title = node.get("summary") or name
                    found.append(Sample(" ".join(str(title).split()), node["value"]))
        if not found and "example" in media:
            found.append(Sample("", media["example"]))
        return found

    def of_schema(self, schema: Any) -> Sample | None:
        """A schema's own ``example`` (or first of ``examples``), or its ``default``."""
        try:
            node, _ = self.resolver.follow(schema)
        except LookupError:
            return None
        if not isinstance(node, dict):
            return None
        if "example" in node:
            return Sample("", node["example"])
        if isinstance(node.get("examples"), list) and node["examples"]:
            return Sample("", node["examples"][0])
        if "default" in node:
            return Sample("", node["default"])
        if isinstance(node.get("enum"), list) and node["enum"]:
            return Sample("", node["enum"][0])
        return None

    # -- values made from the types --------------------------------------------------

    def made_up(self, t: Type, depth: int = 0) -> Any:
        """A value of type ``t``: what a reader would fill in, and valid where it can be."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(t, Prim):
            return _PLACEHOLDERS.get(t.kind, "string")
        if isinstance(t, Const):
            return t.value
        if isinstance(t, (Null, AnyJson)):
            return None if isinstance(t, Null) else {}
        if isinstance(t, Binary):
            return "example"
        if isinstance(t, ListOf):
            return [self.made_up(t.item, depth + 1)]
        if isinstance(t, TupleOf):
            return [self.made_up(i, depth + 1) for i in t.items]
        if isinstance(t, MapOf):
            return {"key": self.made_up(t.value, depth + 1)}
        if isinstance(t, Union):
            members = t.non_null or t.members
            return self.made_up(members[0], depth + 1)
        if isinstance(t, Ref):
            if t.name in self._aliases:
                return self.made_up(self._aliases[t.name], depth + 1)
            if t.name in self._enums:
                return self._enums[t.name].members[0].value
            if t.name in self._models:
                return self._model(self._models[t.name], depth)
        return None

    def required_only(self, t: Type, value: Any) -> Any:
        """``value`` with only what the types require: required fields, one item per list."""
        if isinstance(t, Ref) and t.name in self._aliases:
            return self.required_only(self._aliases[t.name], value)
        if isinstance(t, Ref) and t.name in self._models and isinstance(value, dict):
            fields = {f.key: f for f in self._models[t.name].fields if f.required}
            return {
                k: self.required_only(fields[k].type, v) for k, v in value.items() if k in fields
            }
        if isinstance(t, ListOf) and isinstance(value, list):
            return [self.required_only(t.item, v) for v in value[:1]]
        if isinstance(t, Union) and t.is_optional and value is not None:
            return self.required_only(t.non_null[0], value)
        return value

    def _model(self, model: Model, depth: int) -> dict[str, Any]:
        try:
            node = self.resolver.follow(self.resolver.lookup(model.pointer))[0]
        except LookupError:
            node = {}
        properties = node.get("properties") if isinstance(node, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        value: dict[str, Any] = {}
        for f in model.fields:
            if not f.required:
                continue
            own = self.of_schema(properties.get(f.key, {}))
            if own is not None and self.first_error(properties[f.key], own.value) is None:
                value[f.key] = own.value
            else:
                value[f.key] = self.made_up(f.type, depth + 1)
        return value


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _removal_note(removed: list[str]) -> tuple[str, ...]:
    """One sentence, in Markdown (spec text only inside code spans)."""
    if not removed:
        return ()
    what = removed[0] if len(removed) == 1 else f"{', '.join(removed[:-1])} and {removed[-1]}"
    if len(removed) == 1:
        return (
            f"The spec's example sets {what}, which its schema does not allow; it is left out.",
        )
    return (
        f"The spec's example sets {what}, which their schemas do not allow; they are left out.",
    )


def _check_key(schema: Any, value: Any) -> str:
    """What one check is remembered by: its schema and value ("" when too deep to say)."""
    try:
        text = repr((schema, value))
    except RecursionError:
        return ""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _parts(ptr: str, value: Any) -> tuple[str | int, ...]:
    """A JSON pointer into ``value`` as keys and list indices."""
    parts: list[str | int] = []
    node = value
    for raw in ptr.lstrip("#").split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdigit():
            parts.append(int(part))
            node = node[int(part)] if int(part) < len(node) else None
        else:
            parts.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return tuple(parts)


def _at(value: Any, parts: tuple[str | int, ...]) -> Any:
    for part in parts:
        value = value[part]
    return value
