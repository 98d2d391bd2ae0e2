"""The ``Endpoint(...)`` of each operation: what the spec says of it, fixed at import time,
and the call that fills it in with a method's arguments."""

from __future__ import annotations

from generator.model import Operation
from generator.present.private import private_reader
from generator.syntax import Spelling, literal, parser
from generator.types import Prim, Type, Union

__all__ = ["endpoint_arguments", "parser_for", "request_call"]


def parser_for(
    op: Operation, t: Type, suffix: str, sp: Spelling, private: list[tuple[str, str, str]]
) -> str:
    """A callable reading ``t``: a runtime or class parser, else a module-level function."""
    found = parser(t, sp)
    if found is not None:
        return found
    name = f"_parse_{op.method}_{suffix}"
    private.append(private_reader(name, t, sp))
    return name


def endpoint_arguments(
    op: Operation, parse: str, sp: Spelling, private: list[tuple[str, str, str]]
) -> list[str]:
    """The arguments of the operation's ``Endpoint(...)``, fixed at import time."""
    sp.runtime("_base_client", "Endpoint")
    args = [literal(f"{op.resource}.{op.method}"), literal(op.http_method), literal(op.path)]
    for loc in ("path", "query", "header", "cookie"):
        keys = [p.key for p in op.params if p.location == loc]
        if keys:
            args.append(f"{loc}_params={_tuple([literal(k) for k in keys])}")
    body = op.body
    if body is not None and body.kind == "json" and body.type.refs():
        args.append(f"body_parse={parser_for(op, body.type, 'body', sp, private)}")
    unexploded = [literal(p.key) for p in op.params if p.location == "query" and not p.explode]
    if unexploded:
        args.append(f"unexploded={_tuple(unexploded)}")
    if body is not None:
        args.append(f"body={literal(body.kind)}")
        if body.media_type != "application/json" and body.kind != "form":
            args.append(f"content_type={literal(body.media_type)}")
    if parse:
        args.append(f"parse={parse}")
    if op.success.kind != "json" or op.success.type is None:
        args.append(f"response={literal(op.success.kind)}")
    errors = [
        f"{literal(r.status)}: {parser_for(op, r.type, 'error_' + r.status.lower(), sp, private)}"
        for r in op.errors
        if r.type is not None and r.kind == "json"
    ]
    if errors:
        args.append(f"errors={{{', '.join(errors)}}}")
    args += [f"{flag}=True" for flag in ("idempotent", "deletes") if getattr(op, flag)]
    if op.pagination is not None:
        page = op.pagination
        keys = [literal(k) for k in (page.results_key, page.next_key, page.previous_key)]
        args.append(f"page_fields={_tuple(keys)}")
    if op.batch_size:
        args.append(f"batch_size={op.batch_size}")
    dates = [literal(p.key) for p in op.params if _is_date(p.type)]
    if dates:
        args.append(f"date_params={_tuple(dates)}")
    if op.security is not None:
        args.append(f"security={_tuple([literal(r) for r in op.security])}")
    return args


def _is_date(t: Type) -> bool:
    """A ``format: date`` parameter: a datetime given for it sends its date."""
    inner = t.non_null[0] if isinstance(t, Union) and t.is_optional else t
    return isinstance(inner, Prim) and inner.kind == "date"


def request_call(op: Operation) -> str:
    """``_CONST.request(path=(...), query=(...), body=...)``: the arguments, in spec order."""
    call = [
        f"{loc}={_tuple([p.name for p in op.params if p.location == loc])}"
        for loc in ("path", "query", "header", "cookie")
        if any(p.location == loc for p in op.params)
    ]
    if op.batch_size:
        call.append("body=chunk")
    elif op.body is not None:
        call.append(f"body={op.body.name}")
    return f"_{op.method.upper()}.request({', '.join(call)})"


def _tuple(items: list[str]) -> str:
    if not items:
        return "()"
    return f"({', '.join(items)},)" if len(items) == 1 else f"({', '.join(items)})"
