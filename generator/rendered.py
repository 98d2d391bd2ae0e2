"""What rendering hands to writing: one output file's text, split into header and body.

It lives in a module of its own so that the writer (and the drift check's fast path, which
only needs the writer) never imports the renderer, Jinja2 or the schema stack.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Rendered"]


@dataclass(frozen=True)
class Rendered:
    """One output file: the "generated from" header, and the body under it.

    They are kept apart because the header changes with the spec as a whole, while the
    body is what is formatted, and is formatted again only when it changes itself.
    """

    header: str
    body: str
