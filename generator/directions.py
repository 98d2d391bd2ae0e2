"""Which way each generated class's data flows: sent in requests, read from responses, both.

The direction decides how a model reads in Python: one only read from responses has
``X | None`` optional fields that narrow with ``is not None``, while one that is sent keeps
``UNSET`` apart from ``None`` (a PATCH must say "leave it" and "clear it" differently). It
also decides which changes break callers (``generator.apidiff``).
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Api, Direction, Enum, Model, UnionAlias
from generator.syntax import literal_safe
from generator.types import Type

__all__ = ["assign_companions", "assign_directions"]


def assign_directions(api: Api) -> None:
    """Set ``direction`` on every model, enum and alias of ``api``."""
    children: dict[str, set[str]] = {
        m.name: set().union(*(f.type.refs() for f in m.fields)) for m in api.models
    }
    children.update({a.name: a.type.refs() for a in api.aliases})
    request: list[Type] = []
    response: list[Type] = []
    for resource in api.resources:
        for op in resource.operations:
            request += [p.type for p in op.params]
            if op.body is not None:
                request.append(op.body.type)
            response += [r.type for r in (op.success, *op.errors) if r.type is not None]
    response += [hook.type for hook in api.webhooks]
    sent, received = _reach(request, children), _reach(response, children)
    things: list[Model | Enum | UnionAlias] = [*api.models, *api.enums, *api.aliases]
    for thing in things:
        thing.direction = _direction(thing.name in sent, thing.name in received)


def _direction(sent: bool, received: bool) -> Direction:
    if sent and received:
        return "both"
    return "request" if sent else "response" if received else "none"


def _reach(roots: Iterable[Type], children: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = [name for t in roots for name in t.refs()]
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(children.get(name, ()))
    return seen


def assign_companions(api: Api, taken: frozenset[str]) -> None:
    """Name the input companions of what callers send: ``<Model>Param`` TypedDicts and
    ``<Enum>Value`` literal aliases, each only when no class already has that name."""
    used = set(taken) | {m.name for m in api.models} | {e.name for e in api.enums}
    for model in api.models:
        if model.direction != "response" and f"{model.name}Param" not in used:
            model.param = f"{model.name}Param"
            used.add(model.param)
    for enum in api.enums:
        if not all(literal_safe(m.value) for m in enum.members):
            continue
        if enum.direction != "response" and f"{enum.name}Value" not in used:
            enum.literal = f"{enum.name}Value"
            used.add(enum.literal)
