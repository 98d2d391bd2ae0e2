"""Step 4d: how each operation reads in Python, decided before any template runs.

For every operation this works out the method signature, the module-level ``Endpoint``
constant, the call that fills it in, the return annotation and the docstring, so the
resource template only places them.
"""

from __future__ import annotations

import re

from generator.model import (
    Operation,
    Resource,
    Response,
)
from generator.text import docstring, one_line
from generator.types import Type

__all__ = ["present", "unshadow"]

_OPTIONS = [
    "extra_headers: Mapping[str, str] | None = None",
    "extra_query: Mapping[str, Any] | None = None",
    "timeout: Timeout | NotGiven = NOT_GIVEN",
    "max_retries: int | NotGiven = NOT_GIVEN",
]


def _parser_for(op: Operation, t: Type, suffix: str) -> str:
    parser = t.parser()
    if parser is not None:
        return parser
    name = f"_parse_{op.method}_{suffix}"
    op.private_parsers.append((name, t.annotation(), t.parse("v")))
    return name


def present(op: Operation) -> None:
    """Work out the signature, the Endpoint constant and the call of one operation."""
    sig = [f"{p.name}: {p.base_annotation}" for p in op.path_params]
    if op.body is not None:
        ann = op.body.annotation
        sig.append(
            f"{op.body.name}: {ann}"
            if op.body.required
            else f"{op.body.name}: {ann} | NotGiven = NOT_GIVEN"
        )
    sig.append("*")
    required = [p for p in op.other_params if p.required]
    optional = [p for p in op.other_params if not p.required]
    sig += [f"{p.name}: {p.base_annotation}" for p in required]
    sig += [f"{p.name}: {p.annotation} = NOT_GIVEN" for p in optional]
    if op.batch_size and op.batch_error_type:
        sig.append("raise_on_error: bool = False")
    sig += _OPTIONS
    op.signature = sig

    success = op.success
    if success.kind == "none" or success.type is None:
        parse, returns = "None", "None"
    elif success.kind == "bytes":
        parse, returns = "None", "bytes"
    else:
        parse, returns = _parser_for(op, success.type, "response"), success.type.annotation()
    if op.pagination is not None:
        returns = f"Page[{op.pagination.item_type.annotation()}]"
    errors = ", ".join(
        f"{r.status!r}: {_parser_for(op, r.type, 'error_' + r.status.lower())}"
        for r in op.errors
        if r.type is not None and r.kind == "json"
    )
    by_location = {
        loc: [p.key for p in op.params if p.location == loc]
        for loc in ("path", "query", "header", "cookie")
    }
    args = [repr(f"{op.resource}.{op.method}"), repr(op.http_method), repr(op.path)]
    for loc in ("path", "query", "header", "cookie"):
        if by_location[loc]:
            args.append(f"{loc}_params={_tuple(by_location[loc])}")
    if op.body is not None and op.body.kind == "json" and op.body.type.refs():
        args.append(f"body_parse={_parser_for(op, op.body.type, 'body')}")
    unexploded = [p.key for p in op.params if p.location == "query" and not p.explode]
    if unexploded:
        args.append(f"unexploded={_tuple(unexploded)}")
    if op.body is not None:
        args.append(f"body={op.body.kind!r}")
        if op.body.media_type != "application/json" and op.body.kind != "form":
            args.append(f"content_type={op.body.media_type!r}")
    if parse != "None":
        args.append(f"parse={parse}")
    if success.kind != "json" or success.type is None:
        args.append(f"response={success.kind!r}")
    if errors:
        args.append(f"errors={{{errors}}}")
    if op.idempotent:
        args.append("idempotent=True")
    if op.deletes:
        args.append("deletes=True")
    if op.pagination is not None:
        page = op.pagination
        args.append(f"page_fields={_tuple([page.results_key, page.next_key, page.previous_key])}")
    if op.batch_size:
        args.append(f"batch_size={op.batch_size}")
    op.endpoint = f"Endpoint({', '.join(args)})"
    call_args = [
        f"{loc}={_tuple([p.name for p in op.params if p.location == loc], raw=True)}"
        for loc in ("path", "query", "header", "cookie")
        if by_location[loc]
    ]
    if op.batch_size:
        call_args.append("body=chunk")
    elif op.body is not None:
        call_args.append(f"body={op.body.name}")
    op.const = "_" + op.method.upper()
    op.endpoint_type = "bytes" if success.kind == "bytes" else returns_model(success, parse)
    op.request = f"{op.const}.request({', '.join(call_args)})"
    op.returns = returns
    op.docstring = _op_docstring(op)


def returns_model(success: Response, parse: str) -> str:
    """What an endpoint's parser returns: the response type, or None without a body."""
    if parse == "None" or success.type is None:
        return "None"
    return success.type.annotation()


_BUILTIN_GENERICS = ("list", "dict", "set", "tuple", "type", "frozenset")


def unshadow(resource: Resource) -> None:
    """Write ``builtins.list[...]`` where a method named ``list`` would shadow the builtin."""
    shadowed = [b for b in _BUILTIN_GENERICS if any(op.method == b for op in resource.operations)]
    if not shadowed:
        return
    pattern = re.compile(rf"(?<![\w.])({'|'.join(shadowed)})\[")

    def fix(text: str) -> str:
        return pattern.sub(r"builtins.\1[", text)

    for op in resource.operations:
        signature, returns = [fix(a) for a in op.signature], fix(op.returns)
        if signature != op.signature or returns != op.returns:
            resource.uses_builtins = True
        op.signature, op.returns = signature, returns


def _op_docstring(op: Operation) -> str:
    """Summary, description, then one line per argument, all already escaped."""
    parts = [op.summary or f"{op.http_method} {op.path}"]
    if op.description:
        parts.append(op.description)
    if op.deprecated:
        parts.append(".. deprecated:: Marked deprecated in the spec.")
    args = []
    for p in op.params:
        text = one_line(p.description) or f"The ``{p.key}`` {p.location} parameter."
        args.append(f"{p.name}: {text}")
    if op.body is not None:
        text = one_line(op.body.description) or "The request body."
        if op.batch_size:
            text += f" Sent in chunks of at most {op.batch_size}; results come back in input order."
        args.append(f"{op.body.name}: {text}")
    if op.batch_error_type:
        args.append(f"raise_on_error: raise BatchError if any result is a {op.batch_error_type}.")
    parts = [docstring(p, indent=8) for p in parts]
    if args:
        parts.append("Args:\n" + "\n".join("            " + docstring(a, indent=16) for a in args))
    parts.append(f"``{op.http_method} {docstring(op.path, indent=8)}``")
    return "\n\n        ".join(parts)


def _tuple(items: list[str], raw: bool = False) -> str:
    parts = items if raw else [repr(i) for i in items]
    if not parts:
        return "()"
    return f"({', '.join(parts)},)" if len(parts) == 1 else f"({', '.join(parts)})"
