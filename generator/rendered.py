"""What rendering hands to writing: one output file's text, split into header and body.

It lives in a module of its own so that the writer (and the drift check's fast path, which
only needs the writer) never imports the renderer, Jinja2 or the schema stack.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Rendered"]


@dataclass(frozen=True)
class Rendered:
    """One output file: the "generated, do not edit" header, and the body under it.

    The header is constant text (no spec text, so nothing to escape) and is added after
    formatting: black only ever sees the body, and the manifest's hash of the body alone
    decides whether the file needs formatting again.
    """

    header: str
    body: str
    verbatim: bool = False  # already formatted source (the runtime): never through black
