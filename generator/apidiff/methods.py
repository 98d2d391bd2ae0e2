"""Changes of resources' methods: removed, renamed, new, and their arguments and returns."""

from __future__ import annotations

from generator.apidiff.change import Change
from generator.surface import Surface, SurfaceMethod, SurfaceParam

__all__ = ["method_changes"]


def method_changes(old: Surface, new: Surface) -> list[Change]:
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
    removed = [p for p in a.params if p.name not in new_params]
    added = [p for p in b.params if p.name not in old_params]
    renamed = _renames(removed, added)
    for p in removed:
        sym = _arg(b, p)
        if p.name in renamed:
            text = f"{sym}: the argument is now called {renamed[p.name].name!r}"
            out.append(Change("parameter-renamed", renamed[p.name].pointer, sym, True, text + "."))
        else:
            out.append(Change("parameter-removed", p.pointer, sym, True, f"{sym} was removed."))
    taken = {q.name for q in renamed.values()}
    for p in [q for q in added if q.name not in taken]:
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


def _renames(removed: list[SurfaceParam], added: list[SurfaceParam]) -> dict[str, SurfaceParam]:
    """Arguments that were renamed: same wire name, or same place, type and required-ness."""
    found: dict[str, SurfaceParam] = {}
    free = list(added)
    for p in removed:
        same_wire = [q for q in free if p.wire and q.wire == p.wire]
        same_slot = [
            q
            for q in free
            if q.wire.split(":")[0] == p.wire.split(":")[0]
            and (q.type, q.required, q.kind) == (p.type, p.required, p.kind)
        ]
        candidates = same_wire or same_slot
        if candidates:
            found[p.name] = candidates[0]
            free.remove(candidates[0])
    return found


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
