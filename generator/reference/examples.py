"""Runnable examples of every operation, as a caller writes them with the sync client.

Each example is a whole script: imports, ``client = Client()``, the call with its path
parameters, body and required keywords, and what to do with the result. Values come from
the spec's examples (the request body's, each parameter's), checked and mended by
:mod:`generator.reference.samples`, and are written through the generated models by
:mod:`generator.reference.literals`; a body the models cannot hold is written as plain
JSON data, which every method also takes.
"""

from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass, replace
from typing import Any

from generator.model import Api, Operation, Parameter
from generator.names import snake_name
from generator.pycode import Atom, Expr, Group, Item, call, statement
from generator.reference.literals import Literals, Mismatch, plain
from generator.reference.markdown import code
from generator.reference.samples import Sample, Samples
from generator.revalidate import ValidationMemo
from generator.types import ListOf, Ref, Type, Union

__all__ = ["Call", "Example", "ExampleBuilder", "import_lines", "result_lines"]

_TAKEN = frozenset({"client", "models", "errors", "datetime", "uuid", "asyncio", "logging"})


@dataclass(frozen=True)
class Call:
    """One call of an operation with example arguments, and what its code needs."""

    op: Operation
    expr: Group  # client.<resource>.<method>(...)
    modules: frozenset[str]  # standard-library modules its arguments use
    uses_models: bool
    title: str = ""  # the spec example's summary; "" when made from the types
    notes: tuple[str, ...] = ()  # Markdown: what differs from the spec's example, and why
    body: Any = None  # the body's JSON value, when the operation takes one

    def with_keywords(self, **kwargs: str) -> Call:
        """The same call with more keyword arguments (``timeout="5.0"``), given as code."""
        extra = tuple(Item(Atom(v), f"{k}=") for k, v in kwargs.items())
        return replace(self, expr=Group(self.expr.open, self.expr.items + extra, ")"))

    def body_apart(self) -> tuple[Expr, Call]:
        """The body's expression, and the call taking it as a variable (``body``)."""
        assert self.op.body is not None
        index = len(self.op.path_params)
        items = list(self.expr.items)
        body, items[index] = items[index].value, Item(Atom(self.op.body.name))
        return body, replace(self, expr=Group(self.expr.open, tuple(items), ")"))

    def on(self, target: str) -> Call:
        """The same arguments, called on ``target`` instead of ``client.<resource>``."""
        method = self.expr.open.rsplit(".", 1)[-1]
        return replace(self, expr=Group(f"{target}.{method}", self.expr.items, ")"))


@dataclass(frozen=True)
class Example:
    """One runnable example of one operation."""

    title: str
    code: str  # the whole script
    notes: tuple[str, ...] = ()


class ExampleBuilder:
    """Example calls for the operations of one spec."""

    def __init__(self, spec: dict[str, Any], api: Api, memo: ValidationMemo | None = None) -> None:
        self.api = api
        self.samples = Samples(spec, api, memo)
        self._calls: dict[str, list[Call]] = {}

    def for_operation(self, op: Operation) -> list[Example]:
        return [
            Example(c.title, self.script(c), c.notes) for c in self.calls(op)
        ]  # fmt: skip

    def calls(self, op: Operation) -> list[Call]:
        """One call per request example of the spec (mended), else one made up."""
        if op.pointer not in self._calls:
            bodies: list[Sample | None] = [None]
            if op.body is not None:
                bodies = [s for s in map(lambda s: self._body(op, s), self._spec_bodies(op)) if s]
                bodies = bodies or [Sample("", self.samples.made_up(op.body.type))]
            self._calls[op.pointer] = [self._call(op, body) for body in bodies]
        return self._calls[op.pointer]

    def minimal(self, op: Operation) -> Call:
        """The first call with only the required parts of its body (one item of a list),
        where that still fits the schema: the shortest complete example."""
        first = self.calls(op)[0]
        media = self._media(op) if op.body is not None else None
        if not isinstance(media, dict) or first.body is None:
            return first
        short = self.samples.required_only(op.body.type, first.body)  # type: ignore[union-attr]
        if short == first.body or self.samples.first_error(media.get("schema"), short):
            return first
        return self._call(op, Sample(first.title, short, first.notes))

    def script(self, c: Call, is_async: bool = False) -> str:
        """The whole program: imports, the client, the call and its result."""
        cls = self.api.async_client_class if is_async else self.api.client_class
        head = import_lines(self.api, c, {cls}, {"asyncio"} if is_async else set())
        if not is_async:
            return "\n".join([*head, "", f"client = {cls}()", "", *result_lines(c, 0, False)])
        return "\n".join(
            [*head, "", "", "async def main() -> None:", f"    async with {cls}() as client:",
             *result_lines(c, 8, True), "", "", "asyncio.run(main())"]
        )  # fmt: skip

    # -- the spec's values -----------------------------------------------------------

    def _spec_bodies(self, op: Operation) -> list[Sample]:
        media = self._media(op)
        found = self.samples.of_media(media)
        if not found and isinstance(media, dict):
            own = self.samples.of_schema(media.get("schema"))
            found = [own] if own is not None else []
        return found

    def _media(self, op: Operation) -> Any:
        assert op.body is not None
        resolver = self.samples.resolver
        try:
            node, _ = resolver.follow(resolver.lookup(op.pointer).get("requestBody"))
            return node["content"][op.body.media_type]
        except (LookupError, KeyError, TypeError, AttributeError):
            return None

    def _body(self, op: Operation, sample: Sample) -> Sample | None:
        """A spec example mended to fit its schema; None when it cannot be."""
        assert op.body is not None
        media = self._media(op)
        schema = media.get("schema") if isinstance(media, dict) else None
        if schema is None or op.body.kind != "json":
            return sample
        mended = self.samples.mend(schema, sample.value, op.body.name)
        return None if mended is None else Sample(sample.title, mended[0], mended[1])

    def _parameter(self, p: Parameter) -> tuple[Any, bool]:
        """A parameter's value (its own example where that fits its schema, else made
        up), and whether the spec gave the parameter itself an example."""
        try:
            node, _ = self.samples.resolver.follow(self.samples.resolver.lookup(p.pointer))
        except LookupError:
            node = {}
        node = node if isinstance(node, dict) else {}
        schema = node.get("schema", {})
        own = self.samples.of_media(node)
        candidates = own + [s for s in [self.samples.of_schema(schema)] if s is not None]
        for candidate in candidates:
            if self.samples.first_error(schema, candidate.value) is None:
                return candidate.value, bool(own)
        return self.samples.made_up(p.type), False

    # -- the call --------------------------------------------------------------------

    def _call(self, op: Operation, body: Sample | None) -> Call:
        literals = Literals(self.api)
        args: list[Expr] = []
        kwargs: dict[str, Expr] = {}
        for p in op.params:
            value, given = self._parameter(p)
            if p.location == "path" or p.required or given:
                expr = self._value(literals, p.type, value, p.name)
                if p.location == "path":
                    args.append(expr)
                else:
                    kwargs[p.name] = expr
        notes = list(body.notes) if body else []
        if op.body is not None and body is not None:
            args.insert(len(op.path_params), self._body_expr(literals, op, body.value, notes))
        return Call(
            op=op,
            expr=call(f"client.{op.resource}.{op.method}", *args, **kwargs),
            modules=frozenset(literals.imports),
            uses_models=literals.uses_models,
            title=body.title if body else "",
            notes=tuple(dict.fromkeys([*notes, *literals.notes])),
            body=body.value if body else None,
        )

    def _value(self, literals: Literals, t: Type, value: Any, where: str) -> Expr:
        try:
            return literals.of(t, value, where)
        except Mismatch:
            return literals.of(t, self.samples.made_up(t), where)

    def _body_expr(self, literals: Literals, op: Operation, value: Any, notes: list[str]) -> Expr:
        assert op.body is not None
        mark = literals.mark()
        try:
            return literals.of(op.body.type, value, op.body.name)
        except Mismatch as exc:
            literals.reset(mark)
            notes.append(f"The body is written as plain JSON data: {code(str(exc))}.")
            return plain(value)


def import_lines(api: Api, c: Call | None, names: set[str], modules: set[str]) -> list[str]:
    """The import block of an example: standard library first, then the package (isort)."""
    found = set(modules) | (set(c.modules) if c else set())
    names = names | ({"models"} if c and c.uses_models else set())
    lines = [f"import {m}" for m in sorted(found)]
    ordered = sorted(names, key=lambda n: (not n[:1].isupper(), n.lower()))
    return [*lines, *([""] if lines else []), f"from {api.package} import {', '.join(ordered)}"]


def result_lines(c: Call, indent: int, is_async: bool, lead: str = "") -> list[str]:
    """The call, and what a caller does with its result (print it, or walk the pages)."""
    pad = " " * indent
    wait = "await " if is_async else ""
    if c.op.pagination is not None:
        item = _variable(c.op.pagination.item_type, "item")
        loop = "async for" if is_async else "for"
        first = statement(f"{loop} {item} in {lead}", c.expr, ":", indent)
        return [first, f"{pad}    print({item})"]
    success = c.op.success
    if success.type is None or success.kind == "none":
        return [statement(wait + lead, c.expr, "", indent)]
    name = "content" if success.kind == "bytes" else _variable(success.type, "result")
    return [statement(f"{name} = {wait}{lead}", c.expr, "", indent), f"{pad}print({name})"]


def _variable(t: Type, fallback: str) -> str:
    """A name for a result of type ``t``: ``integration`` for an ``Integration``."""
    if isinstance(t, ListOf) or (isinstance(t, Union) and not t.is_optional):
        return "results" if fallback == "result" else fallback
    if isinstance(t, Union):
        t = t.non_null[0]
    if not isinstance(t, Ref):
        return fallback
    name = snake_name(t.name)
    if len(name) > 20:
        name = name.rsplit("_", 1)[-1]
    taken = keyword.iskeyword(name) or name in dir(builtins) or name in _TAKEN
    return fallback if taken or not name.isidentifier() else name
