"""The scale plot: time and peak memory against spec bytes and schema count (log-log)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bench.scale import BUDGET_MB, BUDGET_SECONDS, Point, fits

__all__ = ["plot_scale"]

_COLOURS = {"corpus": "tab:blue", "corpus-peer": "tab:orange", "synthetic": "tab:green"}


def _plain(value: float, _: object) -> str:
    """Tick labels as plain numbers: 0.5, 20, 3,000, 2M."""
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


def plot_scale(points: Sequence[Point], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    ok = [p for p in points if p.ok and p.schemas > 0]
    found = fits(points)
    fig, axes = plt.subplots(2, 2, figsize=(12, 9), dpi=110)
    panels = [
        (
            axes[0][0],
            "size",
            "seconds",
            "time~bytes",
            "spec size (bytes)",
            "generation CPU time (s)",
        ),
        (
            axes[0][1],
            "schemas",
            "seconds",
            "time~schemas",
            "schema objects",
            "generation CPU time (s)",
        ),
        (axes[1][0], "size", "memory_mb", "memory~bytes", "spec size (bytes)", "peak memory (MiB)"),
        (axes[1][1], "schemas", "memory_mb", None, "schema objects", "peak memory (MiB)"),
    ]
    for ax, xk, yk, fit_key, xlabel, ylabel in panels:
        for group, colour in _COLOURS.items():
            xs = [getattr(p, xk) for p in ok if p.group == group]
            ys = [getattr(p, yk) for p in ok if p.group == group]
            if xs:
                ax.scatter(xs, ys, s=18, color=colour, label=group, alpha=0.8)
        keys = [(fit_key, "black", "every spec")] if fit_key else []
        if fit_key == "time~bytes":
            keys.append(("time~bytes (synthetic)", "tab:green", "synthetic"))
        for key, colour, which in keys:
            fit = found.get(key)
            if fit is None:
                continue
            lo, hi = min(getattr(p, xk) for p in ok), max(getattr(p, xk) for p in ok)
            grid = [lo * (hi / lo) ** (i / 99) for i in range(100)]
            label = f"fit, {which}: {fit.offset:.2g} + a·x^{fit.exponent:.2f}"
            ax.plot(grid, [fit(x) for x in grid], color=colour, linewidth=1, label=label)
        budget = BUDGET_SECONDS if yk == "seconds" else BUDGET_MB
        ax.axhline(
            budget,
            color="red",
            linestyle="--",
            linewidth=0.8,
            label=f"issue 11 budget ({budget:g} {'s wall' if yk == 'seconds' else 'MiB'})",
        )
        ax.set_xscale("log")
        ax.set_yscale("log")
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(ticker.FuncFormatter(_plain))
            axis.set_minor_formatter(ticker.NullFormatter())
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", linewidth=0.3)
        ax.legend(fontsize=8, loc="upper left")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
