"""Spec text made safe for generated source: docstrings and comments.

Spec descriptions are untrusted. They only ever reach generated code through
:func:`docstring`, which escapes everything that could end the string literal early.
"""

from __future__ import annotations

import re
import textwrap

__all__ = ["docstring", "one_line"]

_WIDTH = 88
_LIST_ITEM = re.compile(r"\s*([-*]|\d+\.)\s")  # a Markdown list item keeps its own line


def one_line(text: object) -> str:
    return " ".join(str(text or "").split())


def docstring(*paragraphs: object, indent: int = 4) -> str:
    """Join paragraphs into the body of a docstring, wrapped and escaped.

    Returns the text between the quotes, without them. Backslashes, quotes and control
    characters are escaped, so the result is always a valid, inert string literal body.
    """
    blocks: list[str] = []
    width = max(40, _WIDTH - indent)
    for paragraph in paragraphs:
        text = str(paragraph or "").strip()
        if not text:
            continue
        for block in re.split(r"\n\s*\n", text):
            lines = [ln.rstrip() for ln in block.splitlines() if ln.strip()]
            if not lines:
                continue
            if any(_LIST_ITEM.match(ln) for ln in lines):
                wrapped = [
                    textwrap.fill(
                        ln.strip(),
                        width,
                        break_long_words=False,
                        break_on_hyphens=False,
                        subsequent_indent="  " if _LIST_ITEM.match(ln) else "",
                    )
                    for ln in lines
                ]
                blocks.append("\n".join(wrapped))
            else:
                blocks.append(
                    textwrap.fill(
                        " ".join(ln.strip() for ln in lines),
                        width,
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                )
    body = "\n\n".join(blocks)
    body = body.replace("\\", "\\\\").replace('"', '\\"')
    if not body.replace("\n", "").isprintable():  # checked whole first: the usual case is fast
        body = "".join(c if c == "\n" or c.isprintable() else _escaped(c) for c in body)
    pad = " " * indent
    return "\n".join(pad + ln if ln else "" for ln in body.split("\n")).lstrip()


def _escaped(char: str) -> str:
    """A character that must not appear as itself in a string literal, as its escape."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
