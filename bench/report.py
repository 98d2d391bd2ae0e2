"""The table of results: one row per comparison, printed and written to ``RESULTS.md``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.stats import Spread, paired_ratios, seconds_text

__all__ = ["Row", "markdown_table", "ratio_row", "spread_text", "text_table"]


@dataclass(frozen=True)
class Row:
    """One comparison: our number, the baseline's, their ratio, and the target."""

    case: str
    ours: str
    base: str
    ratio: Spread | None
    target: str
    met: bool | None
    note: str = ""
    floor: str = ""
    """The least the same work took here, the fastest way the bench has of doing it, as text."""
    reachable: bool | None = None
    """Whether that floor leaves the target in reach: a missed target is out of reach if not."""

    @property
    def verdict(self) -> str:
        if self.met is None:
            return "-"
        if self.met:
            return "met"
        word = "out of reach" if self.reachable is False else "NOT met"
        return f"{word} (floor {self.floor})" if self.floor else word

    @property
    def ratio_text(self) -> str:
        if self.ratio is None:
            return "-"
        r = self.ratio
        return f"{r.median:.2f}× ({r.low:.2f}–{r.high:.2f})"


def spread_text(spread: Spread, unit: Callable[[float], str] = seconds_text) -> str:
    """``median (min–max)``."""
    return f"{unit(spread.median)} ({unit(spread.low)}–{unit(spread.high)})"


def ratio_row(
    case: str,
    ours: Spread,
    base: Spread,
    base_label: str,
    limit: float | None,
    note: str = "",
    floor: Spread | None = None,
) -> Row:
    """A row whose ratio is taken round by round; ``limit`` is the target (ratio <= limit).

    ``floor`` is the fastest the bench can do the same work (timed in the same rounds as
    ``ours`` and ``base``): when the target is missed, it says whether the target is out of
    reach (the floor missed it too, in more than three rounds out of four) or only not
    reached. The row shows the floor's median ratio.
    """
    ratio = paired_ratios(ours, base)
    met = None if limit is None else ratio.median <= limit
    target = "-" if limit is None else f"≤ {limit:.2f}×"
    least = None if floor is None else paired_ratios(floor, base)
    return Row(
        case,
        spread_text(ours),
        f"{base_label} {spread_text(base)}",
        ratio,
        target,
        met,
        note,
        "" if least is None else f"{least.median:.2f}×",
        None if least is None or limit is None else least.lower_quartile <= limit,
    )


_HEAD = ("case", "A: median (min–max)", "B: median (min–max)", "A/B", "target", "")


def _cells(row: Row) -> tuple[str, ...]:
    return (row.case, row.ours, row.base, row.ratio_text, row.target, row.verdict)


def text_table(rows: Sequence[Row]) -> str:
    """The table for a terminal: fixed-width columns, notes below it, numbered."""
    cells = [_HEAD] + [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(_HEAD))]
    lines = []
    for n, line in enumerate(cells):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"  [{row.case}] {row.note}" for row in rows if row.note]
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table(rows: Sequence[Row]) -> str:
    lines = [
        "| " + " | ".join(_HEAD[:-1]) + " | met? |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_md(c) for c in _cells(row)) + " |")
    notes = [f"- **{_md(row.case)}**: {row.note}" for row in rows if row.note]
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"
