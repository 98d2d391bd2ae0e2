"""``bench/RESULTS.md``: the table, how it was measured, the scale data and the profiles."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bench.report import Row, markdown_table
from bench.scale import Point

__all__ = ["write_results"]


def _scale_table(points: Sequence[Point]) -> list[str]:
    lines = [
        "| spec | group | KB | schemas | exit | CPU s | wall s | peak MiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for p in sorted(points, key=lambda p: (p.group, p.size)):
        lines.append(
            f"| `{p.name}` | {p.group} | {p.size / 1e3:,.1f} | {p.schemas:,} | "
            f"{p.status} | {p.seconds:.2f} | {p.wall_seconds:.2f} | {p.memory_mb:.0f} |"
        )
    return lines


def write_results(
    path: Path,
    head: Sequence[str],
    rows: Sequence[Row],
    details: Sequence[str],
    points: Sequence[Point],
    profile: Sequence[str],
    plot_name: str,
) -> None:
    parts = ["# Benchmark results", "", *head, "", "## The table", "", markdown_table(rows)]
    parts += ["## Details", ""] + [f"- {line}" for line in details] + [""]
    if points:
        parts += ["## Scale", "", f"![generation time and memory vs spec size]({plot_name})", ""]
        parts += _scale_table(points) + [""]
    if profile:
        parts += ["## Where the time goes", "", "```", *profile, "```", ""]
    path.write_text("\n".join(parts), encoding="utf-8")
