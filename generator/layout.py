"""The few statement shapes the model template repeats, laid out the way black lays them out.

black formats a module twice when its first pass changes anything (the second pass settles
trailing commas), so a render black leaves as it is costs half. The shapes here are the
ones every model has many of: ``obj.x = <conditional expression>`` in ``from_dict``, the
``if`` of each optional field in ``to_dict`` and the attribute table. A shape too long for
the rules below is left for black to lay out; the output is black's either way (the tests
compare with black), only the time differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.format import LINE_LENGTH

__all__ = [
    "Call",
    "Nested",
    "Part",
    "Sub",
    "Term",
    "annotated",
    "assignment",
    "bracketed",
    "condition",
    "flat",
    "mapping",
    "names_list",
    "parameter",
    "rebinding",
    "signature",
    "split_annotation",
    "string",
    "subscripted",
    "tuple_entry",
    "union_flat",
    "width",
]


@dataclass(frozen=True)
class Call:
    """``head(args...)``, where ``head`` ends with the opening parenthesis."""

    head: str
    args: tuple[str, ...]

    def flat(self) -> str:
        return f"{self.head}{', '.join(self.args)})"


@dataclass(frozen=True)
class Nested:
    """``else <conditional expression>``: black puts it in parentheses when it splits."""

    prefix: str
    parts: tuple[Part, ...]

    def flat(self) -> str:
        return self.prefix + flat(self.parts)


@dataclass(frozen=True)
class Sub:
    """``head[a, b]`` in an annotation, where each argument is a union of terms: black may
    split it at its bracket, then between its arguments, then inside each union."""

    head: str
    args: tuple[tuple[Term, ...], ...]

    def flat(self) -> str:
        return f"{self.head}[{', '.join(union_flat(a) for a in self.args)}]"


#: One operand of an annotation's ``|``: a name (any text black never splits) or a subscript.
Term = str | Sub


def union_flat(terms: Sequence[Term]) -> str:
    """A union of terms on one line."""
    return " | ".join(t if isinstance(t, str) else t.flat() for t in terms)


#: One operand of a conditional expression (``v``, ``if v is None``, ``else read(v)``).
Part = str | Call | Nested


def flat(parts: Sequence[Part]) -> str:
    """The expression on one line."""
    return " ".join(p if isinstance(p, str) else p.flat() for p in parts)


def assignment(target: str, parts: Sequence[Part], indent: int) -> str:
    """``target = <parts>``: on one line if it fits; a lone call split at its parenthesis;
    a conditional expression in parentheses, on one line or one operand per line."""
    pad = " " * indent
    line = f"{pad}{target} = {flat(parts)}"
    if width(line) <= LINE_LENGTH:
        return line
    if len(parts) == 1 and isinstance(parts[0], Call):
        return "\n".join(_call(parts[0], indent, f"{target} = ", ""))
    inner = pad + "    "
    body = inner + flat(parts)
    if width(body) <= LINE_LENGTH:
        return f"{pad}{target} = (\n{body}\n{pad})"
    return "\n".join([f"{pad}{target} = (", *_operands(parts, indent + 4), f"{pad})"])


def _operands(parts: Sequence[Part], indent: int) -> list[str]:
    """A conditional expression split into one operand per line."""
    pad = " " * indent
    lines: list[str] = []
    for part in parts:
        if isinstance(part, str):
            lines.append(pad + part)
        elif isinstance(part, Call):
            lines += _call(part, indent, "", "")
        elif width(line := f"{pad}{part.prefix}({flat(part.parts)})") <= LINE_LENGTH:
            lines.append(line)
        elif width(body := f"{pad}    {flat(part.parts)}") <= LINE_LENGTH:
            lines += [f"{pad}{part.prefix}(", body, f"{pad})"]
        else:
            lines += [f"{pad}{part.prefix}(", *_operands(part.parts, indent + 4), f"{pad})"]
    return lines


def _call(call: Call, indent: int, lead: str, trail: str) -> list[str]:
    """A call split at its parenthesis: the arguments on one line, else one per line."""
    pad = " " * indent
    line = f"{pad}{lead}{call.flat()}{trail}"
    if width(line) <= LINE_LENGTH:
        return [line]
    args = f"{pad}    {', '.join(call.args)}"
    if width(args) <= LINE_LENGTH or len(call.args) == 1:  # black cannot split a lone one
        return [f"{pad}{lead}{call.head}", args, f"{pad}){trail}"]
    return [f"{pad}{lead}{call.head}", *(f"{pad}    {a}," for a in call.args), f"{pad}){trail}"]


def bracketed(head: str, inner: str, tail: str, indent: int) -> str:
    """``head(inner)tail`` with one pair of parentheses (``class X(Base):``,
    ``def from_dict(cls, data: Any) -> X:``), as black lays it out when too long: split at
    the parentheses, ``inner`` on a line of its own (black adds no comma: ``inner`` has
    one, or is no parameter list). Left for black when a line would still be too long."""
    pad = " " * indent
    line = f"{pad}{head}({inner}){tail}"
    if width(line) <= LINE_LENGTH:
        return line
    lines = [f"{pad}{head}(", f"{pad}    {inner}", f"{pad}){tail}"]
    return "\n".join(lines) if all(width(part) <= LINE_LENGTH for part in lines) else line


def condition(
    terms: Sequence[str], rest: str, indent: int, *, keyword: str = "if", joiner: str = "or"
) -> str:
    """``if (a or b) <rest>:``, where ``rest`` is ``""`` or ``and ...``: black splits at
    the parenthesis around the ``or`` (the one it adds, when there is no ``rest``).
    ``keyword`` may be ``elif``, and ``joiner`` ``and``."""
    pad = " " * indent
    grouped = f" {joiner} ".join(terms)
    ands = f" {rest}" if rest else ""
    line = f"{pad}{keyword} ({grouped}){ands}:" if rest else f"{pad}{keyword} {grouped}:"
    if width(line) <= LINE_LENGTH:
        return line
    body = f"{pad}    {grouped}"
    if width(body) > LINE_LENGTH:
        body = "\n".join([f"{pad}    {terms[0]}", *(f"{pad}    {joiner} {t}" for t in terms[1:])])
    return f"{pad}{keyword} (\n{body}\n{pad}){ands}:"


def rebinding(
    name: str, branches: Sequence[tuple[Sequence[str], Part]], after: str, indent: int
) -> str:
    """An ``if``/``elif``/``else`` chain that binds ``name`` again, then the line ``after``.

    Each branch is its tests (all must hold; none makes it the ``else``) and the value.
    """
    pad = " " * indent
    lines: list[str] = []
    for index, (tests, value) in enumerate(branches):
        if tests:
            keyword = "elif" if index else "if"
            lines.append(condition(tests, "", indent, keyword=keyword, joiner="and"))
        else:
            lines.append(f"{pad}else:")
        lines.append(assignment(name, [value], indent + 4))
    return "\n".join([*lines, after])


def mapping(target: str, pairs: Sequence[tuple[str, str]], indent: int) -> str:
    """``target = {key: value, ...}``: on one line if it fits, else one pair per line."""
    pad = " " * indent
    line = f"{pad}{target} = {{{', '.join(f'{k}: {v}' for k, v in pairs)}}}"
    if width(line) <= LINE_LENGTH or not pairs:
        return line
    return "\n".join([f"{pad}{target} = {{", *(f"{pad}    {k}: {v}," for k, v in pairs), pad + "}"])


def tuple_entry(key: str, items: Sequence[str], indent: int) -> str:
    """``key: (a, b),``, an entry of a dict display: one line if it fits, else one item per
    line (a tuple is a collection: black never puts its items on a shared line)."""
    pad = " " * indent
    inner = ", ".join(items) + ("," if len(items) == 1 else "")
    line = f"{pad}{key}: ({inner}),"
    if width(line) <= LINE_LENGTH:
        return line
    return "\n".join([f"{pad}{key}: (", *(f"{pad}    {i}," for i in items), f"{pad}),"])


def width(line: str) -> int:
    """A line's width as black measures it: East Asian wide characters count twice."""
    if line.isascii():
        return len(line)
    from black.strings import str_width  # black's own rule; black is imported to format anyway

    measured: int = str_width(line)
    return measured


def string(text: str) -> str:
    """A string literal as black writes it: double quotes unless that needs more escapes."""
    quote = '"' if text.count('"') <= text.count("'") else "'"
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == quote:
            out.append("\\" + char)
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return quote + "".join(out) + quote


def names_list(target: str, names: Sequence[str]) -> str:
    """``target = ["a", "b"]`` (an ``__all__``), as black writes it: on one line if it fits,
    else one name per line with a trailing comma (black's rule for a list literal)."""
    quoted = [string(name) for name in names]
    line = f"{target} = [{', '.join(quoted)}]"
    if width(line) <= LINE_LENGTH:
        return line
    return "\n".join([f"{target} = [", *(f"    {q}," for q in quoted), "]"])


def annotated(name: str, members: Sequence[Term], default: str, indent: int) -> str:
    """``name: A | B = default`` (``default`` may be ``""``) in a class body, as black lays it
    out when it is too long: the default in parentheses on a line of its own when the rest
    fits before it, else the union in parentheses (see :func:`_declaration`)."""
    return _declaration(name, members, default, indent, "", default_apart=True)


def _declaration(
    name: str,
    members: Sequence[Term],
    default: str,
    indent: int,
    trail: str,
    default_apart: bool,
) -> str:
    """``name: A | B = default`` then ``trail``: on one line if it fits; with
    ``default_apart`` (an assignment, not a parameter), the default in parentheses when the
    rest fits before it; else the union in parentheses, on one line or one member per line,
    a member too long for its line split at its bracket. A lone subscript is split at its
    bracket, without parentheses; a lone name too long is left for black."""
    pad = " " * indent
    union = union_flat(members)
    tail = f" = {default}" if default else ""
    line = f"{pad}{name}: {union}{tail}{trail}"
    if width(line) <= LINE_LENGTH or (len(members) == 1 and isinstance(members[0], str)):
        return line
    if default_apart and default and width(head := f"{pad}{name}: {union} = (") <= LINE_LENGTH:
        return f"{head}\n{pad}    {default}\n{pad}){trail}"
    if len(members) == 1:
        body = _term_lines(f"{name}: ", members[0], indent, f"{tail}{trail}")
        return line if body is None else "\n".join(body)
    lines = _union_lines(members, indent + 4)
    if lines is None:
        return line
    return "\n".join([f"{pad}{name}: (", *lines, f"{pad}){tail}{trail}"])


def subscripted(name: str, wrapper: str, members: Sequence[Term], indent: int) -> str:
    """``name: Wrapper[A | B]`` (a ``Required[...]`` key of a TypedDict), as black lays it
    out when it is too long: split at the bracket, the union on one line or one member per
    line (each split at its own bracket when too long)."""
    return _declaration(name, [Sub(wrapper, (tuple(members),))], "", indent, "", True)


def _union_lines(members: Sequence[Term], indent: int, trail: str = "") -> list[str] | None:
    """A union at ``indent`` (then ``trail``), as black lays out the body of a bracket: on
    one line, else one member per line after ``|``, a member too long for its line split
    at its bracket; ``None`` when black would split it another way (a name too long for
    its line)."""
    pad = " " * indent
    if width(one := pad + union_flat(members) + trail) <= LINE_LENGTH:
        return [one]
    lines: list[str] = []
    for i, member in enumerate(members):
        last = i == len(members) - 1
        got = _term_lines("| " if i else "", member, indent, trail if last else "")
        if got is None:
            return None
        lines += got
    return lines


def _term_lines(lead: str, term: Term, indent: int, trail: str) -> list[str] | None:
    """``lead`` + a member of a union + ``trail`` on its line, else split at the member's
    bracket (``list[`` / the arguments / ``]``); ``None`` for a name too long."""
    pad = " " * indent
    line = f"{pad}{lead}{union_flat([term])}{trail}"
    if width(line) <= LINE_LENGTH:
        return [line]
    if isinstance(term, str) or width(head := f"{pad}{lead}{term.head}[") > LINE_LENGTH:
        return None
    if len(term.args) == 1:
        body = _union_lines(term.args[0], indent + 4)
    else:
        body = _arguments(term.args, indent + 4)
    return None if body is None else [head, *body, f"{pad}]{trail}"]


def _arguments(args: Sequence[Sequence[Term]], indent: int) -> list[str] | None:
    """A subscript's arguments (``str, A | B``): on one line, else one per line, each with
    a comma (black adds one after the last)."""
    pad = " " * indent
    if width(one := pad + ", ".join(union_flat(a) for a in args)) <= LINE_LENGTH:
        return [one]
    lines: list[str] = []
    for arg in args:
        got = _union_lines(arg, indent, ",")
        if got is None:
            return None
        lines += got
    return lines


def parameter(name: str, members: Sequence[Term], default: str, indent: int) -> str:
    """``name: A | B = default,``, one parameter of a signature black has put one per line
    (``default`` may be ``""``): when too long, the union in parentheses (a default is never
    parenthesised here; see :func:`_declaration`)."""
    return _declaration(name, members, default, indent, ",", default_apart=False)


def signature(
    name: str, param: str, returns: Sequence[str], around: tuple[str, str] = ("", "")
) -> str:
    """``def name(param) -> <returns>:`` at the top level, where the return annotation is
    ``around[0]`` + the ``|`` union of ``returns`` + ``around[1]`` (``("list[", "]")`` for a
    list of a union). Too long, black splits it at the parameters' parenthesis
    (``def name(`` / ``param,`` / ``) -> ...:``), then the annotation as
    :func:`split_annotation` does. A shape beyond these is left for black (the line as it is).
    """
    union = " | ".join(returns)
    line = f"def {name}({param}) -> {around[0]}{union}{around[1]}:"
    head, arg, tail = f"def {name}(", f"    {param},", f") -> {around[0]}{union}{around[1]}:"
    if width(line) <= LINE_LENGTH:
        return line
    if width(head) > LINE_LENGTH or width(arg) > LINE_LENGTH:
        return line
    if width(tail) <= LINE_LENGTH:
        return "\n".join([head, arg, tail])
    split = split_annotation(") -> ", returns, around, 0)
    if split is None:
        return line
    return "\n".join([head, arg, *split[:-1], split[-1] + ":"])


def split_annotation(
    lead: str, members: Sequence[str], around: tuple[str, str], indent: int
) -> list[str] | None:
    """An annotation black has to split (``lead`` before it: ``) -> ``, ``parsed: ``): a
    union in parentheses of its own (``(`` / members / ``)``), a lone subscript at its
    bracket (``list[`` / members / ``]``), the members on one line or one per line; the last
    line is the closing bracket, for the caller to continue. ``None`` for another shape
    (a ``dict[str, ...]``, whose key splits too; a lone name), or a member too long."""
    pad = " " * indent
    if around[0]:
        opening, _, before = around[0].rpartition("[")
        if not opening or before:
            return None
        open_, close = f"{pad}{lead}{opening}[", f"{pad}]{around[1][1:]}"
    elif len(members) > 1:
        open_, close = f"{pad}{lead}(", f"{pad})"
    else:
        return None
    body = _union_lines(members, indent + 4)
    if body is None or width(open_) > LINE_LENGTH:
        return None
    return [open_, *body, close]
