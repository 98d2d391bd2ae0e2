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
from generator.syntax import Spelling, annotation, members, reader_expr
from generator.types import ListOf, MapOf, Type

__all__ = ["PrivateReader", "private_reader", "signature"]

#: The function's name, its ``def`` line(s), and the statement of its body that reads.
PrivateReader = tuple[str, str, str]


def private_reader(name: str, t: Type, sp: Spelling) -> PrivateReader:
    """``_parse_x``'s parts, laid out as black lays them out."""
    target = f"parsed: {annotation(t, sp)}"
    body = assigned(target, reader_expr(t, "v", sp), 4, LINE_LENGTH)
    return name, signature(name, "v: Any", t, sp), body


def signature(name: str, param: str, t: Type, sp: Spelling) -> str:
    """``def name(param) -> <t>:``, laid out as black lays it out."""
    if isinstance(t, ListOf):
        return layout.signature(name, param, members(t.item, sp), (f"{sp.builtin('list')}[", "]"))
    if isinstance(t, MapOf):
        around = (f"{sp.builtin('dict')}[{sp.builtin('str')}, ", "]")
        return layout.signature(name, param, members(t.value, sp), around)
    return layout.signature(name, param, members(t, sp))
