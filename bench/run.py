"""``python -m bench``: measure, print one table, write ``bench/RESULTS.md`` and the plot.

    python -m bench                 # everything: six rows, peers, memory, import, scale
    python -m bench --quick         # the six rows of issue 13 only; prints, writes nothing
    python -m bench --rounds 9      # rounds per comparison (at least 7)

``make bench`` (``BENCH=quick`` for the quick one) runs it from the bench's own virtualenv,
which adds openapi-python-client, pydantic and matplotlib (``bench/requirements.lock``) to
the project's own pins. Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from bench.report import Row, text_table
from bench.scale import Point
from bench.workload import ROOT, write_bytecode

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
PLOT = HERE / "scale.png"
MIN_ROUNDS = 7


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class _LoadWatch(threading.Thread):
    """Samples the 1-minute load average every 15 s while the bench runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = [os.getloadavg()[0]]
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(15):
            self.samples.append(os.getloadavg()[0])

    def text(self) -> str:
        s = self.samples
        return (
            f"1-minute load average over the run: median {statistics.median(s):.2f}, "
            f"min {min(s):.2f}, max {max(s):.2f} ({len(s)} samples, {os.cpu_count()} cores)"
        )


def _git(*args: str) -> str:
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip()


def _versions() -> str:
    names = ("black", "httpx", "openapi-python-client", "pydantic", "openapi-spec-validator")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return f"Python {platform.python_version()}, " + ", ".join(found)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


T = TypeVar("T")


def _step(title: str, fn: Callable[[], T]) -> T:
    _log(f"== {title}")
    start = time.perf_counter()
    result = fn()
    _log(f"   ({time.perf_counter() - start:.0f} s)")
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="the six rows only; write nothing")
    parser.add_argument("--rounds", type=int, default=9, help="rounds per comparison (>= 7)")
    parser.add_argument("--micro-rounds", type=int, default=21, help="rounds, in-process cases")
    parser.add_argument("--max-copies", type=int, default=64, help="largest synthetic spec (x)")
    parser.add_argument(
        "--large-spec",
        type=Path,
        action="append",
        default=[],
        help="also generate this spec (e.g. OpenAI's, issue 11's), with its floor; repeatable",
    )
    return parser


def _table(work: Path, quick: bool, rounds: int, micro: int) -> tuple[list[Row], list[str]]:
    """The six rows of issue 13, with the peers measured beside them unless ``quick``."""
    from bench.generation import generation_rows
    from bench.http_case import get_rows
    from bench.parsing import parse_rows

    gen = _step(
        "generation: --check, one-word change, from scratch; OPC",
        lambda: generation_rows(work, rounds, _log),
    )
    parse = _step(
        "from_dict / to_dict of the shipment page",
        lambda: parse_rows(micro, gen.opc_package, peers=not quick),
    )
    get = _step("GET through the client vs bare httpx", lambda: get_rows(micro))
    rows = gen.rows + parse.rows[:2] + get + parse.rows[2:]
    return rows, gen.details + parse.details


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    write_bytecode()
    rounds, micro = max(MIN_ROUNDS, args.rounds), max(MIN_ROUNDS, args.micro_rounds)
    watch = _LoadWatch()
    watch.start()
    started = datetime.datetime.now(datetime.timezone.utc)
    points: list[Point] = []
    profile: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        rows, details = _table(work, args.quick, rounds, micro)
        if not args.quick:
            from bench.imports import import_rows
            from bench.memory import memory_rows
            from bench.profile import profile_from_dict, profile_scratch
            from bench.scale import measure_scale, scale_rows

            rows += _step("import time", lambda: import_rows(micro, work))
            rows += _step("memory: 100,000 shipments, sync and async", memory_rows)
            points = _step(
                "scale", lambda: measure_scale(work, args.max_copies, _log, args.large_spec)
            )
            scale_table, scale_details = scale_rows(points)
            rows += scale_table
            details += scale_details
            profile = _step("profiles", lambda: profile_scratch() + [""] + profile_from_dict())
    watch.done.set()
    print()
    print(text_table(rows))
    print(watch.text())
    if args.quick:
        return 0
    from bench.plot import plot_scale
    from bench.results import write_results

    commit = _git("rev-parse", "--short", "HEAD")
    title = f"generation from scratch vs spec size ({started:%Y-%m-%d}, commit {commit})"
    plot_scale(points, PLOT, title)
    head = _head(started, watch.text(), rounds, micro)
    write_results(RESULTS, head, rows, details, points, profile, PLOT.name)
    _log(f"wrote {RESULTS.relative_to(ROOT)} and {PLOT.relative_to(ROOT)}")
    return 0


def _head(started: datetime.datetime, load: str, rounds: int, micro: int) -> list[str]:
    changed = _git("status", "--porcelain", "--", "generator", "templates", "generated")
    dirty = " with uncommitted changes to the generator or client" if changed else ""
    return [
        f"Measured by `make bench` on {started:%Y-%m-%d %H:%M} UTC at commit "
        f"`{_git('rev-parse', '--short', 'HEAD')}`{dirty}.",
        f"Machine: {os.cpu_count()} cores ({_cpu()}), shared with other work; {load}.",
        f"Software: {_versions()}.",
        f"Method: the cases of each comparison run in turn, round after round, the order "
        f"rotating each round; commands {rounds} rounds, in-process cases {micro} rounds "
        "(each a batch of calls lasting about 0.25 s, garbage collector off as in `timeit`). "
        "Each cell is the median, with min–max in parentheses; A/B is taken per round, so a "
        "burst of load from elsewhere moves both sides of a ratio together. Child processes "
        "cache byte-code (as an installed package does), whatever `PYTHONDONTWRITEBYTECODE` "
        "says.",
    ]
