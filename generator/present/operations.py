"""How each resource reads in Python: method signatures, ``Endpoint`` constants, docstrings.

:func:`resource_view` works everything out from the operations of the intermediate model,
so the resource template only places it. Class-level text (signatures, return types) is
spelled with the resource's method names in mind: a method named ``list`` shadows the
builtin inside the class, so annotations there say ``builtins.list``.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from generator import layout
from generator.imports import ImportBlock, Location
from generator.layout import Term
from generator.model import Operation, RequestBody, Resource
from generator.present.context import ApiContext
from generator.present.endpoint import (
    endpoint_arguments,
    parser_for,
    request_call,
    request_lines,
)
from generator.syntax import Spelling, Symbol, annotation, input_annotation, member_terms, members
from generator.text import docstring, one_line
from generator.types import ListOf, Ref, Type, Union

__all__ = ["Argument", "OperationView", "ResourceView", "python_signature", "resource_view"]

RESOURCES = Location(depth=1)
_BUILTINS = frozenset(dir(builtins))


@dataclass
class OperationView:
    method: str
    signature: list[str]  # parameters after self
    returns: str
    async_returns: str
    doc: str
    const: str  # the module-level Endpoint constant
    endpoint_type: str
    endpoint: list[str]  # arguments of Endpoint(...)
    request: str  # the Request built from the arguments
    request_lines: str  # the same as the argument of ``request(...)``, laid out
    kind: str  # "page", "batch" or "call"
    body: str  # the body argument's name
    deprecated: str  # what the deprecation warning names ("" when not deprecated)
    deprecated_params: list[tuple[str, str]]  # when to warn ("" always), what the warning names
    batch_error_type: str
    raw: tuple[str, str]  # ``self.<method> = raw_wrapper(...)`` of the sync and async class


@dataclass
class ResourceView:
    attr: str
    class_name: str
    doc: str
    operations: list[OperationView]
    private_parsers: list[tuple[str, str, str]]  # function, annotation, expression
    imports: ImportBlock = field(default_factory=ImportBlock)

    @property
    def exports(self) -> list[str]:
        return [self.class_name, f"Async{self.class_name}"]


def resource_view(resource: Resource, ctx: ApiContext) -> ResourceView:
    module_sp = ctx.spelling()
    shadowed = frozenset(op.method for op in resource.operations) & _BUILTINS
    class_sp = ctx.spelling(shadowed, module_sp)
    private: list[tuple[str, str, str]] = []
    ops = [_operation(op, module_sp, class_sp, private) for op in resource.operations]
    # what the template itself uses, whatever the operations are
    module_sp.use(Symbol("from", "typing", "TYPE_CHECKING"))
    module_sp.runtime("_base_client", "options")
    module_sp.runtime("_response", "raw_wrapper")
    module_sp.runtime("_response", "async_raw_wrapper")
    return ResourceView(
        attr=resource.attr,
        class_name=resource.class_name,
        doc=f"Operations under ``client.{resource.attr}``.",
        operations=ops,
        private_parsers=private,
        imports=ctx.imports(module_sp, RESOURCES),
    )


def _operation(
    op: Operation, module_sp: Spelling, class_sp: Spelling, private: list[tuple[str, str, str]]
) -> OperationView:
    returns, endpoint_type, parse = _returns(op, module_sp, class_sp, private)
    if op.pagination is not None:
        item = annotation(op.pagination.item_type, class_sp)
        returns = f"{class_sp.runtime('_pagination', 'Page')}[{item}]"
        async_returns = f"{class_sp.runtime('_pagination', 'AsyncPaginator')}[{item}]"
        module_sp.runtime("_pagination", "AsyncPage")
    else:
        async_returns = returns
    if op.deprecated or any(p.deprecated for p in op.params):
        module_sp.serde("warn_deprecated")
    if op.batch_error_type:
        module_sp.runtime("_base_client", "raise_item_errors")
        module_sp.use(Symbol("class", name=op.batch_error_type))
    return OperationView(
        method=op.method,
        signature=_signature(op, class_sp),
        returns=returns,
        async_returns=async_returns,
        doc=_docstring(op),
        const="_" + op.method.upper(),
        endpoint_type=endpoint_type,
        endpoint=endpoint_arguments(op, parse, module_sp, private),
        request=request_call(op),
        request_lines=request_lines(op),
        kind="page" if op.pagination else "batch" if op.batch_size else "call",
        body=op.body.name if op.body is not None else "",
        deprecated=f"{op.resource}.{op.method}()" if op.deprecated else "",
        deprecated_params=[
            (
                "" if p.required else f"{p.name} is not {module_sp.runtime('_types', 'NOT_GIVEN')}",
                f"the {p.name} argument of {op.resource}.{op.method}()",
            )
            for p in op.params
            if p.deprecated
        ],
        batch_error_type=op.batch_error_type or "",
        raw=(_raw_wrapper(op.method, "raw_wrapper"), _raw_wrapper(op.method, "async_raw_wrapper")),
    )


def _raw_wrapper(method: str, wrapper: str) -> str:
    """The ``with_raw_response`` twin of a method, in its class's ``__init__``."""
    call = layout.Call(f"{wrapper}(", (f"resource.{method}",))
    return layout.assignment(f"self.{method}", [call], 8)


def _returns(
    op: Operation, module_sp: Spelling, class_sp: Spelling, private: list[tuple[str, str, str]]
) -> tuple[str, str, str]:
    """The method's return annotation, the Endpoint's type and the response parser."""
    success = op.success
    if success.kind == "none" or success.type is None:
        return "None", "None", ""
    if success.kind == "bytes":
        return class_sp.builtin("bytes"), "bytes", ""
    parse = parser_for(op, success.type, "response", module_sp, private)
    return annotation(success.type, class_sp), annotation(success.type, module_sp), parse


def _sent(t: Type, sp: Spelling) -> tuple[tuple[str, ...], tuple[Term, ...]]:
    """What a caller sends (arrays as any sequence, enums also as their values): the
    members, and the same as terms for the layout (``member_terms``)."""
    return tuple(members(t, sp, inputs=True)), tuple(member_terms(t, sp, inputs=True))


def _body_members(body: RequestBody, sp: Spelling) -> tuple[tuple[str, ...], tuple[Term, ...]]:
    """A JSON body: its type as a caller sends it (models also as TypedDicts); a named union
    also takes a plain mapping, which is read into the member it matches. As :func:`_sent`,
    the members and the terms."""
    if body.kind == "bytes":
        return (sp.builtin("bytes"),), ()
    mapping = f"{sp.use(Symbol('from', 'collections.abc', 'Mapping'))}[{sp.builtin('str')}, "
    mapping += f"{sp.use(Symbol('from', 'typing', 'Any'))}]"
    if body.kind == "form":
        return (mapping,), ()
    t = body.type
    if isinstance(t, ListOf) and _takes_mapping(t.item, sp):
        seq = sp.use(Symbol("from", "collections.abc", "Sequence"))
        return (f"{seq}[{input_annotation(t.item, sp)} | {mapping}]",), ()
    spelt, terms = _sent(t, sp)
    extra = (mapping,) if _takes_mapping(t, sp) else ()
    return spelt + extra, terms + extra


def _takes_mapping(t: Type, sp: Spelling) -> bool:
    """A union or model with no TypedDict of its own: a plain mapping stands in for it."""
    if isinstance(t, Union):
        return not all(isinstance(m, Ref) and m.name in sp.inputs for m in t.non_null)
    return isinstance(t, Ref) and t.kind in ("model", "alias") and t.name not in sp.inputs


def _signature(op: Operation, sp: Spelling) -> list[str]:
    """The parameters after ``self``, one per line as black lays them out: the operation's
    arguments, then the call options."""
    not_given = sp.runtime("_types", "NOT_GIVEN")
    given = sp.runtime("_types", "NotGiven")

    def line(name: str, union: Sequence[Term], required: bool, default: str = "") -> str:
        if not required:
            union, default = [*union, given], not_given
        return layout.parameter(name, union, default, 8)

    args = python_signature(op, sp)
    sig = [line(a.name, a.terms or a.members, a.required) for a in args if a.kind == "positional"]
    sig.append("        *,")
    keywords = [a for a in args if a.kind == "keyword"]
    # required keywords first: they read best before the optional ones
    for a in sorted(keywords, key=lambda a: not a.required):
        if a.name == "raise_on_error":
            sig.append(layout.parameter(a.name, a.members, "False", 8))
        else:
            sig.append(line(a.name, a.terms or a.members, a.required))
    headers = f"{sp.use(Symbol('from', 'collections.abc', 'Mapping'))}[{sp.builtin('str')}, "
    any_ = sp.use(Symbol("from", "typing", "Any"))
    sig += [
        layout.parameter("extra_headers", [f"{headers}{sp.builtin('str')}]", "None"], "None", 8),
        layout.parameter("extra_query", [f"{headers}{any_}]", "None"], "None", 8),
        line("timeout", [sp.runtime("_base_client", "Timeout")], False),
        line("max_retries", [sp.builtin("int")], False),
    ]
    return sig


@dataclass(frozen=True)
class Argument:
    """One argument a caller passes to a generated method."""

    name: str
    kind: Literal["positional", "keyword"]
    required: bool
    wire: str  # where it goes: "path:id", "query:cursor", "body"...
    pointer: str
    members: tuple[str, ...]  # the annotation's union members (no NotGiven: see required)
    #: The members as the layout splits them (subscripts apart; see ``member_terms``).
    terms: tuple[Term, ...] = ()

    @property
    def annotation(self) -> str:
        return " | ".join(self.members)


def python_signature(op: Operation, sp: Spelling | None = None) -> list[Argument]:
    """The arguments of an operation's method: path parameters and the body positional."""
    sp = sp or Spelling()
    found = [
        Argument(p.name, "positional", True, f"path:{p.key}", p.pointer, *_sent(p.type, sp))
        for p in op.path_params
    ]
    if op.body is not None:
        ann, terms = _body_members(op.body, sp)
        at = f"{op.pointer}/requestBody"
        found.append(Argument(op.body.name, "positional", op.body.required, "body", at, ann, terms))
    found += [
        Argument(
            p.name,
            "keyword",
            p.required,
            f"{p.location}:{p.key}",
            p.pointer,
            *_sent(p.type, sp),
        )
        for p in op.other_params
    ]
    if op.batch_size and op.batch_error_type:
        flag = (sp.builtin("bool"),)
        found.append(Argument("raise_on_error", "keyword", False, "", op.pointer, flag))
    return found


def _docstring(op: Operation) -> str:
    """Summary, description, then one line per argument, all escaped."""
    parts = [op.summary or f"{op.http_method} {op.path}"]
    if op.description:
        parts.append(op.description)
    if op.deprecated:
        parts.append(".. deprecated:: Marked deprecated in the spec.")
    args = []
    for p in op.params:
        text = p.description.strip() or f"The ``{p.key}`` {p.location} parameter."
        if p.deprecated:
            text += "" if text.endswith((".", "!", "?")) else "."
            text += " Deprecated in the spec: passing it logs a ``DeprecationWarning``."
        args.append(f"{p.name}: {text}")
    if op.body is not None:
        text = one_line(op.body.description) or "The request body."
        if op.batch_size:
            text += f" Sent in chunks of at most {op.batch_size}; results come back in input order."
        args.append(f"{op.body.name}: {text}")
    if op.batch_error_type:
        args.append(f"raise_on_error: raise BatchError if any result is a {op.batch_error_type}.")
    blocks = [docstring(p, indent=8) for p in parts]
    if args:
        lines = "\n".join("            " + docstring(a, indent=16) for a in args)
        blocks.append("Args:\n" + lines)
    blocks.append(f"``{op.http_method} {docstring(op.path, indent=8)}``")
    return "\n\n        ".join(blocks)
