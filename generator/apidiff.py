"""Compare two public surfaces and say, in Python terms, what changes for callers.

Each :class:`Change` has a kind, the spec pointer, the Python symbol it concerns
(``client.shipments.list(order_number=)``, ``models.ParcelItems.sku``), whether it breaks
callers, and one sentence for the user. Whether a change breaks callers follows the
direction of the data:

- removing or renaming a method, argument, class, field or module breaks callers, and so
  does a type change, or an argument or request field that becomes required;
- removing an enum value breaks callers (the member is gone); a new one does not, because
  the generated enums are open;
- a field that may now be missing or null breaks typed callers that read it (responses);
  one that may no longer be null or missing breaks callers that send it (requests);
- anything new and optional is reported, but breaks nobody; so are documentation changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.surface import (
    Direction,
    Surface,
    SurfaceField,
    SurfaceMethod,
    SurfaceModel,
    SurfaceParam,
)

__all__ = ["Change", "bump", "diff_surfaces"]


@dataclass(frozen=True, order=True)
class Change:
    kind: str  # e.g. "parameter-removed", "field-became-required"
    pointer: str
    symbol: str
    breaking: bool
    message: str

    @property
    def group(self) -> str:
        """The changelog section: Breaking, Added, Changed or Fixed."""
        if self.breaking:
            return "Breaking"
        if self.kind.endswith("-added"):
            return "Added"
        return "Changed"


def diff_surfaces(old: Surface, new: Surface) -> list[Change]:
    """Every change from ``old`` to ``new``, breaking ones first, then by symbol."""
    changes: list[Change] = []
    changes += _methods(old, new)
    changes += _models(old, new)
    changes += _enums(old, new)
    changes += _aliases(old, new)
    return sorted(changes, key=lambda c: (not c.breaking, c.symbol, c.kind))


def bump(version: str, changes: list[Change]) -> str:
    """The next semantic version: major for a break, minor for an addition, else patch."""
    if not changes:
        return version
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")[:3]]
    major, minor, patch = (parts + [0, 0, 0])[:3]
    if any(c.breaking for c in changes):
        return f"{major + 1}.0.0"
    if any(c.group == "Added" for c in changes):
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


# -- methods ---------------------------------------------------------------------------


def _methods(old: Surface, new: Surface) -> list[Change]:
    out: list[Change] = []
    for key in sorted(old.methods.keys() - new.methods.keys()):
        m = old.methods[key]
        moved = _same_operation(m, new)
        text = f"was removed{f'; it is now {moved.symbol}' if moved else ''}"
        kind = "method-renamed" if moved else "method-removed"
        out.append(Change(kind, m.pointer, m.symbol, True, f"{m.symbol} {text}."))
    for key in sorted(new.methods.keys() - old.methods.keys()):
        m = new.methods[key]
        if _same_operation(m, old) is None:
            out.append(Change("method-added", m.pointer, m.symbol, False, f"New: {m.symbol}."))
    for key in sorted(old.methods.keys() & new.methods.keys()):
        out += _method(old.methods[key], new.methods[key])
    return out


def _same_operation(m: SurfaceMethod, other: Surface) -> SurfaceMethod | None:
    """The method of ``other`` for the same HTTP operation, under another name."""
    for candidate in other.methods.values():
        if candidate.http == m.http and (candidate.resource, candidate.name) != (
            m.resource,
            m.name,
        ):
            return candidate
    return None


def _method(a: SurfaceMethod, b: SurfaceMethod) -> list[Change]:
    out: list[Change] = []
    old_params = {p.name: p for p in a.params}
    new_params = {p.name: p for p in b.params}
    by_wire = {p.wire: p for p in b.params if p.wire}
    for name in [n for n in old_params if n not in new_params]:
        p = old_params[name]
        renamed = by_wire.get(p.wire) if p.wire else None
        sym = _arg(b, p)
        if renamed is not None and renamed.name not in old_params:
            text = f"{sym}: the argument is now called {renamed.name!r}"
            out.append(Change("parameter-renamed", p.pointer, sym, True, text + "."))
        else:
            out.append(Change("parameter-removed", p.pointer, sym, True, f"{sym} was removed."))
    renamed_to = {by_wire[p.wire].name for p in a.params if p.wire in by_wire}
    for name in [n for n in new_params if n not in old_params and n not in renamed_to]:
        p = new_params[name]
        sym = _arg(b, p)
        if p.required:
            text = f"{sym} is new and required: every call must now pass it."
            out.append(Change("parameter-added-required", p.pointer, sym, True, text))
        else:
            out.append(Change("parameter-added", p.pointer, sym, False, f"New: {sym}."))
    for name in [n for n in old_params if n in new_params]:
        out += _param(b, old_params[name], new_params[name])
    if a.returns != b.returns:
        text = f"{b.symbol} now returns {b.returns} (was {a.returns})."
        out.append(Change("return-type-changed", b.pointer, b.symbol, True, text))
    old_errors, new_errors = dict(a.errors), dict(b.errors)
    for status in sorted(old_errors.keys() & new_errors.keys()):
        if old_errors[status] != new_errors[status]:
            text = f"{b.symbol}: the body of a {status} error is now {new_errors[status]}."
            out.append(Change("error-type-changed", b.pointer, b.symbol, True, text))
    if b.deprecated and not a.deprecated:
        out.append(
            Change("method-deprecated", b.pointer, b.symbol, False, f"{b.symbol} is deprecated.")
        )
    if a.docs != b.docs:
        text = f"The documentation of {b.symbol} changed."
        out.append(Change("method-docs-changed", b.pointer, b.symbol, False, text))
    return out


def _arg(m: SurfaceMethod, p: SurfaceParam) -> str:
    if p.kind == "keyword":
        return f"client.{m.resource}.{m.name}({p.name}=)"
    return f"client.{m.resource}.{m.name}({p.name})"


def _param(m: SurfaceMethod, a: SurfaceParam, b: SurfaceParam) -> list[Change]:
    sym = _arg(m, b)
    out: list[Change] = []
    if a.type != b.type:
        text = f"{sym} now takes {b.type} (was {a.type})."
        out.append(Change("parameter-type-changed", b.pointer, sym, True, text))
    if b.required and not a.required:
        text = f"{sym} is now required: every call must pass it."
        out.append(Change("parameter-became-required", b.pointer, sym, True, text))
    elif a.required and not b.required:
        text = f"{sym} may now be left out."
        out.append(Change("parameter-became-optional", b.pointer, sym, False, text))
    if a.kind != b.kind:
        text = f"{sym} is now passed {'by keyword' if b.kind == 'keyword' else 'by position'}."
        out.append(Change("parameter-kind-changed", b.pointer, sym, True, text))
    return out


# -- models ----------------------------------------------------------------------------


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
    if a.type != b.type:
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


# -- enums and aliases -----------------------------------------------------------------


def _enums(old: Surface, new: Surface) -> list[Change]:
    out: list[Change] = []
    for name in sorted(old.enums.keys() - new.enums.keys()):
        e = old.enums[name]
        out.append(
            Change(
                "class-removed", e.pointer, f"models.{name}", True, f"models.{name} was removed."
            )
        )
    for name in sorted(new.enums.keys() - old.enums.keys()):
        e = new.enums[name]
        out.append(
            Change("class-added", e.pointer, f"models.{name}", False, f"New: models.{name}.")
        )
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
    out: list[Change] = []
    for name in sorted(old.aliases.keys() - new.aliases.keys()):
        a = old.aliases[name]
        out.append(
            Change(
                "class-removed", a.pointer, f"models.{name}", True, f"models.{name} was removed."
            )
        )
    for name in sorted(new.aliases.keys() - old.aliases.keys()):
        a = new.aliases[name]
        out.append(
            Change("class-added", a.pointer, f"models.{name}", False, f"New: models.{name}.")
        )
    for name in sorted(old.aliases.keys() & new.aliases.keys()):
        a, b = old.aliases[name], new.aliases[name]
        if a.type != b.type:
            text = f"models.{name} is now {b.type} (was {a.type})."
            out.append(Change("alias-type-changed", b.pointer, f"models.{name}", True, text))
    return out
