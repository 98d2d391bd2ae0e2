"""What ``api.md`` says about each method: signature, description, errors and examples.

The text from the spec (summaries, descriptions) is kept raw here; the template escapes it
where it places it (``md_block``, ``md_inline``, ``md_cell``: see
:mod:`generator.reference.markdown`). Signatures and return types come from the public
surface (:mod:`generator.surface`), the same data the API-diff report compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import Api, Operation
from generator.pycode import Atom, Group, Item, statement
from generator.reference.examples import Example, ExampleBuilder
from generator.reference.runtime import RuntimeFacts
from generator.surface import SurfaceMethod, surface
from generator.syntax import Spelling, annotation

__all__ = ["ErrorDoc", "MethodDoc", "ParamDoc", "ResourceDoc", "method_docs"]


@dataclass(frozen=True)
class ParamDoc:
    name: str
    annotation: str
    where: str  # "path", "query", "header", "cookie" or "body"
    key: str  # its name on the wire ("" for the body)
    required: bool
    description: str  # raw spec text
    deprecated: bool = False


@dataclass(frozen=True)
class ErrorDoc:
    status: str  # "404", "4XX", "default"
    exception: str  # the class in ``errors``
    body: str  # the model ``.body`` is parsed into ("" when none is declared)
    description: str  # raw spec text


@dataclass(frozen=True)
class MethodDoc:
    resource: str
    method: str
    anchor: str  # of its heading, as GitHub and PyPI spell it
    http: str  # "GET /integrations/{id}"
    summary: str  # raw spec text
    description: str  # raw spec text
    deprecated: bool
    signature: str  # a ``def`` line (Python), as the method is declared
    params: list[ParamDoc]
    returns: str
    errors: list[ErrorDoc]
    examples: list[Example]
    paginated: bool
    batch_size: int | None
    batch_error_type: str
    retried: bool  # whether a failed attempt is retried (idempotent operations)


@dataclass(frozen=True)
class ResourceDoc:
    attr: str
    class_name: str
    anchor: str
    methods: list[MethodDoc]


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation gone, spaces as dashes."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.lower()).replace(" ", "-")


def method_docs(api: Api, examples: ExampleBuilder, facts: RuntimeFacts) -> list[ResourceDoc]:
    methods = surface(api).methods
    return [
        ResourceDoc(
            attr=r.attr,
            class_name=r.class_name,
            anchor=anchor(f"client.{r.attr}"),
            methods=[
                _method(op, methods[f"{r.attr}.{op.method}"], examples, facts)
                for op in r.operations
            ],
        )
        for r in api.resources
    ]


def _method(
    op: Operation, sm: SurfaceMethod, examples: ExampleBuilder, facts: RuntimeFacts
) -> MethodDoc:
    descriptions = {p.name: p.description for p in op.params}
    deprecated = {p.name for p in op.params if p.deprecated}
    if op.body is not None:
        descriptions[op.body.name] = op.body.description
    if op.batch_error_type:
        descriptions["raise_on_error"] = (
            f"Raise `BatchError` if any result is a `{op.batch_error_type}`, instead of "
            "returning it among the results."
        )
    params = [
        ParamDoc(
            p.name,
            p.type,
            p.wire.split(":", 1)[0] if p.wire else "",
            p.wire.split(":", 1)[1] if ":" in p.wire else "",
            p.required,
            descriptions.get(p.name, ""),
            p.name in deprecated,
        )
        for p in sm.params
    ]
    errors = [
        ErrorDoc(
            r.status,
            facts.exception(r.status),
            annotation(r.type, Spelling()) if r.type is not None else "",
            r.description,
        )
        for r in op.errors
    ]
    return MethodDoc(
        resource=op.resource,
        method=op.method,
        anchor=anchor(f"{op.resource}.{op.method}"),
        http=f"{op.http_method} {op.path}",
        summary=op.summary,
        description=op.description,
        deprecated=op.deprecated,
        signature=_signature(sm),
        params=params,
        returns=sm.returns,
        errors=errors,
        examples=examples.for_operation(op),
        paginated=op.pagination is not None,
        batch_size=op.batch_size,
        batch_error_type=op.batch_error_type or "",
        retried=op.idempotent,
    )


def _signature(sm: SurfaceMethod) -> str:
    """``def name(args...) -> returns: ...``: the method as declared, without the options."""
    items = [
        Item(Atom(f"{p.name}: {p.type}" + ("" if p.required else " = ...")))
        for p in sm.params
        if p.kind == "positional"
    ]
    keywords = sorted((p for p in sm.params if p.kind == "keyword"), key=lambda p: not p.required)
    if keywords:
        items.append(Item(Atom("*")))
    for p in keywords:
        default = "" if p.required else " = False" if p.name == "raise_on_error" else " = ..."
        items.append(Item(Atom(f"{p.name}: {p.type}{default}")))
    return statement("", Group(f"def {sm.name}(", tuple(items), f") -> {sm.returns}: ..."))
