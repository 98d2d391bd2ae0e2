"""Python expressions as a small tree, laid out the way black lays them out.

The reference docs show code built from spec data (a request example becomes nested model
constructor calls). Writing that text directly would either give one endless line or need
black at render time; instead examples are built as :class:`Atom` and :class:`Group` nodes
and :func:`layout` breaks them as black does: the whole expression on one line if it fits,
else a call's arguments on one indented line, else one item per line with a trailing
comma, recursively. Every leaf is a Python literal (``repr``) or a name the
generator chose, so no spec text reaches the code unescaped.

The generated client's readers use the same tree (at its own line length, passed as
``limit``): a tuple written with a trailing comma (``magic``) is always exploded, as black
explodes it, and a comprehension (:class:`Comp`) splits at its bracket, then between its
element and its ``for`` clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.layout import split_annotation, width

__all__ = [
    "WIDTH",
    "Atom",
    "Comp",
    "Expr",
    "Group",
    "Item",
    "assigned",
    "call",
    "fits",
    "forced",
    "layout",
    "statement",
]

#: Line length of the examples: black's default, which reads well in a browser.
WIDTH = 88


@dataclass(frozen=True)
class Atom:
    """A name or literal that is never broken."""

    text: str

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True)
class Item:
    """One element of a group: ``prefix`` (``name=``, ``'key': ``) then the value."""

    value: Expr
    prefix: str = ""

    def flat(self) -> str:
        return self.prefix + self.value.flat()


@dataclass(frozen=True)
class Group:
    """Bracketed, comma-separated items: a call, a list, a dict or a tuple."""

    open: str  # "models.Thing(", "[", "{", "("
    items: tuple[Item, ...]
    close: str  # ")", "]", "}"
    #: Written with a trailing comma after its last item, which black takes as "one item
    #: per line" (a "magic" trailing comma) unless the group is a one-item tuple.
    magic: bool = False

    def flat(self) -> str:
        inner = ", ".join(i.flat() for i in self.items)
        if self.open == "(" and len(self.items) == 1 or self.magic and self.items:
            inner += ","  # a one-item tuple, or a trailing comma
        return f"{self.open}{inner}{self.close}"

    @property
    def exploding(self) -> bool:
        """Whether black puts each item on a line of its own whatever the width."""
        return self.magic and bool(self.items) and not (self.open == "(" and len(self.items) == 1)


@dataclass(frozen=True)
class Comp:
    """A comprehension: ``[element for ...]`` (``open`` is ``[`` or ``{``)."""

    open: str
    element: Expr
    clause: str  # "for i0 in _s.as_list(v)", never broken
    close: str

    def flat(self) -> str:
        return f"{self.open}{self.element.flat()} {self.clause}{self.close}"


Expr = Atom | Group | Comp


def forced(expr: Expr) -> bool:
    """Whether ``expr`` holds a magic trailing comma, so black splits any line it is on."""
    if isinstance(expr, Comp):
        return forced(expr.element)
    if isinstance(expr, Group):
        return expr.exploding or any(forced(i.value) for i in expr.items)
    return False


def fits(lines: list[str], limit: int) -> bool:
    """Whether every line is at most ``limit`` wide (else black would split one further)."""
    return all(width(line) <= limit for line in lines)


def call(function: str, *args: Expr, **kwargs: Expr) -> Group:
    """``function(args..., name=value...)``."""
    items = [Item(a) for a in args] + [Item(v, f"{k}=") for k, v in kwargs.items()]
    return Group(f"{function}(", tuple(items), ")")


def layout(
    expr: Expr, indent: int = 0, lead: str = "", trail: str = "", limit: int = WIDTH
) -> list[str]:
    """``expr`` as lines: ``lead`` before it, ``trail`` after, ``indent`` spaces in front,
    each line at most ``limit`` wide where black can break it."""
    pad = " " * indent
    line = f"{pad}{lead}{expr.flat()}{trail}"
    if (width(line) <= limit and not forced(expr)) or isinstance(expr, Atom):
        return [line]
    inner = " " * (indent + 4)
    head, tail = f"{pad}{lead}{expr.open}", f"{pad}{expr.close}{trail}"
    if isinstance(expr, Comp):
        # black splits at the bracket, then (when the rest is still too long) before ``for``
        together = f"{inner}{expr.element.flat()} {expr.clause}"
        if width(together) <= limit and not forced(expr.element):
            return [head, together, tail]
        return [head, *layout(expr.element, indent + 4, "", "", limit), inner + expr.clause, tail]
    if not expr.items:
        return [line]
    if len(expr.items) == 1 and not expr.exploding:
        comma = "," if expr.open == "(" else ""  # a one-item tuple keeps its comma
        only = expr.items[0]
        return [head, *layout(only.value, indent + 4, only.prefix, comma, limit), tail]
    # A call's arguments may share one indented line; a list, dict or tuple literal that
    # does not fit is always one item per line (black's rule for collections).
    hugged = inner + ", ".join(i.flat() for i in expr.items)
    if expr.open not in ("[", "{", "(") and width(hugged) <= limit and not forced(expr):
        return [head, hugged, tail]
    lines = [head]
    for item in expr.items:
        lines += layout(item.value, indent + 4, item.prefix, ",", limit)
    return [*lines, tail]


def statement(lead: str, expr: Expr, trail: str = "", indent: int = 0) -> str:
    """One statement such as ``result = <expr>`` or ``for x in <expr>:``, laid out."""
    return "\n".join(layout(expr, indent, lead, trail))


def assigned(
    target: str,
    expr: Expr,
    indent: int,
    limit: int,
    annotation: tuple[str, Sequence[str], tuple[str, str]] | None = None,
) -> str:
    """``target = expr`` (``target`` may carry an annotation) as black lays it out: on one
    line if it fits, else split at ``expr``'s own bracket (black drops the parentheses it
    could add around a right-hand side that starts and ends with its own bracket), then
    inside it as :func:`layout` does. When ``target = f(`` is itself too long, black puts
    ``expr`` in parentheses if ``target = (`` fits, else splits the annotation first and
    the rest follows its closing bracket: ``annotation`` is ``target`` apart (the name and
    colon, the members of the annotation's union and what is around it; see
    :func:`generator.layout.split_annotation`). When a
    line would still be too long (a name too long for its line) the statement is left on
    one line for black."""
    pad = " " * indent
    line = f"{pad}{target} = {expr.flat()}"
    if width(line) <= limit and not forced(expr):
        return line
    lines = layout(expr, indent, f"{target} = ", "", limit)
    if isinstance(expr, Atom):  # black would put it in parentheses: left for black
        return line
    if fits(lines, limit):
        return "\n".join(lines)
    if width(f"{pad}{target} = {expr.open}") <= limit:
        return line
    if width(f"{pad}{target} = (") <= limit:  # in parentheses, as black puts it when the
        # line would otherwise split inside the annotation
        lines = [f"{pad}{target} = (", *layout(expr, indent + 4, "", "", limit), f"{pad})"]
        return "\n".join(lines) if fits(lines, limit) else line
    if annotation is None:
        return line
    split = split_annotation(*annotation, indent)
    if split is None:
        return line
    lines = [*split[:-1], *layout(expr, indent, f"{split[-1].lstrip()} = ", "", limit)]
    return "\n".join(lines) if fits(lines, limit) else line
