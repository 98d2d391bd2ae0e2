"""Python expressions as a small tree, laid out the way black lays them out.

The reference docs show code built from spec data (a request example becomes nested model
constructor calls). Writing that text directly would either give one endless line or need
black at render time; instead examples are built as :class:`Atom` and :class:`Group` nodes
and :func:`layout` breaks them as black does: the whole expression on one line if it fits,
else a call's arguments on one indented line, else one item per line with a trailing
comma, recursively. Every leaf is a Python literal (``repr``) or a name the
generator chose, so no spec text reaches the code unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.layout import width

__all__ = ["WIDTH", "Atom", "Expr", "Group", "Item", "call", "layout", "statement"]

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

    def flat(self) -> str:
        inner = ", ".join(i.flat() for i in self.items)
        if self.open == "(" and len(self.items) == 1:
            inner += ","  # a one-item tuple
        return f"{self.open}{inner}{self.close}"


Expr = Atom | Group


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
    if width(line) <= limit or isinstance(expr, Atom) or not expr.items:
        return [line]
    inner = " " * (indent + 4)
    head, tail = f"{pad}{lead}{expr.open}", f"{pad}{expr.close}{trail}"
    if len(expr.items) == 1:
        comma = "," if expr.open == "(" else ""  # a one-item tuple keeps its comma
        only = expr.items[0]
        return [head, *layout(only.value, indent + 4, only.prefix, comma, limit), tail]
    # A call's arguments may share one indented line; a list, dict or tuple literal that
    # does not fit is always one item per line (black's rule for collections).
    hugged = inner + ", ".join(i.flat() for i in expr.items)
    if expr.open not in ("[", "{", "(") and width(hugged) <= limit:
        return [head, hugged, tail]
    lines = [head]
    for item in expr.items:
        lines += layout(item.value, indent + 4, item.prefix, ",", limit)
    return [*lines, tail]


def statement(lead: str, expr: Expr, trail: str = "", indent: int = 0) -> str:
    """One statement such as ``result = <expr>`` or ``for x in <expr>:``, laid out."""
    return "\n".join(layout(expr, indent, lead, trail))
