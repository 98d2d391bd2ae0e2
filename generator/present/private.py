"""The module-level reader functions a model or resource module defines for its own use.

When a field or a response has a type no runtime or class parser reads in one call (an array
of models, a union), the module gets a ``_parse_<name>(v)`` function. Its body assigns the
reader to an annotated ``parsed`` (the reader's own type may be ``Any``) and returns it.
"""

from __future__ import annotations

from generator import layout
from generator.syntax import Spelling, annotation, comprehension, reader
from generator.types import ListOf, MapOf, Type

__all__ = ["PrivateReader", "private_reader"]

#: The function's name, its return annotation, and the statement of its body that reads.
PrivateReader = tuple[str, str, str]


def private_reader(name: str, t: Type, sp: Spelling) -> PrivateReader:
    """``_parse_x``'s parts; an array or map is laid out as black lays it out."""
    ann = annotation(t, sp)
    target = f"parsed: {ann}"
    if isinstance(t, (ListOf, MapOf)) and (parts := comprehension(t, "v", sp)) is not None:
        return name, ann, layout.comprehension(target, parts, 4)
    return name, ann, f"    {target} = {reader(t, 'v', sp)}"
