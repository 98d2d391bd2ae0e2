"""Interleaved A/B timing, medians, and fitting a power law to scale measurements.

The machine is shared and noisy, so no single number is trusted: every comparison runs its
cases in turn, round after round (the order rotates each round, so no case always runs
first, or always right after a given other one), and reports the median with the min and
max. A ratio is taken per round, between measurements made seconds apart, so a burst of
load from elsewhere moves both sides of it together.

Nothing here imports more than the standard library: the test suite imports this module.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Fit",
    "Spread",
    "batch_timer",
    "fit_power",
    "interleave",
    "loglog_slope",
    "paired_ratios",
    "seconds_text",
]


@dataclass(frozen=True)
class Spread:
    """A set of measurements, summarised as median, min and max."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            raise ValueError("no measurements")
        return cls(tuple(values))

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def lower_quartile(self) -> float:
        """The value a quarter of the measurements are at or below (within min and max)."""
        if len(self.values) == 1:
            return self.values[0]
        return statistics.quantiles(self.values, n=4, method="inclusive")[0]


def interleave(cases: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, Spread]:
    """Run each case once per round, rotating the order; each case returns what it measured.

    A case measures itself (and so leaves its own setup out of the number it returns).
    """
    names = list(cases)
    seen: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            seen[name].append(cases[name]())
    return {name: Spread.of(values) for name, values in seen.items()}


def paired_ratios(ours: Spread, base: Spread) -> Spread:
    """The ratio of each round's measurements: round i of ``ours`` over round i of ``base``."""
    if len(ours.values) != len(base.values):
        raise ValueError("paired ratios need the same number of rounds on both sides")
    return Spread.of([a / b for a, b in zip(ours.values, base.values, strict=True)])


def batch_timer(fn: Callable[[], object], budget: float = 0.25) -> Callable[[], float]:
    """A case that times ``fn`` in a batch of about ``budget`` seconds: seconds per call.

    The batch size is fixed once, from a first timed call, so every round times the same
    number of calls. As :mod:`timeit` does, the garbage collector is off while a batch runs.
    """
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    loops = max(1, min(100_000, int(budget / once)))

    def timed() -> float:
        was_enabled = gc.isenabled()
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(loops):
                fn()
            return (time.perf_counter() - start) / loops
        finally:
            if was_enabled:
                gc.enable()

    return timed


@dataclass(frozen=True)
class Fit:
    """``y = offset + scale * x ** exponent``, fitted by least squares."""

    offset: float
    scale: float
    exponent: float
    r_squared: float

    def __call__(self, x: float) -> float:
        return self.offset + self.scale * float(x**self.exponent)


def _linear(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Least squares ``y = c + a * x`` with ``c >= 0``, each point weighted by ``1 / y**2``
    (relative errors: a 2 s run counts as much as a 200 s one): (c, a, weighted error)."""
    ws = [1 / (y * y) for y in ys]
    sw = sum(ws)
    mx = sum(w * x for w, x in zip(ws, xs, strict=True)) / sw
    my = sum(w * y for w, y in zip(ws, ys, strict=True)) / sw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(ws, xs, strict=True))
    sxy = sum(w * (x - mx) * (y - my) for w, x, y in zip(ws, xs, ys, strict=True))
    a = sxy / sxx if sxx else 0.0
    c = my - a * mx
    if c < 0:  # a fixed cost is never negative: fit through the origin instead
        sxx0 = sum(w * x * x for w, x in zip(ws, xs, strict=True))
        a = sum(w * x * y for w, x, y in zip(ws, xs, ys, strict=True)) / sxx0 if sxx0 else 0.0
        c = 0.0
    sse = sum(w * (y - c - a * x) ** 2 for w, x, y in zip(ws, xs, ys, strict=True))
    return c, a, sse


def fit_power(xs: Sequence[float], ys: Sequence[float]) -> Fit:
    """Fit ``y = c + a * x**k`` (``c >= 0``, the fixed cost of a run) to positive data.

    A plain log-log slope would read the fixed cost of starting Python as sub-linear
    growth; with the offset in the model, ``k`` is the exponent of the part that grows.
    ``k`` is found by a grid search from 0.2 to 3.0 (steps of 0.002), ``c`` and ``a`` by
    least squares for each ``k``, on relative errors. ``r_squared`` is that of the fit on
    relative errors too.
    """
    if len(xs) != len(ys) or len(xs) < 3:
        raise ValueError("fit_power needs at least three (x, y) pairs")
    if min(xs) <= 0 or min(ys) <= 0:
        raise ValueError("fit_power needs positive x and y")
    best: tuple[float, float, float, float] | None = None
    for step in range(100, 1501):
        k = step / 500
        c, a, sse = _linear([x**k for x in xs], ys)
        if best is None or sse < best[3]:
            best = (c, a, k, sse)
    assert best is not None
    c, a, k, sse = best
    ws = [1 / (y * y) for y in ys]
    my = sum(w * y for w, y in zip(ws, ys, strict=True)) / sum(ws)
    sst = sum(w * (y - my) ** 2 for w, y in zip(ws, ys, strict=True))
    return Fit(c, a, k, 1 - sse / sst if sst else 1.0)


def loglog_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of ``log y`` against ``log x``."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    sxx = sum((x - mx) ** 2 for x in lx)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / sxx


def seconds_text(seconds: float) -> str:
    """A duration in the unit that suits it: ``2.48 s``, ``135 ms``, ``4,092 µs``."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.01:
        return f"{seconds * 1e3:,.0f} ms"
    return f"{seconds * 1e6:,.0f} µs"
