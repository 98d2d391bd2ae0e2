"""Spec text made safe for generated Markdown (``api.md``, ``README.md``).

Spec descriptions are untrusted, and Markdown is code of a kind: raw HTML, a code fence
left open or a ``# heading`` in a description would change the document around it, and a
fenced ``python`` block would even be run by the contract tests, which execute every example
the docs publish. So descriptions keep their Markdown (paragraphs, lists, emphasis, links,
code) but:

- raw HTML is shown as text (``<`` becomes ``&lt;``), outside code spans and code blocks;
  only autolinks to ``http(s)``/``mailto`` stay links;
- links whose target has another scheme (``javascript:``...) are shown as text;
- headings are moved below the level of the section they appear in, and a line that would
  turn the paragraph above it into a heading (``===``/``---``) starts a paragraph instead;
- every fenced code block is closed where its text ends, fenced with a fence longer than
  any backtick run inside it, and one labelled as Python is relabelled ``text``;
- control characters and bidirectional overrides are dropped.

:func:`fence` writes the generator's own code blocks the same way, and :func:`code_blocks`
reads them back (the tests use it): only fences at the start of a line count, as CommonMark
has it.
"""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "CodeBlock",
    "block",
    "cell",
    "code",
    "code_blocks",
    "fence",
    "inline",
    "item",
    "link_text",
]

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_AUTOLINK = re.compile(r"<(?:https?://[^\s<>]*|mailto:[^\s<>]+)>", re.IGNORECASE)
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
_REFERENCE = re.compile(r"^( {0,3})\[([^\]]*)\]:\s*<?([^\s>]*)")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_RUNNABLE = frozenset({"python", "py", "python3", "py3", "pycon"})
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _clean(text: object) -> str:
    """Newlines normalised; control characters (but tab and newline) and bidi overrides gone."""
    raw = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    raw = raw.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return "".join(
        c for c in raw if c in "\n\t" or (unicodedata.category(c) != "Cc" and c not in _BIDI)
    )


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(r) for r in runs), default=0)


def fence(code: str, info: str = "") -> str:
    """A fenced code block that nothing inside ``code`` can close."""
    ticks = "`" * max(3, _longest_run(code, "`") + 1)
    return f"{ticks}{info}\n{code.rstrip()}\n{ticks}"


def _unsafe_target(destination: str) -> bool:
    """Whether a link target names a scheme other than http(s)/mailto (entities decoded)."""
    target = html.unescape(destination).strip()
    scheme = re.match(r"([^/?#]*?):", target)
    return scheme is not None and scheme.group(1).strip().lower() not in _SAFE_SCHEMES


def _escape_text(segment: str) -> str:
    """Text outside code spans: raw HTML shown as text, unsafe link targets unlinked."""
    parts: list[str] = []
    last = 0
    for link in _AUTOLINK.finditer(segment):
        parts.append(segment[last : link.start()].replace("<", "&lt;"))
        parts.append(link.group(0))
        last = link.end()
    parts.append(segment[last:].replace("<", "&lt;"))
    escaped = "".join(parts)
    return _LINK_TARGET.sub(
        lambda m: "]\\(" + m.group(0)[2:] if _unsafe_target(m.group(1)) else m.group(0), escaped
    )


def _escape_line(line: str) -> str:
    """One line of text: code spans kept as written, the rest escaped."""
    out: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(line):
        out.append(_escape_text(line[last : span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(_escape_text(line[last:]))
    escaped = "".join(out)
    reference = _REFERENCE.match(escaped)
    if reference and _unsafe_target(reference.group(3)):
        escaped = reference.group(1) + "\\" + escaped[len(reference.group(1)) :]
    return escaped


def _info(raw: str) -> str:
    """A fence's language, reduced to one harmless word; Python becomes ``text``."""
    words = raw.strip().split()
    word = re.sub(r"[^A-Za-z0-9_+#.-]", "", words[0]) if words else ""
    return "text" if word.lower() in _RUNNABLE else word


def _opening_fence(line: str) -> re.Match[str] | None:
    """The match of a line that opens a fenced code block (a backtick fence's info string
    holds no backtick), else ``None``."""
    opening = _FENCE.match(line)
    if opening and not (opening.group(2)[0] == "`" and "`" in opening.group(3)):
        return opening
    return None


def _fenced_body(lines: list[str], start: int, marker: str) -> tuple[list[str], int]:
    """The lines of the block whose opening fence (``marker``) is at ``start``, and the index
    past its closing fence: one of the same character, at least as long, with nothing after
    it (or the end of the document)."""
    body: list[str] = []
    i = start + 1
    while i < len(lines):
        closing = _FENCE.match(lines[i])
        if (
            closing
            and closing.group(2)[0] == marker[0]
            and len(closing.group(2)) >= len(marker)
            and not closing.group(3).strip()
        ):
            break
        body.append(lines[i])
        i += 1
    return body, i + 1


def block(text: object, *, level: int = 0) -> str:
    """Spec Markdown as a block of the generated document, under a heading of ``level``."""
    lines = textwrap.dedent(_clean(text).expandtabs(4)).strip("\n").split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opening = _opening_fence(line)
        if opening:
            body, i = _fenced_body(lines, i, opening.group(2))
            body = [_unindent(ln, len(opening.group(1))) for ln in body]
            ticks = "`" * max(3, _longest_run("\n".join(body), "`") + 1)
            out += [f"{ticks}{_info(opening.group(3))}", *body, ticks]  # at column 0 (see item)
            continue
        heading = _HEADING.match(line)
        if heading:
            hashes = "#" * min(6, len(heading.group(2)) + level)
            line = heading.group(1) + hashes + line[heading.end() :]
        elif _SETEXT.match(line) and out and out[-1].strip():
            out.append("")
        out.append(_escape_line(line))
        i += 1
    return "\n".join(out).strip("\n")


def item(text: object, *, level: int = 0) -> str:
    """Spec Markdown that continues a list item (after ``- name: ...``).

    One line stays on the item's line; more become paragraphs indented under the item.
    Fences :func:`block` writes start at column 0, so indented by two they still start
    within three columns, where every reader of CommonMark sees a fence.
    """
    shown = block(text, level=level)
    if not shown:
        return ""
    lines = shown.split("\n")
    if len(lines) == 1:
        return " " + lines[0]
    return "\n\n" + "\n".join("  " + ln if ln else "" for ln in lines)


def _unindent(line: str, width: int) -> str:
    """A fenced line less up to ``width`` leading spaces (the fence's own indentation)."""
    stripped = line.lstrip(" ")
    return line[min(width, len(line) - len(stripped)) :]


def inline(text: object) -> str:
    """Spec text on one line (a list item, a heading): the same escaping, whitespace folded."""
    return _escape_line(" ".join(_clean(text).split()))


def link_text(text: object) -> str:
    """Spec text as the text of a link the generator writes: brackets cannot end it."""
    return inline(text).replace("[", "\\[").replace("]", "\\]")


def cell(text: object) -> str:
    """Spec text in a table cell: one line, and ``|`` cannot end the cell."""
    return inline(text).replace("|", "\\|")


@dataclass(frozen=True)
class CodeBlock:
    info: str  # the language word of the fence ("" when none)
    code: str
    line: int  # 1-based line of the opening fence


def code_blocks(markdown: str) -> Iterator[CodeBlock]:
    """Every fenced code block at the top level of a document, as CommonMark finds them."""
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        opening = _opening_fence(lines[i])
        if not opening:
            i += 1
            continue
        start = i
        body, i = _fenced_body(lines, i, opening.group(2))
        words = opening.group(3).split()
        yield CodeBlock(words[0] if words else "", "\n".join(body), start + 1)


def code(text: object) -> str:
    """Any text as an inline code span that nothing inside it can end."""
    flat = " ".join(_clean(text).split())
    ticks = "`" * (_longest_run(flat, "`") + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"
