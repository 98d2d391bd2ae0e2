"""The ``Endpoint(...)`` of each operation: what the spec says of it, fixed at import time,
and the call that fills it in with a method's arguments."""

from __future__ import annotations

from generator.format import LINE_LENGTH
from generator.model import Operation
from generator.present.private import private_reader
from generator.pycode import Atom, Group, Item, layout
from generator.syntax import Spelling, literal, parser
from generator.types import Prim, Type, Union

__all__ = ["endpoint_arguments", "parser_for", "request_call", "request_lines"]


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
            args.append(_tuple_argument(f"{loc}_params", [literal(k) for k in keys]))
    body = op.body
    if body is not None and body.kind == "json" and body.type.refs():
        args.append(f"body_parse={parser_for(op, body.type, 'body', sp, private)}")
    unexploded = [literal(p.key) for p in op.params if p.location == "query" and not p.explode]
    if unexploded:
        args.append(_tuple_argument("unexploded", unexploded))
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
        args.append(_tuple_argument("page_fields", keys))
    if op.batch_size:
        args.append(f"batch_size={op.batch_size}")
    dates = [literal(p.key) for p in op.params if _is_date(p.type)]
    if dates:
        args.append(_tuple_argument("date_params", dates))
    if op.security is not None:
        args.append(_tuple_argument("security", [literal(r) for r in op.security]))
    return args


def _is_date(t: Type) -> bool:
    """A ``format: date`` parameter: a datetime given for it sends its date."""
    inner = t.non_null[0] if isinstance(t, Union) and t.is_optional else t
    return isinstance(inner, Prim) and inner.kind == "date"


def _tuple_argument(name: str, items: list[str]) -> str:
    """``name=(a, b)``, an argument of ``Endpoint(...)`` (at 4 spaces, then a comma), laid
    out as black lays it out: a tuple too long for its line one item per line."""
    lines = layout(_tuple_expr(items), 4, f"{name}=", ",", LINE_LENGTH)
    return "\n".join(lines)[4:-1]  # the template writes the indent and the comma


def request_call(op: Operation) -> str:
    """``_CONST.request(path=(...), query=(...), body=...)``: the arguments, in spec order."""
    return _request_expr(op).flat()


def request_lines(op: Operation) -> str:
    """:func:`request_call` as an argument of ``self._client.request(`` (at 12 spaces, then
    a comma), laid out as black lays it out."""
    return "\n".join(layout(_request_expr(op), 12, "", ",", LINE_LENGTH))


def _request_expr(op: Operation) -> Group:
    call = [
        Item(_tuple_expr([p.name for p in op.params if p.location == loc]), f"{loc}=")
        for loc in ("path", "query", "header", "cookie")
        if any(p.location == loc for p in op.params)
    ]
    if op.batch_size:
        call.append(Item(Atom("chunk"), "body="))
    elif op.body is not None:
        call.append(Item(Atom(op.body.name), "body="))
    return Group(f"_{op.method.upper()}.request(", tuple(call), ")")


def _tuple_expr(items: list[str]) -> Group:
    """A tuple of names or literals (one item gets its comma from :class:`Group`)."""
    return Group("(", tuple(Item(Atom(i)) for i in items), ")")
