"""Spec text made safe for generated TOML (``pyproject.toml``).

``json.dumps`` is not a TOML encoder: it writes characters outside the Basic Multilingual
Plane as surrogate pairs (``\\ud83d\\ude00``), which TOML rejects. :func:`toml_string` writes
a TOML basic string for any text instead.
"""

from __future__ import annotations

__all__ = ["toml_string"]

_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: object) -> str:
    """A double-quoted TOML string holding ``str(value)``; always valid TOML.

    Visible characters are kept as they are; anything invisible or that TOML forbids
    (control characters, line and paragraph separators, format characters) is escaped with
    its code point. A lone surrogate (possible in JSON text, or in a file name that is not
    UTF-8) is not a character TOML can hold, so it becomes U+FFFD, the replacement character.
    """
    parts = ['"']
    for char in str(value):
        code = ord(char)
        if char in _SHORT:
            parts.append(_SHORT[char])
        elif 0xD800 <= code <= 0xDFFF:
            parts.append("\\uFFFD")
        elif char.isprintable():
            parts.append(char)
        elif code <= 0xFFFF:
            parts.append(f"\\u{code:04X}")
        else:
            parts.append(f"\\U{code:08X}")
    parts.append('"')
    return "".join(parts)
