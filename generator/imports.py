"""Step 4c: work out every import line each generated module needs, and none it does not.

Models refer to each other freely, recursive schemas included; imports between models of
one strongly connected component go to the bottom of the module, after the class, so any
import order works. ruff's isort rules are followed, so generated code passes ``ruff check``.
"""

from __future__ import annotations

import re
from typing import Any

from generator.model import (
    Model,
    Resource,
    UnionAlias,
    Webhook,
)
from generator.schemas import SchemaBuilder
from generator.types import Type, alias_parser

__all__ = ["isort_names", "model_imports", "resource_imports", "webhook_imports"]


def _sccs(graph: dict[str, set[str]]) -> dict[str, int]:
    """Tarjan's strongly connected components; returns the component index of each node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    comp: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = [0, 0]

    def visit(root: str) -> None:
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        comp[member] = counter[1]
                        if member == node:
                            break
                    counter[1] += 1

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return comp


def model_imports(models: list[Model], aliases: list[UnionAlias], schemas: SchemaBuilder) -> None:
    """Fill in ``imports`` and ``late_imports`` of every model and union alias."""
    module_of = schemas.module_of()
    types_of: dict[str, list[Type]] = {m.name: [f.type for f in m.fields] for m in models}
    types_of.update({a.name: [a.type] for a in aliases})
    graph = {
        name: set().union(*(t.refs() for t in ts)) - {name} if ts else set()
        for name, ts in types_of.items()
    }
    comp = _sccs(graph)
    owners: list[Model | UnionAlias] = [*models, *aliases]
    for owner in owners:
        ts = types_of[owner.name]
        std: set[str] = set().union(*(t.std_modules() for t in ts)) if ts else set()
        anns = " ".join(t.annotation() for t in ts)
        typing = {"Any", "TypeAlias"} if isinstance(owner, UnionAlias) else {"Any"}
        if "Literal[" in anns:
            typing.add("Literal")
        lines = [f"import {m}" for m in sorted(std)]
        if isinstance(owner, Model):
            lines.append("from dataclasses import dataclass, field")
        lines.append(f"from typing import {', '.join(isort_names(typing))}")
        lines.append("")
        lines.append("from .. import _serde as _s")
        from_types = {n for n in ("JsonObject", "JsonValue", "Unrecognized") if n in anns}
        if isinstance(owner, Model) and any(not f.required for f in owner.fields):
            from_types |= {"UNSET", "Unset"}
        if from_types:
            lines.append(f"from .._types import {', '.join(isort_names(from_types))}")
        top: list[str] = []
        late: list[str] = []
        for ref in sorted(graph.get(owner.name, set()), key=lambda r: module_of.get(r, "")):
            if ref not in module_of:
                continue
            names = [ref, alias_parser(ref)] if ref in schemas.aliases else [ref]
            line = f"from .{module_of[ref]} import {', '.join(isort_names(names))}"
            (late if comp.get(ref) == comp.get(owner.name) else top).append(line)
        owner.imports = lines + top
        owner.late_imports = late


def isort_names(names: Any) -> list[str]:
    """Names in the order isort (and ruff's ``I`` rules) expect: CONSTANTS, Classes, others."""

    def rank(name: str) -> tuple[int, str]:
        if name.isupper() and len(name) > 1:
            return 0, name
        return (1 if name[:1].isupper() else 2), name

    return sorted(set(names), key=rank)


def resource_imports(resource: Resource, schemas: SchemaBuilder) -> list[str]:
    """Every import line a resource module needs, and none it does not."""
    names: set[str] = set()
    std: set[str] = set()
    ops = resource.operations
    for op in ops:
        types = [p.type for p in op.params] + [r.type for r in [op.success, *op.errors] if r.type]
        if op.body is not None:
            types.append(op.body.type)
        for t in types:
            names |= t.refs()
            std |= t.std_modules()
        if op.batch_error_type:
            names.add(op.batch_error_type)
        if op.pagination is not None:
            names |= op.pagination.item_type.refs()
            std |= op.pagination.item_type.std_modules()
    text = "\n".join(
        [
            *(a for op in ops for a in op.signature),
            *(op.endpoint for op in ops),
            *(f"{a} {e}" for op in ops for _, a, e in op.private_parsers),
        ]
    )
    typing = ["TYPE_CHECKING", "Any"] + (["Literal"] if "Literal[" in text else [])
    collections = ["Mapping"] + (["Sequence"] if "Sequence[" in text else [])
    types_names = ["NOT_GIVEN", "NotGiven", *_used_json_types(text)]
    base = ["Endpoint", "Timeout", "options"]
    if any(op.batch_error_type for op in ops):
        base.append("raise_item_errors")
    if resource.uses_builtins:
        std.add("builtins")
    lines = [f"import {m}" for m in sorted(std)]
    lines.append(f"from collections.abc import {', '.join(collections)}")
    lines.append(f"from typing import {', '.join(isort_names(typing))}")
    lines.append("")
    if "_s." in text:
        lines.append("from .. import _serde as _s")
    lines.append(f"from .._base_client import {', '.join(isort_names(base))}")
    if any(op.pagination for op in ops):
        lines.append("from .._pagination import AsyncPage, Page")
    lines.append("from .._response import async_raw_wrapper, raw_wrapper")
    lines.append(f"from .._types import {', '.join(isort_names(types_names))}")
    if any(op.deprecated or any(p.deprecated for p in op.params) for op in ops):
        lines.append("from .._serde import warn_deprecated")
    return lines + _class_imports(names, text, schemas, "..models")


def _used_json_types(text: str) -> list[str]:
    return [n for n in ("JsonObject", "JsonValue", "Unrecognized") if re.search(rf"\b{n}\b", text)]


def _class_imports(names: set[str], text: str, schemas: SchemaBuilder, package: str) -> list[str]:
    """``from <package>.<module> import Name`` for each generated class in ``names``.

    A union alias brings its ``parse_*`` function too, when ``text`` (the code that will
    sit in the module) calls it.
    """
    module_of = schemas.module_of()
    lines = []
    for name in sorted(n for n in names if n in module_of):
        imported = [name]
        if name in schemas.aliases and re.search(rf"\b{alias_parser(name)}\b", text):
            imported.append(alias_parser(name))
        lines.append(f"from {package}.{module_of[name]} import {', '.join(isort_names(imported))}")
    return lines


def webhook_imports(webhooks: list[Webhook], schemas: SchemaBuilder) -> list[str]:
    names: set[str] = set()
    std: set[str] = set()
    for hook in webhooks:
        names |= hook.type.refs()
        std |= hook.type.std_modules()
    text = " ".join(f"{h.type.annotation()} {h.expression}" for h in webhooks)
    lines = [f"import {m}" for m in sorted(std)]
    lines.append("from collections.abc import Callable")
    lines.append("from typing import Any")
    lines.append("")
    if "_s." in text:
        lines.append("from . import _serde as _s")
    used = _used_json_types(text)
    if used:
        lines.append(f"from ._types import {', '.join(isort_names(used))}")
    return lines + _class_imports(names, text, schemas, ".models")
