"""The module-level reader functions a model or resource module defines for its own use.

When a field or a response has a type no runtime or class parser reads in one call (an array
of models, a union), the module gets a ``_parse_<name>(v)`` function. Its body assigns the
reader to an annotated ``parsed`` (the reader's own type may be ``Any``) and returns it.
Both its ``def`` line and that assignment are laid out as black lays them out.
"""

from __future__ import annotations

from generator import layout
from generator.format import LINE_LENGTH
from generator.pycode import assigned
from generator.syntax import Spelling, reader_expr, terms
from generator.types import ListOf, MapOf, Type

__all__ = ["PrivateReader", "parsed", "private_reader", "signature"]

#: The function's name, its ``def`` line(s), and the statement of its body that reads.
PrivateReader = tuple[str, str, str]


def private_reader(name: str, t: Type, sp: Spelling) -> PrivateReader:
    """``_parse_x``'s parts, laid out as black lays them out."""
    return name, signature(name, "v: Any", t, sp), parsed(t, "v", sp)


def parsed(t: Type, v: str, sp: Spelling) -> str:
    """``parsed: <t> = <the reader of v>``, in a function body, laid out."""
    returns, around = _annotation_parts(t, sp)
    target = f"parsed: {around[0]}{' | '.join(returns)}{around[1]}"
    return assigned(target, reader_expr(t, v, sp), 4, LINE_LENGTH, ("parsed: ", returns, around))


def signature(name: str, param: str, t: Type, sp: Spelling) -> str:
    """``def name(param) -> <t>:``, laid out as black lays it out."""
    return layout.signature(name, param, *_annotation_parts(t, sp))


def _annotation_parts(t: Type, sp: Spelling) -> tuple[list[str], tuple[str, str]]:
    """``t``'s annotation as the members of a union and what is around it (a list or map
    of a union is ``list[`` + the members + ``]``); ``annotation(t)`` joins them."""
    if isinstance(t, ListOf):
        return terms(t.item, sp), (f"{sp.builtin('list')}[", "]")
    if isinstance(t, MapOf):
        return terms(t.value, sp), (f"{sp.builtin('dict')}[{sp.builtin('str')}, ", "]")
    return terms(t, sp), ("", "")
