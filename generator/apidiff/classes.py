"""Changes of models, enums and type aliases, judged by the direction their data flows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from generator.apidiff.change import Change
from generator.surface import Direction, Surface, SurfaceField, SurfaceModel

__all__ = ["class_changes"]


class _Named(Protocol):
    @property
    def pointer(self) -> str: ...


def class_changes(old: Surface, new: Surface) -> list[Change]:
    return _models(old, new) + _enums(old, new) + _aliases(old, new)


def _models(old: Surface, new: Surface) -> list[Change]:
    out: list[Change] = []
    new_by_pointer = {m.pointer: m for m in new.models.values()}
    for name in sorted(old.models.keys() - new.models.keys()):
        m = old.models[name]
        moved = new_by_pointer.get(m.pointer)
        sym = f"models.{name}"
        if moved is not None and moved.name not in old.models:
            text = f"{sym} is now called models.{moved.name}."
            out.append(Change("class-renamed", m.pointer, sym, True, text))
        else:
            out.append(Change("class-removed", m.pointer, sym, True, f"{sym} was removed."))
    old_pointers = {m.pointer for m in old.models.values()}
    for name in sorted(new.models.keys() - old.models.keys()):
        m = new.models[name]
        if m.pointer not in old_pointers:
            out.append(
                Change("class-added", m.pointer, f"models.{name}", False, f"New: models.{name}.")
            )
    for name in sorted(old.models.keys() & new.models.keys()):
        out += _model(old.models[name], new.models[name])
    return out


def _model(a: SurfaceModel, b: SurfaceModel) -> list[Change]:
    out: list[Change] = []
    sym = f"models.{b.name}"
    if a.module != b.module:
        text = f"{sym} moved from module {a.module!r} to {b.module!r}."
        out.append(Change("module-renamed", b.pointer, sym, True, text))
    old_fields = {f.key: f for f in a.fields}
    new_fields = {f.key: f for f in b.fields}
    for key in [k for k in old_fields if k not in new_fields]:
        f = old_fields[key]
        out.append(
            Change(
                "field-removed", f.pointer, f"{sym}.{f.name}", True, f"{sym}.{f.name} was removed."
            )
        )
    for key in [k for k in new_fields if k not in old_fields]:
        out.append(_new_field(b, new_fields[key]))
    for key in [k for k in old_fields if k in new_fields]:
        out += _field(b, old_fields[key], new_fields[key])
    if a.docs != b.docs:
        text = f"The documentation of {sym} changed."
        out.append(Change("class-docs-changed", b.pointer, sym, False, text))
    return out


def _sends(direction: Direction) -> bool:
    return direction in ("request", "both")


def _reads(direction: Direction) -> bool:
    return direction in ("response", "both")


def _new_field(m: SurfaceModel, f: SurfaceField) -> Change:
    sym = f"models.{m.name}.{f.name}"
    if f.required and _sends(m.direction):
        text = f"{sym} is new and required: code that builds {m.name} must now set it."
        return Change("field-added-required", f.pointer, sym, True, text)
    return Change("field-added", f.pointer, sym, False, f"New: {sym}.")


def _field(m: SurfaceModel, a: SurfaceField, b: SurfaceField) -> list[Change]:
    sym = f"models.{m.name}.{b.name}"
    out: list[Change] = []
    if a.name != b.name:
        text = f"models.{m.name}.{a.name} is now called {b.name}."
        out.append(Change("field-renamed", b.pointer, f"models.{m.name}.{a.name}", True, text))
    if _without_none(a.type) != _without_none(b.type):  # nullability is judged on its own
        text = f"{sym} is now {b.type} (was {a.type})."
        out.append(Change("field-type-changed", b.pointer, sym, True, text))
    if b.required != a.required:
        out.append(_required(m, sym, b))
    if b.nullable != a.nullable:
        out.append(_nullable(m, sym, b))
    if b.read_only and not a.read_only:
        text = f"{sym} is now read-only: it is no longer sent."
        out.append(Change("field-became-read-only", b.pointer, sym, _sends(m.direction), text))
    if b.deprecated and not a.deprecated:
        out.append(Change("field-deprecated", b.pointer, sym, False, f"{sym} is deprecated."))
    if a.docs != b.docs:
        text = f"The documentation of {sym} changed."
        out.append(Change("field-docs-changed", b.pointer, sym, False, text))
    return out


def _required(m: SurfaceModel, sym: str, f: SurfaceField) -> Change:
    if f.required:
        breaks = _sends(m.direction)
        text = f"{sym} is now required" + (
            f": code that builds {m.name} must set it." if breaks else "."
        )
        return Change("field-became-required", f.pointer, sym, breaks, text)
    breaks = _reads(m.direction)
    text = f"{sym} may now be missing" + (
        ": typed code that reads it must check for UNSET." if breaks else "."
    )
    return Change("field-became-optional", f.pointer, sym, breaks, text)


def _nullable(m: SurfaceModel, sym: str, f: SurfaceField) -> Change:
    if f.nullable:
        breaks = _reads(m.direction)
        text = f"{sym} may now be None" + (
            ": typed code that reads it must check for None." if breaks else "."
        )
        return Change("field-became-nullable", f.pointer, sym, breaks, text)
    breaks = _sends(m.direction)
    text = f"{sym} may no longer be None" + (": code that sends None must stop." if breaks else ".")
    return Change("field-became-non-nullable", f.pointer, sym, breaks, text)


def _gone_and_new(old: Mapping[str, _Named], new: Mapping[str, _Named]) -> list[Change]:
    """A class (enum or alias) removed from ``old`` or added in ``new``, by name."""
    out = [
        Change("class-removed", old[n].pointer, f"models.{n}", True, f"models.{n} was removed.")
        for n in sorted(old.keys() - new.keys())
    ]
    out += [
        Change("class-added", new[n].pointer, f"models.{n}", False, f"New: models.{n}.")
        for n in sorted(new.keys() - old.keys())
    ]
    return out


def _enums(old: Surface, new: Surface) -> list[Change]:
    out = _gone_and_new(old.enums, new.enums)
    for name in sorted(old.enums.keys() & new.enums.keys()):
        a, b = old.enums[name], new.enums[name]
        sym = f"models.{name}"
        for value in [v for v in a.values if v not in b.values]:
            text = f"{sym} no longer has the value {value!r}."
            out.append(Change("enum-value-removed", b.pointer, sym, True, text))
        for value in [v for v in b.values if v not in a.values]:
            text = f"{sym} has a new value {value!r}" + (
                " (enums are open: older clients read it as an unknown member)."
                if _reads(b.direction)
                else "."
            )
            out.append(Change("enum-value-added", b.pointer, sym, False, text))
        if a.module != b.module:
            text = f"{sym} moved from module {a.module!r} to {b.module!r}."
            out.append(Change("module-renamed", b.pointer, sym, True, text))
    return out


def _aliases(old: Surface, new: Surface) -> list[Change]:
    out = _gone_and_new(old.aliases, new.aliases)
    for name in sorted(old.aliases.keys() & new.aliases.keys()):
        a, b = old.aliases[name], new.aliases[name]
        if a.type != b.type:
            text = f"models.{name} is now {b.type} (was {a.type})."
            out.append(Change("alias-type-changed", b.pointer, f"models.{name}", True, text))
    return out


def _without_none(annotation: str) -> str:
    """``A | None`` -> ``A``: the members of a top-level union, less ``None``."""
    members, depth, start = [], 0, 0
    for i, char in enumerate(annotation):
        depth += char in "[(" and 1 or char in "])" and -1 or 0
        if depth == 0 and annotation.startswith(" | ", i):
            members.append(annotation[start:i])
            start = i + 3
    members.append(annotation[start:])
    return " | ".join(m for m in members if m != "None")
