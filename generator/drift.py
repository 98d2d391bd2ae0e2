"""The drift report of ``--check``: a summary a person reads first, then the diffs.

The summary lists every file that would change with its count of added and removed lines.
The diffs follow smallest first, so a one-line change is not buried under a rewritten
module, and each is cut after a few dozen lines unless the full diff is asked for.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from generator.outdir import shown
from generator.write import Change

__all__ = ["DIFF_LINES", "drift_report"]

#: Lines of each diff shown before "… N more lines" (``--full-diff`` shows all).
DIFF_LINES = 40

_NOTES = {
    "edited": "edited by hand: regenerating needs --force",
    "edited, no longer generated": "edited by hand, no longer generated: needs --force",
}


@dataclass(frozen=True)
class _FileDiff:
    change: Change
    lines: list[str]
    added: int
    removed: int


def _decode(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", "replace").splitlines(keepends=True)


def _diff(change: Change) -> _FileDiff:
    path = shown(change.path)
    lines = [
        line if line.endswith("\n") else line + "\n"
        for line in difflib.unified_diff(
            _decode(change.old),
            _decode(change.new),
            fromfile="/dev/null" if change.old is None else f"a/{path}",
            tofile="/dev/null" if change.new is None else f"b/{path}",
            n=2,
        )
    ]
    body = [line for line in lines[2:] if not line.startswith("@@")]
    added = sum(line.startswith("+") for line in body)
    removed = sum(line.startswith("-") for line in body)
    return _FileDiff(change, lines, added, removed)


def drift_report(out: str, changes: Sequence[Change], *, full: bool = False) -> str:
    """The text ``--check`` prints when ``changes`` is not empty."""
    diffs = [_diff(change) for change in changes]
    total_added = sum(d.added for d in diffs)
    total_removed = sum(d.removed for d in diffs)
    count = f"{len(diffs)} file{'s' if len(diffs) != 1 else ''}"
    parts = [f"{out}: {count} would change (+{total_added} -{total_removed}):\n"]
    for d in sorted(diffs, key=lambda d: d.change.path):
        note = _NOTES.get(d.change.kind)
        kind = "edited" if note else d.change.kind
        suffix = f"  ({note})" if note else ""
        parts.append(f"  {kind:<7}  {shown(d.change.path)}  +{d.added} -{d.removed}{suffix}\n")
    for d in sorted(diffs, key=lambda d: (len(d.lines), d.change.path)):
        parts.append("\n")
        shown_lines = d.lines if full else d.lines[:DIFF_LINES]
        parts.extend(shown_lines)
        if len(d.lines) > len(shown_lines):
            more = len(d.lines) - len(shown_lines)
            parts.append(f"… {more} more lines (--full-diff shows all)\n")
    return "".join(parts)
